"""Fixtures: a fresh store per test on SQLite, OpenSearch 2, and OpenSearch 3 and Elasticsearch 8
and 9 when configured."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.base import Store
from indexer.search import ElasticsearchStore, EngineStore, OpenSearchStore, RetryPolicy
from tests.services import service_url

FAST_RETRY = RetryPolicy(max_retries=2, initial_backoff=0.05, max_backoff=0.2)

BACKENDS = ["sqlite", "opensearch"]
if os.environ.get("TIANLUO_TEST_ES_URL"):
    BACKENDS.append("elasticsearch")
if os.environ.get("TIANLUO_TEST_ES9_URL"):
    BACKENDS.append("elasticsearch9")
if os.environ.get("TIANLUO_TEST_OS3_URL"):
    BACKENDS.append("opensearch3")


def engine_store(kind: str, spool_dir: Path, **options: object) -> EngineStore:
    """A store on the running test engine with a prefix of its own."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    common: dict[str, object] = {
        "index_prefix": prefix,
        "spool_dir": spool_dir,
        "replicas": 0,
        "retry": FAST_RETRY,
    }
    common.update(options)
    if kind in ("opensearch", "opensearch3"):
        return OpenSearchStore(service_url(kind), **common)  # type: ignore[arg-type]
    return ElasticsearchStore(service_url(kind), **common)  # type: ignore[arg-type]


def drop_indices(store: EngineStore) -> None:
    """Delete every index of the store's prefix (by name: ES refuses wildcard deletes)."""
    rows = store.client.request(
        "GET", f"/_cat/indices/{store.names.prefix}-*", params={"format": "json", "h": "index"}
    )
    if rows:
        store.client.request("DELETE", "/" + ",".join(r["index"] for r in rows))


MISSING_MODULE_SIGNS = {
    "Incorrect HTTP method for uri [/_reindex": "reindex",
    "Unknown aggregation type [bucket_": "aggregations",
    "script_lang not supported [painless]": "lang-painless",
}


def xfail_if_module_missing(exc: Exception) -> None:
    """A node built without a standard module (the Maven-built ES test node) cannot run this."""
    for sign, module in MISSING_MODULE_SIGNS.items():
        if sign in str(exc):
            pytest.xfail(f"this engine node lacks the {module!r} module: {exc}")


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, initialised store of each backend."""
    if request.param == "sqlite":
        from indexer.sqlite import SQLiteStore

        sqlite = SQLiteStore(tmp_path / "tianluo.db")
        yield sqlite
        sqlite.close()
        return
    engine = engine_store(request.param, tmp_path / "spool")
    engine.init()
    try:
        yield engine
    finally:
        drop_indices(engine)
        engine.close()


@pytest.fixture(params=[b for b in BACKENDS if b != "sqlite"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EngineStore]:
    """A fresh, initialised store on each configured search engine."""
    store = engine_store(request.param, tmp_path / "spool")
    store.init()
    try:
        yield store
    finally:
        drop_indices(store)
        store.close()
