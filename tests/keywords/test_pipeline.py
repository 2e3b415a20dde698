"""The analysis pipeline: declared stages, each run once, a frozen verdict, learned stages."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.configure import build_analyzer
from keywords.learned import HashSpec
from keywords.pipeline import REGISTRY, Pipeline, Request, Verdict, register
from keywords.pipeline.stage import Stage
from keywords.reranker import Reranker
from keywords.subject import SubjectRanker, train_subject_ranker
from tianluo.app.training import NspRow, train_finnsp
from tianluo.errors import ConfigError
from tianluo.settings import load_settings

RULES_ONLY = [
    "normalise",
    "match",
    "rules",
    "score",
    "awareness",
    "enterprises",
    "event_type",
    "tokens",
]
EVERYTHING = [
    "normalise",
    "match",
    "rules",
    "score",
    "document_model",
    "awareness",
    "enterprises",
    "entity_model",
    "subject_model",
    "event_type",
    "tokens",
]
SMALL = HashSpec(named_features=1 << 8, text_features=1 << 12)
RISKY = "{name}平台承诺保本保息，年化收益30%，现已无法提现，老板跑路。"
OTHER = "{other}表示与此事无关。"
PLAIN = "{name}举办社区书法比赛，居民踊跃参加。"
BRANDS = ["甲鼎财富", "乙丰金融", "丙汇理财", "丁泰集团", "戊信财富", "己安金融"]


class Counted:
    """A stage that counts its calls and passes the verdict on to the real one."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.name = stage.name
        self.calls = 0

    def __call__(self, verdict: Verdict) -> Verdict:
        self.calls += 1
        return self.stage(verdict)


def _models() -> tuple[Reranker, SubjectRanker]:
    analyzer = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    rows = []
    for i, name in enumerate(BRANDS * 4):
        other = BRANDS[(i + 1) % len(BRANDS)]
        risky = bool(i % 2)
        text = (RISKY + OTHER if risky else PLAIN).format(name=name, other=other)
        rows.append(NspRow(str(i), "", text, [name, other], risky, {name} if risky else set()))
    reranker, _ = train_finnsp(analyzer, rows, folds=2, doc_spec=SMALL, entity_spec=SMALL)
    subject = train_subject_ranker(
        [((RISKY + OTHER).format(name=b, other="本报记者"), b) for b in BRANDS * 3],
        buckets=1 << 12,
    )
    return reranker, subject


@pytest.fixture(scope="module")
def full_analyzer() -> Analyzer:
    reranker, subject = _models()
    assert reranker.entity is not None
    config = AnalyzerConfig(reranker=reranker, subject=subject)
    return Analyzer.from_files(default_set_paths(), None, config)


def _count(analyzer: Analyzer) -> list[Counted]:
    counted = [Counted(s) for s in analyzer.pipeline.stages]
    analyzer.pipeline = Pipeline(counted)
    return counted


def test_rules_only_declares_its_stages(analyzer: Analyzer) -> None:
    assert analyzer.pipeline.names == RULES_ONLY


@pytest.mark.parametrize("title", ["", "某平台跑路"])
def test_one_call_walks_each_stage_once(title: str) -> None:
    analyzer = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    counted = _count(analyzer)
    verdict = analyzer.run("鑫盛源平台承诺保本保息，年化收益30%，老板跑路。", title=title)
    assert verdict.trace == tuple(RULES_ONLY)
    assert [c.calls for c in counted] == [1] * len(RULES_ONLY)
    analyzer.analyze("没有任何关键词的一句话。")
    assert [c.calls for c in counted] == [2] * len(RULES_ONLY)


def test_learned_models_are_stages_in_their_place(full_analyzer: Analyzer) -> None:
    assert full_analyzer.pipeline.names == EVERYTHING
    counted = _count(full_analyzer)
    verdict = full_analyzer.run(RISKY.format(name="庚达财富"), entities=["庚达财富"])
    assert verdict.trace == tuple(EVERYTHING)
    assert [c.calls for c in counted] == [1] * len(EVERYTHING)
    assert {"reranker", "subject"} <= set(verdict.components)
    assert verdict.mentions and verdict.mentions[0].risk == verdict.risk


def test_the_verdict_is_frozen(analyzer: Analyzer) -> None:
    verdict = analyzer.run("承诺保本保息")
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.risk = True  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.evidence[0].weight = 0.0  # type: ignore[misc]


