"""Item pipeline: analyze a crawled page and group it with its reprints."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.context import CrawlContext, context_from
from crawler.fingerprint import fingerprint
from keywords.configure import analyze_page, to_stored
from tianluo.models import Page, StoredDocument


class AnalyzePipeline:
    """Page -> StoredDocument: keyword and enterprise analysis plus the reprint cluster."""

    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.crawler = crawler
        self.context = context
        self.analyzer = context.app.analyzer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AnalyzePipeline:
        return cls(crawler, context_from(crawler.settings))

    def process_item(self, item: object, spider: object = None) -> StoredDocument:
        if not isinstance(item, Page):
            raise DropItem(f"not a page: {type(item).__name__}")
        cluster = self.context.state.cluster_for(item.id, fingerprint(item.content))
        result = analyze_page(self.analyzer, item)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("tianluo/analyzed")
        if result.risk:
            stats.inc_value("tianluo/risk_hits")
        return to_stored(item, result, cluster_id=cluster)
