"""Turn one decoded HTML page into Page records (no Scrapy here, so it is testable alone)."""

from __future__ import annotations

from datetime import datetime

from crawler.extract import extract_article
from crawler.sources import Source
from crawler.urls import canonical_url
from tianluo.models import Page

MAX_CONTENT_CHARS = 200_000  # crawled text is hostile: bound what we keep


def article_page(
    html: str, url: str, source: Source, crawled_at: datetime, kind: str = "article"
) -> Page | None:
    """An article page, or None when the page has no readable body."""
    article = extract_article(html, url=url, crawl_time=crawled_at, selectors=source.selectors)
    content = (article.content or "").strip()[:MAX_CONTENT_CHARS]
    if not content:
        return None
    canonical = canonical_url(url)
    page = Page(
        url=url,
        canonical_url=canonical,
        source=source.name,
        source_type=source.type,
        title=(article.title or "").strip()[:500],
        content=content,
        crawled_at=crawled_at,
        published_at=article.published,
        author=article.author,
        origin=article.origin,
        extra={"kind": kind, "page_url": canonical, "page_items": 1},
    )
    page.extra["page_hash"] = page.content_hash
    return page
