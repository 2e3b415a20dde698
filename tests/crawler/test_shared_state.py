"""Three crawler processes, three data_dirs, one real Redis: the crawl state is shared, so
every page is stored exactly once, reprint groups span the processes, and a process
killed with SIGKILL loses nothing (its restart finishes its work)."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from demo.server import DemoSites
from tests.crawler.crawlrun import run, start, write_config
from tests.services import redis_prefix, service_url

pytestmark = pytest.mark.redis
SOURCES = ("demo-news", "demo-forum")


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    with DemoSites(extra_pages=200) as server:
        yield server


@pytest.fixture
def prefix() -> Iterator[str]:
    with redis_prefix() as name:
        yield name


def clusters(workdir: Path) -> dict[str, str]:
    """Document id -> story id of the documents stored under workdir."""
    return {doc: story for doc, (story, _) in stored_docs(workdir).items()}


def stored_docs(workdir: Path) -> dict[str, tuple[str, str]]:
    """Document id -> (story id, source) of the documents stored under workdir."""
    path = workdir / "var" / "tianluo.db"
    if not path.exists():
        return {}
    db = sqlite3.connect(path)
    try:
        return {r[0]: (r[1], r[2]) for r in db.execute("SELECT id, cluster_id, source FROM docs")}
    except sqlite3.Error:
        return {}
    finally:
        db.close()


def groups(docs: dict[str, str]) -> set[frozenset[str]]:
    """The reprint groups (two or more documents) as sets of ids."""
    by_story: dict[str, set[str]] = {}
    for doc, story in docs.items():
        by_story.setdefault(story, set()).add(doc)
    return {frozenset(ids) for ids in by_story.values() if len(ids) > 1}


def reprint_pairs(docs: dict[str, tuple[str, str]]) -> set[tuple[str, str]]:
    """Pairs of documents of one story from two sites (a forum post quoting an article):
    the reprints.  Same-site pairs are left out: the demo's generated filler articles
    share templates and chain into large groups whose shape depends on crawl order."""
    found = groups({doc: story for doc, (story, _) in docs.items()})
    return {(a, b) for g in found for a in g for b in g if a < b and docs[a][1] != docs[b][1]}


def kill_one_mid_crawl(procs: list[subprocess.Popen[str]], workdirs: list[Path]) -> int:
    """SIGKILL the running process that stored most, once 60 documents are stored."""
    deadline = time.monotonic() + 120
    while True:
        counts = [
            len(clusters(w)) if p.poll() is None else -1
            for p, w in zip(procs, workdirs, strict=True)
        ]
        assert max(counts) >= 0, "every process finished before one could be killed"
        if sum(len(clusters(w)) for w in workdirs) >= 60 and max(counts) > 0:
            break
        assert time.monotonic() < deadline, "the shared crawl stored too little"
        time.sleep(0.1)
    victim = counts.index(max(counts))
    procs[victim].send_signal(signal.SIGKILL)
    procs[victim].communicate(timeout=30)
    return victim


def test_three_processes_share_one_crawl_state(
    sites: DemoSites, tmp_path: Path, prefix: str, figure: Callable[[str, object], None]
) -> None:
    reference = write_config(tmp_path / "ref", sites.base_url, only=SOURCES)
    assert run(reference).returncode == 0
    expected = stored_docs(tmp_path / "ref")
    assert reprint_pairs(expected)

    crawl = {"redis_url": service_url("redis"), "redis_prefix": prefix,
             "concurrency_per_domain": 2, "download_delay": 0.02}  # fmt: skip
    configs = [
        write_config(tmp_path / f"p{n}", sites.base_url, only=SOURCES, crawl=crawl)
        for n in range(3)
    ]
    run_id = uuid.uuid4().hex
    procs = [start(config, "--run-id", run_id) for config in configs]
    victim = kill_one_mid_crawl(procs, [tmp_path / f"p{n}" for n in range(3)])
    before_restart = len(clusters(tmp_path / f"p{victim}"))
    for n, proc in enumerate(procs):
        if n != victim:
            _, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err[-2000:]
    # the killed process's restart (a new run: the old queue is drained) fetches what
    # the kill lost; pages stored by anyone are skipped through the shared state
    restarted = run(configs[victim], "--run-id", uuid.uuid4().hex)
    assert restarted.returncode == 0, restarted.stderr[-2000:]

    stored = [stored_docs(tmp_path / f"p{n}") for n in range(3)]
    # The work was shared: at least two processes stored pages. (All three is a matter of
    # timing: a process that starts late, or is killed early, may find nothing left.)
    assert sum(1 for part in stored if part) >= 2, [len(s) for s in stored]
    union = {doc: story for part in stored for doc, story in part.items()}
    assert sum(len(part) for part in stored) == len(union)  # no page stored twice
    assert set(union) == set(expected)  # none lost
    # reprints one process groups together are grouped together across processes
    together, kept = reprint_pairs(expected), reprint_pairs(union)
    recall = len(together & kept) / len(together)
    precision = len(together & kept) / len(kept) if kept else 0.0
    assert recall >= 0.9 and precision >= 0.9, (recall, precision)
    where = {doc: n for n, part in enumerate(stored) for doc in part}
    spanning = [p for p in kept if where[p[0]] != where[p[1]]]
    assert spanning  # groups whose members were stored by different processes
    figure("shared crawl: processes (one killed with SIGKILL)", 3)
    figure("shared crawl: documents stored / expected", f"{len(union)} / {len(expected)}")
    figure("shared crawl: stored by the killed process before/after restart",
           f"{before_restart} / {len(stored[victim])}")  # fmt: skip
    figure("shared crawl: reprint pairs stored by two processes", len(spanning))
    figure("shared crawl: reprint pairs as one process (recall, precision)",
           f"{recall:.3f}, {precision:.3f}")  # fmt: skip
