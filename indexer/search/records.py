"""Alert and crawl-run records to and from their JSON form in the engine."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from typing import Any

from indexer.base import AlertRecord, CrawlRun
from tianluo.timeutil import aware, parse_iso

_RUN_TIMES = ("started_at", "finished_at", "last_success")
_ALERT_TIMES = ("created_at", "sent_at")


def _dump(record: Any, times: tuple[str, ...]) -> dict[str, Any]:
    body = asdict(record)
    for key in times:
        body[key] = aware(body[key]).isoformat() if body[key] else None
    return body


def _load(source: dict[str, Any], times: tuple[str, ...], fields: Any) -> dict[str, Any]:
    body = {k: v for k, v in source.items() if k in fields}
    for key in times:
        body[key] = parse_iso(body.get(key))
    return body


def run_id(run: CrawlRun) -> str:
    """A stable id for one crawl run, so a replayed write does not duplicate it."""
    key = f"{run.source}\x00{aware(run.started_at).isoformat()}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def run_to(run: CrawlRun) -> dict[str, Any]:
    return _dump(run, _RUN_TIMES)


def run_from(source: dict[str, Any]) -> CrawlRun:
    return CrawlRun(**_load(source, _RUN_TIMES, CrawlRun.__dataclass_fields__))


def alert_to(alert: AlertRecord) -> dict[str, Any]:
    return _dump(alert, _ALERT_TIMES)


def alert_from(source: dict[str, Any]) -> AlertRecord:
    return AlertRecord(**_load(source, _ALERT_TIMES, AlertRecord.__dataclass_fields__))
