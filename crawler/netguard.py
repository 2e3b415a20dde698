"""Refuse private, loopback, link-local and reserved addresses (crawled text is hostile)."""

from __future__ import annotations

import ipaddress
import socket
from functools import lru_cache
from urllib.parse import urlsplit


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_multicast
        or ip.is_unspecified
    )


@lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return ()
    return tuple(sorted({str(info[4][0]) for info in infos}))


def blocked_reason(url: str) -> str | None:
    """Why a URL must not be fetched, or None when it is a public address.

    Every address the host resolves to must be public.  An unresolvable host is
    left to the downloader, which reports a DNS error.
    """
    host = urlsplit(url).hostname
    if not host:
        return "no host in URL"
    try:
        addresses: tuple[str, ...] = (str(ipaddress.ip_address(host)),)
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return f"{host} is a loopback name"
        addresses = _resolve(host)
    for address in addresses:
        if not _is_public(address):
            return f"{host} resolves to non-public address {address}"
    return None
