"""Item pipeline: analyze crawled pages, several at once, and group each with its reprints.

The analyzer's stages are quicker on a batch (one sparse product for the learned models,
one LAC call for leads of one length), so pages wait here until ``TIANLUO_ANALYZE_BATCH``
have come or ``TIANLUO_ANALYZE_WAIT`` seconds have passed since the first, then go
through ``Analyzer.analyze_many`` together; each page's result is the one ``analyze``
gives it alone.  A page's reprint cluster is taken when it arrives, in arrival order, as
before.  A batch of 1 (or no running asyncio loop) analyzes each page at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.context import CrawlContext, context_from
from crawler.fingerprint import fingerprint
from keywords.analyzer import AnalysisResult
from keywords.configure import analyze_page, analyze_pages, to_stored
from tianluo.models import Page, StoredDocument


@dataclass(slots=True)
class _Waiting:
    page: Page
    cluster: str
    future: asyncio.Future[StoredDocument]


class AnalyzePipeline:
    """Page -> StoredDocument: keyword and enterprise analysis plus the reprint cluster."""

    def __init__(
        self, crawler: Crawler, context: CrawlContext, batch: int = 16, wait: float = 0.01
    ) -> None:
        self.crawler = crawler
        self.context = context
        self.analyzer = context.app.analyzer
        self.batch = max(1, batch)
        self.wait = max(0.0, wait)
        self.waiting: list[_Waiting] = []
        self._timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnalyzePipeline:
        settings = crawler.settings
        return cls(
            crawler,
            context_from(settings),
            settings.getint("TIANLUO_ANALYZE_BATCH", 16),
            settings.getfloat("TIANLUO_ANALYZE_WAIT", 0.01),
        )

    async def process_item(self, item: object, spider: object = None) -> StoredDocument:
        if not isinstance(item, Page):
            raise DropItem(f"not a page: {type(item).__name__}")
        cluster = self.context.state.cluster_for(item.id, fingerprint(item.content))
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if self.batch == 1 or loop is None:
            return self._stored(item, analyze_page(self.analyzer, item), cluster)
        future: asyncio.Future[StoredDocument] = loop.create_future()
        self.waiting.append(_Waiting(item, cluster, future))
        if len(self.waiting) >= self.batch:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.wait, self.flush)
        return await future

    def close_spider(self, spider: object = None) -> None:
        self.flush()

    def flush(self) -> None:
        """Analyze the waiting pages together and hand each its document."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        try:
            results: Sequence[AnalysisResult | None] = analyze_pages(
                self.analyzer, [w.page for w in waiting]
            )
        except Exception:  # each page is tried alone: one bad page fails alone
            results = [None] * len(waiting)
        for entry, result in zip(waiting, results, strict=True):
            if entry.future.done():  # cancelled: the crawl is closing
                continue
            try:
                found = result if result is not None else analyze_page(self.analyzer, entry.page)
                entry.future.set_result(self._stored(entry.page, found, entry.cluster))
            except Exception as exc:  # Scrapy logs the item's error
                entry.future.set_exception(exc)

    def _stored(self, page: Page, result: AnalysisResult, cluster: str) -> StoredDocument:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("tianluo/analyzed")
        if result.risk:
            stats.inc_value("tianluo/risk_hits")
        return to_stored(page, result, cluster_id=cluster)
