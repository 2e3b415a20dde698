"""Extension: a one-line progress display on a terminal (``TIANLUO_PROGRESS = True``)."""

from __future__ import annotations

import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

_TOTALS: dict[str, tuple[int, int]] = {}


class Progress:
    """Prints pages fetched and documents found across all running sources, each second."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("TIANLUO_PROGRESS") or not sys.stderr.isatty():
            raise NotConfigured("progress display is for terminals")
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        self.loop = task.LoopingCall(self.show, spider)
        self.loop.start(1.0, now=False)

    def show(self, spider: Any) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats
        _TOTALS[spider.source.name] = (
            int(stats.get_value("downloader/response_count", 0)),
            int(stats.get_value("item_scraped_count", 0)),
        )
        pages = sum(p for p, _ in _TOTALS.values())
        items = sum(i for _, i in _TOTALS.values())
        sys.stderr.write(
            f"\r  crawling {len(_TOTALS)} source(s): {pages} pages, {items} documents "
        )
        sys.stderr.flush()

    def closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show(spider)
