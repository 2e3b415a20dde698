"""Cancel or damp hits near awareness and negation words, or inside exclusion phrases."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from keywords.lexicon import BlockSegmenter
from keywords.matcher import Hit, Span
from keywords.schema import Context

SENTENCE_END = frozenset("。！？!?；;\n")
REACH = 200
"""Contexts, rules and enterprise proximity look at most this many characters away."""
NAMED_GAP = 24
"""A framed document spares a distress fact at most this many characters from a name."""
LEAD_CHARS = 150
"""The lead is the body's first sentence, at most this long."""


def lead_end(text: str, body_start: int) -> int:
    """End offset of the lead: the end of the body's first sentence, capped at ``LEAD_CHARS``."""
    limit = min(len(text), body_start + LEAD_CHARS)
    for pos in range(body_start, limit):
        if text[pos] in SENTENCE_END and pos > body_start:
            return pos + 1
    return limit


class _Positioned(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=_Positioned)


class ByStart(Generic[T]):
    """Items sorted by start offset, for bounded neighbourhood queries (keeps work linear)."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items: list[T] = sorted(items, key=lambda i: i.start)
        self.starts = [i.start for i in self.items]

    def between(self, lo: int, hi: int) -> Sequence[T]:
        """Items whose start lies in [lo, hi]."""
        return self.items[
            bisect.bisect_left(self.starts, lo) : bisect.bisect_right(self.starts, hi)
        ]


@dataclass(slots=True)
class Judged:
    """A hit with the factor left after contexts and the reason for any change."""

    hit: Hit
    factor: float = 1.0
    cancelled_by: str | None = None
    damped_by: str | None = None
    in_title: bool = False
    spared: bool = False
    """A distress or enforcement fact next to a named enterprise, kept despite the framing."""


def same_sentence(text: str, a: int, b: int) -> bool:
    """True when no sentence-ending punctuation lies between offsets ``a`` and ``b``."""
    lo, hi = min(a, b), max(a, b)
    return not any(ch in SENTENCE_END for ch in text[lo:hi])


def _applies(ctx: Context, hit: Hit) -> bool:
    return not ctx.categories or hit.category.id in ctx.categories


def _near(seg: BlockSegmenter, ctx: Context, span: Span, hit: Hit) -> bool:
    """True when ``span`` is within ``ctx.window`` tokens of ``hit`` in the allowed direction."""
    if span.end <= hit.start:
        if ctx.direction == "after":
            return False
        gap_start, gap_end = span.end, hit.start
    elif hit.end <= span.start:
        if ctx.direction == "before":
            return False
        gap_start, gap_end = hit.end, span.start
    else:
        return True  # overlapping: the context word contains or touches the term
    if not same_sentence(seg.text, gap_start, gap_end):
        return False
    if ctx.scope == "sentence":
        return True
    if gap_end - gap_start <= ctx.window:
        return True  # every token has at least one character
    return seg.tokens_between(gap_start, gap_end, ctx.window) <= ctx.window


def framing(
    spans: Iterable[Span],
    contexts: dict[str, Context],
    title_end: int,
    lead: int,
    hits: Sequence[Hit] = (),
    text: str = "",
) -> list[Span]:
    """Context words that frame the whole document: title-scope in the title, lead-scope in the lead.

    A context with ``lapse_on_event`` frames nothing when the title or lead holds a
    distress or enforcement hit (from ``hits`` in ``text``) that no cancelling context
    word right before it negates.
    """
    spans = list(spans)
    out = []
    event: bool | None = None
    for span in spans:
        ctx = contexts.get(span.owner)
        if span.kind != "context" or ctx is None:
            continue
        if not (
            (ctx.scope == "title" and span.end <= title_end)
            or (ctx.scope == "lead" and span.end <= lead)
        ):
            continue
        if ctx.lapse_on_event:
            if event is None:
                event = _reports_event(text, spans, contexts, hits, lead)
            if event:
                continue
        elif ctx.spare_named and _reports_event(text, spans, contexts, hits, span.start):
            continue  # the lead reports a fact first, then frames it (…被立案，如何…)
        out.append(span)
    return out


ALLEGATIONS = ("涉嫌", "被指", "被控", "被查")
"""Words that introduce a reported allegation about a party right before a hit."""
EVENT_GUARD = 12
"""A cancelling word this close before a distress or enforcement hit negates it as an event."""


def _reports_event(
    text: str, spans: Sequence[Span], contexts: dict[str, Context], hits: Sequence[Hit], lead: int
) -> bool:
    """True when an event hit before ``lead`` is not negated right before it.

    Event hits: distress and enforcement categories, and any hit an allegation word
    introduces (涉嫌传销: a fact reported about a party).
    """
    cancelling = [
        s
        for s in spans
        if s.kind == "context"
        and s.owner in contexts
        and contexts[s.owner].mode == "cancel"
        and contexts[s.owner].scope in ("window", "sentence")
    ]
    for hit in hits:
        if hit.start >= lead:
            continue
        alleged = any(w in text[max(0, hit.start - 4) : hit.start] for w in ALLEGATIONS)
        if not (hit.category.distress or hit.category.enforcement or alleged):
            continue
        if not any(
            0 <= hit.start - c.end <= EVENT_GUARD and same_sentence(text, c.end, hit.start)
            for c in cancelling
        ):
            return True
    return False


def _about_name(text: str, hit: Hit, names: Sequence[tuple[int, int]]) -> bool:
    """True when a name lies within ``NAMED_GAP`` characters of ``hit`` in its sentence."""
    for start, end in names:
        gap = hit.start - end if end <= hit.start else start - hit.end
        if gap <= NAMED_GAP and same_sentence(text, min(start, hit.start), max(end, hit.end)):
            return True
    return False


def judge(
    hits: Iterable[Hit],
    spans: Iterable[Span],
    contexts: dict[str, Context],
    seg: BlockSegmenter,
    framed: Iterable[Span] = (),
    title_end: int = 0,
    names: Sequence[tuple[int, int]] = (),
) -> list[Judged]:
    """Each hit with its factor: 0 when cancelled, below 1 when damped, else 1.

    ``framed`` are document-framing spans (see ``framing``); ``names`` are the spans of
    enterprise names, for contexts that spare distress facts about a named enterprise.
    """
    spans = list(spans)
    exclusions = ByStart(s for s in spans if s.kind == "exclusion")
    nearby = ByStart(s for s in spans if s.kind == "context" and s.owner in contexts)
    titled = [s for s in framed if s.owner in contexts]
    out: list[Judged] = []
    for hit in hits:
        judged = Judged(hit, in_title=hit.start < title_end)
        for span in exclusions.between(hit.start - REACH, hit.start):
            if span.start <= hit.start and hit.end <= span.end and span.form != hit.form:
                judged.factor, judged.cancelled_by = 0.0, f"exclusion:{span.form}"
                break
        if judged.cancelled_by is None:
            for span in nearby.between(hit.start - REACH, hit.end + REACH):
                ctx = contexts[span.owner]
                if ctx.scope in ("title", "lead") or not _applies(ctx, hit):
                    continue
                if not _near(seg, ctx, span, hit):
                    continue
                _apply(judged, ctx, span)
                if judged.cancelled_by:
                    break
        if judged.cancelled_by is None:
            named = None
            for span in titled:
                ctx = contexts[span.owner]
                if not _applies(ctx, hit):
                    continue
                if ctx.spare_named and (hit.category.distress or hit.category.enforcement):
                    if named is None:
                        named = _about_name(seg.text, hit, names)
                    if named:
                        judged.spared = True
                        continue
                _apply(judged, ctx, span)
                if judged.cancelled_by:
                    break
            judged.spared = judged.spared and judged.factor == 1.0
        out.append(judged)
    return out


def _apply(judged: Judged, ctx: Context, span: Span) -> None:
    reason = f"{ctx.id}:{span.form}"
    if ctx.mode == "cancel" or ctx.factor <= 0:
        judged.factor, judged.cancelled_by = 0.0, reason
    elif ctx.factor < judged.factor:
        judged.factor, judged.damped_by = ctx.factor, reason
