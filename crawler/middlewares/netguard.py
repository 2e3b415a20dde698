"""Downloader middleware: never fetch private, loopback or link-local addresses
unless the request's source allows it (the demo sites do).

Address literals in the URL are refused here; names are refused by the resolver the
downloader connects with (``crawler.resolver.GuardedResolver``), which this middleware
tells which hosts a source allowing private addresses may reach.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from twisted.internet.error import DNSLookupError

from crawler.netguard import blocked_reason
from crawler.resolver import GuardedResolver, NonPublicAddress

logger = logging.getLogger(__name__)


def installed_resolver() -> Any:
    from twisted.internet import reactor

    return getattr(reactor, "nameResolver", None)


class PrivateAddressMiddleware:
    """Drop requests to non-public addresses; counts ``netguard/blocked``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._resolver: GuardedResolver | None = None
        self._checked_resolver = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressMiddleware:
        return cls(crawler)

    def resolver(self) -> GuardedResolver | None:
        """The guarded resolver installed on the reactor (warns once when it is not)."""
        if not self._checked_resolver:
            self._checked_resolver = True
            found = installed_resolver()
            if isinstance(found, GuardedResolver):
                self._resolver = found
            else:
                logger.warning(
                    "reactor 的域名解析器是 %s，不是 crawler.resolver.GuardedResolver："
                    "不会检查主机名是否指向内网地址",
                    type(found).__name__,
                )
        return self._resolver

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        if request.meta.get("allow_private") or getattr(spider, "allow_private", False):
            resolver = self.resolver()
            host = urlsplit(request.url).hostname
            if resolver is not None and host:
                resolver.permit(host)
            return None
        self.resolver()
        reason = blocked_reason(request.url)
        if reason is None:
            return None
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("netguard/blocked")
        logger.warning(
            "已拒绝 %s：%s（要允许，请在该来源上设置 allow_private）", request.url, reason
        )
        raise IgnoreRequest(f"非公网地址：{reason}")


class RefusedAddressMiddleware:
    """Report a name the resolver refused as ``non_public`` (not a DNS failure to retry).

    Placed nearest the downloader so the retry middleware never sees the refusal; counts
    ``netguard/blocked`` and ``tianluo/errors/non_public``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RefusedAddressMiddleware:
        return cls(crawler)

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        if not isinstance(exception, NonPublicAddress | CannotResolveHostError | DNSLookupError):
            return None
        resolver = installed_resolver()
        host = urlsplit(request.url).hostname or ""
        if not isinstance(exception, NonPublicAddress) and not (
            isinstance(resolver, GuardedResolver) and resolver.refused(host)
        ):
            return None
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("netguard/blocked")
        self.crawler.stats.inc_value("tianluo/errors/non_public")
        raise NonPublicAddress(f"{host} 解析到非公网地址")
