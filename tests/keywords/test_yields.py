"""Promised yields: parsing to annualised percentages and the flag line."""

from __future__ import annotations

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths, extract_yields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年化收益率 18%", [18.0]),
        ("年化15%-20%", [15.0, 20.0]),
        ("月息2分", [24.0]),
        ("月息1.5%", [18.0]),
        ("日息千分之三", [109.5]),
        ("年息一毛", [10.0]),
        ("年息8厘", [8.0]),
        ("月息一分半", [18.0]),
        ("承诺18%的年化收益", [18.0]),
        ("预期收益率12%", [12.0]),
        ("年化收益率达到百分之二十", [20.0]),
        ("年化收益率１８％", [18.0]),
        ("5分钟后到达", []),
        ("2018年18%的股份", []),
    ],
)
def test_extract_yields(text: str, expected: list[float]) -> None:
    from keywords.matcher import normalize

    assert [v for v, _s, _e in extract_yields(normalize(text))] == pytest.approx(expected)


def test_flag_above_line(analyzer: Analyzer) -> None:
    high = analyzer.analyze("产品年化收益率18%")
    low = analyzer.analyze("产品年化收益率4%")
    assert high.yield_flag and high.yield_max == 18.0
    assert not low.yield_flag and low.yields == [4.0]
    assert any(e.rule == "yield_above_line" for e in high.evidence)


def test_line_is_configurable() -> None:
    config = AnalyzerConfig(lpr_one_year=3.0, yield_multiple=8.0)
    assert config.yield_line == 24.0
    analyzer = Analyzer.from_files(default_set_paths(), None, config)
    assert not analyzer.analyze("产品年化收益率18%").yield_flag
    assert analyzer.analyze("日息千分之三").yield_flag


def test_yield_in_awareness_sentence_is_not_flagged(analyzer: Analyzer) -> None:
    assert not analyzer.analyze("警惕承诺年化收益30%以上的理财产品").yield_flag
