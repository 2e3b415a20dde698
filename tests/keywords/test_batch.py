"""Batches: ``analyze_many`` gives what ``analyze`` gives, each stage sees the whole batch."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.pipeline import Pipeline, Request, Verdict
from keywords.pipeline.stage import Stage

DOCS = [
    ("鑫盛源平台承诺保本保息，年化收益30%，现已无法提现，老板跑路。", "", ["鑫盛源"]),
    ("市教育局召开会议，部署秋季开学工作。", "开学", []),
    ("", "", []),
    ("揭秘庞氏骗局：承诺高额返利的平台多数跑路。", "以案说法", []),
    ("“聚财宝”理财平台涉嫌非法吸收公众存款，警方已立案侦查。", "聚财宝爆雷", []),
    ("今天天气晴朗。🙂\x00", "", []),
]


class Batched:
    """Wraps a stage with a ``batch`` that records each batch it is handed."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.name = stage.name
        self.batches: list[int] = []
        self.calls = 0

    def __call__(self, verdict: Verdict) -> Verdict:
        self.calls += 1
        return self.stage(verdict)

    def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
        self.batches.append(len(verdicts))
        return [self.stage(v) for v in verdicts]


def _many(analyzer: Analyzer) -> list[Verdict]:
    return analyzer.run_many([Request(t, ti, "news", tuple(e)) for t, ti, e in DOCS])


def test_analyze_many_equals_analyze(analyzer: Analyzer) -> None:
    texts, titles, entities = zip(*DOCS, strict=True)
    many = analyzer.analyze_many(list(texts), titles=list(titles), entities=list(entities))
    one = [analyzer.analyze(t, title=ti, entities=e) for t, ti, e in DOCS]
    assert many == one
    assert any(r.risk for r in many) and not all(r.risk for r in many)
    assert analyzer.analyze_many([]) == []


def test_each_stage_takes_the_batch_once_when_it_can() -> None:
    analyzer = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    stages = list(analyzer.pipeline.stages)
    wrapped = Batched(stages[2])  # the rules stage, given a batch method
    analyzer.pipeline = Pipeline([*stages[:2], wrapped, *stages[3:]])
    verdicts = _many(analyzer)
    assert wrapped.batches == [len(DOCS)] and wrapped.calls == 0
    assert all(v.trace == tuple(analyzer.pipeline.names) for v in verdicts)


def test_a_batch_that_loses_a_verdict_is_an_error(analyzer: Analyzer) -> None:
    class Lossy:
        name = "lossy"

        def __call__(self, verdict: Verdict) -> Verdict:
            return verdict

        def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
            return list(verdicts[1:])

    pipeline = Pipeline([*analyzer.pipeline.stages, Lossy()])
    with pytest.raises(RuntimeError, match="lossy"):
        pipeline.batch([Verdict(v.request) for v in _many(analyzer)])
    assert pipeline(Verdict(_many(analyzer)[0].request)).trace[-1] == "lossy"  # one by one: fine


def test_per_text_arguments_must_match_the_texts(analyzer: Analyzer) -> None:
    with pytest.raises(ValueError, match="titles: 1 values for 2 texts"):
        analyzer.analyze_many(["a", "b"], titles=["t"])
