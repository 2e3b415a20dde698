"""Rule files: the default rules load; every malformed variant names file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.rules import RULE_TYPES, load_rules
from tianluo.errors import ConfigError
from tianluo.settings import PACKAGE_ROOT

GOOD = "name: r1\ntype: threshold\nmin_score: 5\n"

# (yaml text, line, key, words the message must contain)
BAD = [
    ("name: r1\nmin_score: 5\n", 1, "type", "缺少必填键"),
    ("type: threshold\nmin_score: 5\n", 1, "name", "缺少必填键"),
    ("name: r1\ntype: threshold\n", 1, "min_score", "规则类型 'threshold' 必须设置"),
    ("name: r1\ntype: spike\nwindow: 6h\n", 1, "spike_height", "规则类型 'spike' 必须有此键"),
    ("name: r1\ntype: any\n", 1, "categories", "规则类型 'any' 必须有此键"),
    ("name: r1\ntype: tripwire\n", 2, "type", "未知的规则类型 'tripwire'"),
    ("name: r1\ntype: threshold\nmin_score: 5\nwindow: 24 hours\n", 4, "window", "时长"),
    ("name: r1\ntype: threshold\nmin_score: 5\nrealert: 5x\n", 4, "realert", "时长"),
    ("name: r1\ntype: threshold\nmin_score: 5\nwindow: 0h\n", 4, "window", "必须大于零"),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nseverity: urgent\n",
        4,
        "severity",
        "'info'、'warning'",
    ),
    ("name: r1\ntype: threshold\nmin_score: -1\n", 3, "min_score", "应大于 0.0，实际为 -1"),
    ("name: r1\ntype: threshold\nmin_score: lots\n", 3, "min_score", "应为数字，实际为 'lots'"),
    ("name: r1\ntype: threshold\nmin_score: 1870.8\n", 3, "min_score", "0-100 的企业风险指数"),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nthreshhold: 3\n",
        4,
        "threshhold",
        "规则类型 'threshold' 没有这个键",
    ),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nfilters:\n  colour: red\n",
        5,
        "filters.colour",
        "未知的键",
    ),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nfilters:\n  risk: true\n",
        5,
        "filters.risk",
        "规则类型 'threshold' 不支持这个筛选条件",
    ),
    (
        "name: r1\ntype: threshold\nmin_score: 5\ngroup_by: term\n",
        4,
        "group_by",
        "只能按以下之一分组",
    ),
    ("name: r1\ntype: flatline\ngroup_by: enterprise\n", 3, "group_by", "只能按以下之一分组"),
    ("name: bad name!\ntype: threshold\nmin_score: 5\n", 1, "name", "字母、数字"),
    ("name: r1\ntype: threshold\nmin_score: 5\nchannels: ['']\n", 4, "channels", "不能为空"),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nenabled: maybe\n",
        4,
        "enabled",
        "应为 true 或 false，实际为 'maybe'",
    ),
    (
        "name: r1\ntype: threshold\nmin_score: 5\nmax_matches: 0\n",
        4,
        "max_matches",
        "应大于或等于 1",
    ),
    ("name: r1\ntype: spike\nspike_height: 1\n", 3, "spike_height", "应大于 1"),
    ("name: r1\ntype: spike\nspike_height: 3\nbaseline: forever\n", 4, "baseline", "时长"),
    ("name: r1\ntype: any\ncategories: []\n", 3, "categories", "至少需要 1 项"),
    (
        "name: r1\ntype: any\nfilters:\n  event_types: [失联跑路, 跑路]\n",
        4,
        "filters.event_types[1]",
        "未知的事件类型 '跑路'（文档中的类型：涉嫌非法集资、",
    ),
    (
        "name: r1\ntype: spike\nspike_height: 3\nfilters:\n  event_types:\n"
        "    - 涉嫌传销\n    - 非法集资\n",
        7,
        "filters.event_types[1]",
        "未知的事件类型 '非法集资'",
    ),
    (
        "name: r1\ntype: flatline\nfilters:\n  event_types: 失联跑路\n",
        4,
        "filters.event_types",
        "规则类型 'flatline' 不支持这个筛选条件",
    ),
    (
        "name: r1\ntype: any\nfilters:\n  risk: true\n",
        1,
        "categories",
        "规则类型 'any' 必须有此键，除非设置了 filters.event_types",
    ),
    ("name: r1\ntype: flatline\nthreshold: 0\n", 3, "threshold", "应大于或等于 1，实际为 0"),
    ("name: r1\ntype: first_seen\ncategories: {a: 1}\n", 3, "categories", "应为列表"),
    (
        "- name: r1\n  type: threshold\n  min_score: 5\n- name: r2\n  type: threshold\n",
        4,
        "[1].min_score",
        "必须设置",
    ),
    ("- name: r1\n  type: threshold\n  min_score: 5\n- just text\n", 4, "[1]", "映射"),
    ("name: r1\ntype: threshold\n  min_score: 5\n", 3, "", "YAML 语法错误"),
    ("just a string\n", 1, "", "应为一条规则"),
    ("[]\n", 1, "", "应为一条规则"),
    (
        "- name: r1\n  type: threshold\n  min_score: 5\n- name: r1\n  type: any\n"
        "  categories: [enforcement]\n",
        4,
        "name",
        "规则名称重复",
    ),
]


@pytest.mark.parametrize(("text", "line", "key", "words"), BAD)
def test_malformed_rule_names_file_line_and_key(
    tmp_path: Path, text: str, line: int, key: str, words: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, "utf-8")
    result = load_rules([path])
    assert result.problems, "a malformed rule must be reported"
    rendered = ConfigError(result.problems).render()
    matching = [p for p in result.problems if p[2] == key and words in p[3]]
    assert matching, rendered
    file, got_line, _, _ = matching[0]
    assert file == str(path)
    assert got_line == line, rendered
    assert f"{path}:{line}" in rendered


def test_an_old_threshold_above_100_says_what_changed(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text("name: old\ntype: threshold\nwindow: 24h\nmin_score: 1870.8\n", "utf-8")
    result = load_rules([path])
    assert result.rules == []
    rendered = ConfigError(result.problems).render()
    assert f"{path}:4" in rendered and "min_score" in rendered
    assert "1870.8 超过 100" in rendered
    assert "无上限累加" in rendered and "min_score: 60" in rendered


def test_at_least_twenty_malformed_variants() -> None:
    assert len(BAD) >= 20


def test_good_rule_loads_and_bad_file_does_not_stop_others(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, "utf-8")
    (tmp_path / "b.yaml").write_text("name: r2\ntype: spike\n", "utf-8")
    result = load_rules(sorted(tmp_path.glob("*.yaml")))
    assert [r.name for r in result.rules] == ["r1"]
    assert result.problems[0][0].endswith("b.yaml")
    with pytest.raises(ConfigError, match="spike_height"):
        result.raise_problems()


def test_default_rules_are_valid_and_cover_every_type() -> None:
    result = load_rules(sorted((PACKAGE_ROOT / "alerts" / "rules").glob("*.yaml")))
    assert result.problems == []
    assert {r.spec.type for r in result.rules} == set(RULE_TYPES)
    assert all(r.spec.channels for r in result.rules)


def test_digest_changes_with_the_rule(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD, "utf-8")
    first = load_rules([path]).rules[0].digest
    path.write_text(GOOD.replace("5", "6"), "utf-8")
    assert load_rules([path]).rules[0].digest != first
