"""The enterprise risk index (0-100) and its level: the one definition every store computes.

A store aggregates, per enterprise over a window, the few figures of ``RiskInputs``
(all read from the enterprise's *risk* mentions only: a page that names it without a
risk hit adds nothing).  Each figure becomes a component in [0, 1] that saturates
(``x / (x + half)``: the documented half-point gives 0.5, and no amount of one kind
of evidence passes 1), and the index is 100 times the weighted sum of the components,
rounded to a whole number.  The components follow the five dimensions of the city
platforms (合规偏离度, 特征词命中率, 利诱性, 投诉率, 社会传播性) plus recency and
enforcement:

========== ===== ========================================================= ==========
component  weight figure (half-point)                                      dimension
========== ===== ========================================================= ==========
stories    0.25  risk stories, each counted by its top document score / 100 合规偏离度
                 (2.0: e.g. two stories scoring 100, or four scoring 50)
keywords   0.15  distinct keyword categories hit (3)                       特征词命中率
yield      0.15  highest promised annual yield above the one-year LPR      利诱性
                 (at the legal line, LPR x yield_multiple)
complaints 0.10  stories with a complaint category (2)                     投诉率
reach      0.15  sites that carried the risk documents (3)                 社会传播性
recency    0.05  age of the latest risk document (3 days: halves every 3)  时效性
enforcement 0.15 stories with an enforcement category (1)                  执法处置
========== ===== ========================================================= ==========

A story (one reprint cluster) counts at most 1 however long or often reprinted, so
one very long story cannot dominate; every figure only grows with more evidence and
every component is non-decreasing in its figure, so more evidence never lowers the
index.  SQLite calls ``risk_index`` from SQL (registered on every connection); the
engines aggregate the same figures and call it here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

COMPLAINT_CATEGORIES = ("complaints", "complaint_distress", "complaint")
"""Keyword categories of complaints (投诉、维权、报案): the complaints component."""

ENFORCEMENT_CATEGORIES = ("enforcement", "distress_enforcement")
"""Keyword categories of enforcement (立案、查封、处置): the enforcement component."""


@dataclass(frozen=True, slots=True)
class Component:
    """One part of the index: its key, weight and half-point."""

    key: str
    weight: float
    half: float
    dimension: str


STORY_HALF = 2.0
KEYWORD_HALF = 3.0
COMPLAINT_HALF = 2.0
REACH_HALF = 3.0
RECENCY_HALF_DAYS = 3.0
ENFORCEMENT_HALF = 1.0

COMPONENTS: tuple[Component, ...] = (
    Component("stories", 0.25, STORY_HALF, "合规偏离度"),
    Component("keywords", 0.15, KEYWORD_HALF, "特征词命中率"),
    Component("yield", 0.15, 0.0, "利诱性"),  # half-point: the legal line (IndexParams)
    Component("complaints", 0.10, COMPLAINT_HALF, "投诉率"),
    Component("reach", 0.15, REACH_HALF, "社会传播性"),
    Component("recency", 0.05, RECENCY_HALF_DAYS, "时效性"),
    Component("enforcement", 0.15, ENFORCEMENT_HALF, "执法处置"),
)
"""The components in display order; their weights add up to 1."""

LEVELS = ("red", "orange", "yellow", "none")
"""The levels, gravest first (labels in tianluo.labels.LEVELS)."""


@dataclass(frozen=True, slots=True)
class IndexParams:
    """What the index depends on besides the evidence: the yield line and the level cut-offs."""

    yield_base: float = 3.0
    """The one-year LPR in percent: yields at or below it add nothing."""
    yield_line: float = 12.0
    """The legal line in percent (LPR x 4): a yield there gives the yield component 0.5."""
    red: float = 70.0
    orange: float = 50.0
    yellow: float = 30.0

    def __post_init__(self) -> None:
        if not 0 < self.yellow < self.orange < self.red <= 100:
            raise ValueError(
                "level thresholds must rise 0 < yellow < orange < red <= 100, got "
                f"yellow={self.yellow:g}, orange={self.orange:g}, red={self.red:g}"
            )

    @property
    def yield_half(self) -> float:
        """The yield component's half-point: from the base to the line (the line if not above)."""
        span = self.yield_line - self.yield_base
        return span if span > 0 else max(self.yield_line, 1.0)


DEFAULT_PARAMS = IndexParams()


