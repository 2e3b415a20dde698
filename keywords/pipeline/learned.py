"""Learned models as stages, registered by name; each wraps a model, never changes it.

A model the settings can name is a :class:`ModelSlot` (its ``AnalyzerConfig`` field,
its settings key, how to read its bytes); the stages built from a loaded model are
registered with :func:`register`, each with the place it runs:

* ``document``: after the score, before the enterprises (reads the rules' verdict):
  ``document_model`` (negative news), then ``event_model`` (event types);
* ``mentions``: after the enterprises (reads the mentions too).

To add a learned stage: write a class with ``name`` and ``__call__(verdict) -> verdict``,
a ``build(config)`` that returns it or None (model not configured), and register it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from keywords.event_types import OTHER, from_finese
from keywords.identity import name_kind
from keywords.normalize import normalize
from keywords.pipeline.stage import Stage
from keywords.pipeline.verdict import Verdict
from tianluo.models import EnterpriseMention

if TYPE_CHECKING:
    from keywords.analyzer import AnalysisResult, AnalyzerConfig
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker

Place = Literal["document", "mentions"]
LEARNED_CHARS = 3_000
"""The learned models read at most this many characters of a document (the rules read it
all): more than 99% of their training texts are shorter, the event is told in the lead,
and the time a model takes stays bounded on long articles and hostile megabytes."""
SUBJECT_LEAD = 0.5
"""The subject ranker's best candidate leads a document's enterprises only when more
likely than not the subject (below it, candidates are often plain words: 一起去找公司)."""


def _read_reranker(data: bytes) -> Reranker:
    from keywords.reranker import Reranker  # numpy and scikit-learn: only when configured

    return Reranker.from_bytes(data)


def _read_events(data: bytes) -> Reranker:
    model = _read_reranker(data)
    if not model.doc.classes:
        raise ValueError("not an event-type model (no event types in it); use events.npz")
    return model


def _read_subject(data: bytes) -> SubjectRanker:
    from keywords.subject import SubjectRanker  # scikit-learn, jieba.posseg: only when configured

    return SubjectRanker.from_bytes(data)


@dataclass(frozen=True, slots=True)
class ModelSlot:
    """A learned model the settings can name: ``analysis.<setting>`` is its file."""

    field: str
    """The ``AnalyzerConfig`` field that holds the loaded model."""
    setting: str
    read: Callable[[bytes], Any]
    """Bytes to model; ``ValueError`` saying what is wrong with a bad file."""


MODELS = (
    ModelSlot("reranker", "reranker", _read_reranker),
    ModelSlot("subject", "subject_model", _read_subject),
    ModelSlot("events", "event_model", _read_events),
)


Build = Callable[["AnalyzerConfig", Collection[str]], Stage | None]
"""From the analyzer's config and the watchlist's normalised names to a stage, or None
when its model is not configured."""


@dataclass(frozen=True, slots=True)
class Registered:
    name: str
    place: Place
    build: Build


REGISTRY: dict[str, Registered] = {}


def register(name: str, place: Place) -> Callable[[Build], Build]:
    """Register ``build(config, watch_names) -> stage or None`` as the learned stage ``name``."""

    def wrap(build: Build) -> Build:
        if name in REGISTRY:
            raise ValueError(f"learned stage {name!r} is registered twice")
        REGISTRY[name] = Registered(name, place, build)
        return build

    return wrap


def learned_stages(
    config: AnalyzerConfig, watch_names: Collection[str], place: Place
) -> list[Stage]:
    """The configured learned stages of one place, in registration order."""
    built = (r.build(config, watch_names) for r in REGISTRY.values() if r.place == place)
    return [stage for stage in built if stage is not None]


class DocumentModel:
    """The re-ranker's document model re-decides ``risk`` from the rules' verdict."""

    name = "document_model"

    def __init__(self, reranker: Reranker) -> None:
        self.reranker = reranker

    def __call__(self, verdict: Verdict) -> Verdict:
        text = verdict.need_texts().full[:LEARNED_CHARS]
        probability = self.reranker.probability(text, verdict.result())
        components = {**verdict.components, "reranker": round(probability, 4)}
        risk = probability >= self.reranker.threshold
        return replace(verdict, components=components, risk=risk, probability=probability)


class EntityModel:
    """The re-ranker's entity model decides which mentions are at risk, most likely first."""

    name = "entity_model"

    def __init__(self, reranker: Reranker) -> None:
        self.reranker = reranker

    def __call__(self, verdict: Verdict) -> Verdict:
        entity = self.reranker.entity
        if entity is None or not verdict.mentions:
            return verdict
        texts = verdict.need_texts()
        entities = (e for e in verdict.request.entities if e and e.strip())
        names = [*entities, *(m.name for m in verdict.mentions)]
        body = texts.full[texts.base : texts.base + LEARNED_CHARS]
        chances = self.reranker.entity_probabilities(
            body, texts.title, names, verdict.result(), verdict.probability
        )
        mentions = [
            replace(m, risk=verdict.risk and chances.get(m.name, 0.0) >= entity.threshold)
            for m in verdict.mentions
        ]
        mentions.sort(key=lambda m: -chances.get(m.name, 0.0))
        return replace(verdict, mentions=tuple(mentions))


