"""Two crawler processes share one crawl through a real Redis (scrapy-redis)."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from demo.server import DemoSites
from tests.crawler.crawlrun import row, run, start, write_config
from tests.services import service_url


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    with DemoSites(extra_pages=400) as server:
        yield server


def ids(workdir: Path) -> set[str]:
    db = sqlite3.connect(workdir / "var" / "tianluo.db")
    try:
        return {r[0] for r in db.execute("SELECT id FROM docs")}
    finally:
        db.close()


def test_two_processes_split_one_crawl(sites: DemoSites, tmp_path: Path) -> None:
    url = service_url("redis")
    reference = write_config(tmp_path / "ref", sites.base_url)
    assert run(reference).returncode == 0
    expected = ids(tmp_path / "ref")

    run_id = uuid.uuid4().hex
    config = write_config(
        tmp_path / "shared",
        sites.base_url,
        crawl={
            "redis_url": url,
            "redis_prefix": f"t{run_id[:10]}",
            "concurrency_per_domain": 2,
            "download_delay": 0.05,
        },
    )
    first = start(config, "--run-id", run_id)
    second = start(config, "--run-id", run_id)
    outputs = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, [o[1][-2000:] for o in outputs]
    pages = [int(row(out, "demo-news")["pages"]) for out, _ in outputs]
    assert all(p > 0 for p in pages), pages  # both processes did part of the work
    assert ids(tmp_path / "shared") == expected  # exactly the documents of a single crawl
    client = redis.Redis.from_url(url)
    assert client.exists(f"t{run_id[:10]}:{run_id}:demo-news:dupefilter")
    assert client.hlen(f"t{run_id[:10]}:state:pages") > 0  # the crawl state is shared too
    client.delete(*client.keys(f"t{run_id[:10]}:*"))
