"""Features of one candidate subject: where it occurs, what surrounds it, how it was found.

Every feature is a named string with a value; :mod:`keywords.subject` hashes the names,
so a trained model holds only hashed weights, never text.  Context features are
character n-grams (one to three characters) just left and right of each occurrence.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

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
    out["Lc:" + _char_class(left[-1:])] = 1.0
    out["Rc:" + _char_class(right[:1])] = 1.0
    if text.startswith(SUBJECT_CUES, end):
        out["cue_after"] = 1.0


def _neighbours(cands: Sequence[Candidate]) -> list[list[Candidate]]:
    """For each candidate, the other candidates with an occurrence overlapping one of its own.

    A name contained in another occurs inside it, so containment needs only these:
    linear in the text's length instead of quadratic in the number of candidates.
    """
    cover: dict[int, list[int]] = {}
    for index, cand in enumerate(cands):
        for start, end in cand.spans:
            for pos in range(start, end):
                cover.setdefault(pos, []).append(index)
    out: list[list[Candidate]] = []
    for index, cand in enumerate(cands):
        near: set[int] = set()
        for start, end in cand.spans:
            for pos in range(start, end):
                near.update(cover[pos])
        near.discard(index)
        out.append([cands[i] for i in sorted(near)])
    return out


def _overlaps(cand: Candidate, others: Sequence[Candidate]) -> tuple[int, int, int]:
    """How many overlapping candidates ``cand`` contains, is contained in, overlaps partly."""
    contains = inside = partial = 0
    for other in others:
        if other.name in cand.name:
            contains += 1
        elif cand.name in other.name:
            inside += 1
        else:
            partial += 1
    return contains, inside, partial


def _conjunctions(feats: dict[str, float], paired: Sequence[str], core: Sequence[str]) -> None:
    """Add ``a&b`` for each source group or suffix kind ``a`` and each core feature ``b``
    (length, first position, nearest risk word, edge classes, containment, evidence,
    the analyzer's top mention), and for each two of the ``paired`` ones: interactions
    for a linear model."""
    for a in paired:
        for b in core:
            feats[a + "&" + b] = 1.0
    for i, a in enumerate(paired):
        for b in paired[i + 1 :]:
            feats[a + "&" + b] = 1.0


def _risk_gap(cand: Candidate, risk_at: Sequence[int], after: bool) -> int:
    """Characters between the candidate and the nearest risk word after (or before) it
    (``risk_at`` sorted)."""
    best = NEAR + 1
    for start, end in cand.spans:
        if after:
            i = bisect_left(risk_at, end)
            gap = risk_at[i] - end if i < len(risk_at) else best
        else:
            i = bisect_right(risk_at, start - 2) - 1
            gap = start - risk_at[i] - 2 if i >= 0 else best
        best = min(best, gap)
    return best


def _evidence_gap(spans: Sequence[tuple[int, int]], evidence: Sequence[int]) -> int:
    """Smallest distance from an edge of any span to any evidence offset (``evidence`` sorted)."""
    best = -1
    for edge in (edge for span in spans for edge in span):
        i = bisect_left(evidence, edge)
        for j in (i - 1, i):
            if 0 <= j < len(evidence):
                gap = abs(evidence[j] - edge)
                best = gap if best < 0 else min(best, gap)
    return best


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
    risk_at = [m.start() for m in RISK_WORDS.finditer(text)]
    evidence_at = sorted(info.evidence)
    gap_after = {c.name: _risk_gap(c, risk_at, True) for c in cands}
    gap_before = {c.name: _risk_gap(c, risk_at, False) for c in cands}
    best_after = min(gap_after.values(), default=NEAR + 1)
    neighbours = _neighbours(cands)
    top = info.mentions[0] if info.mentions else None
    out: list[dict[str, float]] = []
    for cand, near in zip(cands, neighbours, strict=True):
        name, spans = cand.name, cand.spans
        first = spans[0][0]
        count = len(spans)
        feats: dict[str, float] = {"bias": 1.0}
        groups = sorted({"srcg:" + source.split(":")[0] for source in cand.sources})
        for source in cand.sources:
            feats["src:" + source] = 1.0
        feats[f"nsrc:{min(len(cand.sources), 4)}"] = 1.0
        kind = "suffix:" + (suffix_kind(name) or "none")
        length = "len:" + _bucket(len(name), (2, 3, 4, 5, 6, 8, 10, 14, 20))
        place = "first:" + _bucket(first, (0, 2, 10, 30, 80, 200))
        feats["count:" + _bucket(count, (1, 2, 3, 5))] = 1.0
        feats["count_log"] = math.log1p(count)
        if count == max_count:
            feats["count_top"] = 1.0
        feats["first_rel"] = first / size
        feats["order:" + _bucket(order[name], (0, 1, 2, 4, 8))] = 1.0
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
        contains, inside, partial = _overlaps(cand, near)
        feats["contains:" + _bucket(contains, (0, 1, 3))] = 1.0
        within = "inside:" + _bucket(inside, (0, 1, 3))
        feats["partial:" + _bucket(partial, (0, 1, 3))] = 1.0
        start, end = spans[0]
        edges = (
            "Lc:" + _char_class(text[start - 1 : start]),
            "Rc:" + _char_class(text[end : end + 1]),
        )
        for start, end in spans[:2]:
            _context(text, start, end, feats)
        after = "risk_after:" + _bucket(gap_after[name], (0, 2, 5, 10, 20, NEAR))
        feats["risk_before:" + _bucket(gap_before[name], (0, 2, 5, 10, 20, NEAR))] = 1.0
        if gap_after[name] <= NEAR and gap_after[name] == best_after:
            feats["risk_after_closest"] = 1.0
        if not any(o.name.endswith(name) for o in near):
            feats["longest_same_end"] = 1.0
        if not any(o.name.startswith(name) for o in near):
            feats["longest_same_start"] = 1.0
        if evidence_at:
            evidence = "evidence:" + _bucket(_evidence_gap(spans, evidence_at), (0, 3, 8, 20, 50))
        else:
            evidence = "evidence:none"
        core = [length, place, after, *edges, within, evidence]
        if info.mentions:
            if name == top:
                core.append("mention_top")
            elif name in info.mentions:
                feats["mention_other"] = 1.0
        paired = [*groups, kind]
        for key in (*core, *paired):
            feats[key] = 1.0
        _conjunctions(feats, paired, core)
        out.append(feats)
    return out
