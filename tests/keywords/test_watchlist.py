"""Watchlist loading and validation, alias linking and discovery of new names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from keywords import Analyzer, load_watchlist
from keywords.candidates import discover
from keywords.lexicon import BlockSegmenter, build_tokenizer
from tests.keywords.conftest import WATCHLIST, valid_code
from tianluo.errors import ConfigError

Writer = Callable[[str, str], Path]


def test_load_watchlist(write: Writer) -> None:
    watchlist = load_watchlist(write(WATCHLIST.format(code=valid_code()), "wl.yaml"))
    first = watchlist.enterprises[0]
    assert first.name == "鑫盛源财富管理有限公司"
    assert first.aliases == ("鑫盛宝", "鑫盛源")
    assert first.region == "上海市" and first.tags == ("p2p",)


def test_bad_credit_code_names_file_line_key(write: Writer) -> None:
    path = write(WATCHLIST.format(code="91310000MA1FL12340"), "wl.yaml")
    with pytest.raises(ConfigError) as info:
        load_watchlist(path)
    ((file, line, key, message),) = info.value.problems
    assert (file, line, key) == (str(path), 4, "enterprises[0].credit_code")
    assert "校验位" in message


def test_unknown_key_and_duplicate_alias(write: Writer) -> None:
    text = WATCHLIST.format(code=valid_code()) + "    colour: red\n  - name: 鑫盛宝\n"
    with pytest.raises(ConfigError) as info:
        load_watchlist(write(text, "wl.yaml"))
    messages = [(p[2], p[3]) for p in info.value.problems]
    assert any(k == "enterprises[1].colour" for k, _ in messages)
    assert any("已被 enterprises" in m for _, m in messages)


def test_alias_links_to_canonical_name(watch_analyzer: Analyzer) -> None:
    result = watch_analyzer.analyze("投资人反映鑫盛宝近期提现困难，老板失联。")
    (mention,) = [m for m in result.mentions if m.on_watchlist]
    assert mention.name == "鑫盛源财富管理有限公司"
    assert mention.mention == "鑫盛宝"
    assert mention.risk
    assert "鑫盛宝" not in result.candidates


def test_longest_match_wins(watch_analyzer: Analyzer) -> None:
    result = watch_analyzer.analyze("鑫盛源财富管理有限公司跑路了")
    assert [m.mention for m in result.mentions] == ["鑫盛源财富管理有限公司"]


def test_caller_entities_are_linked(analyzer: Analyzer) -> None:
    result = analyzer.analyze(
        "小资钱包涉嫌诈骗，出借人报案。恒丰银行是存管行。", entities=["小资钱包", "恒丰银行"]
    )
    names = [m.name for m in result.mentions]
    assert names[0] == "小资钱包"
    assert "恒丰银行" in names


def test_discovery_of_company_names() -> None:
    tokenizer = build_tokenizer([])
    text = "警方通报，上海成雨投资控股集团有限公司涉嫌非法吸收公众存款。另据报道，“钱妈妈”理财平台已停运。"
    names = [c.name for c in discover(text, BlockSegmenter(tokenizer, text))]
    assert "上海成雨投资控股集团有限公司" in names
    assert "钱妈妈" in names


def test_discovered_names_become_candidates(analyzer: Analyzer) -> None:
    result = analyzer.analyze("深圳市前海鑫达金融信息服务有限公司老板跑路，投资人无法提现。")
    assert "深圳市前海鑫达金融信息服务有限公司" in result.candidates
    assert result.mentions[0].mention == "深圳市前海鑫达金融信息服务有限公司"
    assert not result.mentions[0].on_watchlist
