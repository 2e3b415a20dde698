"""Slow, straightforward references of the learned models' feature functions.

The package's versions are tuned for speed (bisect tables, numpy gaps, memoised names);
these are the plain loops they were written from.  ``test_feature_identity`` checks that
both give the same features in the same order with the same values, so the shipped
models read exactly the inputs they were trained on.
"""

from __future__ import annotations

import math
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from keywords.candidates import Candidate, suffix_kind
from keywords.learned_features import (
    _SENTENCE_END,
    ENTITY_MARK,
    OTHER_MARK,
    WINDOW,
    _mention_marks,
    _occurrences,
)
from keywords.learned_hash import Rows
from keywords.lexicon import word_tags
from keywords.subject_features import (
    NEAR,
    RISK_WORDS,
    SENTENCE_END,
    SUBJECT_CUES,
    DocInfo,
    _char_class,
)

if TYPE_CHECKING:
    from keywords.analyzer import AnalysisResult


def named_rows(named: Sequence[Mapping[str, float]], buckets: int) -> Rows:
    """One row per dict, each name's crc32 masked into ``buckets``."""
    indices: list[int] = []
    data: list[float] = []
    ends = [0]
    for features in named:
        for name, value in features.items():
            indices.append(zlib.crc32(name.encode("utf-8")) & (buckets - 1))
            data.append(value)
        ends.append(len(indices))
    return Rows(
        np.asarray(ends, dtype=np.int64),
        np.asarray(indices, dtype=np.int64),
        np.asarray(data, dtype=np.float64),
        buckets,
    )


_WORD = (1 << 64) - 1


def _gram_hash(gram: str) -> int:
    """The 64-bit multiply-xor hash of one gram, in Python integers."""
    h = (0xCBF29CE484222325 + 0x9E3779B97F4A7C15 * len(gram)) & _WORD
    for char in gram:
        h = ((h ^ ord(char)) * 0x100000001B3) & _WORD
    h = ((h ^ (h >> 33)) * 0xFF51AFD7ED558CCD) & _WORD
    return h ^ (h >> 33)


def char_grams(texts: Sequence[str], low: int, high: int, buckets: int) -> Rows:
    """One text at a time: every gram hashed, ``np.unique`` counts, log(1 + count) per
    bucket, divided by the row's L2 norm summed in bucket order."""
    indices: list[NDArray[np.int64]] = []
    data: list[NDArray[np.float64]] = []
    ends = [0]
    for text in texts:
        text = text.replace("\x00", " ")
        hashed = [
            _gram_hash(text[i : i + size]) & (buckets - 1)
            for size in range(low, high + 1)
            for i in range(len(text) - size + 1)
        ]
        found, counts = np.unique(np.asarray(hashed, dtype=np.int64), return_counts=True)
        values = np.log1p(counts.astype(np.float64))
        total = 0.0
        for value in values:
            total += value * value
        indices.append(found)
        data.append(values / math.sqrt(total))
        ends.append(ends[-1] + len(found))
    return Rows(
        np.asarray(ends, dtype=np.int64),
        np.concatenate([np.zeros(0, np.int64), *indices]),
        np.concatenate([np.zeros(0), *data]),
        buckets,
    )


def _bucket(value: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _context(text: str, start: int, end: int, out: dict[str, float]) -> None:
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
    contains = inside = partial = 0
    for other in others:
        if other.name in cand.name:
            contains += 1
        elif cand.name in other.name:
            inside += 1
        else:
            partial += 1
    return contains, inside, partial


def _risk_gap(cand: Candidate, risk_at: Sequence[int], after: bool) -> int:
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
    best = -1
    for edge in (edge for span in spans for edge in span):
        for gap in (abs(e - edge) for e in evidence):
            best = gap if best < 0 else min(best, gap)
    return best


def candidate_features(
    text: str, cands: Sequence[Candidate], info: DocInfo
) -> list[dict[str, float]]:
    """``keywords.subject_features.candidate_features`` as plain loops."""
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
        for a in paired:
            for b in core:
                feats[a + "&" + b] = 1.0
        for i, a in enumerate(paired):
            for b in paired[i + 1 :]:
                feats[a + "&" + b] = 1.0
        out.append(feats)
    return out


def _sentence(text: str, at: int) -> tuple[int, int]:
    lo = at
    while lo > 0 and not _SENTENCE_END.match(text[lo - 1]):
        lo -= 1
    hi = at
    while hi < len(text) and not _SENTENCE_END.match(text[hi]):
        hi += 1
    return lo, hi


def _masked(text: str, lo: int, hi: int, name: str, others: Sequence[str]) -> str:
    piece = text[lo:hi]
    for other in sorted(others, key=len, reverse=True):
        if other and other != name and name not in other:
            piece = piece.replace(other, OTHER_MARK)
    return piece.replace(name, ENTITY_MARK)


def entity_views(
    text: str, title: str, names: Sequence[str], result: AnalysisResult
) -> list[tuple[str, dict[str, float], str]]:
    """``keywords.learned_features.entity_views`` as plain loops: (name, named, context)."""
    full = f"{title}\n{text}" if title else text
    distinct = list(dict.fromkeys(n for n in names if n and n.strip()))
    hits = sorted(
        ev.start + (len(title) + 1 if title and ev.label != "title" else 0)
        for ev in result.evidence
        if not ev.cancelled_by
    )
    by_name = {m.name: (rank, m) for rank, m in enumerate(result.mentions)}
    top = max((m.score for m in result.mentions), default=0.0)
    firsts = {n: (_occurrences(full, n) or [len(full) + 1])[0] for n in distinct}
    order = {n: i for i, n in enumerate(sorted(distinct, key=lambda n: firsts[n]))}
    size = max(1, len(full))
    counts = {n: len(_occurrences(full, n)) for n in distinct}
    most = max(counts.values(), default=0)
    views: list[tuple[str, dict[str, float], str]] = []
    for name in distinct:
        found = _occurrences(full, name)
        longer = [o for o in distinct if o != name and name in o]
        shorter = [o for o in distinct if o != name and o in name]
        longer_hits = [s for o in longer for s in _occurrences(full, o)]
        own = [
            s
            for s in found
            if not any(ls <= s < ls + len(o) for o in longer for ls in _occurrences(full, o))
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
            gap = min(abs(h - s) for h in hits for s in found)
            named["hit_gap"] = math.log1p(gap) / 5.0
            named["hit_near"] = 1.0 if gap <= WINDOW else 0.0
            same = 0
            for s in found:
                lo, hi = _sentence(full, s)
                same += any(lo <= h < hi for h in hits)
            named["hit_same_sentence"] = same / len(found)
            near = sum(1 for h in hits for s in found if abs(h - s) <= 2 * WINDOW)
            named["hits_near"] = math.log1p(near) / 2.0
        elif not hits:
            named["no_hits"] = 1.0
        windows = [
            _masked(full, max(0, s - WINDOW), s + len(name) + WINDOW, name, distinct)
            for s in (own or found)[:5]
        ]
        views.append((name, named, " | ".join(windows)))
    return views
