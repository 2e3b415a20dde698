"""Learned models as stages, registered by name; each wraps a model, never changes it.

A model the settings can name is a :class:`ModelSlot` (its ``AnalyzerConfig`` field,
its settings key, how to read its bytes); the stages built from a loaded model are
registered with :func:`register`, each with the place it runs:

* ``document``: after the score, before the enterprises (reads the rules' verdict):
  ``document_model`` (negative news), then ``event_model`` (event types);
* ``mentions``: after the enterprises (reads the mentions too).

To add a learned stage: write a class with ``name``, ``__call__(verdict) -> verdict`` and
``batch(verdicts) -> list[verdict]`` (the pipeline hands it a batch when it can: vectorise
the batch into one matrix, one product), a ``build(config)`` that returns it or None
(model not configured), and register it.  No stage runs jieba: the features are string
scans and stable hashes (``keywords.learned_hash``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from keywords.event_types import OTHER, from_finese
from keywords.identity import name_kind
from keywords.learned_combine import combine_features
from keywords.learned_features import doc_features
from keywords.normalize import normalize
from keywords.pipeline.evolve import evolve
from keywords.pipeline.stage import Stage
from keywords.pipeline.verdict import Verdict
from tianluo.models import EnterpriseMention

if TYPE_CHECKING:
    from keywords.analyzer import AnalyzerConfig
    from keywords.learned import HashSpec
    from keywords.learned_combine import Combiner
    from keywords.learned_hash import Rows
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker
    from keywords.subject_features import DocInfo

Place = Literal["document", "mentions"]
LEARNED_CHARS = 3_000
"""The learned models read at most this many characters of a document (the rules read it
all): more than 99% of their training texts are shorter, the event is told in the lead,
and the time a model takes stays bounded on long articles and hostile megabytes."""
SUBJECT_LEAD = 0.5
"""The subject ranker's best candidate leads a document's enterprises as a risk only when
more likely than not the subject."""
SUBJECT_ADD = 0.3
"""Below ``SUBJECT_LEAD`` the best candidate still goes first (not marked a risk by the
ranker) when it is already a mention, or when it is new and at least this likely (lower,
candidates are often plain words: 一起去找公司).  Chosen on the FinESE train split."""


def _mention_of(mentions: Sequence[EnterpriseMention], name: str) -> EnterpriseMention | None:
    """The mention ``name`` is written as, or an alias of (None: not a mention yet)."""
    return next((m for m in mentions if name in (m.mention, m.name, *m.aliases)), None)


def _rules_info(verdict: Verdict) -> DocInfo:
    """What the subject ranker reads of an analysis, with the mentions in the enterprises
    stage's order (by score), as at training time, not the entity model's."""
    from keywords.subject import doc_info
    from keywords.subject_features import DocInfo

    info = doc_info(verdict)
    ordered = sorted(verdict.mentions, key=lambda m: -m.score)
    return DocInfo(info.evidence, tuple(m.mention for m in ordered))


def _read_reranker(data: bytes) -> Reranker:
    from keywords.reranker import Reranker  # numpy and scikit-learn: only when configured

    return Reranker.from_bytes(data)


def _read_events(data: bytes) -> Reranker:
    model = _read_reranker(data)
    if not model.doc.classes:
        raise ValueError("not an event-type model (no event types in it); use events.npz")
    return model


def _read_subject(data: bytes) -> SubjectRanker:
    from keywords.subject import SubjectRanker  # scikit-learn: only when configured

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


def framed(verdict: Verdict) -> bool:
    """Whether the rules frame the document (a rumour or hearsay question, a rebuttal, a
    notice, a how-to: a title or lead context damped it).  The document models keep the
    rules' yes/no then: they learned from news with almost no such framing, and an
    admin's framing words are the office's own judgement."""
    return verdict.frame < 1.0


class _DocumentRows:
    """The document vectors of the last batch, shared by ``document_model`` and
    ``event_model`` (one vectorisation for both): taken from the rules' verdict, so the
    second model reads the same features as the first, not the first's risk."""

    def __init__(self) -> None:
        self.local = threading.local()

    def get(self, verdicts: Sequence[Verdict], spec: HashSpec) -> Rows:
        key = [(v.texts, v.evidence) for v in verdicts]
        last = getattr(self.local, "last", None)
        if last is not None and last[0] == spec and _same(last[1], key):
            rows: Rows = last[2]
            return rows
        rows = spec.vectorize(
            [doc_features(v) for v in verdicts],
            [v.need_texts().full[:LEARNED_CHARS] for v in verdicts],
        )
        self.local.last = (spec, key, rows)
        return rows


