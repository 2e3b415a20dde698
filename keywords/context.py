"""Cancel or damp hits near awareness and negation words, or inside exclusion phrases."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from keywords.lexicon import BlockSegmenter
from keywords.matcher import Hit, Span
from keywords.schema import YIELD_CATEGORY, Context

SENTENCE_END = frozenset("。！？!?；;\n")
CLAUSE_END = SENTENCE_END | frozenset("，,：:")
SENTENCE_END_RE = re.compile("[" + re.escape("".join(sorted(SENTENCE_END))) + "]")
"""One sentence-ending character (``SENTENCE_END``)."""
_CLAUSE_END_RE = re.compile("[" + re.escape("".join(sorted(CLAUSE_END))) + "]")
CONTRASTS = ("高于", "高出", "超过", "远超", "超出", "倍", "跑赢", "秒杀", "不如")
"""A clause holding one of these compares an offer with the market (比存款利率高出数倍的
年化18%): clause-scope contexts do not apply in it."""
REACH = 200
"""Contexts, rules and enterprise proximity look at most this many characters away."""
NAMED_GAP = 24
"""A framed document spares a distress fact at most this many characters from a name."""
LEAD_CHARS = 150
"""The lead is the body's first sentence, at most this long."""


def lead_end(text: str, body_start: int) -> int:
    """End offset of the lead: the end of the body's first sentence, capped at ``LEAD_CHARS``."""
    limit = min(len(text), body_start + LEAD_CHARS)
    end = SENTENCE_END_RE.search(text, body_start + 1, limit)
    return end.start() + 1 if end is not None else limit


class _Positioned(Protocol):
    @property
    def start(self) -> int: ...


class _Ranged(_Positioned, Protocol):
    @property
    def end(self) -> int: ...


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
    return SENTENCE_END_RE.search(text, lo, hi) is None


def sentence_at(ends: Sequence[int], size: int, at: int) -> tuple[int, int]:
    """The sentence around ``at``: from after the last sentence end before it up to the next
    sentence end at or after it (``ends``: sorted offsets of sentence ends, ``size``: length)."""
    i = bisect.bisect_left(ends, at)
    return (ends[i - 1] + 1 if i else 0), (ends[i] if i < len(ends) else size)


def _applies(ctx: Context, hit: Hit) -> bool:
    return not ctx.categories or hit.category.id in ctx.categories


def _clause_compares(text: str, lo: int, hi: int) -> bool:
    """True when the clause around [lo, hi) holds a comparison word (``CONTRASTS``)."""
    start, end = lo, hi
    while start > 0 and text[start - 1] not in CLAUSE_END:
        start -= 1
    while end < len(text) and text[end] not in CLAUSE_END:
        end += 1
    clause = text[start:end]
    return any(word in clause for word in CONTRASTS)


def _near(seg: BlockSegmenter, ctx: Context, span: Span, hit: _Ranged) -> bool:
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
    if ctx.scope == "clause":
        lo, hi = min(span.start, hit.start), max(span.end, hit.end)
        clause_end = _CLAUSE_END_RE.search(seg.text, gap_start, gap_end)
        return clause_end is None and not _clause_compares(seg.text, lo, hi)
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
        if _conditional(text, hit.start):
            continue
        if not any(
            0 <= hit.start - c.end <= EVENT_GUARD and same_sentence(text, c.end, hit.start)
            for c in cancelling
        ):
            return True
    return False


CONDITIONAL = ("一旦", "如果", "如遇", "若是", "万一", "凡是", "是否", "可能", "以免", "防止")
"""Earlier in a hit's clause: the hit is a possibility or a rule (一旦出现提现困难), not a fact."""


def _conditional(text: str, start: int) -> bool:
    """True when a ``CONDITIONAL`` word lies between the clause start and ``start``."""
    lo = start
    while lo > 0 and text[lo - 1] not in CLAUSE_END and start - lo < REACH:
        lo -= 1
    clause = text[lo:start]
    return any(word in clause for word in CONDITIONAL)


def _about_name(text: str, hit: Hit, names: Sequence[tuple[int, int]]) -> bool:
    """True when a name lies within ``NAMED_GAP`` characters of ``hit`` in its sentence."""
    for start, end in names:
        gap = hit.start - end if end <= hit.start else start - hit.end
        if gap <= NAMED_GAP and same_sentence(text, min(start, hit.start), max(end, hit.end)):
            return True
    return False


def _named_between(hit: Hit, cue: Span, names: Sequence[tuple[int, int]]) -> bool:
    """True for a distress or enforcement ``hit`` with an enterprise name standing between
    it and the context word ``cue``: the word is about that enterprise, not a campaign."""
    if not (hit.category.distress or hit.category.enforcement):
        return False
    if cue.end <= hit.start:
        low, high = cue.end, hit.start
    elif hit.end <= cue.start:
        low, high = hit.end, cue.start
    else:
        return False
    return any(low <= start and end <= high for start, end in names)


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
    spans, hits = list(spans), list(hits)
    exclusions = ByStart(s for s in spans if s.kind == "exclusion")
    nearby = ByStart(s for s in spans if s.kind == "context" and s.owner in contexts)
    events = ByStart(h for h in hits if h.category.distress or h.category.enforcement)
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
                if ctx.lapse_on_event and _event_beside(seg.text, hit, events):
                    continue
                if ctx.spare_named and _named_between(hit, span, names):
                    judged.spared = True  # 揭秘钱宝网非法集资套路: the cue is about 钱宝网
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


