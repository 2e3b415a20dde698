"""Item pipeline: write analyzed documents to the store in batches.

A page is marked done in the crawl state only after the store accepted its
document, so a crawl killed at any moment loses nothing: what was not stored
is fetched again on the next run, and the store's idempotent ids keep what was
stored from being doubled.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from crawler.context import CrawlContext, context_from
from crawler.urls import canonical_url
from tianluo.errors import StoreError
from tianluo.models import StoredDocument

logger = logging.getLogger(__name__)


class StorePipeline:
    """Batch documents into the store; flush every ``TIANLUO_STORE_BATCH`` items and at close."""

    def __init__(self, crawler: Crawler, context: CrawlContext, batch: int) -> None:
        self.crawler = crawler
        self.context = context
        self.batch = batch
        self.pending: list[StoredDocument] = []
        # page URL -> documents of that page not yet stored; a page is done at zero
        self.remaining: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(
            crawler,
            context_from(crawler.settings),
            crawler.settings.getint("TIANLUO_STORE_BATCH", 100),
        )

    def process_item(self, item: object, spider: object = None) -> object:
        if isinstance(item, StoredDocument):
            page = self._page_key(item)
            if page not in self.remaining:
                self.remaining[page] = int(item.extra.get("page_items", 1))
            self.pending.append(item)
            if len(self.pending) >= self.batch:
                self.flush()
        return item

    def close_spider(self, spider: object = None) -> None:
        self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        docs, self.pending = self.pending, []
        stats = self.crawler.stats
        assert stats is not None
        try:
            result = self.context.app.store.upsert(docs)
        except StoreError as exc:
            stats.inc_value("tianluo/store_errors", len(docs))
            logger.error(
                "存储拒收 %d 篇文档：%s（下次运行时会重新抓取）",
                len(docs),
                exc,
            )
            return
        failed = {doc_id for doc_id, _ in result.failed}
        for doc_id, reason in result.failed:
            logger.error("存储拒收文档 %s：%s", doc_id, reason)
        stats.inc_value("tianluo/stored/created", result.created)
        stats.inc_value("tianluo/stored/updated", result.updated)
        stats.inc_value("tianluo/stored/unchanged", result.unchanged)
        stats.inc_value("tianluo/store_errors", len(failed))
        done = []
        for doc in docs:
            if doc.id in failed:
                continue
            page = self._page_key(doc)
            self.remaining[page] = self.remaining.get(page, 1) - 1
            if self.remaining[page] <= 0:
                del self.remaining[page]
                done.append((page, doc.source, str(doc.extra.get("page_hash", doc.content_hash))))
        self.context.state.mark_stored(done)

    @staticmethod
    def _page_key(doc: StoredDocument) -> str:
        """The crawl-state key: the fetched page's canonical URL (a thread page holds many posts)."""
        return str(doc.extra.get("page_url") or canonical_url(doc.url))
