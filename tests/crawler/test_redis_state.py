"""Crawl state in a real Redis answers as the SQLite state does, across processes."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.fingerprint import fingerprint
from crawler.redisstate import RedisCrawlState
from crawler.state import CrawlState
from tests.crawler.test_fingerprint_state import OTHER, REPRINT, STORY
from tests.services import redis_prefix, service_url

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def prefix() -> Iterator[str]:
    with redis_prefix() as name:
        yield name


def both(tmp_path: Path, prefix: str) -> list[CrawlState | RedisCrawlState]:
    return [CrawlState(tmp_path / "s.db"), RedisCrawlState(service_url("redis"), prefix)]


def test_pages_are_remembered_and_counted_once(tmp_path: Path, prefix: str) -> None:
    for state in both(tmp_path, prefix):
        assert state.stored_at("http://x.cn/1") is None
        state.mark_stored([("http://x.cn/1", "src", "h1"), ("http://x.cn/2", "src", "h2")])
        state.mark_stored([("http://x.cn/1", "src", "h1b")])  # changed page, stored again
        assert state.content_hash("http://x.cn/1") == "h1b"
        assert state.stored_at("http://x.cn/1") is not None
        assert (state.count("src"), state.count("other"), state.count()) == (2, 0, 2)
        state.close()


def test_reprints_share_a_story_in_both(tmp_path: Path, prefix: str) -> None:
    for state in both(tmp_path, prefix):
        assert state.cluster_for("a", fingerprint(STORY)) == "a"
        assert state.cluster_for("b", fingerprint(REPRINT)) == "a"
        assert state.cluster_for("c", fingerprint(OTHER)) == "c"
        assert state.cluster_for("b", fingerprint(REPRINT)) == "a"  # stable per document
        assert state.cluster_for("x", fingerprint("顶一下")) == "x"
        state.close()


def test_same_answers_as_sqlite_on_a_varied_corpus(tmp_path: Path, prefix: str) -> None:
    rng = random.Random(7)
    stories = [STORY, OTHER, STORY[::-1], OTHER[::-1]]
    texts = []
    for n in range(80):  # copies of four stories with random edits
        chars = list(rng.choice(stories))
        for _ in range(rng.randint(0, 12)):
            chars[rng.randrange(len(chars))] = rng.choice("的了在是我有和人这中大为上个国")
        texts.append((f"d{n}", "".join(chars)))
    sqlite, shared = both(tmp_path, prefix)
    for doc_id, text in texts:
        assert shared.cluster_for(doc_id, fingerprint(text)) == sqlite.cluster_for(
            doc_id, fingerprint(text)
        )


def test_copies_crawled_at_once_by_several_processes_are_one_story(prefix: str) -> None:
    script = (
        "import sys; from crawler.redisstate import RedisCrawlState; "
        "from crawler.fingerprint import fingerprint; "
        "from tests.crawler.test_fingerprint_state import STORY; "
        "s = RedisCrawlState(sys.argv[1], sys.argv[2]); "
        "print(s.cluster_for(sys.argv[3], fingerprint(STORY)))"
    )
    env = {"PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, service_url("redis"), prefix, f"copy{n}"],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(4)
    ]
    clusters = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert len(clusters) == 1 and clusters <= {f"copy{n}" for n in range(4)}
