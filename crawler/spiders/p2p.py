"""P2P lending platforms: profile, product and announcement pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawler.p2p import p2p_page
from crawler.spiders.base import SourceSpider


class P2PSpider(SourceSpider):
    """Products (promised yields, term, guarantees), the operator's profile, announcements."""

    name = "p2p"
    family = "p2p"

    def parse_page(self, response: Response, kind: str) -> Iterator[Any]:
        html = self.decode(response)
        if self.source.links_from_items is not False:
            yield from self.parse_links(html, response)
        analysis = self.context.app.settings.analysis
        line = analysis.lpr_one_year * analysis.yield_multiple
        page = p2p_page(html, response.url, self.source, self.crawl_time(), kind, line)
        if page is None:
            self._error("no_content", response.url)
            return
        if not self.unchanged(str(page.extra["page_url"]), page.content_hash):
            yield page
