"""Features of one candidate subject: where it occurs, what surrounds it, how it was found.

Every feature is a named string with a value, written straight as the ``zlib.crc32`` of
its name (:func:`keywords.learned_hash.feature_index`; the names that come from small
sets are hashed once and remembered), so a trained model holds only hashed weights,
never text.  Context features are the one and two characters just left and right of
the first two occurrences.  ``tests/keywords/feature_reference.py`` names every feature
in plain loops, and ``tests/keywords/test_feature_identity.py`` checks both agree.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from keywords.candidates import Candidate, suffix_kind
from keywords.learned_hash import HashedRows, feature_index
from keywords.lexicon import word_tags

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
SUBJECT_CUES = (
    "涉嫌",
    "被",
    "因",
    "遭",
    "等",
    "已",
    "董事长",
    "实际控制人",
    "实控人",
    "老板",
    "跑路",
    "失联",
    "暴雷",
    "爆雷",
    "非法",
    "集资",
    "传销",
    "诈骗",
    "旗下",
    "案",
)
"""Words right after a name that make it the grammatical subject of a risk clause."""
RISK_WORDS = re.compile(
    "涉嫌|非法|集资|传销|诈骗|欺诈|骗局|跑路|失联|逾期|兑付|提现|维权|投诉|举报|停业|倒闭|暴雷|爆雷|"
    "自融|立案|查处|冻结|被盗|失踪|清盘|崩盘|资金池|拉人头|下线|返利|高息|虚假宣传"
)
"""Fundraising-risk words: a name right before or after one is likely what the text is about."""
NEAR = 30
"""How far (characters) a risk word still counts as near a name."""
CONTEXT = 3
"""Characters of context either side of an occurrence."""


@dataclass(frozen=True, slots=True)
class DocInfo:
    """What the features need from the analysis of the whole document."""

    evidence: tuple[int, ...] = ()
    """Start offsets (into the text) of live risk evidence."""
    mentions: tuple[str, ...] = ()
    """The analyzer's enterprise mentions, best first."""


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


class _Buckets:
    """The hashed name (``prefix`` + bucket) of a value among ``edges`` (sorted), made once."""

    def __init__(self, prefix: str, edges: Sequence[int]) -> None:
        self.edges = tuple(edges)
        names = (prefix + _bucket(edge, edges) for edge in (*edges, edges[-1] + 1))
        self.names = tuple(names)
        self.hashes = tuple(map(feature_index, self.names))

    def __call__(self, value: int) -> int:
        return self.hashes[bisect_left(self.edges, value)]

    def name(self, value: int) -> str:
        """The name itself (a conjunction is named after it)."""
        return self.names[bisect_left(self.edges, value)]


_LENGTH = _Buckets("len:", (2, 3, 4, 5, 6, 8, 10, 14, 20))
_FIRST = _Buckets("first:", (0, 2, 10, 30, 80, 200))
_COUNT = _Buckets("count:", (1, 2, 3, 5))
_ORDER = _Buckets("order:", (0, 1, 2, 4, 8))
_CONTAINS = _Buckets("contains:", (0, 1, 3))
_INSIDE = _Buckets("inside:", (0, 1, 3))
_PARTIAL = _Buckets("partial:", (0, 1, 3))
_RISK_AFTER = _Buckets("risk_after:", (0, 2, 5, 10, 20, NEAR))
_RISK_BEFORE = _Buckets("risk_before:", (0, 2, 5, 10, 20, NEAR))
_EVIDENCE = _Buckets("evidence:", (0, 3, 8, 20, 50))
_NSRC = tuple(f"nsrc:{n}" for n in range(5))
_KINDS = {kind: "suffix:" + (kind or "none") for kind in ("legal", "business", "")}
_COUNT_LOG = feature_index("count_log")
_COUNT_TOP = feature_index("count_top")
_FIRST_REL = feature_index("first_rel")
_LEAD = feature_index("lead")
_CLOSEST = feature_index("risk_after_closest")
_SAME_END = feature_index("longest_same_end")
_SAME_START = feature_index("longest_same_start")
_MENTION_OTHER = feature_index("mention_other")
_MAX_MEMO = 1 << 16
"""Entries each memo below holds before it is cleared."""
_TAILS: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[int, ...]] = {}
"""The hashed last features of each (paired, core) seen."""
_SOURCES: dict[tuple[str, ...], tuple[tuple[int, ...], tuple[str, ...]]] = {}
"""What ``_sources`` made for each order of sources."""
_NAMED: dict[str, tuple[tuple[int, ...], str]] = {}
"""What ``_name_features`` made for each candidate name."""
_CONTEXTS: dict[tuple[str, str, bool], tuple[tuple[str, ...], tuple[int, ...]]] = {}
"""What ``_context`` made for each (left, right, cue after)."""


