"""Golden pages: each sample page in golden/ beside its expected JSON."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.extract import decode_html, extract_article, extract_file

GOLDEN = Path(__file__).parent / "golden"
PAGES = sorted(GOLDEN.glob("*.html"))


def test_golden_pages_exist() -> None:
    assert len(PAGES) >= 5
    for page in PAGES:
        assert page.with_suffix(".json").is_file(), f"{page.name} has no expected JSON"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_golden_page(page: Path) -> None:
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    text, _encoding = decode_html(page.read_bytes())
    article = extract_article(text, crawl_time=datetime.fromisoformat(expected["crawl_time"]))
    assert article.title == expected["title"]
    published = article.published.isoformat() if article.published else None
    assert published == expected["published"]
    assert article.author == expected["author"]
    assert article.origin == expected["origin"]
    assert article.content == expected["content"]


def test_gbk_page_decodes_as_gb18030() -> None:
    _text, encoding = decode_html((GOLDEN / "gbk_government.html").read_bytes())
    assert encoding == "gb18030"


def test_extract_file_returns_json_ready_dict() -> None:
    page = GOLDEN / "news_portal.html"
    result = extract_file(page, "https://news.example.cn/a/1.html")
    assert set(result) == {"title", "published", "author", "content"}
    assert result["published"] == "2024-03-05T09:30:00+08:00"
    json.dumps(result, ensure_ascii=False)


def test_extract_file_names_missing_path(tmp_path: Path) -> None:
    with pytest.raises(OSError, match=r"missing\.html"):
        extract_file(tmp_path / "missing.html", None)
