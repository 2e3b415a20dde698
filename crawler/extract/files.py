"""Extract one saved HTML file into a JSON-ready dict (for `tianluo extract`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.extract.article import extract_article
from crawler.extract.encoding import decode_html


def extract_file(
    path: Path, url: str | None = None, *, crawl_time: datetime | None = None
) -> dict[str, Any]:
    """Read ``path`` as bytes, decode it and return title/published/author/content.

    Raises OSError (with the path) when the file cannot be read.
    """
    body = Path(path).read_bytes()
    text, _encoding = decode_html(body)
    article = extract_article(text, url=url, crawl_time=crawl_time)
    return {
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "content": article.content,
    }