def _rules_result(verdict: Verdict) -> AnalysisResult:
    """The verdict as the document models read it: the rules' features, without what an
    earlier document model added (both models learned from the rules' verdict alone)."""
    result = verdict.result()
    result.components.pop("reranker", None)
    return result


class EventModel:
    """The event-type model re-decides ``risk`` and guesses the event type.

    The mass of ``risk_types`` against the model's threshold says whether the document
    reports a fundraising-risk event; a document the negative-news model (the
    ``document_model`` stage, when on) flagged stays a risk hit unless the event model
    calls it other financial news (财务造假, 评级调整 ...).  ``event_guess`` holds the
    likeliest risk type and the likeliest other type; the ``event_type`` stage picks one
    by the final risk.  Class names are mapped with ``event_types.from_finese``.
    """

    name = "event_model"

    def __init__(
        self, events: Reranker, risk_types: Collection[str], negative: Reranker | None
    ) -> None:
        self.model = events.doc
        self.threshold = events.threshold
        self.labels = [from_finese(c) for c in self.model.classes]
        self.risk_types = frozenset(risk_types)
        self.negative = negative

    def __call__(self, verdict: Verdict) -> Verdict:
        from keywords.learned_features import doc_features

        text = verdict.need_texts().full[:LEARNED_CHARS]
        x = self.model.spec.vectorize([doc_features(_rules_result(verdict))], [text])
        probs = self.model.class_probabilities(x)[0]
        order = sorted(range(len(probs)), key=lambda i: -probs[i])
        names = [self.labels[i] for i in order]
        mass = float(
            sum(p for c, p in zip(self.labels, probs, strict=True) if c in self.risk_types)
        )
        best_risk = next((n for n in names if n in self.risk_types), OTHER)
        best_other = next((n for n in names if n not in self.risk_types), OTHER)
        flagged = (
            self.negative is not None
            and "reranker" in verdict.components
            and verdict.probability >= self.negative.threshold
        )
        risk = mass >= self.threshold or (flagged and best_other == OTHER)
        components = {**verdict.components, "event_risk": round(mass, 4)}
        return replace(
            verdict, risk=risk, components=components, event_guess=(best_risk, best_other)
        )


class Subject:
    """The subject ranker's best candidate becomes the first mention (added if missing)."""

    name = "subject_model"

    def __init__(self, ranker: SubjectRanker, watch_names: Collection[str]) -> None:
        self.ranker = ranker
        self.watch_names = watch_names

    def __call__(self, verdict: Verdict) -> Verdict:
        if not (verdict.risk or verdict.evidence or verdict.mentions):
            return verdict
        # the body text: evidence offsets are body offsets
        ranked = self.ranker.rank(verdict.request.text or "", verdict.result())
        if not ranked:
            return verdict
        name, chance = ranked[0]
        if chance < SUBJECT_LEAD:
            return verdict
        if name_kind(normalize(name)) in ("product", "fragment", "generic"):
            return verdict  # a product or a fragment is never the subject enterprise
        mentions = list(verdict.mentions)
        lead = next((m for m in mentions if name in (m.mention, m.name, *m.aliases)), None)
        if lead is None:
            lead = EnterpriseMention(
                name=name,
                mention=name,
                on_watchlist=normalize(name) in self.watch_names,
                risk=verdict.risk,
                score=max((m.score for m in mentions), default=verdict.score),
            )
        else:
            mentions.remove(lead)
        mentions.insert(0, replace(lead, risk=lead.risk or verdict.risk))
        components = {**verdict.components, "subject": round(chance, 4)}
        return replace(verdict, mentions=tuple(mentions), components=components)


@register("document_model", "document")
def _document_model(config: AnalyzerConfig, _names: Collection[str]) -> Stage | None:
    return DocumentModel(config.reranker) if config.reranker is not None else None


@register("event_model", "document")
def _event_model(config: AnalyzerConfig, _names: Collection[str]) -> Stage | None:
    if config.events is None:
        return None
    return EventModel(config.events, config.risk_event_types, config.reranker)


@register("entity_model", "mentions")
def _entity_model(config: AnalyzerConfig, _names: Collection[str]) -> Stage | None:
    reranker = config.reranker
    return EntityModel(reranker) if reranker is not None and reranker.entity is not None else None


@register("subject_model", "mentions")
def _subject_model(config: AnalyzerConfig, names: Collection[str]) -> Stage | None:
    return Subject(config.subject, names) if config.subject is not None else None
