"""The Store on a search engine: shared by Elasticsearch and OpenSearch.

Subclasses only build the client edge (es.py, opensearch.py).  Writes go
through the bulk writer; when the engine is unreachable they go to the
spool and are replayed, in order, by ``replay()`` and at the start of the
next ``upsert``.  Every upsert ends with a refresh so that what was written
is visible to the next read (as on SQLite).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from indexer.base import (
    AggField,
    AlertRecord,
    CrawlRun,
    EnterpriseScore,
    Store,
    Summary,
    UpsertResult,
)
from indexer.search import admin, queries
from indexer.search.client import EngineClient, EngineHTTPError, EngineUnavailable
from indexer.search.mappings import MAPPING_VERSION, IndexNames
from indexer.search.records import alert_from, alert_to, run_from, run_id, run_to
from indexer.search.results import enterprise_score
from indexer.search.spool import Spool
from indexer.search.writer import (
    READ_PARAMS,
    BulkWriter,
    EngineUpsertResult,
    RetryPolicy,
    WriteInterrupted,
)
from keywords.enterprise_score import DEFAULT_PARAMS, IndexParams
from tianluo.errors import StoreError
from tianluo.models import StoredDocument
from tianluo.timeutil import SHANGHAI, aware

log = logging.getLogger(__name__)

RECORD_KINDS = {"alert": "告警记录", "crawl_run": "抓取运行记录"}
"""The Chinese name of each single record kind written by ``_put``."""


class EngineStore(Store):
    """A Store on Elasticsearch or OpenSearch through one client edge."""

    backend = "engine"

    def __init__(
        self,
        client: EngineClient,
        *,
        index_prefix: str = "tianluo",
        spool_dir: Path | str | None = None,
        batch_size: int = 500,
        max_batch_bytes: int = 8 * 1024 * 1024,
        retry: RetryPolicy | None = None,
        shards: int = 1,
        replicas: int | None = None,
        refresh: bool = True,
        index_params: IndexParams = DEFAULT_PARAMS,
        text_analysis: str = "bigram",
    ) -> None:
        self.client = client
        self.text_analysis = text_analysis
        self.index_params = index_params
        self.names = IndexNames(index_prefix)
        self.shards = shards
        self.replicas = replicas
        self.refresh_after_write = refresh
        self.version = MAPPING_VERSION
        self.spool = Spool(spool_dir) if spool_dir is not None else None
        self.writer = BulkWriter(
            client,
            self.names,
            lambda: self.version,
            batch_size=batch_size,
            max_batch_bytes=max_batch_bytes,
            retry=retry,
        )
        self._lock = threading.RLock()
        self._ready = False

    # -- plumbing ------------------------------------------------------------
    def _fail(self, exc: Exception, doing: str) -> StoreError:
        if isinstance(exc, EngineUnavailable):
            hint = "请启动搜索引擎，或在 tianluo.yaml 中改正 storage.url 和登录凭据"
        else:
            hint = "请查看搜索引擎的日志和 `tianluo index status` 的输出"
        return StoreError(f"{self.backend}（{self.client.url}）{doing}失败：{exc}；{hint}")

    def _read(self, family: str, endpoint: str, body: dict[str, Any]) -> Any:
        path = f"/{self.names.alias(family)}/{endpoint}"
        try:
            return self.client.request("POST", path, params=READ_PARAMS, body=body)
        except (EngineUnavailable, EngineHTTPError) as exc:
            raise self._fail(exc, f"POST {path} 请求") from None

    def _hits(self, family: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        return [h["_source"] for h in self._read(family, "_search", body)["hits"]["hits"]]

    def _aggs(self, family: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._read(family, "_search", body).get("aggregations") or {}

    def _ensure_ready(self) -> None:
        if not self._ready:
            self.init()

    # -- lifecycle -------------------------------------------------------
    def init(self) -> None:
        try:
            self.version = admin.init(self)
        except (EngineUnavailable, EngineHTTPError) as exc:
            raise self._fail(exc, "创建索引模板和别名") from None
        self._ready = True

    def ping(self) -> None:
        try:
            self.client.request("GET", "/_cluster/health")
        except (EngineUnavailable, EngineHTTPError) as exc:
            raise self._fail(exc, "连接检查") from None

    def close(self) -> None:
        self.client.close()

    def status(self) -> dict[str, Any]:
        """Indices, document counts, cluster health, mapping version and spool depth."""
        return admin.status(self)

    def reindex(self, to_version: int | None = None) -> dict[str, Any]:
        """Copy every index into a new mapping version and swap the aliases atomically."""
        with self._lock:
            try:
                return admin.reindex(self, to_version)
            except (EngineUnavailable, EngineHTTPError) as exc:
                raise self._fail(exc, "重建索引") from None

    # -- documents -------------------------------------------------------
    def upsert(self, docs: Sequence[StoredDocument]) -> EngineUpsertResult:
        result = EngineUpsertResult()
        if not docs:
            return result
        with self._lock:
            if self.spool is not None and self.spool.maybe_pending():
                try:
                    result.merge(self.replay())
                except StoreError as exc:
                    log.error("回放暂存失败，另有 %d 篇文档转入暂存：%s", len(docs), exc)
                    self._spool_docs(list(docs), result)
                    return result
            try:
                self._ensure_ready()
                self._follow_version()
                result.merge(self.writer.write(docs))
            except EngineHTTPError as exc:  # refused as a whole (auth, bad request): loud
                raise self._fail(exc, "批量写入") from None
            except StoreError:
                if self.spool is None:
                    raise
                self._spool_docs(list(docs), result)
            except WriteInterrupted as exc:
                result.merge(exc.result)
                if self.spool is None:
                    raise self._fail(exc.cause, "批量写入") from None
                log.warning("%s 无法连接，%d 篇文档转入暂存", self.client.url, len(exc.remaining))
                self._spool_docs(exc.remaining, result)
            self._refresh()
        return result

    def _follow_version(self) -> None:
        """Pick up a reindex done by another process, so new months get the new version."""
        try:
            self.version = admin.active_version(self)
        except (EngineHTTPError, EngineUnavailable) as exc:
            raise self._fail(exc, "读取索引模板") from None

    def _spool_docs(self, docs: list[StoredDocument], result: EngineUpsertResult) -> None:
        assert self.spool is not None
        try:
            self.spool.append("doc", [d.to_dict() for d in docs])
        except OSError as exc:  # disk full, quota, read-only: these documents are NOT kept
            raise StoreError(
                f"{self.backend}（{self.client.url}）无法连接，且暂存目录 "
                f"{self.spool.folder} 无法写入（{exc.strerror or exc}）："
                f"{len(docs)} 篇文档未能保存；请释放该处的磁盘空间。"
                "此前已暂存的文档不受影响，之后会回放。"
            ) from None
        result.spooled += len(docs)

    def _refresh(self) -> None:
        if not self.refresh_after_write:
            return
        try:
            path = f"/{self.names.alias('docs')}/_refresh"
            self.client.request("POST", path, params=READ_PARAMS)
        except (EngineUnavailable, EngineHTTPError) as exc:
            log.warning("写入后刷新索引失败：%s", exc)

    def replay(self) -> UpsertResult:
        """Write spooled records to the engine in order; acknowledge each once confirmed."""
        result = EngineUpsertResult()
        if self.spool is None:
            return result
        with self._lock:
            self._ensure_ready()
            try:
                admin.replay(self, self.spool, result)
            except EngineHTTPError as exc:
                raise self._fail(exc, admin.SPOOL_REPLAY) from None
            self._refresh()
        return result

    def get(self, doc_id: str) -> StoredDocument | None:
        hits = self._hits("docs", {"size": 1, "query": {"ids": {"values": [doc_id]}}})
        return StoredDocument.from_dict(hits[0]) if hits else None

    def content_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 1000):
            body = queries.ids_lookup(wanted[start : start + 1000], ["content_hash"])
            for hit in self._read("docs", "_search", body)["hits"]["hits"]:
                found[hit["_id"]] = hit["fields"]["content_hash"][0]
        return found

    def count(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        risk: bool | None = None,
    ) -> int:
        body = queries.count_body(since=since, until=until, risk=risk)
        return int(self._read("docs", "_count", body)["count"])

    def documents(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        enterprise: str | None = None,
        category: str | None = None,
        source: str | None = None,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
        limit: int = 50,
    ) -> list[StoredDocument]:
        body = queries.documents_body(
            limit,
            since=since,
            until=until,
            enterprise=enterprise,
            category=category,
            source=source,
            risk=risk,
            event_types=event_types,
        )
        return [StoredDocument.from_dict(s) for s in self._hits("docs", body)]

    def search(
        self,
        text: str,
        *,
        enterprise: str | None = None,
        since: datetime | None = None,
        event_types: Sequence[str] = (),
        limit: int = 20,
    ) -> list[StoredDocument]:
        text = text.strip()
        if not text:
            return []
        body = queries.search_body(
            text, enterprise=enterprise, since=since, limit=limit, event_types=event_types
        )
        return [StoredDocument.from_dict(s) for s in self._hits("docs", body)]

    # -- aggregations ----------------------------------------------------
    def summary(self, *, since: datetime, until: datetime) -> Summary:
        docs = self._read("docs", "_search", queries.summary_body(since, until))
        aggs = docs.get("aggregations") or {}
        ents = aggs.get("rows", {})
        return Summary(
            documents=int(docs["hits"]["total"]["value"]),
            risk_documents=int(aggs.get("risk", {}).get("doc_count", 0)),
            enterprises=int(ents.get("names", {}).get("value", 0)),
            risk_enterprises=int(ents.get("risk", {}).get("names", {}).get("value", 0)),
            sources=int(aggs.get("sources", {}).get("value", 0)),
        )

    def count_by(
        self,
        agg: AggField,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
        limit: int = 100,
    ) -> dict[str, int]:
        body = queries.count_by_body(
            agg, since=since, until=until, risk=risk, limit=limit, event_types=event_types
        )
        buckets = self._aggs("docs", body).get("values", {}).get("buckets", [])
        return {b["key"]: int(b["doc_count"]) for b in buckets}

    def first_seen(
        self,
        agg: AggField,
        *,
        since: datetime,
        until: datetime,
        category: str | None = None,
        event_types: Sequence[str] = (),
    ) -> dict[str, datetime]:
        body = queries.values_in_window_body(
            agg, since=since, until=until, category=category, event_types=event_types
        )
        candidates = [
            b["key"] for b in self._aggs("docs", body).get("values", {}).get("buckets", [])
        ]
        if not candidates:
            return {}
        body = queries.first_seen_body(agg, candidates, category=category, event_types=event_types)
        found: dict[str, datetime] = {}
        for bucket in self._aggs("docs", body).get("values", {}).get("buckets", []):
            first = datetime.fromtimestamp(bucket["first"]["value"] / 1000, SHANGHAI)
            if since <= first < until:
                found[bucket["key"]] = first
        return dict(sorted(found.items(), key=lambda item: item[1]))

    def daily_counts(
        self,
        agg: AggField,
        keys: Sequence[str],
        *,
        since: datetime,
        until: datetime,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
    ) -> dict[str, dict[date, int]]:
        if not keys:
            return {}
        body = queries.daily_counts_body(
            agg, keys, since=since, until=until, risk=risk, event_types=event_types
        )
        out: dict[str, dict[date, int]] = {k: {} for k in keys}
        for bucket in self._aggs("docs", body).get("values", {}).get("buckets", []):
            days = bucket["days"]["buckets"]
            out[bucket["key"]] = {
                date.fromisoformat(d["key_as_string"]): int(d["doc_count"]) for d in days
            }
        return out

    def enterprise_scores(
        self,
        *,
        since: datetime,
        until: datetime,
        limit: int = 20,
        names: Sequence[str] = (),
        event_types: Sequence[str] = (),
    ) -> list[EnterpriseScore]:
        body = queries.enterprise_scores_body(
            since=since, until=until, names=names, event_types=event_types
        )
        rows = self._aggs("docs", body).get("rows", {}).get("wanted", {})
        end = aware(until).timestamp()
        buckets = rows.get("names", {}).get("buckets", [])
        scores = [enterprise_score(b, end, self.index_params) for b in buckets]
        scores.sort(key=lambda s: (-s.score, -s.risk_documents, s.name))
        return scores[:limit]

    def cluster_reach(self, cluster_ids: Sequence[str]) -> dict[str, int]:
        ids = [c for c in dict.fromkeys(cluster_ids) if c]
        if not ids:
            return {}
        buckets = self._aggs("docs", queries.cluster_reach_body(ids))["clusters"]["buckets"]
        return {b["key"]: int(b["sources"]["value"]) for b in buckets}

    # -- crawl health and alert history ------------------------------------
    def _put(self, family: str, doc_id: str, body: dict[str, Any], kind: str) -> None:
        doing = f"写入{RECORD_KINDS[kind]}"
        with self._lock:
            try:
                self._ensure_ready()
                admin.put_record(self, family, doc_id, body)
            except (StoreError, EngineUnavailable) as exc:
                if self.spool is None:
                    raise exc if isinstance(exc, StoreError) else self._fail(exc, doing) from None
                log.warning("%s 无法连接，%s转入暂存：%s", self.client.url, RECORD_KINDS[kind], exc)
                self.spool.append(kind, [body])
            except EngineHTTPError as exc:
                raise self._fail(exc, doing) from None

    def record_crawl_run(self, run: CrawlRun) -> None:
        self._put("crawl-runs", run_id(run), run_to(run), "crawl_run")

    def crawl_runs(self, *, since: datetime | None = None) -> list[CrawlRun]:
        return [run_from(s) for s in self._hits("crawl-runs", queries.crawl_runs_body(since))]

    def record_alert(self, alert: AlertRecord) -> None:
        self._put("alerts", alert.id, alert_to(alert), "alert")

    def alert_history(self, *, rule: str | None = None, limit: int = 50) -> list[AlertRecord]:
        return [alert_from(s) for s in self._hits("alerts", queries.alerts_body(rule, limit))]


__all__ = ["EngineStore"]


class ConnectedStore(EngineStore):
    """An EngineStore that builds its client edge from a URL and credentials; the
    Elasticsearch and OpenSearch stores differ only in ``client_class``."""

    client_class: ClassVar[Callable[..., EngineClient]]

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        api_key: str | None = None,
        ca_certs: str | Path | None = None,
        verify_certs: bool = True,
        timeout: float = 30.0,
        **options: Any,
    ) -> None:
        client = self.client_class(
            url,
            username=username,
            password=password,
            api_key=api_key,
            ca_certs=ca_certs,
            verify_certs=verify_certs,
            timeout=timeout,
        )
        super().__init__(client, **options)
