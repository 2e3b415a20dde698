"""What every spider family shares: start URLs, feeds and sitemaps, link following by
the source's patterns, incremental skipping, decoding and error counting."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawler.context import CrawlContext, context_from
from crawler.extract import decode_html
from crawler.feeds import feed_links, sitemap_links
from crawler.sources import Source
from crawler.urls import canonical_url
from tianluo.labels import crawl_error_label
from tianluo.timeutil import now, parse_duration

logger = logging.getLogger(__name__)
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


class SourceSpider(scrapy.Spider):
    """Crawl one configured source; subclasses turn item pages into Pages."""

    family = ""
    allowed_domains: list[str]
    allow_private: bool
    _follow: list[re.Pattern[str]]
    _deny: list[re.Pattern[str]]
    _items: dict[str, list[re.Pattern[str]]]
    _recrawl: float

    def __init__(self, source: str | Source | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._source_arg = source
        self.source: Source
        self.context: CrawlContext
        self.pages = 0
        self._last_activity = time.monotonic()
        self._shared_grace = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.context = context_from(crawler.settings)
        arg = spider._source_arg
        if arg is None:
            raise ValueError(f"give the source: scrapy crawl {cls.name} -a source=NAME")
        spider.source = arg if isinstance(arg, Source) else spider.context.source(str(arg))
        if spider.source.type != cls.family:
            raise ValueError(
                f"source {spider.source.name!r} is type {spider.source.type}, not {cls.family}"
            )
        spider.allowed_domains = list(spider.source.allowed_domains)
        spider.allow_private = spider.source.allow_private
        spider._follow = [re.compile(p) for p in spider.source.follow]
        spider._deny = [re.compile(p) for p in spider.source.deny]
        spider._items = {k: [re.compile(p) for p in v] for k, v in spider.source.items.items()}
        spider._recrawl = parse_duration(spider.source.recrawl_after).total_seconds()
        if str(crawler.settings.get("SCHEDULER", "")).startswith("scrapy_redis"):
            spider._shared_grace = crawler.settings.getfloat("TIANLUO_SHARED_IDLE_SECONDS", 20.0)
            crawler.signals.connect(spider._on_idle, signal=signals.spider_idle)
        return spider

    def _on_idle(self) -> None:
        """In a shared run the queue can be empty for a moment while peers are still
        fetching pages that will add requests: wait a grace period before closing."""
        if time.monotonic() - self._last_activity < self._shared_grace:
            raise DontCloseSpider("shared crawl: waiting for peers' requests")

    # -- start ------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for url in self.source.start_urls:
            yield self._request(url, self.parse_list, kind="list")
        for url in self.source.rss:
            yield self._request(url, self.parse_feed, kind="feed")
        for url in self.source.sitemaps:
            yield self._request(url, self.parse_feed, kind="sitemap")

    def _request(self, url: str, callback: Any, *, kind: str, priority: int = 0) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            cb_kwargs={"kind": kind},
            priority=priority,
            meta={"source": self.source.name, "allow_private": self.source.allow_private},
        )

    # -- discovery ----------------------------------------------------------
    def item_kind(self, url: str) -> str | None:
        for kind, patterns in self._items.items():
            if any(p.search(url) for p in patterns):
                return kind
        return None

    def route(self, url: str) -> Request | None:
        """The request for a discovered link, or None when it is not to be fetched now."""
        if not url.startswith(("http://", "https://")) or any(p.search(url) for p in self._deny):
            return None
        kind = self.item_kind(url)
        if kind is not None:
            stored = self.context.state.stored_at(canonical_url(url))
            if stored is not None and now().timestamp() - stored < self._recrawl:
                self._stat("tianluo/skipped_recent")
                return None
            return self._request(url, self.parse_item, kind=kind, priority=1)
        if any(p.search(url) for p in self._follow):
            return self._request(url, self.parse_list, kind="list")
        return None

    def parse_list(self, response: Response, kind: str) -> Iterator[Request]:
        if not self._count_page(response):
            return
        yield from self.parse_links(self.decode(response), response)

    def parse_links(self, text: str, response: Response) -> Iterator[Request]:
        """Requests for the links of a page that the source's patterns select."""
        for href in _HREF.findall(text):
            request = self.route(response.urljoin(href.replace("&amp;", "&")))
            if request is not None:
                yield request

    def parse_feed(self, response: Response, kind: str) -> Iterator[Request]:
        if not self._count_page(response):
            return
        links = sitemap_links(response.body) if kind == "sitemap" else feed_links(response.body)
        for url in links:
            url = response.urljoin(url)
            if kind == "sitemap" and url.endswith(".xml") and self.item_kind(url) is None:
                yield self._request(url, self.parse_feed, kind="sitemap")
                continue
            request = self.route(url)
            if request is not None:
                yield request

    def parse_item(self, response: Response, kind: str) -> Iterator[Any]:
        if not self._count_page(response):
            return
        yield from self.parse_page(response, kind)

    def parse_page(self, response: Response, kind: str) -> Iterator[Any]:  # pragma: no cover
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------
    def decode(self, response: Response) -> str:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        text, _ = decode_html(response.body, content_type, self.source.encoding)
        return text

    def crawl_time(self) -> datetime:
        return now()

    def unchanged(self, page_url: str, page_hash: str) -> bool:
        """True (and counted) when the page is stored with the same content."""
        if self.context.state.content_hash(page_url) == page_hash:
            self._stat("tianluo/unchanged")
            return True
        return False

    def _count_page(self, response: Response) -> bool:
        self.pages += 1
        self._last_activity = time.monotonic()
        if self.source.max_pages and self.pages > self.source.max_pages:
            self._stat("tianluo/over_page_cap")
            return False
        if not response.body.strip():
            self._error("empty_page", response.url)
            return False
        return True

    def _stat(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)

    def _error(self, reason: str, url: str, detail: str = "") -> None:
        self._stat(f"tianluo/errors/{reason}")
        logger.warning("%s：%s %s", crawl_error_label(reason), url, detail)

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        response = getattr(failure.value, "response", None)
        if response is not None:
            self._error(f"http_{response.status}", url)
        else:
            self._error(failure.type.__name__ if failure.type else "error", url, str(failure.value))