def _char_class(ch: str) -> str:
    if not ch:
        return "edge"
    if "\u4e00" <= ch <= "\u9fff":
        return "han"
    if ch.isdigit():
        return "digit"
    if ch.isascii() and ch.isalpha():
        return "latin"
    if ch.isspace():
        return "space"
    return "punct"


@lru_cache(maxsize=1 << 14)
def _edge_names(ch: str) -> tuple[str, str]:
    """``Lc:`` and ``Rc:`` with the class of ``ch``."""
    kind = _char_class(ch)
    return "Lc:" + kind, "Rc:" + kind


def _remember(memo: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(memo) >= _MAX_MEMO:
        memo.clear()
    memo[key] = value
    return value


def _context(text: str, start: int, end: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Left and right characters (one and two) and character classes of one occurrence:
    the names and their hashes."""
    left = text[max(0, start - 2) : start]
    right = text[end : end + 2]
    cue = text.startswith(SUBJECT_CUES, end)
    key = (left, right, cue)
    found = _CONTEXTS.get(key)
    if found is None:
        names: list[str] = []
        if left:
            names += ("L:" + left[-1:], "LL:" + left)
        if right:
            names += ("R:" + right[:1], "RR:" + right)
        names += (_edge_names(left[-1:])[0], _edge_names(right[:1])[1])
        if cue:
            names.append("cue_after")
        found = _remember(_CONTEXTS, key, (tuple(names), tuple(map(feature_index, names))))
    return found


def _name_features(name: str) -> tuple[tuple[int, ...], str]:
    """The hashed features of the name itself (last and first characters, dictionary tags,
    brackets, Latin letters) and its suffix kind, made once per name."""
    found = _NAMED.get(name)
    if found is None:
        tags = word_tags()
        names = [
            "last1:" + name[-1],
            "last2:" + name[-2:],
            "first1:" + name[0],
            "dict:" + tags.get(name, "unknown"),
            "dictL:" + tags.get(name[:2], "unknown"),
            "dictR:" + tags.get(name[-2:], "unknown"),
        ]
        if "(" in name or "（" in name:
            names.append("bracket")
        if name.isascii():
            names.append("ascii")
        hashes = tuple(map(feature_index, names))
        found = _remember(_NAMED, name, (hashes, _KINDS[suffix_kind(name)]))
    return found


def _overlaps(cands: Sequence[Candidate]) -> list[tuple[int, int, int, bool, bool]]:
    """For each candidate, among the other candidates with an occurrence overlapping one of
    its own: how many it contains, is contained in and overlaps partly, and whether one of
    them ends (starts) with its name.

    A name contained in another occurs inside it, so containment needs only these: the
    occurrences sorted by start, each compared with the ones starting before it ends.
    """
    spans = sorted((start, end, index) for index, c in enumerate(cands) for start, end in c.spans)
    pairs: set[tuple[int, int]] = set()
    for at, (_start, end, index) in enumerate(spans):
        later = at + 1
        while later < len(spans) and spans[later][0] < end:
            other = spans[later][2]
            if spans[later][1] > spans[later][0] and other != index:
                pairs.add((index, other) if index < other else (other, index))
            later += 1
    kinds = [[0, 0, 0] for _ in cands]
    ends, starts = [False] * len(cands), [False] * len(cands)
    for pair in pairs:
        for one, two in (pair, pair[::-1]):
            name, found = cands[one].name, cands[two].name
            kinds[one][0 if found in name else 1 if name in found else 2] += 1
            ends[one] = ends[one] or found.endswith(name)
            starts[one] = starts[one] or found.startswith(name)
    return [(a, b, c, d, e) for (a, b, c), d, e in zip(kinds, ends, starts, strict=True)]


def _sources(sources: set[str]) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The first features of a candidate found by ``sources`` (``bias``, ``src:`` in the
    set's order, ``nsrc:``), hashed, and its source groups, made once per order of sources."""
    key = tuple(sources)
    found = _SOURCES.get(key)
    if found is None:
        first = ["bias", *("src:" + source for source in key), _NSRC[min(len(key), 4)]]
        groups = tuple(sorted({"srcg:" + source.split(":")[0] for source in key}))
        found = _remember(_SOURCES, key, (tuple(map(feature_index, first)), groups))
    return found


def _tail(paired: tuple[str, ...], core: tuple[str, ...]) -> tuple[int, ...]:
    """The last features of a candidate, hashed: ``core`` but its two edge classes (the
    context's already), ``paired``, then ``a&b`` for each source group or suffix kind
    ``a`` and each core feature ``b`` (length, first position, nearest risk word, edge
    classes, containment, evidence, the analyzer's top mention) and for each two of the
    ``paired`` ones: interactions for a linear model.  Made once per (paired, core): the
    names come from small sets."""
    key = (paired, core)
    found = _TAILS.get(key)
    if found is None:
        names = [*core[:3], *core[5:], *paired]
        for a in paired:
            for b in core:
                names.append(a + "&" + b)
        for i, a in enumerate(paired):
            for b in paired[i + 1 :]:
                names.append(a + "&" + b)
        found = _remember(_TAILS, key, tuple(map(feature_index, names)))
    return found


def _risk_gaps(
    starts: NDArray[np.int64], ends: NDArray[np.int64], firsts: NDArray[np.int64], text: str
) -> tuple[list[int], list[int]]:
    """Per candidate (its occurrences ``starts``/``ends``, grouped from ``firsts``): characters
    to the nearest risk word after it and before it, at most ``NEAR + 1``."""
    risk_at = np.asarray([m.start() for m in RISK_WORDS.finditer(text)], dtype=np.int64)
    none = NEAR + 1
    if not risk_at.size:
        return [none] * len(firsts), [none] * len(firsts)
    i = np.searchsorted(risk_at, ends, "left")
    after = np.where(i < risk_at.size, risk_at[np.minimum(i, risk_at.size - 1)] - ends, none)
    j = np.searchsorted(risk_at, starts - 2, "right") - 1
    before = np.where(j >= 0, starts - risk_at[np.maximum(j, 0)] - 2, none)
    best_after = np.minimum(np.minimum.reduceat(after, firsts), none)
    best_before = np.minimum(np.minimum.reduceat(before, firsts), none)
    return best_after.tolist(), best_before.tolist()


def _evidence_gaps(
    starts: NDArray[np.int64],
    ends: NDArray[np.int64],
    firsts: NDArray[np.int64],
    evidence: NDArray[np.int64],
) -> list[int]:
    """Per candidate: smallest distance from an edge of any of its occurrences to any
    evidence offset (``evidence`` sorted, not empty)."""
    edges = np.stack((starts, ends), axis=1).ravel()
    i = np.searchsorted(evidence, edges, "left")
    last = evidence.size - 1
    right = np.where(
        i <= last, np.abs(evidence[np.minimum(i, last)] - edges), np.iinfo(np.int64).max
    )
    left = np.where(i >= 1, np.abs(evidence[np.maximum(i - 1, 0)] - edges), np.iinfo(np.int64).max)
    gaps = np.minimum(left, right)
    return np.minimum.reduceat(gaps, 2 * firsts).tolist()


def candidate_hashes(text: str, cands: Sequence[Candidate], info: DocInfo, out: HashedRows) -> None:
    """One row of hashed features per candidate, in the order of ``cands``, added to ``out``.

    Plain string facts only (no segmentation): how the candidate was found, its
    length, shape and suffix, where and how often it occurs, the characters around
    it, how near risk words and the rules' evidence are, and whether the analyzer
    linked it.  Each row holds each feature name once, in the order it is first
    named (``tests/keywords/feature_reference.py`` names them in plain loops).
    """
    size = max(1, len(text))
    first_end = SENTENCE_END.search(text)
    lead = first_end.end() if first_end else size
    max_count = max((len(c.spans) for c in cands), default=1)
    order = {c.name: i for i, c in enumerate(sorted(cands, key=lambda c: c.spans[0][0]))}
    sizes = np.fromiter((len(c.spans) for c in cands), dtype=np.int64, count=len(cands))
    firsts = np.zeros(len(cands), dtype=np.int64)
    np.cumsum(sizes[:-1], out=firsts[1:])
    flat = np.asarray([span for c in cands for span in c.spans], dtype=np.int64).reshape(-1, 2)
    starts, ends = flat[:, 0], flat[:, 1]
    afters, befores = _risk_gaps(starts, ends, firsts, text) if cands else ([], [])
    evidence_at = np.asarray(sorted(info.evidence), dtype=np.int64)
    evidence_gap = (
        _evidence_gaps(starts, ends, firsts, evidence_at) if evidence_at.size and cands else []
    )
    best_after = min(afters, default=NEAR + 1)
    overlaps = _overlaps(cands)
    top = info.mentions[0] if info.mentions else None
    hashes = out.hashes
    add, extend = hashes.append, hashes.extend
    for index, cand in enumerate(cands):
        name, spans = cand.name, cand.spans
        first = spans[0][0]
        count = len(spans)
        first_feats, groups = _sources(cand.sources)
        extend(first_feats)
        add(_COUNT(count))
        out.value(_COUNT_LOG, math.log1p(count))
        if count == max_count:
            add(_COUNT_TOP)
        out.value(_FIRST_REL, first / size)
        add(_ORDER(order[name]))
        if first < lead:
            add(_LEAD)
        named, kind = _name_features(name)
        extend(named)
        contains, inside, partial, same_end, same_start = overlaps[index]
        add(_CONTAINS(contains))
        add(_PARTIAL(partial))
        context, context_hashes = _context(text, *spans[0])
        extend(context_hashes)
        if count > 1:
            again, again_hashes = _context(text, *spans[1])
            extend(h for n, h in zip(again, again_hashes, strict=True) if n not in context)
        gap_after = afters[index]
        add(_RISK_BEFORE(befores[index]))
        if gap_after <= NEAR and gap_after == best_after:
            add(_CLOSEST)
        if not same_end:
            add(_SAME_END)
        if not same_start:
            add(_SAME_START)
        # the edge classes of the first occurrence: the context's ``Lc:`` and ``Rc:``
        edges = context[-3:-1] if context[-1] == "cue_after" else context[-2:]
        evidence = _EVIDENCE.name(evidence_gap[index]) if evidence_gap else "evidence:none"
        length, place, after = (
            _LENGTH.name(len(name)),
            _FIRST.name(first),
            _RISK_AFTER.name(gap_after),
        )
        core: tuple[str, ...] = (length, place, after, *edges, _INSIDE.name(inside), evidence)
        if info.mentions:
            if name == top:
                core = (*core, "mention_top")
            elif name in info.mentions:
                add(_MENTION_OTHER)
        extend(_tail((*groups, kind), core))
        out.end_row()
