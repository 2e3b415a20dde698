"""Learned models as stages, registered by name; each wraps a model, never changes it.

A model the settings can name is a :class:`ModelSlot` (its ``AnalyzerConfig`` field,
its settings key, how to read its bytes); the stages built from a loaded model are
registered with :func:`register`, each with the place it runs:

* ``document``: after the score, before the enterprises (reads the rules' verdict);
* ``mentions``: after the enterprises (reads the mentions too).

To add a learned stage: write a class with ``name`` and ``__call__(verdict) -> verdict``,
a ``build(config)`` that returns it or None (model not configured), and register it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from keywords.normalize import normalize
from keywords.pipeline.stage import Stage
from keywords.pipeline.verdict import Verdict
from tianluo.models import EnterpriseMention

if TYPE_CHECKING:
    from keywords.analyzer import AnalyzerConfig
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker

Place = Literal["document", "mentions"]
LEARNED_CHARS = 20_000
"""The learned models read at most this many characters of a document (the rules read it
all): enough to classify any article, and time stays small on a hostile megabyte."""


def _read_reranker(data: bytes) -> Reranker:
    from keywords.reranker import Reranker  # numpy and scikit-learn: only when configured

    return Reranker.from_bytes(data)


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
        mentions = list(verdict.mentions)
        lead = next((m for m in mentions if m.mention == name), None)
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


@register("entity_model", "mentions")
def _entity_model(config: AnalyzerConfig, _names: Collection[str]) -> Stage | None:
    reranker = config.reranker
    return EntityModel(reranker) if reranker is not None and reranker.entity is not None else None


@register("subject_model", "mentions")
def _subject_model(config: AnalyzerConfig, names: Collection[str]) -> Stage | None:
    return Subject(config.subject, names) if config.subject is not None else None
