"""The optional learned re-ranker: training, round trip and use by the analyzer."""

from __future__ import annotations

import json

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.reranker import Reranker, features, train

RISKY = ["某平台老板跑路，投资人无法提现。", "公司涉嫌非法吸收公众存款被立案侦查。"]
PLAIN = ["今天天气晴朗，适合出游。", "球队在主场赢得比赛。"]


def test_train_round_trip_and_use(analyzer: Analyzer) -> None:
    samples = [(features(t, analyzer.analyze(t)), True) for t in RISKY]
    samples += [(features(t, analyzer.analyze(t)), False) for t in PLAIN]
    model = train(samples * 5, epochs=5)
    again = Reranker.from_dict(json.loads(json.dumps(model.to_dict())))
    assert again.bias == model.bias
    ranked = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig(reranker=again))
    risky = ranked.analyze(RISKY[0])
    plain = ranked.analyze(PLAIN[0])
    assert risky.components["reranker"] > plain.components["reranker"]
    assert risky.risk and not plain.risk
