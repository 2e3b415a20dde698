"""The CLI: help everywhere, one-line errors, exit codes scripts can trust, streaming analyze."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from indexer.sqlite import SQLiteStore
from tests.cli import run_main as run
from tests.indexer.seed import T0, make_doc
from tianluo.app.cli import COMMANDS, LazyGroup, cli


def all_commands() -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    ctx = click.Context(cli)

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        found.append(path)
        if isinstance(command, click.Group):
            names = command.list_commands(ctx)
            for name in names:
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, (*path, name))

    walk(cli, ())
    return found


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = all_commands()
    assert len(commands) > len(COMMANDS) + 10  # groups have subcommands
    for path in commands:
        code, out, err = run(capsys, *path, "--help")
        assert code == 0, (path, err)
        assert "用法：" in out
        command_help = out.split("选项：")[0]
        assert len(command_help.strip().splitlines()) >= 2, f"{path} has no description"


def test_lazy_group_lists_every_command() -> None:
    assert isinstance(cli, LazyGroup)
    assert set(cli.list_commands(click.Context(cli))) == set(COMMANDS)


def test_bad_config_is_one_message_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text("storage:\n  backend: oracle\n", encoding="utf-8")
    code, _, err = run(capsys, "-c", str(config), "search", "跑路")
    assert code == 2
    assert f"{config}:2: storage.backend" in err
    assert "Traceback" not in err


def test_missing_config_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "-c", str(tmp_path / "nope.yaml"), "index", "status")
    assert code == 2 and "配置文件不存在" in err


def test_unknown_command_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "没有这个命令：'frobnicate'" in err


def test_extract_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path / "missing.html"))
    assert code == 2 and f"{tmp_path / 'missing.html'}：文件不存在" in err


def test_extract_prints_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    body = "".join(
        f"<p>第{i}段：该公司承诺年化收益率百分之十八，保本保息，吸引大量投资人参与。</p>"
        for i in range(6)
    )
    page.write_bytes(
        f"<html><head><meta charset='gbk'><title>某公司提现困难_新闻</title></head><body>"
        f"<h1>某公司提现困难</h1><div>2024年3月5日 09:30 来源：测试日报</div>{body}</body></html>".encode(
            "gbk"
        )
    )
    code, out, _ = run(capsys, "extract", str(page))
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "某公司提现困难"
    assert data["published"].startswith("2024-03-05T09:30:00+08:00")
    assert "保本保息" in data["content"]


def test_analyze_streams_and_marks_bad_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        {
            "id": "a",
            "text": "某理财平台承诺年化收益率30%，保本保息，近日出现提现困难，老板已失联跑路，警方已立案侦查。",
        },
        "this is not json",
        {"id": "c", "text": "今天天气晴朗，市民在公园散步。"},
        {"id": "d", "text": 42},
    ]
    source.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
        + "\n",
        encoding="utf-8",
    )
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "analyze", "-i", str(source), "-o", str(target))
    assert code == 1  # bad lines were reported
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d"]
    assert out[0]["risk"] is True and out[0]["score"] > out[2]["score"]
    assert out[2]["risk"] is False
    assert out[1]["error"] == "第 2 行：不是有效的 JSON（第 1 列：此处应为一个值）"
    assert "第 2 行" in err
    assert out[3]["error"] == '第 4 行："text" 必须是字符串'


def test_search_exit_code_says_whether_anything_matched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text("data_dir: var\n", encoding="utf-8")
    code, out, _ = run(capsys, "-c", str(config), "search", "不存在的短语")
    assert code == 1 and "没有匹配" in out
    code, _, err = run(capsys, "-c", str(config), "search", "x", "--since", "soon")
    assert code == 2 and "--since" in err


def test_search_by_event_type(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text("data_dir: var\n", encoding="utf-8")
    store = SQLiteStore(tmp_path / "var" / "tianluo.db")
    store.upsert(
        [
            make_doc(1, at=T0, title="甲平台老板跑路", event_type="失联跑路"),
            make_doc(2, at=T0, title="乙平台跑路传闻", event_type="其他"),
            make_doc(3, at=T0, title="丙平台跑路后提现困难", event_type="提现困难/兑付危机"),
        ]
    )
    store.close()
    code, out, _ = run(capsys, "-c", str(config), "search", "跑路", "--json")
    assert code == 0 and len(out.splitlines()) == 3
    args = ("-c", str(config), "search", "跑路", "--json", "-t", "失联跑路")
    code, out, _ = run(capsys, *args, "--event-type", "提现困难/兑付危机")
    found = {json.loads(line)["title"]: json.loads(line)["event_type"] for line in out.splitlines()}
    assert code == 0 and found == {
        "甲平台老板跑路": "失联跑路",
        "丙平台跑路后提现困难": "提现困难/兑付危机",
    }
    code, out, _ = run(capsys, "-c", str(config), "search", "跑路", "-t", "失联跑路")
    assert code == 0 and "失联跑路" in out and "甲平台老板跑路" in out and "乙平台" not in out
    code, _, err = run(capsys, "-c", str(config), "search", "跑路", "-t", "跑路")
    assert code == 2 and "--event-type: 未知的事件类型 '跑路'" in err
    assert "涉嫌非法集资" in err and "Traceback" not in err


def test_index_status_on_sqlite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text("data_dir: var\n", encoding="utf-8")
    code, out, _ = run(capsys, "-c", str(config), "index", "status")
    assert code == 0 and json.loads(out)["backend"] == "sqlite"
    code, _, err = run(capsys, "-c", str(config), "index", "replay")
    assert code == 2 and "不适用于 sqlite 存储后端" in err


def test_keywords_test_explains_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    text = "某平台承诺年化收益18%，保本保息，现已提现困难，老板跑路。"
    code, out, _err = run(capsys, "keywords", "test", text)
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("分词：") and "提现困难" in lines[0]
    assert any(line.startswith("提现困难") and "兑付危机" in line for line in lines), out
    assert "承诺收益率：18%（法定红线 " in out
    verdict = next(line for line in lines if line.startswith("文档风险分 "))
    assert "（0-100）→ 风险文档" in verdict
    assert lines[-1].startswith("分析阶段：normalise → match → rules")
    english = re.compile(r"^(tokens|hits|rule|enterprise|yields|score|stages)\b|RISK|no risk", re.M)
    assert not english.search(out), out

    code, out, _err = run(capsys, "keywords", "test", "今天天气很好。")
    assert code == 0 and "命中：无" in out and "→ 非风险文档" in out, out


def test_keywords_validate_checks_the_watchlist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "watchlist.yaml"
    bad.write_text(
        "enterprises:\n"
        "  - name: 甲投资有限公司\n"
        "    credit_code: '123'\n"
        "    alias: [甲]\n"
        "  - name: 乙平台\n"
        "    operator: 不存在的公司\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "keywords", "validate", "--watchlist", str(bad))
    assert code == 2 and "ok:" not in out
    assert f"{bad}:3: enterprises[0].credit_code:" in err
    assert f"{bad}:4: enterprises[0].alias: 未知的键" in err
    assert f"{bad}:6: enterprises[1].operator: '不存在的公司'" in err

    good = tmp_path / "good.yaml"
    good.write_text("enterprises:\n  - name: 甲投资有限公司\n    aliases: [甲投资]\n", "utf-8")
    code, out, err = run(capsys, "keywords", "validate", "--watchlist", str(good))
    assert code == 0, err
    assert f"通过：监测名单 {good}：1 家企业校验通过" in out
