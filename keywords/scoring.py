"""Turn judged hits, rules and yields into a document score and per-enterprise scores.

Components (the early-warning platforms' five): 特征词命中 (``feature``: feature
categories plus combination rules), 合规偏离 (``compliance``: 未经批准/无牌照),
投诉举报 (``complaint``), 收益率偏离 (``yield``: the highest promised yield above
the line) and 涉众传播 (``reach``: a multiplier from the caller's reach count).

Within one category the distinct terms count with diminishing returns
(``weight × 0.6^rank``); ``raw = (sum of components) × source weight × reach
multiplier`` and ``score = 100 × (1 − e^(−raw / scale))``.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from keywords.context import REACH, SENTENCE_END_RE, ByStart, Judged, same_sentence
from keywords.lexicon import BlockSegmenter
from keywords.schema import Rule

DECAY = 0.6


@dataclass(slots=True)
class Scored:
    """One piece of live evidence: a term hit or a fired rule."""

    term: str
    category: str
    component: str
    rule: str
    start: int
    end: int
    weight: float
    factor: float = 1.0
    """What contexts left of the evidence's weight (rules inherit their weakest operand's)."""


@dataclass(slots=True)
class DocScore:
    """The document's components, raw total and 0-100 score."""

    components: dict[str, float] = field(default_factory=dict)
    raw: float = 0.0
    score: float = 0.0


def squash(raw: float, scale: float) -> float:
    """Map a raw non-negative total to 0-100."""
    return round(100.0 * (1.0 - math.exp(-max(raw, 0.0) / scale)), 2)


def live_evidence(judged: Iterable[Judged]) -> list[Scored]:
    """Term evidence of hits not cancelled, with the effective weight."""
    out = []
    for item in judged:
        if item.cancelled_by is not None:
            continue
        hit = item.hit
        weight = hit.category.weight * hit.term.weight * item.factor
        out.append(
            Scored(
                hit.term.term,
                hit.category.id,
                hit.category.component,
                "title" if item.in_title else "term",
                hit.start,
                hit.end,
                weight,
                item.factor,
            )
        )
    return out


class Operands:
    """The live evidence each rule operand (a term, a form or ``category:<id>``) stands for.

    Built once per document and asked once per operand: the evidence of a category, or
    of a term and of every term that has the operand among its forms, in live order.
    """

    def __init__(self, live: Sequence[Scored], judged: Sequence[Judged]) -> None:
        self.live = live
        self._terms: dict[str, set[str]] = {}  # form -> the terms having it
        for item in judged:
            term = item.hit.term
            for form in term.forms:
                self._terms.setdefault(form, set()).add(term.term)
        self._known: dict[str, list[Scored]] = {}

    def __call__(self, op: str) -> list[Scored]:
        known = self._known.get(op)
        if known is None:
            if op.startswith("category:"):
                category = op[9:]
                known = [s for s in self.live if s.category == category]
            else:
                forms = self._terms.get(op, ())
                known = [s for s in self.live if s.term == op or s.term in forms]
            self._known[op] = known
        return known


def fire_rules(
    rules: Iterable[Rule],
    live: Sequence[Scored],
    judged: Sequence[Judged],
    seg: BlockSegmenter,
    components: dict[str, str],
) -> list[Scored]:
    """Combination rules satisfied by the live evidence, as evidence of their own."""
    fired: list[Scored] = []
    if not live:  # every rule needs some operand's evidence
        return fired
    operand = Operands(live, judged)
    for rule in rules:
        used: list[Scored] = []
        if rule.all_of:
            firsts = []
            for op in rule.all_of:  # stop at the first operand with no evidence
                group = operand(op)
                if not group:
                    break
                firsts.append(group[0])
            if len(firsts) < len(rule.all_of):
                continue
            used += firsts
        if rule.any_of:
            group = [s for op in rule.any_of for s in operand(op)]
            if not group:
                continue
            used.append(group[0])
        if rule.near:
            pair = _near_pair(rule, operand, seg)
            if pair is None:
                continue
            used += pair
        start = min(s.start for s in used)
        end = max(s.end for s in used)
        category = rule.category or "rule"
        factor = min(s.factor for s in used)  # a rule over damped evidence is damped too
        fired.append(
            Scored(
                "+".join(dict.fromkeys(s.term for s in used)),
                category,
                components.get(rule.category, "feature"),
                rule.id,
                start,
                end,
                rule.weight * factor,
                factor,
            )
        )
    return fired


def _near_pair(rule: Rule, operand: Operands, seg: BlockSegmenter) -> list[Scored] | None:
    assert rule.near is not None
    lefts = [s for op in rule.near.left for s in operand(op)]
    if not lefts:
        return None
    rights = ByStart(s for op in rule.near.right for s in operand(op))
    for a in lefts:
        for b in rights.between(a.start - REACH, a.end + REACH):
            if a is b:
                continue
            lo, hi = (a, b) if a.end <= b.start else (b, a)
            if hi.start < lo.end:
                return [a, b]
            if hi.start - lo.end <= rule.near.within or (
                seg.tokens_between(lo.end, hi.start, rule.near.within) <= rule.near.within
            ):
                return [a, b]
    return None


