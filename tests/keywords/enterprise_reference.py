"""Slow, straightforward references of the enterprises stage's helpers, as they were
before they were tuned for speed (per-document tables instead of per-pair scans); the
parts that did not change (finding one name's cue ends, combining the best weights) are
the package's own.

``test_enterprise_speedups`` checks that the package's versions give exactly what these
give, so the enterprises stage's output (and the entity model's inputs) is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from keywords.candidates import Candidate
from keywords.context import REACH, ByStart, same_sentence
from keywords.identity import (
    _BRACKET,
    _BY,
    _BY_END,
    _DOTTED,
    _LISTED,
    _ONE_QUOTED,
    _RUN_BY,
    _RUNS,
    _SOLD,
    _UNDER,
    _ends,
    ambiguous,
    is_registered,
    name_kind,
)
from keywords.lexicon import BlockSegmenter
from keywords.namebook import DIFFERENT_CUES, OPERATOR_CUES
from keywords.scoring import Scored, _best_raw, strongest

_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _then(text: str, first: str, middle: re.Pattern[str], second: str) -> list[int]:
    return [end + len(second) for end in _ends(text, first, middle) if text.startswith(second, end)]


def operates(text: str, operator: str, brand: str) -> bool:
    if _then(text, operator, _UNDER, brand) or _then(text, brand, _RUN_BY, operator):
        return True
    if _then(text, operator, _RUNS, brand):
        return True
    return any(_BY_END.match(text, end) for end in _then(text, brand, _BY, operator))


def bracketed(text: str, outer: str, inner: str) -> bool:
    return any(text[end : end + 1] in ("）", ")") for end in _then(text, outer, _BRACKET, inner))


def _sentences_with(text: str, name: str) -> list[str]:
    out = []
    start = text.find(name)
    while start >= 0:
        lo = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
        hi_match = _SENTENCE_END.search(text, start)
        out.append(text[lo : hi_match.start() if hi_match else len(text)])
        start = text.find(name, start + len(name))
    return out


def differs(text: str, short: str, long: str) -> bool:
    rest = long.replace(short, "", 1)
    if any(cue in rest for cue in DIFFERENT_CUES):
        return True
    pattern = re.compile("|".join(DIFFERENT_CUES))
    return any(
        short in sentence.replace(long, "") and pattern.search(sentence)
        for sentence in _sentences_with(text, long)
    )


def same_enterprise(text: str, names: Sequence[str]) -> list[tuple[str, str, str]]:
    pairs: list[tuple[str, str, str]] = []
    cued = any(cue in text for cue in OPERATOR_CUES) or "运营" in text
    brackets = "（" in text or "(" in text
    for a in names:
        for b in names:
            if a == b:
                continue
            both = a in text and b in text
            if cued and both and not is_registered(a) and operates(text, b, a):
                pairs.append((a, b, "operator"))
            elif brackets and both and bracketed(text, a, b):
                pairs.append((a, b, "bracket"))
            elif a in b and not differs(text, a, b) and not ambiguous(a, names):
                pairs.append((a, b, "contained"))
    return pairs


def proximity(text: str, mention: tuple[int, int], evidence: tuple[int, int]) -> float:
    if mention[0] < evidence[1] and evidence[0] < mention[1]:
        return 1.0
    gap = evidence[0] - mention[1] if evidence[0] >= mention[1] else mention[0] - evidence[1]
    if same_sentence(text, min(mention[0], evidence[0]), max(mention[1], evidence[1])):
        return 1.0 if gap <= 12 else (0.9 if gap <= 60 else 0.75)
    if gap <= 80:
        return 0.6
    return 0.3


def enterprise_raw(text: str, span: tuple[int, int], scored: Sequence[Scored]) -> float:
    far = strongest(scored)
    best = {key: (s.weight * 0.3, s.component) for key, s in far.items()}
    for item in ByStart(scored).between(span[0] - REACH, span[1] + REACH):
        key = (item.category, item.rule, item.term)
        weight = item.weight * proximity(text, span, (item.start, item.end))
        if weight > best[key][0]:
            best[key] = (weight, item.component)
    return _best_raw(best)


def longest_first(found: Sequence[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        if not any(o.start < cand.end and cand.start < o.end for o in out):
            out.append(cand)
    return sorted(out, key=lambda c: c.start)


def after_keywords(name: str, keywords: Collection[str]) -> int:
    cut = 0
    for i in range(len(name)):
        for j in range(i + 2, min(len(name), i + 12) + 1):
            if name[i:j] in keywords:
                cut = max(cut, j)
    return cut


def find_products(text: str) -> list[str]:
    out: list[str] = []
    for pattern in (_SOLD, _LISTED):
        for match in pattern.finditer(text):
            out.extend(m.group(1) for m in _ONE_QUOTED.finditer(match.group(1)))
    out.extend(m.group(1) for m in _DOTTED.finditer(text))
    return [p for p in dict.fromkeys(out) if name_kind(p) != "generic"]


def offsets(seg: BlockSegmenter, pos: int) -> list[tuple[int, str]]:
    """(start, token) of every token of the block holding ``pos``, walked from its start."""
    block_start, tokens = seg.tokens_of_block(pos)
    out = []
    offset = block_start
    for token in tokens:
        out.append((offset, token))
        offset += len(token)
    return out
