"""The bulk writer: bounded batches, retries with backoff on 429/5xx, per-document failures.

A document is written into the index that already holds its id (found by
one ids lookup per batch over the read alias), or for a new id into the
month index of its ``crawled_at``; so an id stays unique behind the alias
even when an update arrives in a later month.  Its enterprise mentions are
kept as nested ``mention_rows`` inside the document, so updating a document
replaces them with it.
"""

from __future__ import annotations

import json
import logging
import operator
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from indexer.base import UpsertResult
from indexer.search import queries
from indexer.search.client import EngineClient, EngineHTTPError, EngineUnavailable
from indexer.search.mappings import IndexNames, month_of
from tianluo.models import StoredDocument

log = logging.getLogger(__name__)
READ_PARAMS = {"ignore_unavailable": "true", "allow_no_indices": "true"}
BULK_PARAMS = {"filter_path": "errors,items.*.status,items.*.error"}


@dataclass(slots=True)
class EngineUpsertResult(UpsertResult):
    """UpsertResult plus the documents put in the spool because the engine was unreachable."""

    spooled: int = 0

    def merge(self, other: UpsertResult) -> None:
        UpsertResult.merge(self, other)
        if isinstance(other, EngineUpsertResult):
            self.spooled += other.spooled


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry 429, 5xx and unreachable answers."""

    max_retries: int = 5
    initial_backoff: float = 0.5
    max_backoff: float = 30.0

    def delays(self) -> list[float]:
        return [min(self.initial_backoff * 2**n, self.max_backoff) for n in range(self.max_retries)]


class WriteInterrupted(Exception):
    """The engine went away mid-write: what was confirmed, and what was not."""

    def __init__(
        self, result: EngineUpsertResult, remaining: list[StoredDocument], cause: Exception
    ) -> None:
        self.result = result
        self.remaining = remaining
        self.cause = cause
        super().__init__(f"{len(remaining)} documents not confirmed: {cause}")


@dataclass(slots=True)
class _Known:
    index: str
    content_hash: str


_DOC_FIELDS = tuple(StoredDocument.__dataclass_fields__)
_NESTED = ("mentions", "evidence")


_ATTRS = operator.attrgetter(*_DOC_FIELDS)


def doc_body(doc: StoredDocument) -> dict[str, Any]:
    """The document as indexed: ``doc.to_dict()`` without dataclasses.asdict's deep copy.

    Built once per write and serialised at once, so sharing the lists is safe.
    """
    body = dict(zip(_DOC_FIELDS, _ATTRS(doc), strict=True))
    body["crawled_at"] = crawled = doc.crawled_at.isoformat()
    body["published_at"] = doc.published_at.isoformat() if doc.published_at else None
    for name in _NESTED:
        body[name] = [
            {k: getattr(item, k) for k in item.__dataclass_fields__} for item in body[name]
        ]
    body["mention_rows"] = mention_rows(doc, crawled)
    return body


def mention_rows(doc: StoredDocument, crawled_at: str) -> list[dict[str, Any]]:
    """One row per enterprise (the last mention of a name wins), with the fields to group by."""
    by_name = {m.name: m for m in doc.mentions}
    return [
        {
            "name": m.name,
            "mention": m.mention,
            "on_watchlist": m.on_watchlist,
            "risk": m.risk,
            "score": m.score,
            "crawled_at": crawled_at,
            "source": doc.source,
            "cluster_id": doc.cluster_id,
            "categories": doc.categories,
            "yield_max": doc.yield_max,
        }
        for m in by_name.values()
    ]


def _line(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


class BulkWriter:
    """Writes documents with _bulk; raises WriteInterrupted when the engine is unreachable."""

    def __init__(
        self,
        client: EngineClient,
        names: IndexNames,
        version: Callable[[], int],
        *,
        batch_size: int = 500,
        max_batch_bytes: int = 8 * 1024 * 1024,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.client = client
        self.names = names
        self.version = version
        self.batch_size = batch_size
        self.max_batch_bytes = max_batch_bytes
        self.retry = retry or RetryPolicy()
        self.sleep = sleep

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        """One request, retried with exponential backoff on 429, 5xx and connection errors."""
        last: Exception | None = None
        for delay in [*self.retry.delays(), None]:
            try:
                return self.client.request(method, path, **kwargs)
            except EngineUnavailable as exc:
                last = exc
            except EngineHTTPError as exc:
                if not exc.retryable:
                    raise
                last = exc
            if delay is not None:
                log.warning("%s %s 失败（%s），%.1f 秒后重试", method, path, last, delay)
                self.sleep(delay)
        raise EngineUnavailable(
            self.client.url, f"{method} {path} 已失败 {self.retry.max_retries + 1} 次：{last}"
        )

    def write(self, docs: Sequence[StoredDocument]) -> EngineUpsertResult:
        """Write all documents, batch by batch, in order.

        The ids lookup of the next batch runs in a helper thread while the current
        batch's bulk request is in flight.
        """
        result = EngineUpsertResult()
        known: dict[str, _Known] = {}
        batches = self._batches(docs)
        if not batches:
            return result
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tianluo-lookup") as pool:
            ahead = pool.submit(self._lookup, self._unknown(batches[0], known))
            for number, batch in enumerate(batches):
                try:
                    found = ahead.result()
                except EngineUnavailable as exc:
                    rest = [d for later in batches[number:] for d in later]
                    raise WriteInterrupted(result, rest, exc) from None
                for doc_id, entry in found.items():
                    known.setdefault(doc_id, entry)  # what this call wrote is newer
                if number + 1 < len(batches):
                    ahead = pool.submit(self._lookup, self._unknown(batches[number + 1], known))
                try:
                    result.merge(self._write_batch(batch, known))
                except _BatchInterrupted as exc:
                    result.merge(exc.done)
                    rest = [d for later in batches[number + 1 :] for d in later]
                    raise WriteInterrupted(result, exc.remaining + rest, exc.cause) from None
        return result

    @staticmethod
    def _unknown(batch: list[StoredDocument], known: dict[str, _Known]) -> list[str]:
        return [i for i in dict.fromkeys(d.id for d in batch) if i not in known]

    def _batches(self, docs: Sequence[StoredDocument]) -> list[list[StoredDocument]]:
        batches: list[list[StoredDocument]] = []
        current: list[StoredDocument] = []
        size = 0
        for doc in docs:
            weight = len(doc.content.encode("utf-8")) + len(doc.title.encode("utf-8")) + 2048
            if current and (
                len(current) >= self.batch_size or size + weight > self.max_batch_bytes
            ):
                batches.append(current)
                current, size = [], 0
            current.append(doc)
            size += weight
        if current:
            batches.append(current)
        return batches

    def _lookup(self, ids: list[str]) -> dict[str, _Known]:
        """Where each existing id lives and its content hash, across the read alias."""
        if not ids:
            return {}
        body = queries.ids_lookup(ids, ["content_hash"])
        answer = self.call(
            "POST", f"/{self.names.alias('docs')}/_search", params=READ_PARAMS, body=body
        )
        found: dict[str, _Known] = {}
        for hit in answer["hits"]["hits"]:
            value = (hit.get("fields") or {}).get("content_hash") or [""]
            found[hit["_id"]] = _Known(hit["_index"], value[0])
        return found

    def _write_batch(
        self, batch: list[StoredDocument], known: dict[str, _Known]
    ) -> EngineUpsertResult:
        result = EngineUpsertResult()
        pending: list[tuple[StoredDocument, _Known]] = []
        for doc in batch:
            previous = known.get(doc.id)
            if previous is not None and previous.content_hash == doc.content_hash:
                result.unchanged += 1
                continue
            index = previous.index if previous else self._new_index(doc)
            target = _Known(index, doc.content_hash)
            pending.append((doc, previous or _Known("", "")))
            # later copies of the same id in this call compare against this version
            known[doc.id] = target
        self._send(pending, known, result)
        return result

    def _new_index(self, doc: StoredDocument) -> str:
        return self.names.docs_index(self.version(), month_of(doc.crawled_at))

    def _send(
        self,
        pending: list[tuple[StoredDocument, _Known]],
        known: dict[str, _Known],
        result: EngineUpsertResult,
    ) -> None:
        delays = self.retry.delays()
        attempt = 0
        while pending:
            lines: list[str] = []
            for doc, _previous in pending:
                lines.append(_line({"index": {"_index": known[doc.id].index, "_id": doc.id}}))
                lines.append(_line(doc_body(doc)))
            owners = list(range(len(pending)))
            try:
                answer = self.call(
                    "POST", "/_bulk", params=BULK_PARAMS, body="".join(lines), ndjson=True
                )
            except EngineUnavailable as exc:
                raise _BatchInterrupted(result, [d for d, _ in pending], exc) from None
            retry, failed = _item_outcomes(answer.get("items", []), owners)
            for n, (doc, previous) in enumerate(pending):
                if n in failed:
                    result.failed.append((doc.id, failed[n]))
                    known.pop(doc.id, None)
                elif n not in retry:
                    if previous.index:
                        result.updated += 1
                    else:
                        result.created += 1
            pending = [pending[n] for n in sorted(retry)]
            if pending:
                if attempt >= len(delays):
                    cause = EngineUnavailable(
                        self.client.url, f"{len(pending)} documents still refused with 429/5xx"
                    )
                    raise _BatchInterrupted(result, [d for d, _ in pending], cause)
                self.sleep(delays[attempt])
                attempt += 1


class _BatchInterrupted(Exception):
    def __init__(
        self, done: EngineUpsertResult, remaining: list[StoredDocument], cause: Exception
    ) -> None:
        self.done = done
        self.remaining = remaining
        self.cause = cause
        super().__init__(str(cause))


def _item_outcomes(
    items: list[dict[str, Any]], owners: list[int]
) -> tuple[set[int], dict[int, str]]:
    """Which documents to retry (429/5xx) and which failed for good (other errors)."""
    retry: set[int] = set()
    failed: dict[int, str] = {}
    for item, owner in zip(items, owners, strict=False):
        outcome = next(iter(item.values()))
        status = int(outcome.get("status", 0))
        if status < 300:
            continue
        if status == 429 or status >= 500:
            retry.add(owner)
        elif owner not in failed:
            failed[owner] = _reason(status, outcome.get("error"))
    retry -= set(failed)
    return retry, failed


def _reason(status: int, error: Any) -> str:
    """A one-line reason for a refused bulk item."""
    if isinstance(error, dict):
        return f"{status} {error.get('type', 'error')}: {error.get('reason', '')}"
    return f"{status}: {error}"
