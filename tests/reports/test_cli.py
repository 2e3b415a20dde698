"""The report commands end to end through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.sqlite import SQLiteStore
from tests.reports.seed import RISKY, seed
from tianluo.app.cli import cli


@pytest.fixture
def config(tmp_path: Path) -> Path:
    seed(SQLiteStore(tmp_path / "var" / "tianluo.db")).close()
    path = tmp_path / "tmp.yaml"
    path.write_text("data_dir: var\noutput_dir: out\n", encoding="utf-8")
    return path


def test_report_daily(config: Path) -> None:
    result = CliRunner().invoke(cli, ["-c", str(config), "report", "daily", "--date", "2025-06-10"])
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip())
    assert path == config.parent / "out" / "briefs" / "2025-06-10.html"
    assert RISKY in path.read_text(encoding="utf-8")
    assert (config.parent / "out" / "index.html").is_file()


def test_bad_date_is_a_usage_error(config: Path) -> None:
    result = CliRunner().invoke(cli, ["-c", str(config), "report", "daily", "--date", "10/06/2025"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


@pytest.mark.parametrize(
    ("day", "says"),
    [
        ("2999-01-01", "这一天还没到"),
        ("1900-01-01", "早于 2000-01-01"),
        ("2025-05-01", "存储中没有当天或更早抓取的文档"),
    ],
)
def test_days_outside_the_data_are_refused(config: Path, day: str, says: str) -> None:
    result = CliRunner().invoke(cli, ["-c", str(config), "report", "daily", "--date", day])
    assert result.exit_code != 0 and says in str(result.exception)
    assert not (config.parent / "out").exists()  # nothing added to the archive


def test_enterprise_watchlist_archive(config: Path) -> None:
    runner = CliRunner()
    for args in (["enterprise", RISKY, "--days", "7"], ["watchlist"], ["archive"]):
        result = runner.invoke(cli, ["-c", str(config), "report", *args])
        assert result.exit_code == 0, result.output
        assert Path(result.output.strip()).is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["report"],
        ["report", "daily"],
        ["report", "enterprise"],
        ["report", "watchlist"],
        ["report", "archive"],
        ["serve"],
        ["schedule"],
    ],
)
def test_help(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0 and "用法：" in result.output
