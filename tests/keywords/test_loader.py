"""Keyword-set loading: the shipped set, and errors naming file, line and key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from keywords import default_set_paths, load_keyword_sets, validate
from tianluo.errors import ConfigError

GOOD = """\
id: demo
label: 演示
categories:
  - id: distress
    label: 兑付危机
    description: 测试
    weight: 2
    distress: true
    terms:
      - 跑路
      - {term: 提现困难, variants: [无法提现]}
contexts:
  - id: awareness
    terms: [警惕]
"""

Writer = Callable[[str, str], Path]


def test_shipped_set_is_valid_and_large_enough() -> None:
    assert validate(default_set_paths()) == []
    (kset,) = load_keyword_sets(default_set_paths())
    assert len(kset.categories) >= 8
    assert sum(len(c.terms) for c in kset.categories) >= 150
    assert all(c.description and c.label for c in kset.categories)
    assert any(c.distress for c in kset.categories)
    assert any(c.enforcement for c in kset.categories)


def test_good_file_loads_with_bom_and_crlf(write: Writer) -> None:
    path = write("\ufeff" + GOOD.replace("\n", "\r\n"), "bom.yaml")
    (kset,) = load_keyword_sets([path])
    assert kset.id == "demo"
    assert kset.categories[0].terms[1].forms == ("提现困难", "无法提现")


def _problems(write: Writer, text: str) -> list[tuple[str, int | None, str, str]]:
    path = write(text, "bad.yaml")
    with pytest.raises(ConfigError) as info:
        load_keyword_sets([path])
    assert all(p[0] == str(path) for p in info.value.problems)
    return info.value.problems


def test_unknown_key_names_line_and_key(write: Writer) -> None:
    problems = _problems(write, GOOD.replace("    weight: 2\n", "    weight: 2\n    colour: red\n"))
    assert [(p[1], p[2]) for p in problems] == [(8, "categories[0].colour")]
    assert "未知的键" in problems[0][3]


def test_empty_and_duplicate_terms(write: Writer) -> None:
    text = GOOD.replace("      - 跑路\n", "      - 跑路\n      - ''\n      - 跑路\n")
    problems = _problems(write, text)
    keys = {p[2]: (p[1], p[3]) for p in problems}
    assert keys["categories[0].terms[1]"][0] == 11
    assert "为空" in keys["categories[0].terms[1]"][1]
    assert "重复" in keys["categories[0].terms[2]"][1]


def test_wrong_types_and_bad_choice_are_all_listed(write: Writer) -> None:
    text = GOOD.replace("weight: 2", "weight: heavy").replace("distress: true", "distress: 1")
    text += "    mode: erase\n"
    problems = _problems(write, text)
    keys = {p[2] for p in problems}
    assert {"categories[0].weight", "categories[0].distress", "contexts[0].mode"} <= keys
    assert str(ConfigError(problems)).count("bad.yaml:") == len(problems)


def test_bad_pattern_and_syntax_error(write: Writer) -> None:
    problems = _problems(write, GOOD.replace("- 跑路", '- "跑\\t路"'))
    assert "含有控制字符" in problems[0][3]
    problems = _problems(write, "id: x\ncategories: [\n")
    assert problems[0][3].startswith("YAML 语法错误")
    assert problems[0][1] is not None


def test_duplicate_yaml_key_and_unknown_rule_operand(write: Writer) -> None:
    text = GOOD.replace("label: 演示\n", "label: 演示\nlabel: again\n")
    text += "rules:\n  - id: r\n    label: r\n    all_of: [跑路, category:nope, 不存在的词]\n"
    problems = _problems(write, text)
    messages = " | ".join(p[3] for p in problems)
    assert "键重复" in messages
    assert "类别 'nope' 不存在" in messages
    assert "不是本词表中的词条" in messages


def test_validate_returns_problems_without_raising(write: Writer, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    problems = validate([missing, write("- just\n- a list\n", "list.yaml")])
    assert problems[0][0] == str(missing) and "文件不存在" in problems[0][3]
    assert "应为映射" in problems[1][3]


def test_context_awareness_clause_scope_and_the_yield_category(write: Writer) -> None:
    text = GOOD + (
        "    scope: lead\n    awareness: true\n"
        "  - id: market\n    scope: clause\n    categories: [yield, distress]\n    terms: [国债]\n"
    )
    (kset,) = load_keyword_sets([write(text, "ctx.yaml")])
    aware, market = kset.contexts
    assert aware.awareness and not market.awareness
    assert market.scope == "clause" and market.categories == ("yield", "distress")
    problems = _problems(write, text.replace("[yield, distress]", "[yields]"))
    assert [(p[2], p[3]) for p in problems] == [("contexts[1].categories", "类别 'yields' 不存在")]
    problems = _problems(write, text.replace("awareness: true", "awareness: sometimes"))
    assert [p[2] for p in problems] == ["contexts[0].awareness"]
