"""Links from RSS/Atom feeds and sitemaps (lxml, entity expansion and network access off)."""

from __future__ import annotations

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def _root(body: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(body, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None


def feed_links(body: bytes) -> list[str]:
    """Item links of an RSS 2.0 or Atom feed."""
    root = _root(body)
    if root is None:
        return []
    links = [
        t.strip() for t in root.xpath("//*[local-name()='item']/*[local-name()='link']/text()")
    ]
    links += [
        h.strip() for h in root.xpath("//*[local-name()='entry']/*[local-name()='link']/@href")
    ]
    return [link for link in links if link]


def sitemap_links(body: bytes) -> list[str]:
    """Page (or child-sitemap) locations of a sitemap or sitemap index."""
    root = _root(body)
    if root is None:
        return []
    return [t.strip() for t in root.xpath("//*[local-name()='loc']/text()") if t.strip()]
