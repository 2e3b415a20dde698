"""Every query in docs/queries.md runs on the real engine and answers in the expected shape."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from indexer.base import AlertRecord, CrawlRun
from indexer.search import EngineHTTPError, EngineStore
from tests.indexer.conftest import xfail_if_module_missing
from tests.indexer.seed import T0, corpus, make_doc
from tianluo.timeutil import now

pytestmark = pytest.mark.engine
COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "queries.md"
BLOCK = re.compile(
    r"^## (?P<title>.+?)\n.*?`(?P<method>POST|GET) (?P<path>\S+)`\n+```json\n(?P<body>.*?)```",
    re.S | re.M,
)


def cookbook() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(title, method, path, body) for every query in the cookbook."""
    found = [
        (m["title"], m["method"], m["path"], json.loads(m["body"]))
        for m in BLOCK.finditer(COOKBOOK.read_text(encoding="utf-8"))
    ]
    assert len(found) == COOKBOOK.read_text(encoding="utf-8").count("```json")
    return found


QUERIES = cookbook()


def test_the_cookbook_has_at_least_ten_queries() -> None:
    assert len(QUERIES) >= 10


@pytest.fixture()
def seeded_engine(engine: EngineStore) -> EngineStore:
    """The contract corpus moved to the last three days, plus alerts and crawl runs."""
    shift = now().replace(microsecond=0) - timedelta(days=3) - T0
    engine.upsert([replace(d, crawled_at=d.crawled_at + shift) for d in corpus()])
    brand = make_doc(
        90,
        at=now().replace(microsecond=0) - timedelta(hours=5),
        title="鑫盛宝提现困难",
        content="投资人反映鑫盛宝平台提现困难，该平台由鑫盛源财富管理有限公司运营。",
        enterprises=(("鑫盛源财富管理有限公司", True, 60.0),),
    )  # a page that names the enterprise by its brand (query 16)
    engine.upsert([replace(brand, enterprise_aliases=["鑫盛源财富管理有限公司", "鑫盛宝"])])
    recent = now() - timedelta(hours=2)
    engine.record_alert(
        AlertRecord(
            id="a1",
            rule="spike",
            key="甲金融",
            severity="high",
            channel="email",
            title="甲金融舆情激增",
            body="12 篇",
            created_at=recent,
            status="sent",
        )
    )
    engine.record_crawl_run(
        CrawlRun(
            "forum-c",
            recent,
            recent + timedelta(minutes=2),
            pages=3,
            status="failed",
            errors={"http_503": 3},
        )
    )
    return engine


def non_empty(answer: dict[str, Any]) -> bool:
    """Whether the answer found anything: hits, or a bucket or value in its first aggregation."""
    if answer["hits"]["hits"]:
        return True
    for agg in (answer.get("aggregations") or {}).values():
        if agg.get("buckets") or agg.get("value") or agg.get("doc_count"):
            return True
    return False


@pytest.mark.parametrize(
    ("title", "method", "path", "body"), QUERIES, ids=[q[0][:40] for q in QUERIES]
)
def test_cookbook_query(
    seeded_engine: EngineStore, title: str, method: str, path: str, body: dict[str, Any]
) -> None:
    prefix = seeded_engine.names.prefix
    real_path = "/" + re.sub(r"^tianluo-", f"{prefix}-", path)
    try:
        answer = seeded_engine.client.request(method, real_path, body=body)
    except EngineHTTPError as exc:
        xfail_if_module_missing(exc)
        raise
    assert answer["timed_out"] is False
    assert answer["_shards"]["failed"] == 0
    assert set(body.get("aggs", {})) <= set(answer.get("aggregations", {}))
    assert non_empty(answer), f"{title}: found nothing in the seeded corpus"
    for hit in answer["hits"]["hits"]:
        wanted = body.get("_source")
        if isinstance(wanted, list):
            assert set(hit["_source"]) <= {field.split(".")[0] for field in wanted}
