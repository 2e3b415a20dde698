"""News sites: list pages, RSS or sitemaps lead to article pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawler.pages import article_page
from crawler.spiders.base import SourceSpider


class NewsSpider(SourceSpider):
    """Articles through the generic Chinese extractor (per-source selectors first)."""

    name = "news"
    family = "news"

    def parse_page(self, response: Response, kind: str) -> Iterator[Any]:
        html = self.decode(response)
        if self.source.links_from_items:  # related articles; list pages usually suffice
            yield from self.parse_links(html, response)
        page = article_page(html, response.url, self.source, self.crawl_time())
        if page is None:
            self._error("no_content", response.url)
            return
        if not self.unchanged(page.extra["page_url"], page.content_hash):
            yield page
