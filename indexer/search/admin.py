"""Administration on the engine: init, status, reindex, spool replay, single records."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from indexer.search.client import EngineHTTPError, EngineUnavailable
from indexer.search.mappings import (
    MAPPING_VERSION,
    PLUGIN_TOKENIZERS,
    SINGLE_FAMILIES,
    added_docs_mapping,
    docs_index_body,
    docs_template,
    month_of,
    single_index_body,
)
from indexer.search.spool import Spool, SpoolRecord
from indexer.search.writer import READ_PARAMS, EngineUpsertResult, WriteInterrupted
from tianluo.errors import StoreError
from tianluo.models import StoredDocument
from tianluo.timeutil import now

if TYPE_CHECKING:
    from indexer.search.store import EngineStore

log = logging.getLogger(__name__)

SPOOL_REPLAY = "回放暂存"
"""The action named in the message of a failed spool replay."""


def _exists(store: EngineStore, path: str) -> bool:
    try:
        return bool(store.client.request("HEAD", path))
    except EngineHTTPError as exc:
        if exc.status == 404:
            return False
        raise


def _create(store: EngineStore, index: str, body: dict[str, Any]) -> None:
    """Create an index; one that already exists (another process won the race) is fine."""
    try:
        store.client.request("PUT", f"/{index}", body=body)
    except EngineHTTPError as exc:
        if "resource_already_exists" in str(exc.error):
            return
        missing = _missing_plugin(store, str(exc.error))
        if missing:
            raise StoreError(missing) from None
        raise


def _put_template(store: EngineStore, template: dict[str, Any]) -> None:
    """PUT the docs template; the engine checks its analysis settings here already."""
    try:
        store.client.request("PUT", f"/_index_template/{store.names.docs_template}", body=template)
    except EngineHTTPError as exc:
        missing = _missing_plugin(store, str(exc.error))
        if missing:
            raise StoreError(missing) from None
        raise


def _missing_plugin(store: EngineStore, error: str) -> str | None:
    """The message for an index refused because the configured analysis plugin is absent."""
    plugin = PLUGIN_TOKENIZERS.get(store.text_analysis)
    if plugin is None or not any(name in error for name in plugin[:2]):
        return None
    return (
        f"{store.backend}（{store.client.url}）：storage.text_analysis 为 "
        f"{store.text_analysis!r}，但集群没有 {plugin[2]} 插件（分词器 {plugin[0]} 未知）；"
        "请在每个节点上安装该插件，或设置 storage.text_analysis: bigram"
    )


def active_version(store: EngineStore) -> int:
    """The mapping version the docs template points at (MAPPING_VERSION on a new cluster)."""
    try:
        answer = store.client.request("GET", f"/_index_template/{store.names.docs_template}")
    except EngineHTTPError as exc:
        if exc.status == 404:
            return MAPPING_VERSION
        raise
    template = answer["index_templates"][0]["index_template"]
    return int((template.get("_meta") or {}).get("tianluo_mapping_version", MAPPING_VERSION))


def _layout(store: EngineStore) -> dict[str, Any]:
    """How this store creates indices: shards, replicas and text analysis."""
    return {"shards": store.shards, "replicas": store.replicas, "text": store.text_analysis}


def init(store: EngineStore) -> int:
    """Create the docs template, this month's index and the single indices; return the version."""
    names = store.names
    version = active_version(store)
    template = docs_template(names, version, **_layout(store))
    _put_template(store, template)
    month_index = names.docs_index(version, month_of(now()))
    if not _exists(store, f"/{month_index}"):
        _create(store, month_index, {})  # settings, mappings and alias come from the template
    # indices created before a field was added get it now (additive: no reindex needed)
    store.client.request("PUT", f"/{names.alias('docs')}/_mapping", body=added_docs_mapping())
    for family in SINGLE_FAMILIES:
        if not _exists(store, f"/_alias/{names.alias(family)}"):
            body = single_index_body(
                names,
                family,
                version,
                **_layout(store),
            )
            _create(store, names.index(family, version), body)
    return version


def alias_indices(store: EngineStore, family: str) -> list[str]:
    """The concrete indices behind one family's alias."""
    try:
        answer = store.client.request("GET", f"/_alias/{store.names.alias(family)}")
    except EngineHTTPError as exc:
        if exc.status == 404:
            return []
        raise
    return sorted(answer)


def status(store: EngineStore) -> dict[str, Any]:
    """A dict for `tianluo index status`: health, version, indices, counts, spool."""
    report: dict[str, Any] = {
        "backend": store.backend,
        "url": store.client.url,
        "mapping_version": store.version,
        "spool_depth": store.spool.depth() if store.spool else None,
        "spool_dir": str(store.spool.folder) if store.spool else None,
    }
    try:
        report["health"] = store.client.request("GET", "/_cluster/health")["status"]
        # the template's version: a reindex by another process moved it past store.version
        report["mapping_version"] = active_version(store)
        rows = store.client.request(
            "GET",
            f"/_cat/indices/{store.names.prefix}-*",
            params={"format": "json", "h": "index,health,status", "s": "index"},
        )
        # _cat counts nested rows as documents; count top-level documents per index instead
        per_index = store.client.request(
            "POST",
            f"/{store.names.prefix}-*/_search",
            params=READ_PARAMS,
            body={"size": 0, "aggs": {"i": {"terms": {"field": "_index", "size": 10_000}}}},
        )
        counts = {b["key"]: b["doc_count"] for b in per_index["aggregations"]["i"]["buckets"]}
        report["indices"] = {
            r["index"]: {"health": r["health"], "docs": int(counts.get(r["index"], 0))}
            for r in rows
        }
        report["counts"] = {
            family: store.client.request(
                "POST", f"/{store.names.alias(family)}/_count", params=READ_PARAMS
            )["count"]
            for family in ("docs", *SINGLE_FAMILIES)
        }
    except (EngineUnavailable, EngineHTTPError) as exc:
        report["health"] = "unreachable"
        report["error"] = str(exc)
    return report


