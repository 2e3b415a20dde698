"""Features of one candidate subject: where it occurs, what surrounds it, how it was found.

Every feature is a named string with a value; :mod:`keywords.subject` hashes the names,
so a trained model holds only hashed weights, never text.  Context features are
character n-grams (one to three characters) just left and right of each occurrence.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from keywords.candidates import Candidate, suffix_kind
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
    """``prefix`` + the bucket of a value among ``edges`` (sorted), the names made once."""

    def __init__(self, prefix: str, edges: Sequence[int]) -> None:
        self.edges = tuple(edges)
        self.names = tuple(prefix + _bucket(edge, edges) for edge in (*edges, edges[-1] + 1))

    def __call__(self, value: int) -> str:
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
_CONJUNCTIONS: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[str, float]] = {}
"""The conjunction features of each (paired, core) seen (cleared past ``_MAX_CONJUNCTIONS``)."""
_SOURCES: dict[tuple[str, ...], tuple[dict[str, float], tuple[str, ...]]] = {}
"""What ``_sources`` made for each order of sources."""
_MAX_CONJUNCTIONS = 1 << 16


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


def _context(text: str, start: int, end: int, out: dict[str, float]) -> None:
    """Left and right characters (one and two) and character classes of one occurrence."""
    left = text[max(0, start - 2) : start]
    right = text[end : end + 2]
    if left:
        out["L:" + left[-1:]] = 1.0
        out["LL:" + left] = 1.0
    if right:
        out["R:" + right[:1]] = 1.0
        out["RR:" + right] = 1.0
    out[_edge_names(left[-1:])[0]] = 1.0
    out[_edge_names(right[:1])[1]] = 1.0
    if text.startswith(SUBJECT_CUES, end):
        out["cue_after"] = 1.0


def _neighbours(cands: Sequence[Candidate]) -> list[list[Candidate]]:
    """For each candidate, the other candidates with an occurrence overlapping one of its own.

    A name contained in another occurs inside it, so containment needs only these: the
    occurrences sorted by start, each compared with the ones starting before it ends.
    """
    spans = sorted((start, end, index) for index, c in enumerate(cands) for start, end in c.spans)
    near: list[set[int]] = [set() for _ in cands]
    for at, (_start, end, index) in enumerate(spans):
        later = at + 1
        while later < len(spans) and spans[later][0] < end:
            if spans[later][1] > spans[later][0]:
                other = spans[later][2]
                near[index].add(other)
                near[other].add(index)
            later += 1
    for index, found in enumerate(near):
        found.discard(index)
    return [[cands[i] for i in sorted(found)] for found in near]


def _overlaps(cand: Candidate, others: Sequence[Candidate]) -> tuple[int, int, int, bool, bool]:
    """How many overlapping candidates ``cand`` contains, is contained in, overlaps partly,
    and whether one of them ends (starts) with its name."""
    name = cand.name
    contains = inside = partial = 0
    same_end = same_start = False
    for other in others:
        found = other.name
        if found in name:
            contains += 1
        elif name in found:
            inside += 1
        else:
            partial += 1
        same_end = same_end or found.endswith(name)
        same_start = same_start or found.startswith(name)
    return contains, inside, partial, same_end, same_start


def _sources(sources: set[str]) -> tuple[dict[str, float], tuple[str, ...]]:
    """The first features of a candidate found by ``sources`` (``bias``, ``src:`` in the
    set's order, ``nsrc:``) and its source groups, made once per order of sources."""
    key = tuple(sources)
    found = _SOURCES.get(key)
    if found is None:
        if len(_SOURCES) >= _MAX_CONJUNCTIONS:
            _SOURCES.clear()
        first: dict[str, float] = {"bias": 1.0}
        for source in key:
            first["src:" + source] = 1.0
        first[_NSRC[min(len(key), 4)]] = 1.0
        groups = tuple(sorted({"srcg:" + source.split(":")[0] for source in key}))
        found = _SOURCES[key] = (first, groups)
    return found


def _conjunctions(paired: tuple[str, ...], core: tuple[str, ...]) -> dict[str, float]:
    """``a&b`` for each source group or suffix kind ``a`` and each core feature ``b``
    (length, first position, nearest risk word, edge classes, containment, evidence,
    the analyzer's top mention), and for each two of the ``paired`` ones: interactions
    for a linear model.  Made once per (paired, core): the names come from small sets."""
    key = (paired, core)
    found = _CONJUNCTIONS.get(key)
    if found is None:
        if len(_CONJUNCTIONS) >= _MAX_CONJUNCTIONS:
            _CONJUNCTIONS.clear()
        found = _CONJUNCTIONS[key] = {}
        for a in paired:
            for b in core:
                found[a + "&" + b] = 1.0
        for i, a in enumerate(paired):
            for b in paired[i + 1 :]:
                found[a + "&" + b] = 1.0
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


def candidate_features(
    text: str, cands: Sequence[Candidate], info: DocInfo
) -> list[dict[str, float]]:
    """One feature dict per candidate, in the order of ``cands``.

    Plain string facts only (no segmentation): how the candidate was found, its
    length, shape and suffix, where and how often it occurs, the characters around
    it, how near risk words and the rules' evidence are, and whether the analyzer
    linked it.
    """
    size = max(1, len(text))
    first_end = SENTENCE_END.search(text)
    lead = first_end.end() if first_end else size
    tags = word_tags()
    max_count = max((len(c.spans) for c in cands), default=1)
    order = {c.name: i for i, c in enumerate(sorted(cands, key=lambda c: c.spans[0][0]))}
    names = [c.name for c in cands]
    sizes = np.fromiter((len(c.spans) for c in cands), dtype=np.int64, count=len(cands))
    firsts = np.zeros(len(cands), dtype=np.int64)
    np.cumsum(sizes[:-1], out=firsts[1:])
    flat = np.asarray([span for c in cands for span in c.spans], dtype=np.int64).reshape(-1, 2)
    starts, ends = flat[:, 0], flat[:, 1]
    afters, befores = _risk_gaps(starts, ends, firsts, text) if cands else ([], [])
    gap_after = dict(zip(names, afters, strict=True))
    gap_before = dict(zip(names, befores, strict=True))
    evidence_at = np.asarray(sorted(info.evidence), dtype=np.int64)
    evidence_gap = (
        _evidence_gaps(starts, ends, firsts, evidence_at) if evidence_at.size and cands else []
    )
    best_after = min(gap_after.values(), default=NEAR + 1)
    neighbours = _neighbours(cands)
    top = info.mentions[0] if info.mentions else None
    out: list[dict[str, float]] = []
    for index, (cand, near) in enumerate(zip(cands, neighbours, strict=True)):
        name, spans = cand.name, cand.spans
        first = spans[0][0]
        count = len(spans)
        first_feats, groups = _sources(cand.sources)
        feats = first_feats.copy()
        kind = _KINDS[suffix_kind(name)]
        length = _LENGTH(len(name))
        place = _FIRST(first)
        feats[_COUNT(count)] = 1.0
        feats["count_log"] = math.log1p(count)
        if count == max_count:
            feats["count_top"] = 1.0
        feats["first_rel"] = first / size
        feats[_ORDER(order[name])] = 1.0
        if first < lead:
            feats["lead"] = 1.0
        feats["last1:" + name[-1]] = 1.0
        feats["last2:" + name[-2:]] = 1.0
        feats["first1:" + name[0]] = 1.0
        feats["dict:" + tags.get(name, "unknown")] = 1.0
        feats["dictL:" + tags.get(name[:2], "unknown")] = 1.0
        feats["dictR:" + tags.get(name[-2:], "unknown")] = 1.0
        if "(" in name or "（" in name:
            feats["bracket"] = 1.0
        if name.isascii():
            feats["ascii"] = 1.0
        contains, inside, partial, same_end, same_start = _overlaps(cand, near)
        feats[_CONTAINS(contains)] = 1.0
        within = _INSIDE(inside)
        feats[_PARTIAL(partial)] = 1.0
        start, end = spans[0]
        edges = (_edge_names(text[start - 1 : start])[0], _edge_names(text[end : end + 1])[1])
        for start, end in spans[:2]:
            _context(text, start, end, feats)
        after = _RISK_AFTER(gap_after[name])
        feats[_RISK_BEFORE(gap_before[name])] = 1.0
        if gap_after[name] <= NEAR and gap_after[name] == best_after:
            feats["risk_after_closest"] = 1.0
        if not same_end:
            feats["longest_same_end"] = 1.0
        if not same_start:
            feats["longest_same_start"] = 1.0
        evidence = _EVIDENCE(evidence_gap[index]) if evidence_gap else "evidence:none"
        core: tuple[str, ...] = (length, place, after, *edges, within, evidence)
        if info.mentions:
            if name == top:
                core = (*core, "mention_top")
            elif name in info.mentions:
                feats["mention_other"] = 1.0
        paired = (*groups, kind)
        for key in (*core, *paired):
            feats[key] = 1.0
        feats.update(_conjunctions(paired, core))
        out.append(feats)
    return out
