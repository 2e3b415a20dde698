"""What a name in a text is, and which names in one text are the same enterprise.

* :func:`name_kind`: an organisation, a product or scheme, a fragment or a generic word,
  from the name's ending and the words around it (the lists are in :mod:`keywords.namebook`);
* :func:`same_enterprise`: pairs of names the text says are one enterprise (X旗下的Y平台,
  Y平台运营方X, Y（X）) and names contained in another (蜀汇鼎丰 in 蜀汇鼎丰投资咨询公司)
  unless the text shows they differ (a branch, a denial);
* :func:`product_owner`: the enterprise the text says sells a product.

docs/enterprises.md states the rules for readers.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Literal

from keywords.context import sentence_at
from keywords.namebook import (
    CANDIDATE_GENERIC,
    DIFFERENT_CUES,
    FRAGMENT_STARTS,
    GENERIC_NAMES,
    GENERIC_WORDS,
    LEGAL_SUFFIXES,
    OPERATOR_CUES,
    ORGANISATION_SUFFIXES,
    PRODUCT_AFTER,
    PRODUCT_CUES,
    PRODUCT_MARKERS,
)
from keywords.normalize import normalize

Kind = Literal["organisation", "product", "fragment", "generic"]

_GENERIC = GENERIC_WORDS | GENERIC_NAMES | CANDIDATE_GENERIC
_OPEN = '“"「『《'
_CLOSE = '”"」』》'
_Q_OPEN = f"[{_OPEN}]?"
_Q_CLOSE = f"[{_CLOSE}]?"
_KIND_WORDS = r"(?:平台|品牌|网站|网贷平台|理财平台|app|APP|App|公司)?"
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_PRODUCT_BEFORE = re.compile("(?:" + "|".join(PRODUCT_CUES) + f")(?:的|了)?[{_OPEN}]$")
_PRODUCT_NEXT = re.compile(
    f"^[{_CLOSE}](?:[、，,]?[{_OPEN}][^{_CLOSE}]{{1,12}}[{_CLOSE}])*"
    "(?:" + "|".join(sorted(PRODUCT_AFTER, key=len, reverse=True)) + ")"
)
_DIFFERENT = re.compile("|".join(DIFFERENT_CUES))


def _ending(name: str, endings: tuple[str, ...]) -> str:
    if not name.endswith(endings):  # one C-level test for the usual no
        return ""
    return max((e for e in endings if name.endswith(e) and len(name) > len(e)), key=len, default="")


def is_registered(name: str) -> bool:
    """True when ``name`` ends in a registered legal form (…有限公司, …集团)."""
    if not name.endswith(LEGAL_SUFFIXES):
        return False
    return any(name.endswith(s) and len(name) > len(s) for s in LEGAL_SUFFIXES)


def _product_context(name: str, text: str) -> bool:
    """True when some occurrence of ``name`` reads as a product: 销售“X”, “X”等产品, 鑫盛宝·X."""
    start = text.find(name)
    while start >= 0:
        before, after = text[max(0, start - 8) : start], text[start + len(name) : start + 40]
        if _PRODUCT_BEFORE.search(before) or _PRODUCT_NEXT.match(after):
            return True
        if before.endswith(("·", "•", "・")):
            return True  # 鑫盛宝·季季享: a brand's product
        start = text.find(name, start + 1)
    return False


def name_kind(name: str, text: str = "") -> Kind:
    """What ``name`` (normalised, as found in normalised ``text``) names.

    The longest known ending decides between an organisation (…有限公司, …合作社, …中心,
    …协会, a 宝/贷 platform brand) and a product (…计划, …使用权, …会员卡, …产品); a name
    with neither is a product when the text sells it (销售“X”, “X”等产品), else an
    organisation.  A name starting with a bound character (型理财) is a fragment.
    """
    kind = _kind_of_name(name)
    if kind is not None:
        return kind
    if text and _product_context(name, text):
        return "product"
    return "organisation"


@lru_cache(maxsize=1 << 16)
def _kind_of_name(name: str) -> Kind | None:
    """What ``name`` names from itself alone (its ending), or None when the text must say."""
    if name in _GENERIC or len(name) < 2:
        return "generic"
    if name[0] in FRAGMENT_STARTS:
        return "fragment"
    org, product = _ending(name, ORGANISATION_SUFFIXES), _ending(name, PRODUCT_MARKERS)
    if product and len(product) >= len(org):
        return "product"
    if org:
        return "organisation"
    return None


_CUES = "|".join(sorted(OPERATOR_CUES, key=len, reverse=True))
_UNDER = re.compile(f"{_Q_CLOSE}(?:的)?旗下(?:的)?{_KIND_WORDS}{_Q_OPEN}")
"""X旗下(的)Y: after the operator, before the brand."""
_RUN_BY = re.compile(
    f"{_Q_CLOSE}{_KIND_WORDS}(?:的)?(?:实际)?(?:运营方|运营商|运营主体|运营公司|主办方)"
    f"(?:为|是|系|：|:)?{_Q_OPEN}"
)
"""Y平台(的)运营方为X: after the brand, before the operator."""
_BY = re.compile(f"{_Q_CLOSE}{_KIND_WORDS}(?:系|是)?由{_Q_OPEN}")
_BY_END = re.compile(f"{_Q_CLOSE}(?:{_CUES})")
"""Y由X运营: after the brand, before the operator; and after the operator."""
_RUNS = re.compile(f"{_Q_CLOSE}(?:{_CUES})的{_KIND_WORDS}{_Q_OPEN}")
"""X运营的Y: after the operator, before the brand."""
_BRACKET = re.compile(f"{_Q_CLOSE}[（(]")


def _ends(text: str, first: str, middle: re.Pattern[str]) -> tuple[int, ...]:
    """Ends of every ``first`` + ``middle`` in ``text``, in text order."""
    ends = []
    start = text.find(first)
    while start >= 0:
        match = middle.match(text, start + len(first))
        if match is not None:
            ends.append(match.end())
        start = text.find(first, start + 1)
    return tuple(ends)


class Links:
    """What :func:`same_enterprise` asks of one text about its ``names``, found once per
    name rather than once per pair: which names an operator cue or a bracket joins, and
    where the text's sentences end.

    Only the names written in the text can be joined by a cue or a bracket; the cues are
    looked for only when the text has one (``cued``), the brackets likewise.
    """

    def __init__(self, text: str, names: Iterable[str]) -> None:
        self.text = text
        self.cued = any(cue in text for cue in OPERATOR_CUES) or "运营" in text
        self.brackets = "（" in text or "(" in text
        self.shown = {n for n in names if n in text} if self.cued or self.brackets else set()
        self._at: dict[int, list[str]] = {}  # offset -> the shown names written there
        for name in self.shown:
            start = text.find(name)
            while start >= 0:
                self._at.setdefault(start, []).append(name)
                start = text.find(name, start + 1)
        self.operated: set[tuple[str, str]] = set()
        """(brand, operator) pairs the text says one runs the other (:meth:`operates`)."""
        self.bracket: set[tuple[str, str]] = set()
        """(outer, inner) pairs the text writes as ``outer（inner）``."""
        if self.cued:
            self._find_operated()
        if self.brackets:
            closing = ("）", ")")
            for outer, end, inner in self._joined(self.shown, _BRACKET):
                if text[end + len(inner) : end + len(inner) + 1] in closing:
                    self.bracket.add((outer, inner))
        self._ends: list[int] | None = None

    def _joined(self, firsts: Iterable[str], middle: re.Pattern[str]) -> list[tuple[str, int, str]]:
        """``(first, end, second)``: ``first`` + ``middle`` ends at ``end``, where ``second`` is written."""
        at = self._at
        return [
            (first, end, second)
            for first in firsts
            for end in _ends(self.text, first, middle)
            for second in at.get(end, ())
        ]

    def _find_operated(self) -> None:
        shown = self.shown
        for operator, _end, brand in self._joined(shown, _UNDER):
            self.operated.add((brand, operator))
        for operator, _end, brand in self._joined(shown, _RUNS):
            self.operated.add((brand, operator))
        for brand, _end, operator in self._joined(shown, _RUN_BY):
            self.operated.add((brand, operator))
        for brand, end, operator in self._joined(shown, _BY):
            if _BY_END.match(self.text, end + len(operator)):
                self.operated.add((brand, operator))

    def operates(self, operator: str, brand: str) -> bool:
        """:func:`operates` for two of the names."""
        return (brand, operator) in self.operated

    def bracketed(self, outer: str, inner: str) -> bool:
        """:func:`bracketed` for two of the names."""
        return (outer, inner) in self.bracket

    def sentences_with(self, name: str) -> list[str]:
        """The sentence around each occurrence of ``name`` (occurrences not overlapping)."""
        text = self.text
        if self._ends is None:
            self._ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        out = []
        start = text.find(name)
        while start >= 0:
            lo, hi = sentence_at(self._ends, len(text), start)
            out.append(text[lo:hi])
            start = text.find(name, start + len(name))
        return out

    def differs(self, short: str, long: str) -> bool:
        """:func:`differs` on this text."""
        rest = long.replace(short, "", 1)
        if any(cue in rest for cue in DIFFERENT_CUES):
            return True
        return any(
            short in sentence.replace(long, "") and _DIFFERENT.search(sentence)
            for sentence in self.sentences_with(long)
        )


def operates(text: str, operator: str, brand: str) -> bool:
    """True when ``text`` says ``operator`` runs ``brand`` (X旗下的Y平台, Y平台运营方X, Y由X运营)."""
    return Links(text, (operator, brand)).operates(operator, brand)


def bracketed(text: str, outer: str, inner: str) -> bool:
    """True when ``text`` writes ``outer（inner）``: the bracket gives the other name of one enterprise."""
    return Links(text, (outer, inner)).bracketed(outer, inner)


def differs(text: str, short: str, long: str) -> bool:
    """True when the text shows ``long`` (which contains ``short``) is another enterprise:
    a branch or subsidiary (…分公司, …子公司), or a denial or impostor (与X无关, 冒用X)."""
    return Links(text, ()).differs(short, long)


def same_enterprise(text: str, names: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(name, other, why)`` for each pair the text makes one enterprise.

    ``why`` is ``operator`` (``other`` runs ``name``), ``bracket`` or ``contained``
    (``name`` is part of ``other``).  ``names`` are distinct names found in ``text``.
    """
    pairs: list[tuple[str, str, str]] = []
    links = Links(text, names)
    operated, bracket = links.operated, links.bracket
    for a in names:
        # a registered company under another (X旗下的Y有限公司) is a subsidiary
        a_operated = bool(operated) and not is_registered(a)
        unclear: bool | None = None  # ambiguous(a, names), found when first needed
        for b in names:
            if a == b:
                continue
            if a_operated and (a, b) in operated:
                pairs.append((a, b, "operator"))
            elif (a, b) in bracket:
                pairs.append((a, b, "bracket"))
            elif a in b and not links.differs(a, b):
                if unclear is None:
                    unclear = ambiguous(a, names)
                if not unclear:
                    pairs.append((a, b, "contained"))
    return pairs


