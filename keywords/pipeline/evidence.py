"""Typed evidence records from judged hits and fired rules, offsets into title or body."""

from __future__ import annotations

from collections.abc import Iterable

from keywords.context import Judged
from keywords.pipeline.verdict import Texts
from keywords.scoring import Scored
from tianluo.models import Evidence

TERM_RULES = ("term", "title")
"""``Scored.rule`` of a keyword hit (in the body, in the title); anything else is a rule id."""
YIELD_RULE = "yield_above_line"


def locate(texts: Texts, start: int, end: int, width: int) -> tuple[int, int, str, bool]:
    """Original offsets relative to the body (or the title), a snippet, whether it is the title.

    ``start`` and ``end`` are offsets into the normalised text.
    """
    start, end = texts.normed.span(start, end)
    snippet = texts.full[max(0, start - width) : end + width].replace("\n", " ")
    if start < texts.base:
        return start, min(end, texts.base - 1), snippet, True
    return start - texts.base, end - texts.base, snippet, False


def term_evidence(texts: Texts, judged: Iterable[Judged], width: int) -> list[Evidence]:
    """One record per keyword hit, cancelled ones included (weight 0, ``cancelled_by`` set)."""
    out: list[Evidence] = []
    for item in judged:
        hit = item.hit
        start, end, snippet, _ = locate(texts, hit.start, hit.end, width)
        weight = hit.category.weight * hit.term.weight * item.factor
        out.append(
            Evidence(
                term=hit.term.term,
                category=hit.category.id,
                kind="term",
                start=start,
                end=end,
                snippet=snippet,
                weight=round(weight, 3),
                cancelled_by=item.cancelled_by,
                in_title=item.in_title,
                damped_by=item.damped_by or None,
            )
        )
    return out


def rule_evidence(texts: Texts, scored: Iterable[Scored], width: int) -> list[Evidence]:
    """One record per fired rule and flagged yield among the live evidence."""
    out: list[Evidence] = []
    for item in scored:
        if item.rule in TERM_RULES:
            continue
        start, end, snippet, in_title = locate(texts, item.start, item.end, width)
        out.append(
            Evidence(
                term=item.term,
                category=item.category,
                kind="yield" if item.rule == YIELD_RULE else "rule",
                start=start,
                end=end,
                snippet=snippet,
                weight=round(item.weight, 3),
                rule=item.rule,
                in_title=in_title,
            )
        )
    return out
