"""A crawl error reaches the operator's log by its Chinese name, with the URL."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from crawler.spiders.news import NewsSpider


def test_a_crawl_error_is_logged_by_its_chinese_name_with_the_url(
    caplog: pytest.LogCaptureFixture,
) -> None:
    spider = NewsSpider()
    spider.crawler = SimpleNamespace(stats=None)  # type: ignore[assignment]
    with caplog.at_level(logging.WARNING, logger="crawler.spiders.base"):
        spider._error("http_404", "http://example.test/a")
        spider._error("TimeoutError", "http://example.test/b", "after 30 s")
        spider._error("no_content", "http://example.test/c")
    assert "页面不存在（HTTP 404）：http://example.test/a" in caplog.text
    assert "请求超时：http://example.test/b after 30 s" in caplog.text
    assert "未提取到正文：http://example.test/c" in caplog.text
    assert "http_404" not in caplog.text and "no_content" not in caplog.text
