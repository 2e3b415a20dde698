"""The learned event-subject ranker: candidates, training, persistence."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import numpy as np
import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.candidates import plausible_name, spot_candidates
from keywords.configure import build_analyzer, load_subject_ranker
from keywords.subject import (
    FEATURE_VERSION,
    KIND,
    MAX_CHARS,
    Example,
    SubjectRanker,
    train_subject_ranker,
    training_matrix,
)
from tianluo.errors import ConfigError
from tianluo.settings import load_settings


def names(text: str, mentions: tuple[str, ...] = ()) -> set[str]:
    return {c.name for c in spot_candidates(text, mentions)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "湖南瑞丰汇通财富管理有限公司涉嫌集资诈骗，公安机关已经立案。",
            "湖南瑞丰汇通财富管理有限公司",
        ),
        ("昨日，华信达股份(600321)的控股股东被冻结股份", "华信达股份"),
        ("有网友称“金砖宝”平台已经停止兑付。", "金砖宝"),
        ("盈利多理财平台逾期半年后实控人失联", "盈利多理财"),
        ("经侦部门对恒远资产管理(杭州)有限公司涉嫌非法集资一事立案", "恒远资产管理(杭州)有限公司"),
        ("消息称，聚财猫被警方调查，鼎泰系百亿资金链断裂", "聚财猫"),
        ("消息称，聚财猫被警方调查，鼎泰系百亿资金链断裂", "鼎泰"),
        ("信融宝、惠民贷、安心财富、长盈金融等几家平台先后被查", "长盈金融"),
        ("信融宝、惠民贷、安心财富、长盈金融等几家平台先后被查", "安心财富"),
        ("通报称涉案平台包括聚金猫、融通在线、鼎鑫汇等", "聚金猫"),  # a list's items
        ("通报称涉案平台包括聚金猫、融通在线、鼎鑫汇等", "融通在线"),
        # the 等 closing a list ends its last item, however long the clause runs on
        ("涉及融金在线、雅堂金融、宜聚网、中融投等众多未兑付规模较大的平台", "中融投"),
        ("江西恒鑫源投资管理有限公司涉嫌非法集资", "恒鑫源投资管理有限公司"),  # no province
        ("该股今日停产*ST华鑫(600111)重组失败", "*ST华鑫"),  # a Latin start
        ("惠誉下调鑫瑞控股评级至B", "鑫瑞控股"),  # between two cues
    ],
)
def test_candidates_find_the_subject(text: str, expected: str) -> None:
    assert expected in names(text)


def test_a_list_item_stops_at_the_closing_deng() -> None:
    listed = {
        c.name for c in spot_candidates("涉及投之家、壹佰金融等十多家平台") if "list" in c.sources
    }
    assert "壹佰金融" in listed
    assert not any("等" in name for name in listed)


def test_candidates_are_substrings_without_separators_or_generic_words() -> None:
    text = "经侦部门对恒远资产管理(杭州)有限公司立案侦查，该公司已经停业，他说公司没钱了。"
    found = spot_candidates(text)
    assert found
    for cand in found:
        assert cand.name in text
        assert cand.spans and all(text[s:e] == cand.name for s, e in cand.spans)
        assert cand.start == cand.spans[0][0] and cand.end == cand.spans[0][1]
        assert "，" not in cand.name and "。" not in cand.name
        assert cand.name[0] not in "对的他该"  # no name starts with a function word
    assert not {c.name for c in found} & {"公司", "该公司", "他说公司"}
    assert [c.start for c in found] == sorted(c.start for c in found)


def test_mentions_from_the_analyzer_join_the_candidates() -> None:
    text = "据群众反映，老王说汇金源出了问题"
    assert "汇金源" not in names(text)
    cands = {c.name: c for c in spot_candidates(text, ("汇金源", "文中没有"))}
    assert "mention0" in cands["汇金源"].sources
    assert "文中没有" not in cands


def test_plausible_name_rejects_numbers_and_generic_words() -> None:
    assert plausible_name("金砖宝")
    assert not plausible_name("公司")
    assert not plausible_name("2021年")
    assert not plausible_name("8.8%")
    assert not plausible_name("某")


def test_discovery_and_the_subject_ranker_read_one_set_of_candidates(
    analyzer: Analyzer,
) -> None:
    """The match stage puts the document's candidates in the verdict; the framing, the
    enterprises stage and the subject ranker read them there, each found once."""
    from keywords.pipeline.verdict import Request, Verdict

    text = "近日，恒远资产管理有限公司涉嫌非法集资被立案，投资人无法提现。"
    verdict = Verdict(Request(text))
    seen = set()
    for stage in analyzer.pipeline.stages:
        verdict = stage(verdict)
        if verdict.matched is not None:
            seen.add(id(verdict.matched.names))
    assert len(seen) == 1  # one DocNames from the match stage to the last stage
    names = verdict.need_matched().names
    found = [c.name for c in names.discovered(names.searched)]
    assert "恒远资产管理有限公司" in found
    assert "found:suffix" in names.discovered(names.searched)[0].sources
    searched = names.searched
    names.discovered(searched[:1])  # a window already searched is not searched again
    assert names.searched == searched
    scanned = names.scanned(text)
    assert names.scanned(text) is scanned  # the scan runs once per document
    assert "恒远资产管理有限公司" in {c.name for c in scanned}


SYLLABLES = "鑫瑞恒泰华融汇金丰源鼎盛隆宏达信诚安佳富德凯润祥瀚博卓"
SUFFIXES = ("金融", "财富", "集团", "理财", "科技有限公司", "网")
TEMPLATES = (
    "{subject}涉嫌非法集资，已被警方立案侦查，{other}表示与此事无关。",
    "记者从{other}获悉，{subject}平台已跑路，投资人报案。",
    "{other}发布公告称业绩增长，{subject}因涉嫌传销被查处。",
    "据{other}报道，{subject}近日出现提现困难，大量投资人维权。",
)


def _name(rng: random.Random) -> str:
    return "".join(rng.sample(SYLLABLES, 2)) + rng.choice(SUFFIXES)


def _synthetic(rng: random.Random, count: int) -> list[tuple[str, str]]:
    out = []
    for _ in range(count):
        subject, other = _name(rng), _name(rng)
        while other[:2] == subject[:2]:
            other = _name(rng)
        out.append((rng.choice(TEMPLATES).format(subject=subject, other=other), subject))
    return out


@pytest.fixture(scope="module")
def synthetic_ranker() -> SubjectRanker:
    return train_subject_ranker(_synthetic(random.Random(1), 160), buckets=1 << 14)


def test_trained_ranker_prefers_the_subject(synthetic_ranker: SubjectRanker) -> None:
    test = _synthetic(random.Random(2), 40)
    correct = sum(synthetic_ranker.top(text) == subject for text, subject in test)
    assert correct >= 34, correct
    ranked = synthetic_ranker.rank(test[0][0])
    probs = [p for _n, p in ranked]
    assert probs == sorted(probs, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in probs)


def test_rank_uses_the_analysis(synthetic_ranker: SubjectRanker, analyzer: Analyzer) -> None:
    text = "恒泰金融涉嫌非法集资，已被警方立案侦查，鼎盛集团表示与此事无关。"
    ranked = synthetic_ranker.rank(text, analyzer.analyze(text))
    assert ranked[0][0] == "恒泰金融"
    assert synthetic_ranker.rank("") == []


def test_bytes_round_trip(synthetic_ranker: SubjectRanker) -> None:
    data = synthetic_ranker.to_bytes()
    loaded = SubjectRanker.from_bytes(data)
    assert loaded.buckets == synthetic_ranker.buckets
    assert np.array_equal(loaded.weights, synthetic_ranker.weights)
    assert loaded.intercept == pytest.approx(synthetic_ranker.intercept)
    assert loaded.meta is not None and loaded.meta["kind"] == KIND
    text = "记者从华融集团获悉，瑞恒理财平台已跑路，投资人报案。"
    assert loaded.rank(text) == synthetic_ranker.rank(text)
    assert loaded.to_bytes() == data


def _archive(meta: object, indices: list[int], values: list[float]) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        meta=np.frombuffer(json.dumps(meta).encode("utf-8"), np.uint8),
        indices=np.asarray(indices, dtype=np.int32),
        values=np.asarray(values, dtype=np.float32),
        intercept=np.array([0.0]),
    )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a Tianluo subject model"),
        (b"garbage that is not a zip archive", "not a Tianluo subject model"),
        (_archive({"kind": "other/1", "version": 1, "buckets": 8}, [], []), "kind"),
        (_archive({"kind": KIND, "version": 999, "buckets": 8}, [], []), "retrain"),
        (_archive({"kind": KIND, "version": FEATURE_VERSION, "buckets": 8}, [9], [1.0]), "bucket"),
        (_archive([1, 2], [], []), "kind"),
    ],
)
def test_corrupt_bytes_raise_value_error(data: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SubjectRanker.from_bytes(data)


def test_truncated_model_raises_value_error(synthetic_ranker: SubjectRanker) -> None:
    data = synthetic_ranker.to_bytes()
    with pytest.raises(ValueError, match="not a Tianluo subject model"):
        SubjectRanker.from_bytes(data[: len(data) // 2])


def test_texts_longer_than_the_ranker_reads_train_with_their_weight() -> None:
    long = "恒泰金融涉嫌非法集资，已被立案侦查。" + "投资人陆续报案。" * 500
    assert len(long) > MAX_CHARS
    examples: list[Example] = [
        (long, "恒泰金融", 3.0),
        ("鼎盛集团涉嫌非法吸收公众存款被查。", "鼎盛集团"),
    ]
    _matrix, labels, weights, stats = training_matrix(examples)
    assert stats["texts"] == 2 and labels.sum() == 2
    assert sorted(set(weights.tolist())) == [1.0, 3.0]  # the long text keeps its weight
    ranker = train_subject_ranker(examples)
    assert ranker.rank(long)[0][0] == "恒泰金融"


def test_training_without_any_found_subject_fails_clearly() -> None:
    with pytest.raises(ValueError, match="among the candidates"):
        train_subject_ranker([("今天天气很好。", "不存在公司")])


def test_the_analyzer_leads_with_the_ranked_subject(synthetic_ranker: SubjectRanker) -> None:
    text = "警方通报，鼎盛集团表示与此事无关，恒泰金融涉嫌非法集资，已被立案侦查。"
    plain = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    ranked = Analyzer.from_files(
        default_set_paths(), None, AnalyzerConfig(subject=synthetic_ranker)
    )
    before, after = plain.analyze(text), ranked.analyze(text)
    best = synthetic_ranker.rank(text, before)[0][0]
    assert after.mentions[0].mention == best
    assert after.mentions[0].risk == after.risk
    assert 0.0 <= after.components["subject"] <= 1.0
    assert "subject" not in before.components
    # a text with no evidence and no mention is left alone
    quiet = ranked.analyze("今天天气晴朗，市民外出踏青。")
    assert "subject" not in quiet.components


def test_the_subject_leads_as_written_and_is_a_risk_only_when_likely(
    synthetic_ranker: SubjectRanker,
) -> None:
    from keywords.pipeline.learned import SUBJECT_LEAD, Subject, _mention_of
    from keywords.pipeline.verdict import Request, Verdict
    from tianluo.models import EnterpriseMention

    company = EnterpriseMention(
        name="汇金源财富管理有限公司",
        mention="汇金源财富管理有限公司",
        on_watchlist=False,
        risk=False,
        score=40.0,
        aliases=["汇金宝"],
    )
    other = EnterpriseMention("鼎泰银行", "鼎泰银行", False, True, 60.0)
    verdict = Verdict(Request("汇金宝平台无法提现"), risk=True, mentions=(other, company))
    stage = Subject(synthetic_ranker, set())
    known = _mention_of(verdict.mentions, "汇金宝")
    assert known is company
    unsure = stage._lead(verdict, "汇金宝", SUBJECT_LEAD - 0.1, known).mentions
    assert (unsure[0].name, unsure[0].mention) == ("汇金源财富管理有限公司", "汇金宝")
    assert not unsure[0].risk  # first, but not made a risk by a guess
    sure = stage._lead(verdict, "汇金宝", SUBJECT_LEAD + 0.1, known).mentions
    assert sure[0].risk and [m.name for m in sure] == ["汇金源财富管理有限公司", "鼎泰银行"]
    new = stage._lead(verdict, "聚财猫", SUBJECT_LEAD - 0.1, None).mentions
    assert new[0].mention == "聚财猫" and not new[0].risk and len(new) == 3


def test_settings_load_the_subject_model(tmp_path: Path, synthetic_ranker: SubjectRanker) -> None:
    path = tmp_path / "subject.npz"
    path.write_bytes(synthetic_ranker.to_bytes())
    config = tmp_path / "tianluo.yaml"
    config.write_text(f"analysis:\n  subject_model: {path.name}\n", encoding="utf-8")
    settings = load_settings(config, environ={})
    loaded = load_subject_ranker(settings)
    assert loaded is not None and loaded.buckets == synthetic_ranker.buckets
    shipped = load_subject_ranker(load_settings(None, environ={}))  # default: shipped
    assert shipped is not None and shipped.meta and shipped.meta["texts"] > 1000
    path.write_bytes(b"not a model")
    with pytest.raises(ConfigError) as caught:
        build_analyzer(settings)
    assert "analysis.subject_model" in caught.value.render() and str(path) in caught.value.render()
