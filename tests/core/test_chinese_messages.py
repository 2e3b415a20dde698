"""Messages an operator sees for a bad file are Chinese and keep file, line, key and value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alerts.rules import load_rules
from crawler.sources import load_source_files
from keywords.loader import load_keyword_sets
from tianluo.errors import ConfigError
from tianluo.settings import load_settings
from tianluo.timeutil import parse_duration
from tianluo.validation import PYDANTIC_ZH

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_a_bad_config_file_says_so_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "tianluo.yaml"
    path.write_text(
        "storage:\n  backend: mongo\n  batch_size: 0\ncrawl:\n  usr_agent: x\n  retries: many\n",
        "utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    text = str(info.value)
    assert info.value.exit_code == 2
    assert f"{path}:2: storage.backend: 应为 'sqlite'、'elasticsearch'、'opensearch' 之一" in text
    assert "实际为 'mongo'" in text
    assert f"{path}:3: storage.batch_size: 应大于或等于 1，实际为 0" in text
    assert f"{path}:5: crawl.usr_agent: 未知的键" in text
    assert f"{path}:6: crawl.retries: 应为整数，实际为 'many'" in text
    assert all(HAN.search(message) for *_, message in info.value.problems)


def test_a_missing_config_file_says_so_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "nope.yaml", environ={})
    assert str(info.value) == f"{tmp_path / 'nope.yaml'}: 配置文件不存在"


def test_a_bad_alert_rule_says_so_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: r1\ntype: threshold\nmin_score: 5\nwindow: soon\nfilters:\n"
        "  risk: true\n  event_types: [失联跑路, 跑路]\n",
        "utf-8",
    )
    other = tmp_path / "filters.yaml"
    other.write_text("name: r2\ntype: threshold\nmin_score: 5\nfilters:\n  risk: true\n", "utf-8")
    rendered = ConfigError(load_rules([path, other]).problems).render()
    assert f"{path}:4: window: 时长 'soon' 无效" in rendered
    assert f"{path}:7: filters.event_types[1]: 未知的事件类型 '跑路'" in rendered
    assert f"{other}:5: filters.risk: 规则类型 'threshold' 不支持这个筛选条件" in rendered


def test_a_rule_missing_its_option_names_the_rule_type(tmp_path: Path) -> None:
    path = tmp_path / "spike.yaml"
    path.write_text("name: r1\ntype: spike\nspike_hieght: 3\n", "utf-8")
    rendered = ConfigError(load_rules([path]).problems).render()
    assert f"{path}:3: spike_hieght: 规则类型 'spike' 没有这个键" in rendered
    assert f"{path}:1: spike_height: 规则类型 'spike' 必须有此键" in rendered


def test_a_bad_duration_is_chinese_and_quotes_the_value() -> None:
    with pytest.raises(ValueError, match=r"时长 '3 days' 无效：.*24h"):
        parse_duration("3 days")


def test_every_pydantic_message_is_chinese() -> None:
    assert all(HAN.search(text) for text in PYDANTIC_ZH.values())


def test_a_bad_keyword_yaml_says_so_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        "id: demo\nlabel: 演示\ncolour: red\ncategories:\n  - id: c1\n    label: 类\n"
        "    weight: 500\n    terms: [跑路]\n",
        "utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_keyword_sets([path])
    text = str(info.value)
    assert info.value.exit_code == 2
    assert f"{path}:3: colour: 未知的键（可用：" in text
    assert f"{path}:7: categories[0].weight: 应在 0.0 到 100.0 之间，实际为 500" in text


def test_a_bad_source_file_says_so_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "sources:\n  - name: City News\n    type: news\n    start_urls: [ftp://x]\n"
        "    interval: soon\n",
        "utf-8",
    )
    with pytest.raises(ConfigError) as info:
        load_source_files([path])
    text = str(info.value)
    assert f"{path}:2: sources[0].name: 只能用小写字母" in text
    assert f"{path}:4: sources[0].start_urls: 不是 http(s) 网址：'ftp://x'" in text
    assert f"{path}:5: sources[0].interval: 时长 'soon' 无效" in text