def test_the_result_is_the_verdict(analyzer: Analyzer) -> None:
    text, title = "该平台承诺年化收益25%，保本保息，投资人无法提现。", "蓝海财富爆雷"
    verdict = analyzer.run(text, title=title)
    result = analyzer.analyze(text, title=title)
    assert result.risk == verdict.risk and result.score == verdict.score
    assert result.evidence == list(verdict.evidence)
    assert result.yield_max == 25.0
    assert any(e.in_title for e in result.evidence) and any(
        e.kind == "yield" for e in result.evidence
    )


def test_evidence_is_typed(analyzer: Analyzer) -> None:
    body = "某平台承诺保本保息，年化收益30%，拉人头返利"
    result = analyzer.analyze(body, title="揭秘骗局")
    kinds = {e.kind for e in result.evidence}
    assert kinds == {"term", "rule", "yield"}
    for ev in result.evidence:
        assert (ev.rule is None) == (ev.kind == "term")
        if ev.kind == "term" and not ev.in_title:
            assert body[ev.start : ev.end] == ev.term
    assert any(e.damped_by for e in result.evidence)  # the awareness title damps the body


def test_the_log_says_which_stages_are_on(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="keywords.analyzer"):
        Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    lines = [r.getMessage() for r in caplog.records if r.name == "keywords.analyzer"]
    off = "document_model, event_model, entity_model, subject_model"
    assert lines == [f"分析阶段：{' → '.join(RULES_ONLY)}（未启用，没有配置模型：{off}）"]


def test_the_log_names_the_learned_stages_on(
    full_analyzer: Analyzer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="keywords.analyzer"):
        Analyzer(full_analyzer.sets, None, full_analyzer.config)
    lines = [r.getMessage() for r in caplog.records if r.name == "keywords.analyzer"]
    off = "（未启用，没有配置模型：event_model）"  # test_shipped_models turns it on
    assert lines == ["分析阶段：" + " → ".join(EVERYTHING) + off]


def test_a_registered_stage_runs_in_its_place(analyzer: Analyzer) -> None:
    class Marker:
        name = "marker"

        def __call__(self, verdict: Verdict) -> Verdict:
            return dataclasses.replace(verdict, components={**verdict.components, "marker": 1.0})

    register("marker", "document")(lambda config, names: Marker())
    try:
        with pytest.raises(ValueError, match="registered twice"):
            register("marker", "mentions")(lambda config, names: None)
        marked = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
        assert marked.pipeline.names.index("marker") == RULES_ONLY.index("score") + 1
        assert marked.analyze("承诺保本保息").components["marker"] == 1.0
    finally:
        del REGISTRY["marker"]


@pytest.mark.parametrize(
    ("key", "setting"), [("reranker", "reranker"), ("subject_model", "subject_model")]
)
def test_a_configured_stage_that_cannot_load_is_a_config_error(
    tmp_path: Path, key: str, setting: str
) -> None:
    broken = tmp_path / "model.npz"
    broken.write_bytes(b"not a model")
    config = tmp_path / "tianluo.yaml"
    config.write_text(f"analysis:\n  {key}: {broken}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_analyzer(load_settings(config, environ={}))
    message = str(caught.value)
    assert str(broken) in message and f"analysis.{setting}" in message
    assert "Traceback" not in message


def test_a_batch_through_the_learned_stages_equals_one_by_one(full_analyzer: Analyzer) -> None:
    texts = [RISKY.format(name=b) + OTHER.format(other="本报记者") for b in BRANDS[:3]]
    texts += [PLAIN.format(name=BRANDS[3]), ""]
    entities = [[b] for b in BRANDS[:4]] + [[]]
    many = full_analyzer.analyze_many(texts, entities=entities)
    assert many == [
        full_analyzer.analyze(t, entities=e) for t, e in zip(texts, entities, strict=True)
    ]
    assert any(r.risk for r in many)


def test_rules_have_nothing_to_do_without_a_hit_or_a_yield_trigger(analyzer: Analyzer) -> None:
    """No hit and no trigger: the rules stage hands the verdict on as it is (no copy)."""
    stages = {s.name: s for s in analyzer.pipeline.stages}
    plain = Verdict(Request("市教育局召开会议，部署秋季开学工作。"))
    matched = stages["match"](stages["normalise"](plain))
    assert stages["rules"](matched) is matched
    # a yield trigger alone (no keyword hit) still has the rules read the yield
    promised = Verdict(Request("这款产品年息30%，每月付息。"))
    matched = stages["match"](stages["normalise"](promised))
    assert not matched.need_matched().hits and matched.need_matched().yield_triggers
    ruled = stages["rules"](matched)
    assert ruled is not matched and ruled.yields == (30.0,)
