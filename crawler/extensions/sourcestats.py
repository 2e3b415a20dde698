"""Extension: keep each crawl's statistics per source in the store (source health)."""

from __future__ import annotations

import logging
from datetime import datetime

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.context import context_from
from indexer.base import CrawlRun
from tianluo.errors import StoreError
from tianluo.timeutil import now

logger = logging.getLogger(__name__)
# robots.txt refusals and blocked private addresses are policy, not failures
RENAMED = {"IgnoreRequest": "ignored", "NonPublicAddress": "non_public"}
NOT_FAILURES = {"ignored", "non_public"}
ERROR_PREFIXES = ("tianluo/errors/", "downloader/exception_type_count/", "spider_exceptions/")


def errors_by_reason(stats: dict[str, object]) -> dict[str, int]:
    """Error counts keyed by a short reason (http_404, TimeoutError, no_content ...)."""
    errors: dict[str, int] = {}
    for key, value in stats.items():
        for prefix in ERROR_PREFIXES:
            if key.startswith(prefix) and isinstance(value, int):
                reason = key[len(prefix) :].rsplit(".", 1)[-1]
                reason = RENAMED.get(reason, reason)
                errors[reason] = errors.get(reason, 0) + value
    return errors


def crawl_run(
    source: str, stats: dict[str, object], started: datetime, finished: datetime
) -> CrawlRun:
    """The CrawlRun of one finished crawl from Scrapy's stats."""
    pages = int(stats.get("downloader/response_count", 0) or 0)  # type: ignore[call-overload]
    items = int(stats.get("item_scraped_count", 0) or 0)  # type: ignore[call-overload]
    errors = errors_by_reason(stats)
    status = "ok"
    if pages == 0:
        # nothing fetched and nothing wrong: peers sharing the run (scrapy-redis) took it all
        status = "failed" if errors else "idle"
    elif sum(v for k, v in errors.items() if k not in NOT_FAILURES) > pages // 2:
        status = "degraded"
    return CrawlRun(
        source=source,
        started_at=started,
        finished_at=finished,
        pages=pages,
        items=items,
        errors=errors,
        bytes=int(stats.get("downloader/response_bytes", 0) or 0),  # type: ignore[call-overload]
        last_success=finished if pages and status != "failed" else None,
        status=status,
    )


class SourceStats:
    """Records a CrawlRun when a spider closes."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.started = now()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceStats:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.started = now()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        source = getattr(getattr(spider, "source", None), "name", spider.name)
        assert self.crawler.stats is not None
        run = crawl_run(source, self.crawler.stats.get_stats(), self.started, now())
        if reason not in ("finished", "closespider_pagecount"):
            run.errors[f"closed_{reason}"] = run.errors.get(f"closed_{reason}", 0) + 1
        try:
            context_from(self.crawler.settings).app.store.record_crawl_run(run)
        except StoreError as exc:
            logger.error("无法记录来源 %s 的采集统计：%s", source, exc)
