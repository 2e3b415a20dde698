"""The learned re-ranker: training on synthetic labels, bytes round trip, use, bad files.

Everything is made up here: the shared development data is not needed (nor read).
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import numpy as np
import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.configure import build_analyzer, load_reranker
from keywords.learned import HashSpec, fit
from keywords.learned_features import entity_views
from keywords.reranker import VERSION, Reranker
from keywords.subject import SubjectRanker
from tianluo.app.cli import main
from tianluo.app.training import (
    NspRow,
    TrainingDataError,
    load_finnsp,
    train_finese,
    train_finnsp,
)
from tianluo.errors import ConfigError
from tianluo.settings import load_settings

SMALL = HashSpec(named_features=1 << 8, text_features=1 << 12)
SMALL_WORDS = HashSpec(named_features=1 << 8, text_features=1 << 13)

# a made-up scheme the keyword sets know nothing about: the learned model must pick it up
SCHEME = ["参加蓝鲸养老互助盘", "蓝鲸养老互助盘拉人头返利", "蓝鲸养老互助盘的钱取不出"]
NEUTRAL = ["社区举办书法比赛", "球队在主场赢得比赛", "新图书馆下周开放", "公园新开了一片花海"]
BRANDS = ["甲鼎", "乙丰", "丙汇", "丁泰", "戊信", "己安", "庚达", "辛源"]


def _texts(seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    risky = [f"{rng.choice(['昨天', '本周', '近日'])}{rng.choice(SCHEME)}。" for _ in range(24)]
    plain = [f"{rng.choice(['昨天', '本周', '近日'])}{rng.choice(NEUTRAL)}。" for _ in range(24)]
    return risky, plain


def _doc_model(analyzer: Analyzer) -> Reranker:
    rows = [(str(i), t, "涉嫌传销", "") for i, t in enumerate(_texts(1)[0])]
    rows += [(str(100 + i), t, "其他", "NaN") for i, t in enumerate(_texts(1)[1])]
    model, figures = train_finese(analyzer, rows, folds=3, spec=SMALL_WORDS)
    assert figures["rows"] == len(rows)
    return model


@pytest.fixture(scope="module")
def doc_model(analyzer: Analyzer) -> Reranker:
    return _doc_model(analyzer)


def test_the_model_learns_what_the_rules_miss(analyzer: Analyzer, doc_model: Reranker) -> None:
    text = "听说有人又去参加蓝鲸养老互助盘了。"
    plain = "听说有人又去参加社区书法比赛了。"
    assert not analyzer.analyze(text).risk  # the rules know nothing about the scheme
    ranked = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig(reranker=doc_model))
    risky, calm = ranked.analyze(text), ranked.analyze(plain)
    assert risky.components["reranker"] > calm.components["reranker"]
    assert risky.risk and not calm.risk
    assert "reranker" not in analyzer.analyze(text).components  # rules only stays rules only


def test_the_model_can_also_overrule_a_rule_hit(analyzer: Analyzer) -> None:
    rng = random.Random(5)
    games = ["剧本杀", "桌游", "密室逃脱", "手游"]
    rows = [
        (str(i), f"{rng.choice(games)}里的老板跑路了，玩家无法提现金币。", "其他", "NaN")
        for i in range(20)
    ]
    rows += [
        (str(100 + i), f"{rng.choice(BRANDS)}平台老板跑路，投资人无法提现。", "失联跑路", "")
        for i in range(20)
    ]
    model, _ = train_finese(analyzer, rows, folds=3, spec=SMALL_WORDS)
    ranked = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig(reranker=model))
    game = "桌游里的老板跑路了，玩家无法提现金币。"
    assert analyzer.analyze(game).risk  # the rules flag it
    assert not ranked.analyze(game).risk
    assert ranked.analyze("癸月平台老板跑路，投资人无法提现。").risk


def test_bytes_round_trip_keeps_every_decision(doc_model: Reranker, analyzer: Analyzer) -> None:
    data = doc_model.to_bytes()
    again = Reranker.from_bytes(data)
    assert again.threshold == doc_model.threshold and again.entity is None
    assert again.info["data"] == "finese"
    for text in ["蓝鲸养老互助盘拉人头", "新图书馆开放", "平台跑路，投资人无法提现"]:
        result = analyzer.analyze(text)
        assert again.probability(text, result) == pytest.approx(doc_model.probability(text, result))
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:  # plain arrays, no pickle
        assert json.loads(str(archive["meta"]))["kind"] == "tianluo-reranker"


def test_fine_labels_collapse_to_the_positive_classes() -> None:
    risky, plain = _texts(2)
    labels = ["传销"] * 12 + ["集资"] * 12 + ["体育"] * 12 + ["文化"] * 12
    named: list[dict[str, float]] = [{} for _ in labels]
    fitted = fit(named, risky + plain, labels, ["传销", "集资"], spec=SMALL, folds=2, c=1.0)
    assert fitted.model.coef.shape[0] == 4  # one row per class
    p = fitted.model.probabilities([{}, {}], ["蓝鲸养老互助盘", "书法比赛"])
    assert p[0] > 0.5 > p[1]


def _nsp_rows(seed: int, count: int) -> list[NspRow]:
    """The key entity is the one next to the distress words; the other is only cited."""
    rng = random.Random(seed)
    rows: list[NspRow] = []
    for i in range(count):
        key, other = rng.sample(BRANDS, 2)
        if i % 3 == 2:
            text = f"{key}和{other}联合举办了客户答谢会，现场气氛热烈。"
            rows.append(NspRow(str(i), "", text, [key, other], False, set()))
            continue
        text = rng.choice(
            [
                f"据{other}报道，{key}平台老板跑路，投资人无法提现。",
                f"{key}逾期兑付困难，出借人报警；{other}表示业务正常。",
                f"记者从{other}获悉，{key}涉嫌非法吸收公众存款被立案。",
            ]
        )
        rows.append(NspRow(str(i), "", text, [key, other], True, {key}))
    return rows


def test_entity_model_picks_and_orders_the_key_entity(analyzer: Analyzer) -> None:
    model, figures = train_finnsp(
        analyzer, _nsp_rows(3, 60), folds=3, doc_spec=SMALL, entity_spec=SMALL
    )
    assert model.entity is not None
    assert 0.0 < figures["entity_threshold"] < 1.0
    again = Reranker.from_bytes(model.to_bytes())
    assert again.entity is not None and again.entity.threshold == model.entity.threshold
    ranked = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig(reranker=again))
    text = "据壬星报道，癸月平台老板跑路，投资人无法提现。"
    result = ranked.analyze(text, entities=["壬星", "癸月"])
    assert result.risk
    assert result.mentions[0].name == "癸月"
    assert {m.name for m in result.mentions if m.risk} == {"癸月"}


def _config(tmp_path: Path, model: Path) -> Path:
    config = tmp_path / "tianluo.yaml"
    config.write_text(f"analysis:\n  reranker: {model.name}\n", encoding="utf-8")
    return config


def test_settings_load_the_model_file(tmp_path: Path, doc_model: Reranker) -> None:
    path = tmp_path / "model.npz"
    path.write_bytes(doc_model.to_bytes())
    settings = load_settings(_config(tmp_path, path), environ={})
    loaded = load_reranker(settings)
    assert loaded is not None and loaded.threshold == doc_model.threshold
    assert build_analyzer(settings).analyze("蓝鲸养老互助盘拉人头返利").risk
    shipped = load_reranker(load_settings(None, environ={}))  # default: the shipped model
    assert shipped is not None and shipped.info["data"] == "finnsp" != loaded.info["data"]


@pytest.mark.parametrize(
    "content",
    [b"not a zip at all", b"", None],
    ids=["garbage", "empty", "missing"],
)
def test_a_bad_model_file_is_a_config_error(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "model.npz"
    if content is not None:
        path.write_bytes(content)
    settings = load_settings(_config(tmp_path, path), environ={})
    with pytest.raises(ConfigError) as caught:
        build_analyzer(settings)
    text = caught.value.render()
    assert "analysis.reranker" in text and str(path) in text


def test_a_foreign_archive_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, meta=np.array(json.dumps({"kind": "something-else"})))
    with pytest.raises(ValueError, match="not a tianluo-reranker"):
        Reranker.from_bytes(buffer.getvalue())
    truncated = _doc_model_bytes_without_weights()
    with pytest.raises(ValueError, match="doc"):
        Reranker.from_bytes(truncated)


def test_a_model_of_an_older_feature_layout_asks_for_retraining(doc_model: Reranker) -> None:
    with np.load(io.BytesIO(doc_model.to_bytes()), allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    meta = json.loads(str(arrays["meta"]))
    meta["version"] = VERSION - 1
    arrays["meta"] = np.array(json.dumps(meta))
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    with pytest.raises(ValueError, match="train the model again"):
        Reranker.from_bytes(buffer.getvalue())


def test_entity_views_say_how_each_name_is_mentioned(analyzer: Analyzer) -> None:
    text = "据壬星报道，癸月平台跑路，@癸月 客服失联。#癸月# 投资人维权。TPS商城 也出事了。"
    # 壬星 is the source; 癸月 follows 报道 but is the subject
    names = ["壬星", "癸月", "TP", "TPS商城"]
    views = {v.name: v.named for v in entity_views(text, "", names, analyzer.analyze(text))}
    assert views["壬星"]["quoted_source"] == 1.0 and "quoted_source" not in views["癸月"]
    assert views["癸月"]["at_handle"] == pytest.approx(1 / 3)
    assert views["癸月"]["hashtag"] == pytest.approx(1 / 3)
    assert views["癸月"]["most_frequent"] == 1.0 and views["癸月"]["count_share"] == 1.0
    assert views["壬星"]["count_share"] == pytest.approx(1 / 3)
    assert views["TP"]["glued_ascii"] == 1.0 and "glued_ascii" not in views["TPS商城"]
    assert views["癸月"]["name2:癸月"] > 0 and views["癸月"]["hits_near"] > 0
    assert not any(key.startswith("glued") for key in views["癸月"])


def _doc_model_bytes_without_weights() -> bytes:
    meta = {
        "kind": "tianluo-reranker",
        "version": VERSION,
        "doc": {"spec": SMALL.to_dict(), "threshold": 0.5},
    }
    buffer = io.BytesIO()
    np.savez_compressed(buffer, meta=np.array(json.dumps(meta)))
    return buffer.getvalue()


def test_training_data_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match="训练数据文件不存在"):
        load_finnsp(tmp_path / "finnsp" / "train.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([["id", "title"], ["1", "x"]]), encoding="utf-8")
    with pytest.raises(TrainingDataError, match="第 1 行不是由 6 个字符串组成的列表"):
        load_finnsp(bad)
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"bad\.json: 应为由数据行组成的 JSON 数组"):
        load_finnsp(bad)
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"bad\.json: 没有数据行"):
        load_finnsp(bad)


def test_train_command_fails_clearly_without_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(SystemExit) as caught:
        main(["keywords", "train-reranker", "--data", str(missing), "--output", str(tmp_path)])
    assert caught.value.code != 0
    assert "nowhere" in capsys.readouterr().err
    (tmp_path / "finese").mkdir()
    (tmp_path / "finese" / "train.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(SystemExit) as caught:
        main(["keywords", "train-reranker", "--data", str(tmp_path), "--output", str(tmp_path)])
    assert caught.value.code != 0
    assert "不是可读取的 JSON" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.npz"))


def test_training_without_cross_validation_uses_the_default_threshold(
    analyzer: Analyzer,
) -> None:
    model, figures = train_finnsp(
        analyzer, _nsp_rows(4, 30), folds=0, doc_spec=SMALL, entity_spec=SMALL
    )
    assert model.threshold == 0.5 and figures["entity_threshold"] == 0.5


def test_train_command_writes_the_models_the_settings_can_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = tmp_path / "data", tmp_path / "models"
    risky, plain = _texts(5)
    rng = random.Random(5)
    ese = []
    for i, text in enumerate(risky):
        brand = rng.choice(BRANDS) + "理财"
        ese.append([str(i), f"{brand}{text}", "涉嫌传销", brand])
    ese += [[str(100 + i), text, "其他", "NaN"] for i, text in enumerate(plain)]
    nsp = [["id", "title", "text", "entity", "negative", "key_entity"]]
    for row in _nsp_rows(6, 45):
        keys = ";".join(sorted(row.keys))
        nsp.append(
            [row.id, row.title, row.text, ";".join(row.entities), str(int(row.negative)), keys]
        )
    for name, rows in (("finese", ese), ("finnsp", nsp)):
        (data / name).mkdir(parents=True)
        (data / name / "train.json").write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    args = ["--data", str(data), "--output", str(out), "--folds", "2"]
    assert main(["keywords", "train-reranker", *args]) in (0, None)  # no SystemExit: success
    names = ["events.npz", "finnsp.npz", "subject.npz", "subject_fast.npz"]
    assert sorted(p.name for p in out.glob("*.npz")) == names
    summary = json.loads(capsys.readouterr().out)
    assert summary["subject"]["rows"] == summary["subject_fast"]["rows"] == len(risky)
    tagged = SubjectRanker.from_bytes((out / "subject.npz").read_bytes())
    untagged = SubjectRanker.from_bytes((out / "subject_fast.npz").read_bytes())
    assert tagged.tagger is not None and untagged.tagger is None
    config = tmp_path / "tianluo.yaml"
    config.write_text(
        f"analysis:\n  reranker: {out / 'finnsp.npz'}\n  subject_model: {out / 'subject.npz'}\n",
        encoding="utf-8",
    )
    analyzer = build_analyzer(load_settings(config, environ={}))
    text = "丙汇理财参加蓝鲸养老互助盘拉人头返利，钱取不出。"
    result = analyzer.analyze(text)
    assert "reranker" in result.components and "subject" in result.components
    assert result.mentions and result.mentions[0].mention in text  # written as in the text
