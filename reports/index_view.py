"""The enterprise risk index as a reader sees it: each component, its figure and its meaning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from indexer.base import EnterpriseScore
from keywords.enterprise_score import (
    COMPLAINT_HALF,
    COMPONENTS,
    DEFAULT_PARAMS,
    ENFORCEMENT_HALF,
    KEYWORD_HALF,
    REACH_HALF,
    RECENCY_HALF_DAYS,
    STORY_HALF,
    IndexParams,
    RiskInputs,
)
from tianluo.labels import INDEX_COMPONENTS


@dataclass(frozen=True, slots=True)
class ComponentRow:
    """One line of an index breakdown: name, the figure, its points of the maximum, meaning."""

    key: str
    label: str
    figure: str
    half: str
    value: float
    points: float
    max_points: float
    meaning: str


def _age(last_risk: float | None, until: datetime) -> str:
    if last_risk is None:
        return "无风险文档"
    hours = max(until.timestamp() - last_risk, 0.0) / 3600.0
    if hours < 1:
        return "最近一篇不到 1 小时前"
    if hours < 48:
        return f"最近一篇 {hours:.0f} 小时前"
    return f"最近一篇 {hours / 24:.0f} 天前"


def _figure(key: str, inputs: RiskInputs, until: datetime, params: IndexParams) -> str:
    if key == "stories":
        return f"折合 {inputs.strength:.1f} 起"
    if key == "keywords":
        return f"{inputs.categories} 类"
    if key == "yield":
        if inputs.max_yield is None:
            return f"无（红线 {params.yield_line:g}%）"
        return f"最高 {inputs.max_yield:.1f}%（LPR {params.yield_base:g}%，红线 {params.yield_line:g}%）"
    if key == "complaints":
        return f"{inputs.complaints} 起"
    if key == "reach":
        return f"{inputs.sources} 个网站"
    if key == "recency":
        return _age(inputs.last_risk, until)
    return f"{inputs.enforcement} 起"


def _half(key: str, params: IndexParams) -> str:
    """The figure at which a component gives half its points."""
    halves = {
        "stories": f"{STORY_HALF:g} 起",
        "keywords": f"{KEYWORD_HALF:g} 类",
        "yield": f"{params.yield_line:g}%（红线）",
        "complaints": f"{COMPLAINT_HALF:g} 起",
        "reach": f"{REACH_HALF:g} 个网站",
        "recency": f"{RECENCY_HALF_DAYS:g} 天前",
        "enforcement": f"{ENFORCEMENT_HALF:g} 起",
    }
    return halves[key]


def breakdown(
    score: EnterpriseScore, until: datetime, params: IndexParams = DEFAULT_PARAMS
) -> list[ComponentRow]:
    """The components of ``score``'s index in documentation order (points out of 100)."""
    rows = []
    for component in COMPONENTS:
        label, meaning = INDEX_COMPONENTS[component.key]
        value = score.components.get(component.key, 0.0)
        rows.append(
            ComponentRow(
                key=component.key,
                label=label,
                figure=_figure(component.key, score.inputs, until, params),
                half=_half(component.key, params),
                value=value,
                points=round(100.0 * component.weight * value, 1),
                max_points=round(100.0 * component.weight, 1),
                meaning=meaning,
            )
        )
    return rows


def levels_note(params: IndexParams = DEFAULT_PARAMS) -> str:
    """The level thresholds in words: ``70 及以上红色、50 及以上橙色、30 及以上黄色``."""
    return (
        f"{params.red:g} 及以上红色、{params.orange:g} 及以上橙色、"
        f"{params.yellow:g} 及以上黄色，其下无预警等级"
    )
