"""Awareness, education and rebuttal pieces are judged as a whole: never a risk hit.

A report of a specific case stays a risk hit even under a warning title; the veto also
holds over a learned re-ranker that would call the piece a risk.  The texts are written
for these tests.
"""

from __future__ import annotations

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.learned import HashSpec
from tianluo.app.training import train_finese

AWARENESS = [
    (
        "揭秘非法集资五大套路",
        "不法分子往往承诺保本保息、年化20%以上的高额回报，鼓励拉人头、发展下线，"
        "等到资金链断裂，就会出现提现困难、老板跑路，投资人血本无归。",
    ),
    (
        "以案说法：集资诈骗罪与非法吸收公众存款罪有何区别",
        "集资诈骗罪以非法占有为目的，非法吸收公众存款罪则不要求。两者都可能判处有期徒刑，"
        "涉案资金由公安机关立案侦查后依法追缴。",
    ),
    (
        "青禾街道开展防范非法集资集中宣传活动",
        "6月15日，青禾街道联合辖区银行在广场开展防范非法集资宣传，工作人员向居民讲解"
        "以养老为名的骗局：承诺高息返利、稳赚不赔的，往往借新还旧，最终无法兑付。",
    ),
    (
        "反诈宣传进校园 民警为师生讲解防骗知识",
        "民警结合案例介绍了刷单返利、虚假投资理财等诈骗手法，提醒大家不要轻信高额回报，"
        "遇到可疑情况及时报警。",
    ),
    (
        "风险提示：警惕以虚拟货币为名的非法集资",
        "近期，一些机构以虚拟货币、区块链为幌子，承诺年化收益率30%，要求发展会员、层级返利。"
        "此类活动涉嫌传销与非法集资，请广大群众远离。",
    ),
    (
        "网传远航物流老板跑路？公司辟谣：纯属谣言",
        "近日有消息称远航物流老板跑路、员工工资发不出。公司发布声明称网传信息系谣言，"
        "经营一切正常。",
    ),
    (
        "",
        "警方提醒：凡是承诺高额回报、保本保息、拉人头返利的投资项目，都可能涉嫌非法集资，"
        "一旦出现提现困难就要及时报案。",
    ),
]

CASES = [
    (
        "提醒！禾丰汇平台老板跑路 数百投资人无法提现",
        "近日，禾丰汇平台实际控制人失联，数百名投资人无法提现，已有投资人报案。",
    ),
    (
        "警方提醒：某投资公司涉嫌非法吸收公众存款被立案侦查",
        "6月3日，警方通报，某投资公司以高息为诱饵吸收公众资金，已被立案侦查，"
        "请投资人到公安机关登记。",
    ),
    (
        "揭秘鑫盛宝暴雷始末：高息揽储三年 老板卷款跑路",
        "鑫盛宝平台三年来承诺年化18%，如今老板卷款跑路，投资人无法提现。",
    ),
    (
        "",
        "警示：瑞丰汇通投资公司涉嫌非法集资已被立案侦查，实际控制人被刑事拘留。",
    ),
]


@pytest.mark.parametrize(("title", "text"), AWARENESS)
def test_awareness_pieces_are_never_risk_hits(analyzer: Analyzer, title: str, text: str) -> None:
    result = analyzer.analyze(text, title=title)
    assert result.awareness and result.awareness_reason
    assert not result.risk and result.score == 0
    assert result.categories == [] and result.terms == [] and not result.yield_flag
    assert not any(m.risk for m in result.mentions)
    assert result.evidence  # the words are still shown: the judgement is of the document


@pytest.mark.parametrize(("title", "text"), CASES)
def test_a_report_of_a_case_is_not_awareness(
    watch_analyzer: Analyzer, title: str, text: str
) -> None:
    result = watch_analyzer.analyze(text, title=title)
    assert not result.awareness
    assert result.risk, result.components


def test_the_named_organiser_of_a_campaign_is_not_at_risk(watch_analyzer: Analyzer) -> None:
    text = (
        "恒通达投资管理有限公司的志愿者来到社区，开展防范非法集资宣传，讲解保本保息、"
        "拉人头返利、老板跑路等常见套路，提醒居民远离高息诱惑。"
    )
    result = watch_analyzer.analyze(text, title="警惕非法集资 恒通达志愿者走进社区")
    assert result.awareness and not result.risk
    assert result.mentions and not any(m.risk for m in result.mentions)


