"""The demo, read as an officer reads it: enterprise risk index 0-100 with a level everywhere.

One real demo run (subprocess, port 0): the CLI's table, the brief, and the threshold
alert's message all use the enterprise risk index and its level on the same scale.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from demo.truth import get_truth
from indexer.sqlite import SQLiteStore
from tianluo.labels import LEVELS
from tianluo.timeutil import now

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(r"^(\S+)\s+(\d+)/100\s+(红色|橙色|黄色|无)\s+\d+\s+\d+\s+(在册|新发现)$", re.M)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    workdir = tmp_path_factory.mktemp("demo-index") / "run"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TIANLUO_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "tianluo", "demo", "--workdir", str(workdir), "--port", "0"],
        capture_output=True, text=True, timeout=600, env=env, cwd=workdir.parent, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return workdir, done.stdout


def test_the_riskiest_list_reads_index_and_level(demo: tuple[Path, str]) -> None:
    workdir, out = demo
    rows = ROW.findall(out)
    assert len(rows) >= 3, out
    indexes = [int(r[1]) for r in rows]
    assert indexes == sorted(indexes, reverse=True) and all(0 < i <= 100 for i in indexes)
    with SQLiteStore(workdir / "var" / "tianluo.db") as store:
        scores = {
            s.name: s
            for s in store.enterprise_scores(
                since=now() - timedelta(days=1), until=now() + timedelta(hours=1), limit=500
            )
        }
    # the watchlisted planted enterprises all reach a level; the first is red
    for enterprise in get_truth().risky:
        if enterprise.on_watchlist:
            assert scores[enterprise.name].level != "none", enterprise.name
    assert rows[0][2] == "红色"


def test_the_summary_reads_chinese(demo: tuple[Path, str]) -> None:
    _workdir, out = demo
    headings = re.findall(r"^\s*== (\S+)", out, re.M)
    assert "今日风险最高的企业" in headings, out
    english = [h for h in headings if re.match(r"[A-Za-z]", h)]
    assert not english, english
    assert re.search(r"^投递：已发送 \d+，重试中 \d+，失败 \d+", out, re.M), out


def test_the_threshold_alert_reads_naturally(demo: tuple[Path, str]) -> None:
    workdir, _ = demo
    with SQLiteStore(workdir / "var" / "tianluo.db") as store:
        alerts = store.alert_history(rule="enterprise-risk-score")
    assert alerts
    body = alerts[0].body
    found = re.findall(r"(\S+) 风险指数 (\d+)（(\S+?)）[，,]超过阈值 60", body)
    assert found, body
    for _name, index, level in found:
        assert 60 < int(index) <= 100 and level in LEVELS.values()
    assert "≥" not in body and "风险分" not in body


def test_the_brief_never_shows_a_bare_score(demo: tuple[Path, str]) -> None:
    workdir, _ = demo
    [brief] = (workdir / "out" / "briefs").glob("*.html")
    text = brief.read_text(encoding="utf-8")
    assert "企业风险指数" in text and "/100" in text
    assert text.count("风险分") == text.count("文档风险分")