def put_record(store: EngineStore, family: str, doc_id: str, body: dict[str, Any]) -> None:
    """Index one alert or crawl run by id, visible to the next read."""
    path = f"/{store.names.alias(family)}/_doc/{doc_id}"
    store.writer.call("PUT", path, params={"refresh": "wait_for"}, body=body)


def replay(store: EngineStore, spool: Spool, result: EngineUpsertResult) -> None:
    """Replay spooled records in order; raise StoreError (records kept) if the engine is down."""
    with spool.locked():
        batch: list[SpoolRecord] = []
        for record in spool.pending():
            if record.kind == "doc":
                batch.append(record)
                if len(batch) >= store.writer.batch_size:
                    _replay_docs(store, spool, batch, result)
                    batch = []
                continue
            _replay_docs(store, spool, batch, result)
            batch = []
            family = "alerts" if record.kind == "alert" else "crawl-runs"
            doc_id = record.body["id"] if record.kind == "alert" else _run_id(record.body)
            try:
                put_record(store, family, doc_id, record.body)
            except EngineUnavailable as exc:
                raise store._fail(exc, SPOOL_REPLAY) from None
            spool.acknowledge(record)
        _replay_docs(store, spool, batch, result)
        spool.finish()


def _run_id(body: dict[str, Any]) -> str:
    from indexer.search.records import run_from, run_id

    return run_id(run_from(body))


def _replay_docs(
    store: EngineStore, spool: Spool, batch: list[SpoolRecord], result: EngineUpsertResult
) -> None:
    if not batch:
        return
    docs = [StoredDocument.from_dict(r.body) for r in batch]
    try:
        done = store.writer.write(docs)
    except WriteInterrupted as exc:
        raise store._fail(exc.cause, SPOOL_REPLAY) from None
    result.merge(done)
    for failed_id, reason in done.failed:
        log.error("暂存的文档 %s 被搜索引擎拒绝，已丢弃：%s", failed_id, reason)
    spool.acknowledge(batch[-1])


def reindex(store: EngineStore, to_version: int | None) -> dict[str, Any]:
    """Copy every family into mapping version N+1 (or ``to_version``), then swap aliases."""
    names = store.names
    old = active_version(store)
    new = to_version if to_version is not None else old + 1
    if new <= old:
        raise StoreError(f"重建索引：目标版本 {new} 必须高于当前版本 {old}")
    moves: list[tuple[str, str, str]] = []  # (family, old index, new index)
    for index in alias_indices(store, "docs"):
        month = index.rsplit("-", 1)[-1]
        moves.append(("docs", index, names.docs_index(new, month)))
    for family in SINGLE_FAMILIES:
        moves.extend(
            (family, index, names.index(family, new)) for index in alias_indices(store, family)
        )
    for family, source, dest in moves:
        body = (
            docs_index_body(new, **_layout(store))
            if family == "docs"
            else single_index_body(
                names,
                family,
                new,
                **_layout(store),
                with_alias=False,
            )
        )
        _create(store, dest, body)
        _copy(store, source, dest, create_only=False)
    actions: list[dict[str, Any]] = []
    for family, source, dest in moves:
        add: dict[str, Any] = {"index": dest, "alias": names.alias(family)}
        if family != "docs":
            add["is_write_index"] = True
        actions += [{"remove": {"index": source, "alias": names.alias(family)}}, {"add": add}]
    template = docs_template(names, new, **_layout(store))
    _put_template(store, template)
    if actions:
        store.client.request("POST", "/_aliases", body={"actions": actions})
    store.version = new
    for _family, source, dest in moves:  # catch writes that landed in the old index meanwhile
        _copy(store, source, dest, create_only=True)
    for _family, source, _dest in moves:
        store.client.request("DELETE", f"/{source}")
    return {"from_version": old, "to_version": new, "indices": [[s, d] for _, s, d in moves]}


def _copy(store: EngineStore, source: str, dest: str, *, create_only: bool) -> None:
    body: dict[str, Any] = {"source": {"index": source}, "dest": {"index": dest}}
    if create_only:
        body["dest"]["op_type"] = "create"
        body["conflicts"] = "proceed"
    params = {"wait_for_completion": "true", "refresh": "true"}
    answer = store.client.request("POST", "/_reindex", params=params, body=body)
    if answer.get("failures") and not create_only:
        raise StoreError(f"重建索引 {source} -> {dest} 出现失败：{answer['failures'][:3]}")
