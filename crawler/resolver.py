"""The downloader's name resolver: the address it hands to the connection is the address
it checked, so DNS rebinding and names that resolve to private addresses are refused at
connect time (installed through Scrapy's ``TWISTED_DNS_RESOLVER`` setting)."""

from __future__ import annotations

import logging
import socket
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import getproxies

from twisted.internet import defer
from twisted.internet.address import IPv4Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import (
    IHostnameResolver,
    IHostResolution,
    IResolverSimple,
)
from twisted.internet.threads import deferToThreadPool
from zope.interface import implementer

from crawler.netguard import is_public

if TYPE_CHECKING:
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

# one answer: (IPv4 address, seconds it may be reused)
Answer = tuple[str, float]
Lookup = Callable[[str], "Deferred[Answer]"]


class NonPublicAddress(Exception):
    """A name resolved to a private, loopback, link-local or reserved address."""


def parse_servers(servers: Sequence[str]) -> list[tuple[str, int]]:
    """``["10.0.0.2:53", "1.1.1.1"]`` as (host, port) pairs."""
    out = []
    for server in servers:
        host, _, port = server.rpartition(":") if ":" in server else (server, "", "53")
        out.append((host, int(port)))
    return out


def system_lookup(reactor: Any, *, cache_seconds: float) -> Lookup:
    """Resolve with the system's resolver (getaddrinfo) in the reactor's thread pool."""

    def first_address(name: str) -> Answer:
        infos = socket.getaddrinfo(name, None, socket.AF_INET, socket.SOCK_STREAM)
        if not infos:
            raise DNSLookupError(name)
        return str(infos[0][4][0]), cache_seconds

    def lookup(name: str) -> Deferred[Answer]:
        d = deferToThreadPool(reactor, reactor.getThreadPool(), first_address, name)

        def failed(failure: Any) -> Any:
            failure.trap(socket.gaierror, UnicodeError)
            raise DNSLookupError(f"{name}: {failure.value}")

        return d.addErrback(failed)

    return lookup


def server_lookup(servers: list[tuple[str, int]], *, timeout: float) -> Lookup:
    """Resolve A records with the given DNS servers, honouring each answer's TTL."""
    from twisted.names import client, dns

    resolver = client.Resolver(servers=servers)

    def lookup(name: str) -> Deferred[Answer]:
        d = resolver.lookupAddress(name, timeout=(max(1, round(timeout)),))

        def first(result: tuple[list[Any], list[Any], list[Any]]) -> Answer:
            for record in result[0]:
                if record.type == dns.A:
                    return str(record.payload.dottedQuad()), float(record.ttl)
            raise DNSLookupError(f"{name}: no address record")

        return d.addCallback(first)

    return lookup


@implementer(IHostResolution)
class Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        """Lookups are short and bounded by their timeout: nothing to cancel."""


@implementer(IResolverSimple, IHostnameResolver)
class GuardedResolver:
    """Resolve a name, refuse a non-public answer unless the host was permitted, and keep
    answers at most ``cache_seconds`` (and never past their DNS TTL) in a bounded cache."""

    def __init__(
        self,
        reactor: Any,
        *,
        lookup: Lookup,
        cache_seconds: float = 60.0,
        cache_size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.reactor = reactor
        self._lookup = lookup
        self._cache_seconds = cache_seconds
        self._cache_size = cache_size
        self._clock = clock
        self._cache: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._permitted: set[str] = set()
        self._refused: OrderedDict[str, float] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        settings = crawler.settings
        cache_seconds = settings.getfloat("TIANLUO_DNS_CACHE_SECONDS", 60.0)
        servers = parse_servers(settings.getlist("TIANLUO_DNS_SERVERS"))
        timeout = settings.getfloat("DNS_TIMEOUT", 60.0)
        lookup = (
            server_lookup(servers, timeout=timeout)
            if servers
            else system_lookup(reactor, cache_seconds=cache_seconds)
        )
        resolver = cls(
            reactor,
            lookup=lookup,
            cache_seconds=cache_seconds,
            cache_size=settings.getint("DNSCACHE_SIZE", 10_000),
        )
        for proxy in getproxies().values():  # an office's proxy may well be on a private address
            host = urlsplit(proxy if "://" in proxy else f"http://{proxy}").hostname
            if host:
                resolver.permit(host)
        return resolver

    def install_on_reactor(self) -> None:
        # HostnameEndpoint (twisted.web's Agent) asks it directly; connectTCP (proxies)
        # through the reactor's simplifying wrapper around it
        self.reactor.installNameResolver(self)

    def permit(self, host: str) -> None:
        """Let ``host`` resolve to private addresses (its source has ``allow_private``)."""
        self._permitted.add(host.lower())

    def refused(self, host: str, *, within: float = 600.0) -> bool:
        """Whether ``host`` was refused for a non-public answer in the last ``within`` s."""
        when = self._refused.get(host.lower())
        return when is not None and self._clock() - when <= within

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[Any]] | None = None,
        transportSemantics: str = "TCP",
    ) -> Resolution:
        """IHostnameResolver: a refused or failed name completes with no address."""
        resolution = Resolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        if addressTypes is not None and IPv4Address not in addressTypes:
            resolutionReceiver.resolutionComplete()
            return resolution

        def resolved(address: str) -> None:
            resolutionReceiver.addressResolved(IPv4Address("TCP", address, portNumber))

        def failed(failure: Any) -> None:
            if not failure.check(NonPublicAddress, DNSLookupError):
                logger.warning("域名解析失败：%s：%s", hostName, failure.value)

        def complete(_: object) -> None:
            resolutionReceiver.resolutionComplete()

        self.getHostByName(hostName).addCallbacks(resolved, failed).addBoth(complete)
        return resolution

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        cached = self._cache.get(name)
        if cached is not None and cached[1] > self._clock():
            self._cache.move_to_end(name)
            return defer.succeed(cached[0])
        self._cache.pop(name, None)
        return self._lookup(name).addCallback(self._checked, name)

    def _checked(self, answer: Answer, name: str) -> str:
        address, ttl = answer
        if not is_public(address) and name.lower() not in self._permitted:
            self._refused[name.lower()] = self._clock()
            self._refused.move_to_end(name.lower())
            while len(self._refused) > self._cache_size:
                self._refused.popitem(last=False)
            logger.warning(
                "已拒绝 %s：解析到非公网地址 %s（要允许，请在该来源上设置 allow_private）",
                name,
                address,
            )
            raise NonPublicAddress(f"{name} 解析到非公网地址 {address}")
        keep = min(ttl, self._cache_seconds)
        if keep > 0 and self._cache_size > 0:
            self._cache[name] = (address, self._clock() + keep)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return address