def _same(old: Sequence[tuple[object, object]], new: Sequence[tuple[object, object]]) -> bool:
    return len(old) == len(new) and all(
        a[0] is b[0] and a[1] is b[1] for a, b in zip(old, new, strict=True)
    )


DOCUMENT_ROWS = _DocumentRows()


class DocumentModel:
    """The re-ranker's document model re-decides ``risk`` from the rules' verdict."""

    name = "document_model"

    def __init__(self, reranker: Reranker) -> None:
        self.reranker = reranker

    def __call__(self, verdict: Verdict) -> Verdict:
        return self.batch([verdict])[0]

    def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
        """Every verdict of the batch through one vectorisation and one product."""
        if not verdicts:
            return []
        model = self.reranker.doc
        chances = model.yes_probabilities(DOCUMENT_ROWS.get(verdicts, model.spec))
        out: list[Verdict] = []
        for verdict, p in zip(verdicts, chances.tolist(), strict=True):
            components = {**verdict.components, "reranker": round(p, 4)}
            risk = verdict.risk if framed(verdict) else p >= model.threshold
            out.append(evolve(verdict, components=components, risk=risk, probability=p))
        return out


class EntityModel:
    """The re-ranker's entity model decides which mentions are at risk, most likely first."""

    name = "entity_model"

    def __init__(self, reranker: Reranker) -> None:
        self.reranker = reranker

    def __call__(self, verdict: Verdict) -> Verdict:
        return self.batch([verdict])[0]

    def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
        """The mentions of every verdict of the batch scored in one product."""
        entity = self.reranker.entity
        if entity is None:
            return list(verdicts)
        from keywords.learned_features import entity_views
        from keywords.reranker import entity_inputs

        named: list[dict[str, float]] = []
        contexts: list[str] = []
        owners: list[tuple[int, list[str]]] = []
        for index, verdict in enumerate(verdicts):
            if not verdict.mentions:
                continue
            texts = verdict.need_texts()
            entities = (e for e in verdict.request.entities if e and e.strip())
            names = [*entities, *(m.name for m in verdict.mentions)]
            body = texts.full[texts.base : texts.base + LEARNED_CHARS]
            views = entity_views(body, texts.title, names, verdict.result())
            feats, ctx = entity_inputs(views, verdict.probability)
            named += feats
            contexts += ctx
            owners.append((index, [v.name for v in views]))
        out = list(verdicts)
        if not named:
            return out
        scores = entity.probabilities(named, contexts)
        at = 0
        for index, names in owners:
            chances = dict(
                zip(names, (float(p) for p in scores[at : at + len(names)]), strict=True)
            )
            at += len(names)
            verdict = verdicts[index]
            mentions = [
                evolve(m, risk=verdict.risk and chances.get(m.name, 0.0) >= entity.threshold)
                for m in verdict.mentions
            ]
            mentions.sort(key=lambda m: -chances.get(m.name, 0.0))
            out[index] = evolve(verdict, mentions=tuple(mentions))
        return out


