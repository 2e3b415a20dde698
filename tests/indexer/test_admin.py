"""init, status, reindex and per-document failures on a real engine."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from indexer.search import EngineStore
from indexer.search.admin import alias_indices
from indexer.search.mappings import docs_template
from tests.indexer.conftest import xfail_if_module_missing
from tests.indexer.seed import T0, corpus
from tianluo.errors import StoreError

pytestmark = pytest.mark.engine


def test_init_is_idempotent_and_status_reports(engine: EngineStore) -> None:
    engine.init()
    engine.upsert(corpus())
    status = engine.status()
    assert status["health"] in ("green", "yellow")
    assert status["mapping_version"] == 1
    assert status["counts"] == {"docs": 8, "alerts": 0, "crawl-runs": 0}
    assert status["spool_depth"] == 0
    prefix = engine.names.prefix
    assert f"{prefix}-docs-v1-2026.03" in status["indices"]
    assert status["indices"][f"{prefix}-docs-v1-2026.03"]["docs"] == 8


def test_reindex_swaps_to_a_new_version(engine: EngineStore) -> None:
    docs = corpus()
    engine.upsert(docs)
    try:
        report = engine.reindex()
    except StoreError as exc:
        xfail_if_module_missing(exc)
        raise
    assert (report["from_version"], report["to_version"]) == (1, 2)
    prefix = engine.names.prefix
    assert f"{prefix}-docs-v2-2026.03" in alias_indices(engine, "docs")
    assert all(
        "-v2" in i for f in ("docs", "alerts", "crawl-runs") for i in alias_indices(engine, f)
    )
    assert engine.count() == 8
    assert len(engine.search("非法集资")) == 2
    late = replace(
        docs[0],
        id="new-after-reindex",
        url="https://x.example.cn/new",
        crawled_at=T0.replace(month=4),
    )
    assert engine.upsert([late]).created == 1
    assert f"{prefix}-docs-v2-2026.04" in alias_indices(engine, "docs")
    assert engine.upsert(docs).unchanged == 8
    engine.version = 0  # a fresh process learns the active version from the template
    assert engine.status()["mapping_version"] == 2
    engine.init()
    assert engine.version == 2


def test_a_refused_document_fails_alone(engine: EngineStore) -> None:
    good, bad = corpus()[:2]
    bad = replace(bad, floor="not a number")  # type: ignore[arg-type]
    result = engine.upsert([good, bad])
    assert result.created == 1
    assert [doc_id for doc_id, _ in result.failed] == [bad.id]
    assert "parsing_exception" in result.failed[0][1]  # mapper_ (OpenSearch), document_ (ES 8)
    assert "floor" in result.failed[0][1]
    assert engine.count() == 1
    assert engine.spool is not None and engine.spool.depth() == 0


def _doc_fields(engine: EngineStore, index: str) -> dict[str, Any]:
    answer = engine.client.request("GET", f"/{index}/_mapping")
    return dict(answer[index]["mappings"]["properties"])


def test_init_adds_event_type_to_an_index_created_before_it(engine: EngineStore) -> None:
    names = engine.names
    old_template = docs_template(names, 1, replicas=0)
    del old_template["template"]["mappings"]["properties"]["event_type"]
    engine.client.request("PUT", f"/_index_template/{names.docs_template}", body=old_template)
    old_index = names.docs_index(1, "2026.03")  # the corpus month, created the old way
    engine.client.request("PUT", f"/{old_index}", body={})
    assert "event_type" not in _doc_fields(engine, old_index)
    engine.init()
    assert _doc_fields(engine, old_index)["event_type"] == {"type": "keyword"}
    engine.upsert(corpus())
    assert old_index in alias_indices(engine, "docs")
    assert engine.count_by("event_type")["涉嫌非法集资"] == 3
