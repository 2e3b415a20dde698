"""The enterprise risk index: bounded, monotone in every figure, levels at their thresholds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keywords.enterprise_score import (
    COMPONENTS,
    DEFAULT_PARAMS,
    IndexParams,
    RiskInputs,
    assess,
    components,
    risk_index,
    risk_level,
    saturate,
    story_strength,
)

UNTIL = 1_800_000_000.0
DAY = 86400.0

inputs_strategy = st.builds(
    RiskInputs,
    strength=st.floats(0, 500, allow_nan=False),
    categories=st.integers(0, 200),
    max_yield=st.one_of(st.none(), st.floats(0, 2000, allow_nan=False)),
    complaints=st.integers(0, 500),
    sources=st.integers(0, 500),
    last_risk=st.one_of(st.none(), st.floats(UNTIL - 400 * DAY, UNTIL, allow_nan=False)),
    enforcement=st.integers(0, 500),
)


def more(inputs: RiskInputs, extra: RiskInputs) -> RiskInputs:
    """``inputs`` with the evidence of ``extra`` added (figures can only grow)."""
    latest = [t for t in (inputs.last_risk, extra.last_risk) if t is not None]
    yields = [y for y in (inputs.max_yield, extra.max_yield) if y is not None]
    return RiskInputs(
        strength=inputs.strength + extra.strength,
        categories=inputs.categories + extra.categories,
        max_yield=max(yields) if yields else None,
        complaints=inputs.complaints + extra.complaints,
        sources=inputs.sources + extra.sources,
        last_risk=max(latest) if latest else None,
        enforcement=inputs.enforcement + extra.enforcement,
    )


def test_weights_add_up_to_one_and_every_component_is_documented() -> None:
    assert sum(c.weight for c in COMPONENTS) == pytest.approx(1.0)
    keys = [c.key for c in COMPONENTS]
    assert keys == list(components(RiskInputs(), UNTIL))
    assert len(set(keys)) == len(keys)


@given(inputs_strategy)
def test_the_index_is_a_whole_number_from_0_to_100(inputs: RiskInputs) -> None:
    index = risk_index(inputs, UNTIL)
    assert 0 <= index <= 100
    assert index == int(index)
    assert all(0 <= v <= 1 for v in components(inputs, UNTIL).values())


@given(inputs_strategy, inputs_strategy)
def test_more_evidence_never_lowers_the_index(inputs: RiskInputs, extra: RiskInputs) -> None:
    assert risk_index(more(inputs, extra), UNTIL) >= risk_index(inputs, UNTIL)
    grown = components(more(inputs, extra), UNTIL)
    for key, value in components(inputs, UNTIL).items():
        assert grown[key] >= value, key


def test_no_risk_story_is_zero_whatever_else() -> None:
    loud = RiskInputs(0.0, 50, 80.0, 20, 30, UNTIL, 10)
    assert risk_index(loud, UNTIL) == 0
    assert risk_level(0) == "none"


def test_one_story_counts_at_most_one_however_long() -> None:
    assert story_strength(100) == story_strength(10_000) == 1.0
    assert story_strength(None) == story_strength(-3) == 0.0
    one_long = RiskInputs(story_strength(10_000), 3, None, 0, 1, UNTIL, 0)
    three = RiskInputs(3 * story_strength(60), 3, None, 0, 3, UNTIL, 0)
    assert risk_index(one_long, UNTIL) < risk_index(three, UNTIL)


def test_half_points_give_one_half() -> None:
    assert saturate(0, 3) == 0.0
    assert saturate(3, 3) == 0.5
    assert saturate(1e9, 3) < 1.0
    at_line = RiskInputs(1.0, max_yield=DEFAULT_PARAMS.yield_line, last_risk=UNTIL - 3 * DAY)
    parts = components(at_line, UNTIL)
    assert parts["yield"] == pytest.approx(0.5)
    assert parts["recency"] == pytest.approx(0.5)
    assert components(replace(at_line, max_yield=DEFAULT_PARAMS.yield_base), UNTIL)["yield"] == 0


def test_the_yield_line_comes_from_the_params() -> None:
    inputs = RiskInputs(1.0, max_yield=8.0, last_risk=UNTIL)
    strict = IndexParams(yield_base=2.0, yield_line=8.0)
    assert components(inputs, UNTIL, strict)["yield"] == pytest.approx(0.5)
    assert risk_index(inputs, UNTIL, strict) > risk_index(inputs, UNTIL)


@pytest.mark.parametrize(
    ("index", "level"),
    [
        (0, "none"),
        (29, "none"),
        (30, "yellow"),
        (49, "yellow"),
        (50, "orange"),
        (69, "orange"),
        (70, "red"),
        (100, "red"),
    ],
)
def test_default_levels(index: float, level: str) -> None:
    assert risk_level(index) == level


def test_levels_follow_other_thresholds() -> None:
    params = IndexParams(red=90, orange=60, yellow=10)
    assert [risk_level(i, params) for i in (9, 10, 59, 60, 89, 90)] == [
        "none",
        "yellow",
        "yellow",
        "orange",
        "orange",
        "red",
    ]


def test_thresholds_must_rise() -> None:
    with pytest.raises(ValueError, match="yellow < orange < red"):
        IndexParams(red=50, orange=60, yellow=10)


def test_a_strong_case_is_red_and_a_single_weak_hit_is_not() -> None:
    strong = RiskInputs(4.0, 7, 36.0, 4, 6, UNTIL - DAY / 2, 2)
    weak = RiskInputs(0.3, 1, None, 0, 1, UNTIL, 0)
    assert assess(strong, UNTIL).level == "red"
    assert assess(weak, UNTIL).level == "none"


def test_every_component_and_level_has_a_chinese_label() -> None:
    from keywords.enterprise_score import LEVELS
    from tianluo import labels

    assert list(labels.INDEX_COMPONENTS) == [c.key for c in COMPONENTS]
    assert list(labels.LEVELS) == list(LEVELS)
    assert labels.index_text(82, "red") == "风险指数 82（红色）"
    assert labels.index_text(12, "none") == "风险指数 12（未达预警等级）"