def combine(evidence: Iterable[Scored]) -> dict[str, float]:
    """Per-component totals: each category's distinct terms with diminishing returns."""
    by_cat: dict[tuple[str, str], dict[str, float]] = {}
    for item in evidence:
        terms = by_cat.setdefault((item.component, item.category), {})
        key = item.rule + ":" + item.term
        terms[key] = max(terms.get(key, 0.0), item.weight)
    return _ranked(by_cat)


def _ranked(by_cat: dict[tuple[str, str], dict[str, float]]) -> dict[str, float]:
    """Per-component totals of each category's weights with diminishing returns."""
    out: dict[str, float] = defaultdict(float)
    for (component, _category), terms in by_cat.items():
        for rank, weight in enumerate(sorted(terms.values(), reverse=True)):
            out[component] += weight * DECAY**rank
    return dict(out)


def yield_points(yield_max: float | None, line: float) -> float:
    """收益率偏离: 0 at or below the line, 4 just above, up to 8 at twice the line."""
    if yield_max is None or yield_max <= line or line <= 0:
        return 0.0
    return 4.0 + min(4.0, 4.0 * (yield_max - line) / line)


@lru_cache(maxsize=256)
def reach_multiplier(reach: int) -> float:
    """涉众传播: 1 for one source, up to 1.5 for many reprints or sources."""
    return 1.0 + min(0.5, 0.1 * math.log2(max(reach, 1)))


class MentionEvidence:
    """One document's evidence as :func:`enterprise_raw` reads it, built once per document.

    Holds the evidence by start offset, the far weight of each (category, rule, term)
    (its heaviest item at the far factor 0.3), the offsets of the sentence ends (so
    that "same sentence" is a bisection, not a scan of the text), and the raw score of
    a mention with no evidence within ``REACH``, which is the same for every such mention.
    """

    def __init__(self, text: str, scored: Sequence[Scored]) -> None:
        self.text = text
        self.index = ByStart(scored)
        self.far = {key: (s.weight * 0.3, s.component) for key, s in strongest(scored).items()}
        self.ends = [m.start() for m in SENTENCE_END_RE.finditer(text)]
        self._far_raw: float | None = None

    def same_sentence(self, a: int, b: int) -> bool:
        """:func:`keywords.context.same_sentence` on this text."""
        ends = self.ends
        lo, hi = (a, b) if a <= b else (b, a)
        i = bisect_left(ends, lo)
        return i == len(ends) or ends[i] >= hi

    def far_raw(self) -> float:
        """The raw score of a mention with no evidence within ``REACH``."""
        if self._far_raw is None:
            self._far_raw = _best_raw(self.far)
        return self._far_raw


def enterprise_raw(evidence: MentionEvidence, span: tuple[int, int]) -> float:
    """Raw score of a mention: nearby evidence by proximity, the rest at the far factor 0.3."""
    near = evidence.index.between(span[0] - REACH, span[1] + REACH)
    if not near:
        return evidence.far_raw()
    best = dict(evidence.far)
    same = evidence.same_sentence
    for item in near:
        key = (item.category, item.rule, item.term)
        weight = item.weight * _proximity(span, (item.start, item.end), same)
        if weight > best[key][0]:
            best[key] = (weight, item.component)
    return _best_raw(best)


def _best_raw(best: dict[tuple[str, str, str], tuple[float, str]]) -> float:
    """combine() over ``best`` ((category, rule, term) -> (weight, component)), without a
    row per entry: the same groups, order and sums."""
    by_cat: dict[tuple[str, str], dict[str, float]] = {}
    for (category, rule, term), (weight, component) in best.items():
        terms = by_cat.setdefault((component, category), {})
        label = rule + ":" + term
        terms[label] = max(terms.get(label, 0.0), weight)
    return sum(_ranked(by_cat).values())


def strongest(evidence: Iterable[Scored]) -> dict[tuple[str, str, str], Scored]:
    """The heaviest evidence per (category, rule, term)."""
    out: dict[tuple[str, str, str], Scored] = {}
    for item in evidence:
        key = (item.category, item.rule, item.term)
        if key not in out or out[key].weight < item.weight:
            out[key] = item
    return out


def proximity(text: str, mention: tuple[int, int], evidence: tuple[int, int]) -> float:
    """How strongly evidence at ``evidence`` concerns a mention at ``mention``."""
    return _proximity(mention, evidence, lambda a, b: same_sentence(text, a, b))


def _proximity(
    mention: tuple[int, int], evidence: tuple[int, int], same: Callable[[int, int], bool]
) -> float:
    """:func:`proximity` with ``same(a, b)`` telling whether ``a`` and ``b`` share a sentence."""
    if mention[0] < evidence[1] and evidence[0] < mention[1]:
        return 1.0
    gap = evidence[0] - mention[1] if evidence[0] >= mention[1] else mention[0] - evidence[1]
    if same(min(mention[0], evidence[0]), max(mention[1], evidence[1])):
        return 1.0 if gap <= 12 else (0.9 if gap <= 60 else 0.75)
    if gap <= 80:
        return 0.6
    return 0.3
