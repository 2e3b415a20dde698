"""Forums: boards lead to threads; every page of a thread is fetched; each post is a document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawler.forum import thread_posts
from crawler.spiders.base import SourceSpider


class ForumSpider(SourceSpider):
    """Discuz-style forums by default; per-source selectors for other layouts."""

    name = "forum"
    family = "forum"

    def parse_page(self, response: Response, kind: str) -> Iterator[Any]:
        html = self.decode(response)
        posts = thread_posts(html, response.url, self.source, self.crawl_time())
        # thread pages also link to the thread's other pages and to other threads
        if self.source.links_from_items is not False:
            yield from self.parse_links(html, response)
        if not posts:
            self._error("no_posts", response.url)
            return
        if not self.unchanged(str(posts[0].extra["page_url"]), str(posts[0].extra["page_hash"])):
            yield from posts
