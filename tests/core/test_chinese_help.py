"""What the operator sees of click itself is Chinese: help pages, usage lines and usage errors."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from tests.cli import run_main as run
from tests.core.test_cli import all_commands
from tianluo.app.cli.chinese import CATALOG, translate, wrap
from tianluo.app.cli.output import width

# click's English words, as they would appear untranslated on a help page or in an error
CLICK_ENGLISH = [
    "Usage:",
    "Options:",
    "Commands:",
    "Positional arguments",
    "Show this message and exit",
    "Show the version and exit",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "default:",
    "required]",
    "env var:",
    "Try '",
    "Error:",
    "Invalid value",
    "Missing argument",
    "Missing option",
    "No such option",
    "No such command",
    "Did you mean",
    "is not a valid",
    "is not one of",
    "is not in the range",
    "requires an argument",
    "unexpected extra argument",
]
TYPE_METAVAR = re.compile(r" (TEXT|INTEGER|FLOAT|FILENAME|PATH|DIRECTORY|BOOLEAN)\b")


def _english_left(text: str) -> list[str]:
    return [word for word in CLICK_ENGLISH if word in text]


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "tianluo")
def test_every_help_page_is_chinese(
    capsys: pytest.CaptureFixture[str], path: tuple[str, ...]
) -> None:
    code, out, err = run(capsys, *path, "--help")
    assert code == 0, err
    assert out.startswith(f"用法：tianluo {' '.join(path)}".rstrip() + " ")
    assert "选项：" in out and "显示本帮助并退出。" in out
    assert not _english_left(out), (path, _english_left(out), out)
    options = out.split("选项：")[1].split("命令：")[0]
    assert not TYPE_METAVAR.search(options), options
    description = out.split("选项：")[0].splitlines()[1:]
    assert re.search(r"[\u4e00-\u9fff]", "".join(description)), f"{path}: no Chinese description"
    if "命令：" in out:  # a group lists its commands with Chinese summaries
        assert "命令 [参数]..." in out.splitlines()[0]


def test_help_lines_fit_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    for path in all_commands():
        _, out, _ = run(capsys, *path, "--help")
        too_wide = [line for line in out.splitlines() if width(line) > 80]
        assert not too_wide, (path, too_wide)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--bogus"], "错误：没有这个选项：'--bogus'。"),
        (["alerts", "history", "--limt", "3"], "是不是要用 '--limit'？"),
        (["frobnicate"], "错误：没有这个命令：'frobnicate'。"),
        (["alerts", "history", "--limit", "abc"], "'--limit' 取值无效：'abc' 不是有效的整数。"),
        (["alerts", "history", "--limit", "0"], "0 不在范围 1<=x<=10000 内。"),
        (["alerts", "test"], "错误：缺少参数 'RULE'。"),
        (["alerts", "silence", "score"], "错误：缺少选项 '--for'。"),
        (["keywords", "test", "--source-type", "x", "y"], "'x' 不是 'news', 'forum', 'p2p' 之一。"),
        (["alerts", "test", "r", "--days", "1.x"], "'1.x' 不是有效的数字。"),
        (["crawl", "--max-pages"], "错误：选项 '--max-pages' 需要一个值。"),
        (["extract", "a.html", "b.html"], "错误：多余的参数（b.html）"),
        (["report", "daily", "--date", "10/06/2025"], "'10/06/2025'：请用 YYYY-MM-DD 格式"),
    ],
)
def test_usage_errors_are_chinese_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert says in err, err
    assert not _english_left(err), err
    if "用法：" in err:  # the usage line and where to get help come first
        assert (
            err.startswith("用法：tianluo")
            and "运行 'tianluo" in err
            and "--help' 查看帮助。" in err
        )


def test_a_missing_input_file_names_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nope.jsonl"
    code, _, err = run(capsys, "analyze", "-i", str(missing))
    assert code == 2
    assert f"'-i' / '--input' 取值无效：'{missing}'：文件或目录不存在" in err


def test_version_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and re.fullmatch(r"tianluo 版本 \S+\n", out)


def test_a_group_without_a_command_shows_its_chinese_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, err = run(capsys, "alerts")
    page = out + err
    assert page.startswith("用法：tianluo alerts") and "命令：" in page and "错误：" not in page


def test_translate_keeps_what_the_user_typed() -> None:
    message = "Invalid value for '--days': 'integer' is not a valid float."
    assert translate(message) == "'--days' 取值无效：'integer' 不是有效的数字。"
    assert translate("something click never says") == "something click never says"


def test_every_catalog_entry_keeps_its_fields() -> None:
    field = re.compile(r"\{(\w+)(?:![rs])?\}")
    for msgid, chinese_text in CATALOG.items():
        assert set(field.findall(msgid)) == set(field.findall(chinese_text)), msgid


def test_the_catalog_covers_the_click_words_our_help_shows() -> None:
    """Each message id is one click really uses (a renamed id would silently stay English)."""
    source = "".join(
        Path(module.__file__).read_text(encoding="utf-8")
        for module in (click.core, click.exceptions, click.formatting, click.decorators)
        if module.__file__
    )
    for msgid in (
        "Usage:",
        "Options",
        "Commands",
        "Show this message and exit.",
        "default: {default}",
    ):
        assert f'"{msgid}"' in source, msgid


def test_wrap_breaks_between_chinese_characters_by_display_width() -> None:
    lines = wrap("一二三四五六七八九十，甲乙丙丁 abc defgh", 10)
    assert all(width(line) <= 10 for line in lines[:-1])
    assert "".join(lines).replace(" ", "") == "一二三四五六七八九十，甲乙丙丁abcdefgh"
    assert not any(line.startswith("，") for line in lines)