def ambiguous(short: str, names: Sequence[str]) -> bool:
    """True when ``short`` is part of two longer names neither of which contains the other
    (鸿锦 in 鸿锦国际有限公司 and in 云南鸿锦旅游公司): it could be either, so it joins neither."""
    longer = [n for n in names if short in n and n != short]
    return any(x not in y and y not in x for x in longer for y in longer)


_QUOTED = f"[{_OPEN}]([^{_OPEN}{_CLOSE}]{{2,12}})[{_CLOSE}]"
_SOLD = re.compile("(?:" + "|".join(PRODUCT_CUES) + f")(?:的|了)?((?:{_QUOTED}[、，,]?)+)")
_LISTED = re.compile(
    f"((?:{_QUOTED}[、，,]?)+)(?:" + "|".join(sorted(PRODUCT_AFTER, key=len, reverse=True)) + ")"
)
_DOTTED = re.compile(
    r"[\u4e00-\u9fa5a-z0-9]{2,8}[·•・]([\u4e00-\u9fa5a-z]{2,6}?)"
    r"(?=年化|预期|收益|利率|期限|产品|计划|[^\u4e00-\u9fa5a-z]|$)"
)
_ONE_QUOTED = re.compile(_QUOTED)
_ANY_OPEN = re.compile(f"[{_OPEN}]")
_ANY_DOT = re.compile("[·•・]")


