"""Downloader middleware: never fetch private, loopback or link-local addresses
unless the request's source allows it (the demo sites do)."""

from __future__ import annotations

import logging

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.netguard import blocked_reason

logger = logging.getLogger(__name__)


class PrivateAddressMiddleware:
    """Drop requests to non-public addresses; counts ``netguard/blocked``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        if request.meta.get("allow_private") or getattr(spider, "allow_private", False):
            return None
        reason = blocked_reason(request.url)
        if reason is None:
            return None
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("netguard/blocked")
        logger.warning(
            "refused %s: %s (set allow_private on the source to permit)", request.url, reason
        )
        raise IgnoreRequest(f"non-public address: {reason}")