class EventModel:
    """The event-type model re-decides ``risk`` and guesses the event type.

    With the negative-news model on (``document_model``) and the default risk types, the
    stacker shipped in the event model (``keywords.learned_combine``) decides from both
    models' probabilities (components ``combined``).  Otherwise the mass of
    ``risk_types`` against the model's threshold says whether the document reports a
    fundraising-risk event, and a document the negative-news model flagged stays a risk
    hit unless the event model calls it other financial news (财务造假, 评级调整 ...).  ``event_guess`` holds the
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
        self.is_risk = np.array([c in self.risk_types for c in self.labels])
        self.negative = negative
        self.combiner = _combiner(events, self.risk_types, negative)

    def __call__(self, verdict: Verdict) -> Verdict:
        return self.batch([verdict])[0]

    def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
        """Every verdict of the batch through one vectorisation and one product."""
        if not verdicts:
            return []
        probs = self.model.class_probabilities(DOCUMENT_ROWS.get(verdicts, self.model.spec))
        masses = probs[:, self.is_risk].sum(axis=1)
        combined = None
        if self.combiner is not None:
            negative = np.array([v.probability for v in verdicts])
            scores = np.array([v.score for v in verdicts])
            x = combine_features(
                probs, negative, scores, self.combiner.layout, [v.evidence for v in verdicts]
            )
            combined = self.combiner.probabilities(x)
        best_risk = np.where(self.is_risk, probs, -1.0).argmax(axis=1).tolist()
        best_other = np.where(self.is_risk, -1.0, probs).argmax(axis=1).tolist()
        some_risk, all_risk = bool(self.is_risk.any()), bool(self.is_risk.all())
        mass_of = masses.tolist()
        chance_of = combined.tolist() if combined is not None else None
        out: list[Verdict] = []
        for i, verdict in enumerate(verdicts):
            risk_type = self.labels[best_risk[i]] if some_risk else OTHER
            other_type = self.labels[best_other[i]] if not all_risk else OTHER
            flagged = (
                self.negative is not None
                and "reranker" in verdict.components
                and verdict.probability >= self.negative.threshold
            )
            mass = mass_of[i]
            components = {**verdict.components, "event_risk": round(mass, 4)}
            if chance_of is not None and self.combiner is not None:
                risk = chance_of[i] >= self.combiner.threshold
                components["combined"] = round(chance_of[i], 4)
            else:
                risk = mass >= self.threshold or (flagged and other_type == OTHER)
            if framed(verdict):
                risk = verdict.risk
            guess = (risk_type, other_type)
            out.append(evolve(verdict, risk=risk, components=components, event_guess=guess))
        return out


def _combiner(
    events: Reranker, risk_types: frozenset[str], negative: Reranker | None
) -> Combiner | None:
    """The stacker shipped in the event model, when it applies: the negative-news model
    is on and the risk types are the ones it was trained for."""
    found = events.info.get("combine")
    if negative is None or not isinstance(found, dict):
        return None
    from keywords.learned_combine import Combiner

    combiner = Combiner.from_dict(found, len(events.doc.classes))
    return combiner if frozenset(combiner.risk_types) == risk_types else None


def names_a_subject(verdict: Verdict) -> bool:
    """Whether the subject ranker runs: a risk hit, or news the event model gives a type
    other than 其他 (a fraud, a rating cut ... has a subject; chatter typed 其他 mostly
    has none, and ranking it would lead with the paper's or a site's name)."""
    guess = verdict.event_guess
    return verdict.risk or (guess is not None and guess[1] != OTHER)


class Subject:
    """The subject ranker's best candidate becomes the first mention (added if missing),
    written as the text writes it (鑫盛宝 leads, also when it is an alias of 鑫盛源…公司).

    Runs on risk hits and on the other financial news the event model types (财务造假,
    评级调整 ...: its likeliest other type is not 其他), see :func:`names_a_subject`: the
    subject leads the enterprises the document is about, and on a risk hit is marked a
    risk when more likely than not the subject (``SUBJECT_LEAD``; never on other news); a
    less likely one still goes first when it is a mention already, or new and at least
    ``SUBJECT_ADD`` likely.  Candidates come from the verdict (``matched.names``), with
    the LAC tagger's names and word edges of the lead when the ranker was trained with
    them (``keywords.tagger``; the shipped ``subject.npz`` was, ``subject_fast.npz`` not).
    """

    name = "subject_model"

    def __init__(self, ranker: SubjectRanker, watch_names: Collection[str]) -> None:
        self.ranker = ranker
        self.watch_names = watch_names

    def __call__(self, verdict: Verdict) -> Verdict:
        return self.batch([verdict])[0]

    def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
        """The candidates of every document that names a subject scored in one product."""
        todo = [i for i, v in enumerate(verdicts) if names_a_subject(v)]
        out = list(verdicts)
        if not todo:
            return out
        # the body text: evidence offsets are body offsets
        docs = [(verdicts[i].request.text or "", _rules_info(verdicts[i])) for i in todo]
        names = [verdicts[i].need_matched().names for i in todo]
        for index, ranked in zip(todo, self.ranker.rank_many(docs, names=names), strict=True):
            if not ranked:
                continue
            name, chance = ranked[0]
            known = _mention_of(verdicts[index].mentions, name)
            if known is None and chance < SUBJECT_ADD:
                continue
            if name_kind(normalize(name)) in ("product", "fragment", "generic"):
                continue  # a product or a fragment is never the subject enterprise
            out[index] = self._lead(verdicts[index], name, chance, known)
        return out

    def _lead(
        self, verdict: Verdict, name: str, chance: float, lead: EnterpriseMention | None
    ) -> Verdict:
        mentions = list(verdict.mentions)
        if lead is None:
            lead = EnterpriseMention(
                name=name,
                mention=name,
                on_watchlist=normalize(name) in self.watch_names,
                risk=verdict.risk and chance >= SUBJECT_LEAD,
                score=max((m.score for m in mentions), default=verdict.score),
            )
        else:
            mentions.remove(lead)
            lead = evolve(lead, mention=name)  # the subject as this text writes it
        sure = chance >= SUBJECT_LEAD
        mentions.insert(0, evolve(lead, risk=lead.risk or (verdict.risk and sure)))
        components = {**verdict.components, "subject": round(chance, 4)}
        return evolve(verdict, mentions=tuple(mentions), components=components)


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
