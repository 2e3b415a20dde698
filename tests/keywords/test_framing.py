"""Awareness and rumour pieces are damped as a whole; named distress facts survive the framing."""

from __future__ import annotations

from keywords import Analyzer

CAMPAIGN = (
    "青禾农商银行开展防范非法集资宣传活动。"
    "活动中，青禾农商银行员工向居民讲解常见套路：承诺高息、保本保息、稳赚不赔的要当心；"
    "拉人头、发展下线返利的要远离；出现提现困难、逾期兑付、老板跑路，往往已经暴雷。"
    "该行提醒，银行不会推销年化20%的理财产品。"
)


def test_campaign_by_a_bank_is_not_a_risk(analyzer: Analyzer) -> None:
    result = analyzer.analyze(CAMPAIGN, title="青禾农商银行：警惕非法集资 守好钱袋子")
    assert not result.risk
    assert not any(m.risk for m in result.mentions)


def test_named_distress_survives_a_warning_title(analyzer: Analyzer) -> None:
    text = "近日，杭州禾丰汇投资咨询有限公司跑路，数百名投资人无法提现。警方提醒投资人理性维权。"
    result = analyzer.analyze(text, title="禾丰汇投资咨询跑路 警方提醒理性维权")
    assert result.risk
    assert result.mentions and result.mentions[0].risk


def test_rumour_rebuttal_is_damped(analyzer: Analyzer) -> None:
    result = analyzer.analyze(
        "网传该公司老板跑路，公司回应称纯属谣言，经营一切正常。", title="网传老板跑路？公司辟谣"
    )
    assert not result.risk


def test_discovery_rejects_junk_and_links_the_brand_core(analyzer: Analyzer) -> None:
    text = "此后公司承诺高息。人家公司说保本。成都有个锦鲤汇通投资咨询公司，月息3分，保本保息。锦鲤汇通已经提现困难。"
    result = analyzer.analyze(text)
    assert all(c[-2:] != "公司" or len(c) > 4 for c in result.candidates)
    assert not any(c.startswith(("此后", "人家", "有个")) for c in result.candidates)
    assert "锦鲤汇通投资咨询公司" in result.candidates
    [mention] = [m for m in result.mentions if m.name == "锦鲤汇通投资咨询公司"]
    assert mention.risk


def test_a_court_registering_a_civil_suit_is_no_criminal_case(analyzer: Analyzer) -> None:
    # 立案 counts as enforcement; a court accepting a civil dispute (立案受理, 本院立案后，
    # 依法适用普通程序) does not, while the same judgment's criminal facts still do
    civil = (
        "原告青禾小额贷款有限公司与被告杭州禾丰汇投资咨询有限公司民间借贷纠纷一案，"
        "本院于2019年3月2日立案受理。本院立案后，依法适用普通程序，公开开庭进行了审理。"
    )
    result = analyzer.analyze(civil)
    live = [e for e in result.evidence if e.cancelled_by is None]
    assert not any(e.category == "enforcement" for e in live), result.evidence
    assert {e.cancelled_by for e in result.evidence} >= {"exclusion:立案受理", "exclusion:本院立案"}
    assert not result.risk
    criminal = civil + "审理中查明，被告已因涉嫌非法吸收公众存款被公安机关立案侦查。"
    found = analyzer.analyze(criminal).evidence
    terms = {e.term for e in found if e.category == "enforcement" and e.cancelled_by is None}
    assert {"非法吸收公众存款", "立案侦查"} <= terms, terms
    police = analyzer.analyze("公安局已对禾丰汇平台立案，并冻结涉案资金。")
    assert any(e.term == "立案侦查" and e.cancelled_by is None for e in police.evidence)


def test_pyramid_as_a_figure_of_speech_is_no_pyramid_case(analyzer: Analyzer) -> None:
    for text in (
        "这个购物app天天让人拉好友砍价，弄的跟传销似的，下载一次就删了。",
        "评论称这种刷屏式的营销搞得跟传销一样，令人反感。",
        "有网友把这种内容创作模式形容为精神传销。",
    ):
        result = analyzer.analyze(text)
        live = [e for e in result.evidence if e.cancelled_by is None and e.category == "pyramid"]
        assert not live and not result.risk, (text, result.evidence)
    case = analyzer.analyze("禾丰汇公司以拉人头、层层返利的方式发展会员，涉嫌传销，已被立案侦查。")
    assert case.risk
    assert any(e.term == "传销" and e.cancelled_by is None for e in case.evidence), case.evidence


def test_a_securities_regulator_investigation_is_no_criminal_case(analyzer: Analyzer) -> None:
    # 证监会立案调查 and 立案稽查 are securities supervision: no 立案 evidence
    for text in (
        "禾丰股份(600999)因涉嫌信息披露违法违规被证监会立案调查。",
        "禾丰股份(600999)实控人违规减持遭立案稽查。",
    ):
        result = analyzer.analyze(text)
        live = [e.term for e in result.evidence if e.cancelled_by is None]
        assert "立案侦查" not in live, (text, result.evidence)
    police = analyzer.analyze("禾丰汇平台涉嫌非法吸收公众存款，公安机关已立案调查。")
    assert any(e.term == "立案侦查" and e.cancelled_by is None for e in police.evidence)


def test_a_law_named_after_illegal_fundraising_is_no_case(analyzer: Analyzer) -> None:
    text = (
        "最高人民法院、最高人民检察院、公安部联合印发"
        "《关于办理非法集资刑事案件若干问题的意见》，明确了非法性的认定依据。"
    )
    result = analyzer.analyze(text)
    held = [e for e in result.evidence if e.term == "非法集资"]
    assert held and all(e.cancelled_by == "exclusion:非法集资刑事案件" for e in held)
    assert not result.risk
