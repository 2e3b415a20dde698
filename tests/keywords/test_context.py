"""Awareness, rumour and negation contexts cancel hits; ordinary news is not a hit."""

from __future__ import annotations

import pytest

from keywords import Analyzer

AWARENESS = [
    "警惕非法集资！揭秘庞氏骗局：保本保息、高额返利都是陷阱。",
    "防范非法集资宣传月活动启动，提醒市民远离高息诱惑。",
    "辟谣：网传某银行暴雷跑路纯属谣言。",
    "谨防拉人头、发展下线的传销陷阱。",
]
ORDINARY = [
    "公司今日发布2019年年度报告，营业收入同比增长18%，拟每10股派发现金红利2元。",
    "市交通委表示，地铁五号线南延段将于年底开通运营。",
    "该行一年期定期存款利率为1.75%。",
]


@pytest.mark.parametrize("text", AWARENESS)
def test_awareness_articles_are_not_hits(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert not result.risk
    assert result.score < 20


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_company_news_is_not_a_hit(analyzer: Analyzer, text: str) -> None:
    result = analyzer.analyze(text)
    assert not result.risk
    assert not result.yield_flag


def test_cancelled_evidence_says_why(analyzer: Analyzer) -> None:
    result = analyzer.analyze("警惕庞氏骗局")
    (evidence,) = result.evidence
    assert evidence.term == "庞氏骗局"
    assert evidence.cancelled_by == "awareness:警惕"
    assert evidence.weight == 0


def test_negation_cancels(analyzer: Analyzer) -> None:
    result = analyzer.analyze("平台运营正常，不存在逾期，也没有跑路。")
    assert result.terms == []
    reasons = {e.cancelled_by for e in result.evidence}
    assert reasons == {"negation:不存在", "negation:没有"}


def test_context_in_another_sentence_does_not_cancel(analyzer: Analyzer) -> None:
    result = analyzer.analyze("大家要警惕。该平台老板已经跑路，投资人无法提现。")
    assert result.risk
    assert {"跑路", "提现困难"} <= set(result.terms)


def test_awareness_title_damps_body(analyzer: Analyzer) -> None:
    plain = analyzer.analyze("某平台跑路，投资人无法提现。")
    damped = analyzer.analyze("某平台跑路，投资人无法提现。", title="如何识别非法集资")
    assert damped.score < plain.score
    assert any((e.damped_by or "").startswith("title_awareness") for e in damped.evidence)


def test_exclusion_phrase_cancels(analyzer: Analyzer) -> None:
    result = analyzer.analyze("我市开展打击非法集资专项行动。")
    assert [e.cancelled_by for e in result.evidence] == ["exclusion:打击非法集资"]


def test_real_event_is_a_hit(analyzer: Analyzer) -> None:
    text = "上海某投资管理有限公司涉嫌非法吸收公众存款，已被公安机关立案侦查，老板跑路失联。"
    result = analyzer.analyze(text)
    assert result.risk and result.score > 70
    assert {"enforcement", "absconding"} <= set(result.categories)