def find_products(text: str) -> list[str]:
    """Product and scheme names ``text`` presents as sold: 销售“X”“Y”, “X”“Y”等产品, 鑫盛宝·X."""
    out: list[str] = []
    # each pattern needs a quote or a middle dot: without one, no pattern can match
    for pattern in (_SOLD, _LISTED) if _ANY_OPEN.search(text) else ():
        for match in pattern.finditer(text):
            out.extend(m.group(1) for m in _ONE_QUOTED.finditer(match.group(1)))
    if _ANY_DOT.search(text):
        out.extend(m.group(1) for m in _DOTTED.finditer(text))
    return [p for p in dict.fromkeys(out) if name_kind(p) != "generic"]


def product_owner(text: str, product: str, organisations: Sequence[str]) -> str:
    """The organisation ``text`` says sells ``product`` ("" when it does not say).

    The owner is named before the product in the same sentence with a selling or
    operating word between them (瑞祺康养以销售“养老床位使用权”, X旗下的Y计划, X推出的Y),
    or right before it joined by a middle dot (鑫盛宝·季季享).
    """
    start = text.find(product)
    while start >= 0:
        lo = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        sentence = text[lo:start]
        best, best_at = "", -1
        for org in organisations:
            at = sentence.rfind(org)
            if at < 0 or at <= best_at:
                continue
            between = sentence[at + len(org) :]
            dot = between in ("·", "•", "・")
            cue = any(c in between for c in (*PRODUCT_CUES, *OPERATOR_CUES))
            if dot or cue:
                best, best_at = org, at
        if best:
            return best
        start = text.find(product, start + 1)
    return ""


