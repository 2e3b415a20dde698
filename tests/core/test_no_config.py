"""Run in a folder without tianluo.yaml: commands that keep state refuse (and create
nothing there), stateless ones say they use the defaults, `tianluo init` writes a starter."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.cli import run_tianluo
from tianluo.settings import Settings, load_settings
from tianluo.settings_doc import starter

ROOT = Path(__file__).resolve().parents[2]


def tianluo(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_tianluo(*args, cwd=cwd, stdin=stdin, timeout=120)


@pytest.mark.parametrize(
    "args",
    [("search", "跑路"), ("index", "status"), ("report", "daily"), ("alerts", "run")],
)
def test_stateful_commands_refuse_and_create_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = tianluo(tmp_path, *args)
    assert done.returncode == 2, done.stderr
    assert f"{tmp_path / 'tianluo.yaml'}: 这里没有配置文件" in done.stderr
    assert "tianluo init" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_stateless_commands_say_they_use_the_defaults(tmp_path: Path) -> None:
    row = json.dumps({"id": "a", "text": "保本保息，年化收益30%"}, ensure_ascii=False)
    done = tianluo(tmp_path, "analyze", stdin=row + "\n")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "a"
    assert "使用内置默认配置" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_writes_a_starter_that_holds_the_defaults(tmp_path: Path) -> None:
    done = tianluo(tmp_path, "init")
    assert done.returncode == 0, done.stderr
    written = tmp_path / "tianluo.yaml"
    assert written.read_text(encoding="utf-8") == starter()
    loaded = load_settings(written, environ={})
    defaults = Settings(base_dir=loaded.base_dir, config_file=loaded.config_file)
    assert loaded == defaults
    assert "# password: {env: NAME}" in starter()
    again = tianluo(tmp_path, "init")
    assert again.returncode == 2 and "--force" in again.stderr
    done = tianluo(tmp_path, "search", "从未出现过的短语")
    assert done.returncode == 1 and "没有匹配" in done.stdout
