"""Extension: a one-line progress display on a terminal (``TIANLUO_PROGRESS = True``)."""

from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

_TOTALS: dict[str, tuple[int, int, int]] = {}
_STARTED: list[float] = []


def progress_line(sources: int, pages: int, known: int, items: int, seconds: float) -> str:
    """One progress line: pages fetched of those known so far, rate and an estimate.

    ``known`` counts every request scheduled so far, so the total grows while links
    are discovered and the estimate is a lower bound until the crawl settles.
    """
    known = max(known, pages)
    rate = pages / seconds if seconds > 0 else 0.0
    line = f"正在抓取 {sources} 个来源：已抓 {pages}/{known} 页（已知页数）"
    if rate > 0:
        left = (known - pages) / rate
        line += f"，{rate:.1f} 页/秒，约剩 {left:.0f} 秒"
    return f"{line}，{items} 篇文档"


class Progress:
    """Prints pages fetched of those known, rate, estimate and documents found, each second."""

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
        if not _STARTED:
            _STARTED.append(time.monotonic())
        self.loop = task.LoopingCall(self.show, spider)
        self.loop.start(1.0, now=False)

    def show(self, spider: Any) -> None:
        assert self.crawler.stats is not None
        stats = self.crawler.stats
        _TOTALS[spider.source.name] = (
            int(stats.get_value("downloader/response_count", 0)),
            int(stats.get_value("scheduler/enqueued", 0)),
            int(stats.get_value("item_scraped_count", 0)),
        )
        pages = sum(p for p, _, _ in _TOTALS.values())
        known = sum(k for _, k, _ in _TOTALS.values())
        items = sum(i for _, _, i in _TOTALS.values())
        seconds = time.monotonic() - _STARTED[0] if _STARTED else 0.0
        line = progress_line(len(_TOTALS), pages, known, items, seconds)
        sys.stderr.write(f"\r  {line} ")
        sys.stderr.flush()

    def closed(self, spider: Any) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.show(spider)
