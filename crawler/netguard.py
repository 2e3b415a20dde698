"""Refuse private, loopback, link-local and reserved addresses (crawled text is hostile).

Addresses written in a URL are judged here, before the request; names are judged by
``crawler.resolver.GuardedResolver`` on the very address the connection will use.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_public(address: str) -> bool:
    """Whether an IPv4 or IPv6 address (IPv4-mapped forms unwrapped) is public."""
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


def blocked_reason(url: str) -> str | None:
    """Why a URL must not be fetched, or None when nothing in the URL itself forbids it.

    An address literal must be public and ``localhost`` names are refused; any other
    name is checked when it is resolved for the connection.
    """
    host = urlsplit(url).hostname
    if not host:
        return "URL 中没有主机名"
    try:
        address = str(ipaddress.ip_address(host))
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            return f"{host} 是本机回环名称"
        return None
    if not is_public(address):
        return f"{host} 是非公网地址"
    return None
