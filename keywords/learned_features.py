"""Features for the learned re-ranker: named rule features and entity contexts.

Plain functions of an analysed document: no model, no I/O.  The named features
are hashed by the model (``keywords.learned``), so a saved model holds numbers
only, never text from its training data.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from keywords.context import sentence_at

if TYPE_CHECKING:
    from keywords.analyzer import AnalysisResult
    from tianluo.models import Evidence


class RulesView(Protocol):
    """What the document features read: an ``AnalysisResult`` or a pipeline ``Verdict``."""

    @property
    def score(self) -> float: ...
    @property
    def risk(self) -> bool: ...
    @property
    def yield_flag(self) -> bool: ...
    @property
    def components(self) -> Mapping[str, float]: ...
    @property
    def evidence(self) -> Sequence[Evidence]: ...


ENTITY_MARK = "Ｅ"
"""Stands for the entity being judged in its context windows."""
OTHER_MARK = "Ｏ"
"""Stands for any other candidate entity in those windows."""
WINDOW = 20
"""Characters on each side of a mention that make its context."""
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def doc_features(result: RulesView) -> dict[str, float]:
    """Named features of the rules' verdict: categories, terms, rule kinds, cancellations
    and damping by context kind, title evidence, components.

    Taken before enterprises are linked (the analyzer calls the re-ranker then), so
    nothing here depends on ``result.mentions``.  Categories, rule kinds and context
    kinds carry most of the weight, so a new term of a known category counts as that
    category at once.
    """
    named: dict[str, float] = {
        "rules:score": result.score / 100.0,
        "rules:risk": 1.0 if result.risk else 0.0,
        "rules:yield_flag": 1.0 if result.yield_flag else 0.0,
    }
    for key, value in result.components.items():
        if key not in ("reach", "reranker"):
            named[f"component:{key}"] = math.log1p(max(0.0, value))
    for ev in result.evidence:
        if ev.cancelled_by:
            reason = "cancelled:" + ev.cancelled_by.split(":")[0]
            named[reason] = named.get(reason, 0.0) + 1.0
            named[f"cancelled_cat:{ev.category}"] = 1.0
            continue
        if ev.damped_by:
            named[f"damped:{ev.category}"] = 1.0
            named["damped_by:" + ev.damped_by.split(":")[0]] = 1.0
        if ev.in_title:
            named[f"title_cat:{ev.category}"] = 1.0
        named["live"] = named.get("live", 0.0) + 0.25
        named[f"cat:{ev.category}"] = named.get(f"cat:{ev.category}", 0.0) + 0.5
        named[f"term:{ev.term}"] = 1.0
        named[f"rule:{ev.label}"] = 1.0
    return named


@dataclass(frozen=True, slots=True)
class EntityView:
    """What the entity model sees of one candidate: named features and context text."""

    name: str
    named: dict[str, float]
    context: str


def _occurrences(text: str, name: str) -> list[int]:
    out: list[int] = []
    start = text.find(name)
    while start >= 0 and name:
        out.append(start)
        start = text.find(name, start + len(name))
    return out


def _nearest_gap(hits: Sequence[int], starts: Sequence[int]) -> int:
    """The least ``abs(h - s)`` over ``hits`` (sorted, not empty) and ``starts``."""
    best = -1
    for s in starts:
        i = bisect_left(hits, s)  # hits[i - 1] < s <= hits[i]: the nearest is one of the two
        for h in hits[max(0, i - 1) : i + 1]:
            if best < 0 or abs(h - s) < best:
                best = abs(h - s)
    return best


def _hits_within(hits: Sequence[int], at: int, reach: int) -> int:
    """How many of ``hits`` (sorted) lie within ``reach`` of ``at``."""
    return bisect_right(hits, at + reach) - bisect_left(hits, at - reach)


def _masked(text: str, lo: int, hi: int, name: str, longest_first: Sequence[str]) -> str:
    """``text[lo:hi]`` with every other name (``longest_first``) as ``OTHER_MARK`` and ``name``
    as ``ENTITY_MARK``."""
    piece = text[lo:hi]
    for other in longest_first:
        if other and other != name and name not in other:
            piece = piece.replace(other, OTHER_MARK)
    return piece.replace(name, ENTITY_MARK)


_QUOTE_BEFORE = ("据", "来源：", "来源:", "转自", "来自", "记者")
"""Words just before a mention that make it a news source rather than the subject."""


def _letter(char: str) -> bool:
    """An ASCII letter or digit (a name glued to one is part of a longer word, e.g. TP in TPS)."""
    return char.isascii() and char.isalnum()


def _mention_marks(
    full: str, name: str, starts: Sequence[int], count: int, most: int
) -> dict[str, float]:
    """How the mentions at ``starts`` sit in ``full``: share of the most frequent entity's
    count, and the share of mentions that are an @handle, a #hashtag, a 《book title》,
    a quoted source (据X报道) or glued to ASCII letters."""
    if not starts:
        return {}
    total = float(len(starts))
    marks: dict[str, float] = {
        "count_share": count / most if most else 0.0,
        "most_frequent": 1.0 if count and count == most else 0.0,
    }
    at = hashtag = book = source = glued = 0
    for s in starts:
        before = full[max(0, s - 4) : s]
        after = full[s + len(name) : s + len(name) + 1]
        at += before.endswith("@")
        hashtag += before.endswith("#")
        book += before.endswith("《")
        source += before.rstrip().endswith(_QUOTE_BEFORE)
        glued += (_letter(name[-1:]) and _letter(after)) or (
            _letter(name[:1]) and _letter(before[-1:])
        )
    for key, value in (
        ("at_handle", at),
        ("hashtag", hashtag),
        ("book_title", book),
        ("quoted_source", source),
        ("glued_ascii", glued),
    ):
        if value:
            marks[key] = value / total
    return marks


def entity_views(
    text: str, title: str, names: Sequence[str], result: AnalysisResult
) -> list[EntityView]:
    """One view per distinct name in ``names`` (in order), judged against ``text`` and ``title``.

    Uses the rules' score, evidence and mention scores, never ``risk`` flags, which
    the re-ranker may have changed.
    """
    full = f"{title}\n{text}" if title else text
    distinct = list(dict.fromkeys(n for n in names if n and n.strip()))
    hits = sorted(
        ev.start + (len(title) + 1 if title and ev.label != "title" else 0)
        for ev in result.evidence
        if not ev.cancelled_by
    )
    by_name = {m.name: (rank, m) for rank, m in enumerate(result.mentions)}
    top = max((m.score for m in result.mentions), default=0.0)
    occurs = {n: _occurrences(full, n) for n in distinct}
    firsts = {n: (occurs[n] or [len(full) + 1])[0] for n in distinct}
    order = {n: i for i, n in enumerate(sorted(distinct, key=lambda n: firsts[n]))}
    size = max(1, len(full))
    counts = {n: len(occurs[n]) for n in distinct}
    most = max(counts.values(), default=0)
    longest_first = sorted(distinct, key=len, reverse=True)
    ends: list[int] | None = None
    views: list[EntityView] = []
    for name in distinct:
        found = occurs[name]
        longer = [o for o in distinct if o != name and name in o]
        shorter = [o for o in distinct if o != name and o in name]
        longer_hits = [s for o in longer for s in occurs[o]]
        own = [
            s for s in found if not any(ls <= s < ls + len(o) for o in longer for ls in occurs[o])
        ]
        named: dict[str, float] = {
            "bias": 1.0,
            "n_entities": math.log1p(len(distinct)),
            "len": min(len(name), 20) / 10.0,
            "count": math.log1p(len(found)),
            "own_count": math.log1p(len(own)),
            "absent": 1.0 if not found else 0.0,
            "in_title": 1.0 if title and name in title else 0.0,
            "contained_in_other": 1.0 if longer else 0.0,
            "contained_in_present": 1.0 if longer_hits else 0.0,
            "contains_other": 1.0 if shorter else 0.0,
            "only_inside_longer": 1.0 if found and not own else 0.0,
            "first_pos": firsts[name] / size if found else 1.0,
            "first_rank": min(order[name], 5) / 5.0,
            "is_first": 1.0 if order[name] == 0 else 0.0,
            "doc_score": result.score / 100.0,
            f"suffix1:{name[-1:]}": 1.0,
            f"suffix2:{name[-2:]}": 1.0,
            f"prefix1:{name[:1]}": 1.0,
        }
        if name.isascii():
            named["ascii"] = 1.0
        named.update(_mention_marks(full, name, own or found, counts[name], most))
        for gram in {name[k : k + 2] for k in range(len(name) - 1)}:
            named[f"name2:{gram}"] = 0.5
        if name in by_name:
            rank, mention = by_name[name]
            named["mention_score"] = mention.score / 100.0
            named["mention_rank"] = min(rank, 5) / 5.0
            named["mention_near_top"] = 1.0 if top and mention.score >= 0.85 * top else 0.0
        else:
            named["no_mention"] = 1.0
        if found and hits:
            gap = _nearest_gap(hits, found)
            named["hit_gap"] = math.log1p(gap) / 5.0
            named["hit_near"] = 1.0 if gap <= WINDOW else 0.0
            if ends is None:
                ends = [m.start() for m in _SENTENCE_END.finditer(full)]
            same = 0
            for s in found:
                lo, hi = sentence_at(ends, len(full), s)
                same += bisect_left(hits, lo) < bisect_left(hits, hi)  # a hit in [lo, hi)
            named["hit_same_sentence"] = same / len(found)
            near = sum(_hits_within(hits, s, 2 * WINDOW) for s in found)
            named["hits_near"] = math.log1p(near) / 2.0
        elif not hits:
            named["no_hits"] = 1.0
        windows = [
            _masked(full, max(0, s - WINDOW), s + len(name) + WINDOW, name, longest_first)
            for s in (own or found)[:5]
        ]
        views.append(EntityView(name, named, " | ".join(windows)))
    return views