@dataclass(frozen=True, slots=True)
class RiskInputs:
    """The figures a store aggregates per enterprise over a window (risk mentions only)."""

    strength: float = 0.0
    """Sum over risk stories of the story's top mention score / 100 (``story_strength``)."""
    categories: int = 0
    """Distinct keyword categories of the risk documents."""
    max_yield: float | None = None
    """Highest promised annual yield (percent) in the risk documents."""
    complaints: int = 0
    """Risk stories with a complaint category."""
    sources: int = 0
    """Distinct sites that carried the risk documents."""
    last_risk: float | None = None
    """Epoch seconds (whole: ``whole_seconds``) of the latest risk document."""
    enforcement: int = 0
    """Risk stories with an enforcement category."""


def whole_seconds(epoch: float | None) -> float | None:
    """An epoch time to whole seconds (the engines keep milliseconds, SQLite more)."""
    return float(math.floor(epoch)) if epoch is not None else None


def story_strength(top: float | None) -> float:
    """One story's share of the stories figure: its top risk score / 100, at most 1."""
    if not top or top <= 0:
        return 0.0
    return min(float(top), 100.0) / 100.0


def saturate(value: float, half: float) -> float:
    """``value / (value + half)``: 0 at 0, 0.5 at ``half``, below 1 however large."""
    if value <= 0:
        return 0.0
    return value / (value + half)


def recency(last_risk: float | None, until: float) -> float:
    """1 for a risk document at ``until``, halving every RECENCY_HALF_DAYS (whole seconds)."""
    if last_risk is None:
        return 0.0
    age_days = max(math.floor(until) - math.floor(last_risk), 0) / 86400.0
    return 0.5 ** (age_days / RECENCY_HALF_DAYS)


def components(
    inputs: RiskInputs, until: float, params: IndexParams = DEFAULT_PARAMS
) -> dict[str, float]:
    """Each component in [0, 1], by key, in COMPONENTS order."""
    # rounded: the engines keep scores and yields as 32-bit floats, SQLite as 64-bit
    excess = max(round(inputs.max_yield or 0.0, 2) - params.yield_base, 0.0)
    return {
        "stories": saturate(round(inputs.strength, 4), STORY_HALF),
        "keywords": saturate(inputs.categories, KEYWORD_HALF),
        "yield": saturate(excess, params.yield_half),
        "complaints": saturate(inputs.complaints, COMPLAINT_HALF),
        "reach": saturate(inputs.sources, REACH_HALF),
        "recency": recency(inputs.last_risk, until),
        "enforcement": saturate(inputs.enforcement, ENFORCEMENT_HALF),
    }


def weighted(parts: dict[str, float]) -> float:
    """100 x the weighted sum of the components, rounded half up to a whole number."""
    total = sum(c.weight * parts[c.key] for c in COMPONENTS)
    return float(math.floor(100.0 * total + 0.5))


def risk_index(inputs: RiskInputs, until: float, params: IndexParams = DEFAULT_PARAMS) -> float:
    """The enterprise risk index 0-100 (0 without any risk story)."""
    if round(inputs.strength, 4) <= 0:
        return 0.0
    return weighted(components(inputs, until, params))


def risk_level(index: float, params: IndexParams = DEFAULT_PARAMS) -> str:
    """``red``, ``orange``, ``yellow`` or ``none``: the highest threshold the index reaches."""
    if index >= params.red:
        return "red"
    if index >= params.orange:
        return "orange"
    if index >= params.yellow:
        return "yellow"
    return "none"


@dataclass(frozen=True, slots=True)
class Assessment:
    """An enterprise's index, level and components from its inputs."""

    index: float
    level: str
    components: dict[str, float]


def assess(inputs: RiskInputs, until: float, params: IndexParams = DEFAULT_PARAMS) -> Assessment:
    """The index, its level and each component (what a report shows)."""
    index = risk_index(inputs, until, params)
    return Assessment(index, risk_level(index, params), components(inputs, until, params))


def sql_risk_index(params: IndexParams) -> Callable[..., float]:
    """``risk_index`` as a function of plain SQL values, for sqlite3's create_function."""

    def call(
        strength: float | None,
        categories: int | None,
        max_yield: float | None,
        complaints: int | None,
        sources: int | None,
        last_risk: float | None,
        enforcement: int | None,
        until: float,
    ) -> float:
        inputs = RiskInputs(
            strength=float(strength or 0.0),
            categories=int(categories or 0),
            max_yield=max_yield,
            complaints=int(complaints or 0),
            sources=int(sources or 0),
            last_risk=last_risk,
            enforcement=int(enforcement or 0),
        )
        return risk_index(inputs, until, params)

    return call
