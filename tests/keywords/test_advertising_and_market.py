"""A platform's advertising never cancels distress beside it; market rates are no promise.

The texts are written for these tests.
"""

from __future__ import annotations

import pytest

from keywords import Analyzer

ADVERTISED_THEN_DISTRESS = [
    "这个平台当初宣传100%本息保障，现在提现困难、逾期兑付全来了。",
    "公司号称保本保息，如今老板失联，投资人血本无归。",
    "平台声称年化15%稳赚不赔，结果上个月开始无法提现，客服也联系不上。",
    "当初业务员宣称刚性兑付，现在平台暴雷，本金无法收回。",
    "打着保本保息的旗号吸收资金，如今已被立案侦查。",
]


@pytest.mark.parametrize("text", ADVERTISED_THEN_DISTRESS)
def test_advertising_does_not_cancel_distress_beside_it(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert result.risk, result.components
    assert not any(e.cancelled_by for e in result.evidence if e.category in DISTRESS)
    promises = [e for e in result.evidence if e.category == "promise_return"]
    assert promises and all("advertising" not in (e.damped_by or "") for e in promises)


DISTRESS = {"distress", "absconding", "enforcement"}


@pytest.mark.parametrize("verb", ["宣传", "号称", "声称"])
def test_advertising_alone_damps_only_the_promise(analyzer: Analyzer, verb: str) -> None:
    plain = analyzer.analyze("很多理财产品保本保息。")
    claimed = analyzer.analyze(f"很多理财产品{verb}保本保息。")
    [before] = [e for e in plain.evidence if e.term == "保本保息"]
    [after] = [e for e in claimed.evidence if e.term == "保本保息"]
    assert after.cancelled_by is None and after.damped_by == f"advertising:{verb}"
    assert 0 < after.weight < before.weight


MARKET = [
    ("多家银行下调存款利率", "一年期定期存款年利率降至1.5%，三年期大额存单利率普遍降至2.6%以下。"),
    ("货币基金收益走低", "上周货币基金七日年化收益率约为1.8%，较上月下降0.1个百分点。"),
    ("银行理财收益下行", "银行理财年化收益率普遍在3%左右，净值型产品不再保本。"),
    ("储蓄国债开售", "本期储蓄国债年利率2.38%，投资者可到银行网点购买。"),
]


@pytest.mark.parametrize(("title", "text"), MARKET)
def test_market_rates_are_no_promised_yield_and_no_risk(
    analyzer: Analyzer, title: str, text: str
) -> None:
    result = analyzer.analyze(text, title=title)
    assert result.yields == [] and not result.yield_flag
    assert not result.risk
    assert "yield" not in result.components


def test_a_deposit_rate_report_with_a_caution_is_no_risk(analyzer: Analyzer) -> None:
    text = (
        "节后多家城商行下调大额存单利率，现金管理类理财产品七日年化收益率约为2.1%。"
        "业内人士表示，存款利率下行是正常现象，投资者应对宣称“高收益、零风险”的产品保持警惕。"
    )
    result = analyzer.analyze(text, title="大额存单利率再下调 理财收益走低")
    assert not result.risk and result.yields == []


@pytest.mark.parametrize(
    "text",
    [
        "鑫盛宝承诺年化18%，远超银行存款利率。",
        "该平台给出比银行定期存款利率高出数倍的年化18%收益。",
        "某平台承诺年化15%，是银行存款的五倍，稳赚不赔。",
    ],
)
def test_an_offer_compared_with_market_rates_is_still_a_promise(
    analyzer: Analyzer, text: str
) -> None:
    result = analyzer.analyze(text)
    assert result.yield_flag and max(result.yields) >= 15