def _event_beside(text: str, hit: Hit, events: ByStart[Hit]) -> bool:
    """True when another distress or enforcement hit shares ``hit``'s sentence."""
    return any(
        other is not hit
        and same_sentence(text, min(hit.start, other.start), max(hit.end, other.end))
        for other in events.between(hit.start - REACH, hit.end + REACH)
    )


def _apply(judged: Judged, ctx: Context, span: Span) -> None:
    reason = f"{ctx.id}:{span.form}"
    if ctx.mode == "cancel" or ctx.factor <= 0:
        judged.factor, judged.cancelled_by = 0.0, reason
    elif ctx.factor < judged.factor:
        judged.factor, judged.damped_by = ctx.factor, reason


@dataclass(frozen=True, slots=True)
class Awareness:
    """Why a document is an awareness, education or rebuttal piece: its framing word."""

    context: str
    cue: str

    @property
    def reason(self) -> str:
        """``context:word``, as in ``cancelled_by``."""
        return f"{self.context}:{self.cue}"


CASE_RE = re.compile(
    r"(?P<alleged>涉嫌|被指|被控|被查|已立案|被立案|获刑|被判|被捕|落网|抓获|被起诉)"
    r"|(?P<procedure>查处|立案侦查|立案调查|予以立案|判处|宣判|批捕|刑拘|刑事拘留|提起公诉)"
)
"""Words that report a case (某公司涉嫌非法集资被立案侦查, 获刑十五年).  An allegation or a
passive names its party by itself; a procedure word (立案侦查) reports a case only with a
party in its sentence (警方对某公司立案侦查), not as a rule (公安机关立案侦查后依法追缴)."""
PARTIES = ("公司", "平台", "集团", "企业", "机构", "负责人", "实际控制人", "实控人", "老板",
           "法定代表人", "法人", "某", "男子", "女子", "团伙", "嫌疑人")  # fmt: skip
"""Words that name a party in a sentence: a procedure word there reports a case."""
HEARSAY = ("网传", "传闻", "据传", "听说", "传言", "都在传", "谣传")
"""Before a case word in its sentence: the case is what a rumour says, not a reported fact."""
CASE_GUARD = 4
"""A cancelling context word (警惕, 谨防) ending this close before a case word negates it."""


def _reports_case(
    text: str, lead: int, spans: Sequence[Span], contexts: dict[str, Context]
) -> bool:
    """True when the title or lead reports a case against a party as a fact."""
    cancelling = [
        s
        for s in spans
        if s.kind == "context" and s.owner in contexts and contexts[s.owner].mode == "cancel"
    ]
    for match in CASE_RE.finditer(text, 0, lead):
        start = match.start()
        sentence = start
        while sentence > 0 and text[sentence - 1] not in SENTENCE_END:
            sentence -= 1
        before = text[sentence:start]
        if any(w in before for w in HEARSAY) or _conditional(text, start):
            continue
        if match.group("procedure"):
            end = match.end()
            while end < len(text) and text[end] not in SENTENCE_END:
                end += 1
            if not any(w in text[sentence:end] for w in PARTIES):
                continue
        if any(0 <= start - c.end <= CASE_GUARD and c.start >= sentence for c in cancelling):
            continue
        return True
    return False


def awareness_of(
    text: str,
    lead: int,
    framed: Iterable[Span],
    judged: Sequence[Judged],
    spans: Sequence[Span],
    contexts: dict[str, Context],
) -> Awareness | None:
    """The framing that makes the whole document an awareness piece, or None.

    ``framed`` are the framing spans that held (see ``framing``: a notice whose title or
    lead reports an event frames nothing); ``lead`` is where the lead ends in ``text``.  A
    framing context with ``awareness`` makes the document one, unless the document reports
    a specific case: the title or lead says a party is accused, investigated or sentenced
    (警方提醒：某公司涉嫌非法集资被立案侦查), or, for a context that spares named facts, a
    distress or enforcement fact next to a name survived (揭秘鑫盛宝暴雷始末).
    """
    named = any(j.spared for j in judged)
    case: bool | None = None
    for span in framed:
        ctx = contexts.get(span.owner)
        if ctx is None or not ctx.awareness or (ctx.spare_named and named):
            continue
        if case is None:
            case = _reports_case(text, lead, spans, contexts)
        if case:
            return None
        return Awareness(ctx.id, span.form)
    return None


@dataclass(frozen=True, slots=True)
class _Range:
    start: int
    end: int


def yield_context(
    seg: BlockSegmenter, spans: Iterable[Span], contexts: dict[str, Context], start: int, end: int
) -> str | None:
    """The reason (``context:word``) a context listing the ``yield`` category covers the yield
    at [start, end), or None.  Such a yield is not a promise (大额存单利率2.6%: a market rate)."""
    where = _Range(start, end)
    for span in spans:
        ctx = contexts.get(span.owner)
        if span.kind != "context" or ctx is None or YIELD_CATEGORY not in ctx.categories:
            continue
        if abs(span.start - start) <= REACH and _near(seg, ctx, span, where):
            return f"{ctx.id}:{span.form}"
    return None
