"""What flows between the analysis stages: the request, and a frozen verdict that grows.

Each stage takes a :class:`Verdict` and returns a new one (``keywords.pipeline.evolve``,
or ``dataclasses.replace``); ``trace`` names the stages it went through, in order.  :class:`AnalysisResult` is the
mutable record handed to callers and to the learned models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tianluo.models import EnterpriseMention, Evidence

if TYPE_CHECKING:
    from keywords.candidates import DocNames
    from keywords.context import Awareness, Judged
    from keywords.lexicon import BlockSegmenter
    from keywords.matcher import Hit, Span
    from keywords.normalize import Normalised
    from keywords.scoring import Scored


@dataclass(slots=True)
class AnalysisResult:
    """One document's analysis.

    Offsets in ``evidence`` are into ``text``, or into the title for evidence with
    ``in_title``.  ``tokens`` are the jieba tokens (two or more characters) of the
    sentences that hold a hit, a context word or a name, plus every linked enterprise
    name: enough to index the evidence without segmenting the whole text.
    """

    risk: bool = False
    score: float = 0.0
    categories: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    mentions: list[EnterpriseMention] = field(default_factory=list)
    yields: list[float] = field(default_factory=list)
    yield_max: float | None = None
    yield_flag: bool = False
    tokens: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    components: dict[str, float] = field(default_factory=dict)
    awareness: bool = False
    """An awareness, education or rebuttal piece (揭秘, 以案说法, 辟谣 …): never a risk hit."""
    awareness_reason: str = ""
    """The framing that made it one, ``context:word`` (title_awareness:以案说法)."""

    def mark_awareness(self, reason: str) -> None:
        """Judge the whole document an awareness piece: no risk, and none of its words count."""
        self.risk, self.score, self.awareness, self.awareness_reason = False, 0.0, True, reason
        self.categories, self.terms, self.yield_flag = [], [], False

    event_type: str | None = None
    """One label of keywords.event_types.EVENT_TYPES (None: not classified)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What the caller asked to analyse."""

    text: str
    title: str = ""
    source_type: str = "news"
    entities: tuple[str, ...] = ()
    reach: int = 1


@dataclass(frozen=True, slots=True)
class Texts:
    """The ``normalise`` stage's output: title and body joined, and its normalised form.

    Hits, spans and names are offsets into ``norm``; ``normed`` maps them back to
    ``full`` (evidence, mentions and snippets are in the original text).
    """

    full: str
    """``title\\nbody`` as written (or the body alone): evidence snippets come from here."""
    base: int
    """Offset of the body in ``full`` (0 without a title)."""
    normed: Normalised
    """``full`` normalised for matching (``keywords.normalize``), with its offset map."""

    @property
    def norm(self) -> str:
        return self.normed.text

    @property
    def title(self) -> str:
        return self.full[: self.base - 1] if self.base else ""


@dataclass(frozen=True, slots=True)
class Matched:
    """The ``match`` stage's output: keyword and context hits over the normalised text, and
    the document's candidate names (found when a stage first asks, then shared)."""

    seg: BlockSegmenter
    hits: tuple[Hit, ...]
    spans: tuple[Span, ...]
    yield_triggers: tuple[int, ...]
    names: DocNames


@dataclass(frozen=True)
class Verdict:
    """The analysis so far; every stage returns a new one.

    Not slotted: ``evolve`` copies an instance dictionary in one step, four times
    faster than slot by slot, and every stage makes one copy.
    """

    request: Request
    texts: Texts | None = None
    matched: Matched | None = None
    judged: tuple[Judged, ...] = ()
    """Every keyword hit with what its contexts did to it (cancelled ones too)."""
    scored: tuple[Scored, ...] = ()
    """Live evidence the score is made of: term hits, fired rules, the top yield."""
    frame: float = 1.0
    """The strongest damping of the document's framing (awareness title or lead), 1 if none."""
    aware: Awareness | None = None
    """Why the rules judge the whole document an awareness piece (applied by its stage)."""
    evidence: tuple[Evidence, ...] = ()
    categories: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    yields: tuple[float, ...] = ()
    yield_flag: bool = False
    components: Mapping[str, float] = field(default_factory=dict)
    multiplier: float = 1.0
    """Source weight × reach multiplier, applied to the document and enterprise scores."""
    score: float = 0.0
    risk: bool = False
    probability: float = 0.0
    """The document model's probability (0 without one)."""
    mentions: tuple[EnterpriseMention, ...] = ()
    candidates: tuple[str, ...] = ()
    awareness: bool = False
    awareness_reason: str = ""
    event_guess: tuple[str, str] | None = None
    """The event model's likeliest risk type and likeliest other type (None without it)."""
    event_type: str | None = None
    tokens: tuple[str, ...] = ()
    trace: tuple[str, ...] = ()
    """Names of the stages this verdict went through, in order."""

    def need_texts(self) -> Texts:
        if self.texts is None:
            raise RuntimeError("this stage runs after the normalise stage")
        return self.texts

    def need_matched(self) -> Matched:
        if self.matched is None:
            raise RuntimeError("this stage runs after the match stage")
        return self.matched

    def result(self) -> AnalysisResult:
        """The verdict as the mutable record callers and the learned models read."""
        return AnalysisResult(
            risk=self.risk,
            score=self.score,
            categories=list(self.categories),
            terms=list(self.terms),
            evidence=list(self.evidence),
            mentions=list(self.mentions),
            yields=list(self.yields),
            yield_max=max(self.yields) if self.yields else None,
            yield_flag=self.yield_flag,
            tokens=list(self.tokens),
            candidates=list(self.candidates),
            components=dict(self.components),
            awareness=self.awareness,
            awareness_reason=self.awareness_reason,
            event_type=self.event_type,
        )