class Groups:
    """Names joined into groups (union-find); each name starts alone."""

    def __init__(self, names: Iterable[str]) -> None:
        self.parent = {n: n for n in names}

    def root(self, name: str) -> str:
        while self.parent[name] != name:
            name = self.parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        """Put ``a``'s group into ``b``'s."""
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[ra] = rb

    def members(self, name: str) -> list[str]:
        """Every name in the group of ``name``."""
        top = self.root(name)
        return [n for n in self.parent if self.root(n) == top]

    def groups(self) -> list[list[str]]:
        """The groups, each in first-seen order."""
        out: dict[str, list[str]] = {}
        for n in self.parent:
            out.setdefault(self.root(n), []).append(n)
        return list(out.values())


def canonical_names(
    text: str, names: Mapping[str, str], given: Collection[str], watched: Collection[str]
) -> dict[str, str]:
    """Name -> the canonical name of its enterprise in ``text``.

    ``names`` maps each normalised surface found in ``text`` to the name it was linked as;
    ``given`` are the caller's names and ``watched`` the watchlist's (both normalised).
    Names the text joins (:func:`same_enterprise`) are one enterprise, except two watched
    names (the watchlist says they differ) and two given names joined other than by
    containment.  The canonical name is, in order: the watchlist's, the longest given
    name, the operator, the longest registered name (…有限公司), the longest name.
    """
    keys = dict(names)
    for name in list(keys.values()):  # a canonical name counts even when not written out
        keys.setdefault(normalize(name), name)
    found = Groups(keys.values())
    is_watched = {n: normalize(n) in watched for n in found.parent}
    is_given = {n: normalize(n) in given for n in found.parent}
    operators: set[str] = set()
    for a, b, why in same_enterprise(text, sorted(keys)):
        one, other = found.members(keys[a]), found.members(keys[b])
        if one == other or (any(map(is_watched.get, one)) and any(map(is_watched.get, other))):
            continue
        if why != "contained" and any(map(is_given.get, one)) and any(map(is_given.get, other)):
            continue  # two names the caller gave: only containment makes them one
        found.join(keys[a], keys[b])
        if why == "operator":
            operators.add(keys[b])

    def rank(n: str) -> tuple[bool, bool, bool, bool, int]:
        return (is_watched[n], is_given[n], n in operators, is_registered(normalize(n)), len(n))

    out: dict[str, str] = {}
    for group in found.groups():
        canonical = max(group, key=rank)
        out.update((m, canonical) for m in group)
    return out
