"""The one candidate record and the cheap checks every candidate source shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from keywords.namebook import BUSINESS_SUFFIXES, CANDIDATE_GENERIC, LEGAL_SUFFIXES, PLACE_SUFFIXES

NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9*&·]+")
"""Characters a name may hold (*ST本实B, e租宝, 万科A)."""
MAX_CHARS = 30
STOCK_RE = re.compile(r"[(（](?:\d{6}|\d{4,5}\.?HK|[A-Z]{1,5})[)）]")
"""A stock code after a listed company's short name: 宝光股份(600379), 腾讯(00700.HK)."""
GENERIC = CANDIDATE_GENERIC
_REGION_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9]+[(（][\u4e00-\u9fff]{2,3}[)）][\u4e00-\u9fffA-Za-z]+"
)
_NUMBERISH = re.compile(r"[\d.]+[%a-zA-Z]?|\d+年|\d+月|\d+日")


@dataclass(slots=True)
class Candidate:
    """One candidate name: where it occurs in the text and which sources proposed it.

    Sources name how it was found (``suffix:legal``, ``cue``, ``quote``, ``mention0`` ...
    for the scans, ``found:<pattern>`` for a name whose left edge the segmenter chose);
    ``spans`` are its occurrences, in text order.
    """

    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)

    @property
    def start(self) -> int:
        """Where its first occurrence starts."""
        return self.spans[0][0]

    @property
    def end(self) -> int:
        """Where its first occurrence ends."""
        return self.spans[0][1]


def suffix_kind(name: str) -> str:
    """``legal``, ``business`` or ``""``: the kind of enterprise suffix ``name`` ends in."""
    if name.endswith(LEGAL_SUFFIXES):
        return "legal"
    if name.endswith(BUSINESS_SUFFIXES):
        return "business"
    return ""


def plausible_name(name: str) -> bool:
    """Cheap filter: 2..30 name characters, not a number, not a generic word."""
    return (
        2 <= len(name) <= MAX_CHARS
        and (NAME_CHARS.fullmatch(name) is not None or _REGION_NAME.fullmatch(name) is not None)
        and not name.isdigit()
        and not _NUMBERISH.fullmatch(name)
        and name not in GENERIC
    )


def short_forms(name: str) -> set[str]:
    """A long name's short forms: without its legal suffix, without its place prefix, or
    both (empty for names under five characters)."""
    if len(name) < 5:
        return set()
    forms = {name}
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.add(name[: -len(suffix)])
            break
    for form in list(forms):
        for place in PLACE_SUFFIXES:
            cut = form.find(place)
            if 2 <= cut <= 4 and len(form) - cut - len(place) >= 2:
                forms.add(form[cut + len(place) :])
                break
    return forms - {name}
