"""The public API: result shape, enterprise ranking, explain, categories, threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from keywords import Analyzer
from tianluo.models import EnterpriseMention, Evidence


def test_result_shape(analyzer: Analyzer) -> None:
    text = "某理财平台承诺年化收益率18%，保本保息，未经批准向社会不特定对象吸收资金。"
    result = analyzer.analyze(text, source_type="p2p", reach=8)
    assert result.risk and 0 < result.score <= 100
    assert "promise_return" in result.categories
    assert "保本保息" in result.terms
    assert all(isinstance(e, Evidence) for e in result.evidence)
    assert all(isinstance(m, EnterpriseMention) for m in result.mentions)
    assert result.yields == [18.0] and result.yield_max == 18.0 and result.yield_flag
    assert "保本保息" in result.tokens
    for ev in result.evidence:
        assert text[ev.start : ev.end] and text[ev.start : ev.end] in ev.snippet
    assert any(e.rule == "legal_definition" for e in result.evidence)


def test_evidence_offsets_point_into_text(analyzer: Analyzer) -> None:
    text = "据报道，该平台老板跑路。"
    result = analyzer.analyze(text, title="突发")
    (ev,) = [e for e in result.evidence if e.kind == "term"]
    assert text[ev.start : ev.end] == "跑路"
    assert "跑路" in ev.snippet


def test_source_and_reach_raise_the_score(analyzer: Analyzer) -> None:
    text = "该平台出现逾期，投资人投诉。"
    news = analyzer.analyze(text).score
    assert analyzer.analyze(text, source_type="p2p").score > news
    assert analyzer.analyze(text, reach=50).score > news


def test_enterprises_ranked_by_proximity_to_evidence(analyzer: Analyzer) -> None:
    text = (
        "甲银行发布年度报告，经营稳健。另一方面，乙财富平台老板卷款跑路，投资人无法提现，"
        "警方已立案侦查。"
    )
    result = analyzer.analyze(text, entities=["甲银行", "乙财富"])
    assert [m.name for m in result.mentions][:2] == ["乙财富", "甲银行"]
    assert result.mentions[0].risk
    assert result.mentions[0].score > result.mentions[1].score


def test_explain_lists_tokens_hits_rules_and_cancellations(analyzer: Analyzer) -> None:
    info = analyzer.explain("警惕庞氏骗局。某平台承诺保本保息，月息2分，拉人头有返利。")
    assert "庞氏骗局" in info["tokens"]
    assert {h["term"] for h in info["hits"]} >= {"庞氏骗局", "保本保息", "拉人头"}
    assert {"term": "庞氏骗局", "reason": "awareness:警惕"} in info["cancellations"]
    assert any(r["rule"] == "pyramid_rebate" for r in info["rules"])
    assert info["yields"] == [24.0]


def test_categories_metadata(analyzer: Analyzer) -> None:
    cats = {c["id"]: c for c in analyzer.categories}
    assert cats["absconding"]["distress"] and cats["enforcement"]["enforcement"]
    assert all(c["label"] and c["description"] for c in cats.values())


def test_shared_across_threads(analyzer: Analyzer) -> None:
    texts = ["某平台老板跑路，投资人无法提现。", "今天天气很好。", "承诺保本保息，月息2分。"] * 30
    expected = [analyzer.analyze(t).score for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(lambda t: analyzer.analyze(t).score, texts)) == expected