def test_the_veto_holds_over_a_re_ranker(analyzer: Analyzer) -> None:
    # a model taught that anything about 非法集资 is a risk: it calls awareness pieces risky
    rows = [(str(i), f"{t}。{x}", "涉嫌非法集资", "") for i, (t, x) in enumerate(AWARENESS)]
    rows += [(str(50 + i), f"{t}。{x}", "涉嫌非法集资", "") for i, (t, x) in enumerate(CASES)]
    plain = ["社区举办书法比赛", "球队在主场赢得比赛", "新图书馆下周开放", "公园新开了一片花海"]
    rows += [(str(100 + i), f"{p}，居民踊跃参加。", "其他", "NaN") for i, p in enumerate(plain * 3)]
    spec = HashSpec(named_features=1 << 8, text_features=1 << 13)
    model, _ = train_finese(analyzer, rows, folds=2, spec=spec)
    ranked = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig(reranker=model))
    title, text = AWARENESS[0]
    result = ranked.analyze(text, title=title)
    assert result.components["reranker"] >= model.threshold  # the model says risk ...
    assert not result.risk and result.awareness  # ... the judgement of the document wins
    case_title, case_text = CASES[1]
    assert ranked.analyze(case_text, title=case_title).risk


@pytest.mark.parametrize(
    ("title", "lead", "aware"),
    [
        ("以案说法：非法集资的法律后果", "公安机关立案侦查后，会依法追缴涉案资金。", True),
        ("以案说法：非法集资的法律后果", "警方对某投资公司立案侦查，追缴涉案资金。", False),
        ("警方提醒", "凡是承诺保本保息的，都可能涉嫌非法集资。", True),
        ("网传远航物流老板涉嫌诈骗被抓？", "公司辟谣：纯属谣言，老板正常上班。", True),
        ("警方提醒", "瑞丰汇通投资公司法定代表人已被刑事拘留。", False),
    ],
)
def test_a_case_is_one_the_lead_reports_as_a_fact(
    analyzer: Analyzer, title: str, lead: str, aware: bool
) -> None:
    text = lead + "此类项目往往承诺高额回报、拉人头返利，最终提现困难。"
    assert analyzer.analyze(text, title=title).awareness is aware


@pytest.mark.parametrize(
    ("text", "spared"),
    [
        # the awareness word is about the named enterprise between it and the hit
        ("投资人揭秘鑫盛宝非法集资套路：交了保证金才能领任务。", True),
        ("警惕鑫盛宝跑路，已有投资人报案。", True),
        # the word directly frames the hit: a campaign, whoever is named before it
        ("揭秘非法集资套路：交了保证金才能领任务。", False),
        ("恒通达提醒居民警惕非法集资。", False),
    ],
)
def test_an_awareness_word_about_a_named_enterprise_keeps_its_hit(
    watch_analyzer: Analyzer, text: str, spared: bool
) -> None:
    result = watch_analyzer.analyze(text)
    events = [e for e in result.evidence if e.category in ("enforcement", "absconding")]
    assert events
    live = [e for e in events if e.cancelled_by is None]
    assert bool(live) is spared, [(e.term, e.cancelled_by) for e in events]
    if spared:
        assert result.risk and result.mentions[0].name == "鑫盛源财富管理有限公司"


def test_a_do_not_spread_rumours_plea_is_no_rebuttal(analyzer: Analyzer) -> None:
    # victims often end with the slogan 不信谣、不传谣: the case they report stays a risk
    plea = (
        "警方已对鑫盛宝平台非法吸收公众存款立案侦查，至今没有公布案件进度，"
        "我们要求公布资金去向，这样受害人才能不信谣，不传谣！"
    )
    result = analyzer.analyze(plea)
    assert result.risk and not result.awareness
    assert all(e.cancelled_by is None for e in result.evidence if e.category == "enforcement")
    # a rebuttal that says so is still one, slogan or not
    rebuttal = analyzer.analyze("网传鑫盛宝平台老板跑路系谣言，请广大市民不信谣、不传谣。")
    assert rebuttal.awareness and not rebuttal.risk
    # the plea without its slogan's 不 is a rumour context again
    spread = analyzer.analyze(plea.replace("不信谣，不传谣", "不再听信有人传谣"))
    assert any((e.cancelled_by or "").startswith("rumor") for e in spread.evidence), spread.evidence
