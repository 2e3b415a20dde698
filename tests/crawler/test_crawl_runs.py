"""`tianluo crawl` over real HTTP: bad sources are counted and the run goes on; a crawl
killed with SIGKILL resumes with nothing lost or doubled."""

from __future__ import annotations

import signal
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from demo.server import DemoSites
from indexer.sqlite import SQLiteStore
from tests.crawler.crawlrun import row, run, start, write_config


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    with DemoSites(extra_pages=300) as server:
        yield server


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stored_ids(workdir: Path) -> set[str]:
    db = sqlite3.connect(workdir / "var" / "tianluo.db")
    try:
        return {r[0] for r in db.execute("SELECT id FROM docs")}
    finally:
        db.close()


def test_bad_sources_are_counted_and_the_run_goes_on(sites: DemoSites, tmp_path: Path) -> None:
    dead = {"name": "dead-site", "type": "news", "start_urls": [f"http://127.0.0.1:{closed_port()}/"],
            "allow_private": True}  # fmt: skip
    guarded = {"name": "no-private", "type": "news", "start_urls": [sites.base_url + "/news/"]}
    config = write_config(
        tmp_path, sites.base_url, only=("demo-p2p",), extra_sources=[dead, guarded]
    )
    result = run(config)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert row(result.stdout, "dead-site")["pages"] == "0"
    assert "连接被拒绝" in row(result.stdout, "dead-site")["errors"]
    assert row(result.stdout, "no-private")["pages"] == "0"
    assert "按规则跳过" in row(result.stdout, "no-private")["errors"]  # the label of "ignored"
    assert int(row(result.stdout, "demo-p2p")["docs"]) > 0
    with SQLiteStore(tmp_path / "var" / "tianluo.db") as store:
        health = {r.source: r.status for r in store.crawl_runs()}
    assert health == {"dead-site": "failed", "no-private": "failed", "demo-p2p": "ok"}


def test_bad_source_file_is_a_clear_error(tmp_path: Path, sites: DemoSites) -> None:
    config = write_config(tmp_path, sites.base_url)
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - name: x\n    type: blog\n", encoding="utf-8"
    )
    result = run(config)
    assert result.returncode == 2
    assert "sources.yaml:3: sources[0].type" in result.stderr
    assert "Traceback" not in result.stderr


def test_sigkill_then_resume_loses_and_doubles_nothing(
    sites: DemoSites, tmp_path: Path, figure: Callable[[str, object], None]
) -> None:
    reference = write_config(tmp_path / "ref", sites.base_url)
    assert run(reference).returncode == 0
    expected = stored_ids(tmp_path / "ref")
    assert len(expected) > 300

    config = write_config(tmp_path / "killed", sites.base_url, crawl={"concurrency_per_domain": 2})
    process = start(config)
    db_path = tmp_path / "killed" / "var" / "tianluo.db"
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        if db_path.exists():
            try:
                seen = len(stored_ids(tmp_path / "killed"))
            except sqlite3.Error:
                continue
            if seen >= 60:
                break
    assert process.poll() is None, "the crawl finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    partial = stored_ids(tmp_path / "killed")
    assert 0 < len(partial) < len(expected)

    resumed = run(config)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    final = stored_ids(tmp_path / "killed")
    assert final == expected  # none lost; ids are unique, so none doubled
    figure("crawls killed with SIGKILL", 1)
    figure("documents stored before the kill", len(partial))
    figure("documents lost after resume", len(expected - final))
    assert (
        int(row(resumed.stdout, "demo-news")["skipped"]) > 0
    )  # stored pages were not fetched again
