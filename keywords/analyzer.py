"""The analyzer: a pipeline of declared stages from a text to a risk decision.

``Analyzer.analyze`` runs, once each and in this order (see docs/architecture.md)::

    normalise → match → rules → score → [document models] → awareness → enterprises
              → [mention models] → event_type → tokens

The stages live in ``keywords.pipeline``; this module wires the keyword sets, the
watchlist and ``AnalyzerConfig`` into them and keeps the public API.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keywords.event_types import EVENT_TYPES, FUNDRAISING_TYPES
from keywords.lexicon import CachedCut, build_tokenizer, word_tags
from keywords.loader import load_keyword_sets
from keywords.matcher import Matcher
from keywords.pipeline import (
    REGISTRY,
    AnalysisResult,
    Awareness,
    Enterprises,
    EventType,
    Match,
    Normalise,
    Pipeline,
    Registry,
    Request,
    RuleBook,
    Rules,
    Score,
    ScoreLine,
    Tokens,
    Verdict,
    learned_stages,
)
from keywords.schema import KeywordSet
from keywords.watchlist import NameLinker, Watchlist, load_watchlist

if TYPE_CHECKING:
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker

__all__ = ["AnalysisResult", "Analyzer", "AnalyzerConfig"]
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AnalyzerConfig:
    """Tunable numbers; the yield line is ``lpr_one_year × yield_multiple`` percent a year."""

    lpr_one_year: float = 3.0
    yield_multiple: float = 4.0
    risk_threshold: float = 40.0
    enterprise_threshold: float = 40.0
    score_scale: float = 10.0
    discover: bool = True
    snippet_chars: int = 20
    reranker: Reranker | None = None
    """Optional learned re-ranker: the ``document_model`` stage re-decides ``risk`` and,
    with an entity model, the ``entity_model`` stage decides which mentions are at risk
    and their order (see keywords.reranker)."""
    subject: SubjectRanker | None = None
    """Optional learned event-subject ranker: the ``subject_model`` stage makes its best
    candidate the first mention of a risky document or one with evidence."""
    events: Reranker | None = None
    """Optional learned event-type model (multi-class): the ``event_model`` stage
    re-decides ``risk`` from the mass of ``risk_event_types`` and names the event type."""
    risk_event_types: tuple[str, ...] = tuple(
        t.label for t in EVENT_TYPES if t.label in FUNDRAISING_TYPES
    )
    """Event types that make a document a risk hit (read only with the event model on)."""

    @property
    def yield_line(self) -> float:
        """Annual percentage above which a promised yield is flagged (default 12)."""
        return self.lpr_one_year * self.yield_multiple


class Analyzer:
    """Immutable after construction and safe to share between threads."""

    def __init__(
        self,
        sets: Sequence[KeywordSet],
        watchlist: Watchlist | None = None,
        config: AnalyzerConfig | None = None,
    ) -> None:
        self.sets = list(sets)
        self.watchlist = watchlist or Watchlist()
        self.config = config or AnalyzerConfig()
        self.matcher = Matcher(self.sets)
        self.contexts = {c.id: c for s in self.sets for c in s.contexts}
        self.rules = [r for s in self.sets for r in s.rules]
        self.components = {c.id: c.component for s in self.sets for c in s.categories}
        self.watch_names = self.watchlist.names()
        self.linker = NameLinker(self.watch_names)
        self.tokenizer = build_tokenizer([*self.matcher.words(), *self.watch_names])
        self.cut = CachedCut(self.tokenizer)
        word_tags()  # load the part-of-speech table now, not on the first document
        self.pipeline = self._pipeline()
        off = [name for name in REGISTRY if name not in self.pipeline.names]
        tagger = getattr(self.config.subject, "tagger", None)
        log.info(
            "分析阶段：%s%s%s",
            " → ".join(self.pipeline.names),
            f"（subject_model 读取 {tagger.name} 词法标注）" if tagger is not None else "",
            f"（未启用，没有配置模型：{', '.join(off)}）" if off else "",
        )

    def _pipeline(self) -> Pipeline:
        config = self.config
        book = RuleBook(
            matcher=self.matcher,
            contexts=self.contexts,
            rules=self.rules,
            components=self.components,
            linker=self.linker,
            discover=config.discover,
            yield_line=config.yield_line,
            snippet_chars=config.snippet_chars,
        )
        types = {t for s in self.sets for t in s.source_weights}
        line = ScoreLine(
            risk_threshold=config.risk_threshold,
            score_scale=config.score_scale,
            source_weights={t: max(s.source_weights.get(t, 1.0) for s in self.sets) for t in types},
        )
        registry = Registry(
            matcher=self.matcher,
            linker=self.linker,
            watch_names=self.watch_names,
            aliases=self.watchlist.aliases(),
            cut=self.cut,
            discover=config.discover,
            score_scale=config.score_scale,
            enterprise_threshold=config.enterprise_threshold,
        )
        return Pipeline(
            [
                Normalise(),
                Match(self.matcher, self.cut),
                Rules(book),
                Score(line),
                *learned_stages(config, self.watch_names, "document"),
                Awareness(),
                Enterprises(registry),
                *learned_stages(config, self.watch_names, "mentions"),
                EventType(),
                Tokens(),
            ]
        )

    @classmethod
    def from_files(
        cls,
        keyword_paths: Sequence[Path],
        watchlist_path: Path | None = None,
        config: AnalyzerConfig | None = None,
    ) -> Analyzer:
        """Load keyword sets and an optional watchlist; ``ConfigError`` on any bad file."""
        sets = load_keyword_sets(keyword_paths)
        watchlist = load_watchlist(watchlist_path) if watchlist_path else None
        return cls(sets, watchlist, config)

    @property
    def categories(self) -> list[dict[str, Any]]:
        """Category metadata for reports: id, label, description, weight, distress, enforcement."""
        return [
            {
                "id": c.id,
                "label": c.label,
                "description": c.description,
                "weight": c.weight,
                "component": c.component,
                "distress": c.distress,
                "enforcement": c.enforcement,
                "set": c.set_id,
                "terms": len(c.terms),
            }
            for s in self.sets
            for c in s.categories
        ]

    def run(
        self,
        text: str,
        *,
        title: str = "",
        source_type: str = "news",
        entities: Sequence[str] = (),
        reach: int = 1,
    ) -> Verdict:
        """The final verdict of one document, with the ``trace`` of the stages it went through."""
        request = Request(text or "", title or "", source_type, tuple(entities), reach)
        return self.pipeline(Verdict(request))

    def analyze(
        self,
        text: str,
        *,
        title: str = "",
        source_type: str = "news",
        entities: Sequence[str] = (),
        reach: int = 1,
    ) -> AnalysisResult:
        """Analyze one document; never raises on odd text (empty, binary, huge, emoji)."""
        verdict = self.run(
            text, title=title, source_type=source_type, entities=entities, reach=reach
        )
        return verdict.result()

    def run_many(self, requests: Sequence[Request]) -> list[Verdict]:
        """``run`` over a batch: each stage takes the whole batch (see ``Pipeline.batch``)."""
        return self.pipeline.batch([Verdict(r) for r in requests])

    def analyze_many(
        self,
        texts: Sequence[str],
        *,
        titles: Sequence[str] | None = None,
        source_types: Sequence[str] | None = None,
        entities: Sequence[Sequence[str]] | None = None,
        reaches: Sequence[int] | None = None,
    ) -> list[AnalysisResult]:
        """``analyze`` over a batch: one result per text, in order, equal to ``analyze``'s.

        ``titles``, ``source_types``, ``entities`` and ``reaches`` hold one value per
        text, as the keyword arguments of ``analyze`` (``ValueError`` when a length
        differs from ``texts``).
        """
        count = len(texts)
        for label, given in (
            ("titles", titles),
            ("source_types", source_types),
            ("entities", entities),
            ("reaches", reaches),
        ):
            if given is not None and len(given) != count:
                raise ValueError(f"{label}: {len(given)} values for {count} texts")
        requests = [
            Request(
                texts[i] or "",
                (titles[i] if titles is not None else "") or "",
                source_types[i] if source_types is not None else "news",
                tuple(entities[i]) if entities is not None else (),
                reaches[i] if reaches is not None else 1,
            )
            for i in range(count)
        ]
        return [v.result() for v in self.run_many(requests)]

    def explain(
        self, text: str, *, title: str = "", source_type: str = "news", entities: Sequence[str] = ()
    ) -> dict[str, Any]:
        """Tokens, hits, rules, cancellations and scores for ``tianluo keywords test``."""
        verdict = self.run(text, title=title, source_type=source_type, entities=entities)
        result = verdict.result()
        texts, matched = verdict.need_texts(), verdict.need_matched()
        return {
            "tokens": self.tokenizer.lcut(texts.norm),
            "hits": [
                {
                    "term": j.hit.term.term,
                    "form": j.hit.form,
                    "category": j.hit.category.id,
                    "start": texts.normed.start(j.hit.start) - texts.base,
                    "end": texts.normed.end(j.hit.end) - texts.base,
                    "in_title": j.in_title,
                    "factor": j.factor,
                    "cancelled_by": j.cancelled_by,
                    "damped_by": j.damped_by,
                }
                for j in verdict.judged
            ],
            "rules": [
                {"rule": e.rule, "terms": e.term, "weight": e.weight}
                for e in result.evidence
                if e.kind != "term"
            ],
            "cancellations": [
                {"term": e.term, "reason": e.cancelled_by}
                for e in result.evidence
                if e.cancelled_by
            ],
            "contexts": [
                {
                    "context": s.owner,
                    "word": s.form,
                    "start": texts.normed.start(s.start) - texts.base,
                }
                for s in matched.spans
                if s.kind == "context"
            ],
            "yields": result.yields,
            "yield_line": self.config.yield_line,
            "components": result.components,
            "score": result.score,
            "risk": result.risk,
            "event_type": result.event_type,
            "awareness": result.awareness_reason,
            "mentions": [
                {
                    "name": m.name,
                    "mention": m.mention,
                    "aliases": m.aliases,
                    "products": m.products,
                    "score": m.score,
                    "risk": m.risk,
                }
                for m in result.mentions
            ],
            "candidates": result.candidates,
            "stages": list(verdict.trace),
        }
