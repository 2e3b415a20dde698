"""The rules stage: contexts judge the hits, combination rules fire, yields are read.

Its output is the rules' verdict: live evidence (``scored``), every hit as typed
``Evidence``, categories, terms and yields.  No score yet: see ``keywords.pipeline.score``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from keywords.context import (
    REACH,
    ByStart,
    Judged,
    awareness_of,
    framing,
    judge,
    lead_end,
    same_sentence,
    yield_context,
)
from keywords.matcher import Hit, Matcher, Span
from keywords.pipeline.evidence import TERM_RULES, YIELD_RULE, rule_evidence, term_evidence
from keywords.pipeline.evolve import evolve
from keywords.pipeline.verdict import Matched, Verdict
from keywords.schema import Context, Rule
from keywords.scoring import Scored, fire_rules, live_evidence, yield_points
from keywords.watchlist import NameLinker
from keywords.yields import extract_yields_near

_REFERENT_RE = re.compile(
    r"(?:该|这家|那家|此|这个|那个)(?:平台|公司|企业|机构|集团|网贷平台|理财平台)"
)
"""A definite reference to one enterprise (该平台跑路): a fact about it, like a name."""


def windows(scored: Sequence[Scored | Hit], size: int) -> list[tuple[int, int]]:
    """Merged character windows of ``REACH`` around the evidence: where discovery looks."""
    out: list[tuple[int, int]] = []
    for item in sorted(scored, key=lambda s: s.start):
        lo, hi = max(0, item.start - REACH), min(size, item.end + REACH)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


@dataclass(frozen=True, slots=True)
class RuleBook:
    """What the rules stage reads from the keyword sets and the analyzer settings."""

    matcher: Matcher
    contexts: dict[str, Context]
    rules: list[Rule]
    components: dict[str, str]
    linker: NameLinker
    discover: bool
    yield_line: float
    snippet_chars: int


class Rules:
    """Contexts, combination rules and promised yields to the rules' verdict."""

    name = "rules"

    def __init__(self, book: RuleBook) -> None:
        self.book = book

    def __call__(self, verdict: Verdict) -> Verdict:
        texts, matched = verdict.need_texts(), verdict.need_matched()
        if not (matched.hits or matched.yield_triggers):
            # no hit and no yield trigger: no context word was confirmed, so nothing frames
            # the document, and there is nothing to judge or read; the verdict's defaults
            # are the rules' answer (no evidence, frame 1, no awareness, no yields)
            return verdict
        book = self.book
        norm, hits, spans = texts.norm, matched.hits, matched.spans
        title_len = texts.normed.position(len(verdict.request.title))
        lead = lead_end(norm, texts.normed.position(texts.base))
        framed = framing(spans, book.contexts, title_len, lead, hits, norm)
        frame = min((book.contexts[s.owner].factor for s in framed), default=1.0)
        judged: list[Judged] = []
        live: list[Scored] = []
        if hits:
            names: list[tuple[int, int]] = []
            if self._spares_names(framed, spans) and any(
                h.category.distress or h.category.enforcement for h in hits
            ):
                names = self._name_spans(norm, matched, verdict.request.entities)
            judged = judge(hits, spans, book.contexts, matched.seg, framed, title_len, names)
            live = live_evidence(judged)
            live += fire_rules(book.rules, live, judged, matched.seg, book.components)
        aware = awareness_of(norm, lead, framed, judged, spans, book.contexts)
        yields, flagged = self._yields(matched, frame)
        scored = live + sorted(flagged, key=lambda s: -s.weight)[:1]
        width = book.snippet_chars
        evidence = term_evidence(texts, judged, width) + rule_evidence(texts, scored, width)
        by_weight = sorted(scored, key=lambda s: -s.weight)
        return evolve(
            verdict,
            judged=tuple(judged),
            scored=tuple(scored),
            frame=frame,
            aware=aware,
            evidence=tuple(evidence),
            categories=tuple(dict.fromkeys(s.category for s in by_weight)),
            terms=tuple(dict.fromkeys(s.term for s in scored if s.rule in TERM_RULES)),
            yields=tuple(yields),
            yield_flag=bool(flagged),
        )

    def _spares_names(self, framed: Sequence[Span], spans: Sequence[Span]) -> bool:
        """Whether a context that spares named enterprises frames the document or stands
        in its text (then ``judge`` needs the names' spans)."""
        contexts = self.book.contexts
        if any(contexts[s.owner].spare_named for s in framed):
            return True
        return any(
            s.kind == "context"
            and s.owner in contexts
            and contexts[s.owner].spare_named
            and contexts[s.owner].scope not in ("title", "lead")
            for s in spans
        )

    def _name_spans(
        self, text: str, matched: Matched, entities: Sequence[str]
    ) -> list[tuple[int, int]]:
        """Spans of watched, given and discovered names near the hits (framed documents only)."""
        book = self.book
        spans = [(s, e) for _c, _k, s, e in book.linker.link(text, entities)]
        spans += [m.span() for m in _REFERENT_RE.finditer(text)]
        if book.discover:
            near = windows(matched.hits, len(text))
            spans += [(c.start, c.end) for c in matched.names.discovered(near)]
        return spans

    def _yields(self, matched: Matched, frame: float) -> tuple[list[float], list[Scored]]:
        """All yields, and evidence for those above the line outside awareness sentences."""
        values: list[float] = []
        scored: list[Scored] = []
        line = self.book.yield_line
        contexts = self.book.contexts
        text = matched.seg.text
        cancelling = ByStart(  # contexts for some categories only judge yields if they list it
            s
            for s in matched.spans
            if s.kind == "context"
            and contexts[s.owner].mode == "cancel"
            and not contexts[s.owner].categories
        )
        for value, start, end in extract_yields_near(text, list(matched.yield_triggers)):
            if yield_context(matched.seg, matched.spans, contexts, start, end):
                continue  # a market rate (大额存单利率2.6%), not a promise
            values.append(value)
            if value <= line:
                continue
            near = cancelling.between(start - REACH, end + REACH)
            if any(same_sentence(text, c.start, start) for c in near):
                continue
            points = yield_points(value, line) * frame
            scored.append(
                Scored(f"{value:g}%", "yield", "yield", YIELD_RULE, start, end, points, frame)
            )
        return values, scored
