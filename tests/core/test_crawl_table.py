"""The crawl summary table names error reasons in Chinese, with their counts."""

from __future__ import annotations

import pytest

from crawler.runner import SourceResult
from tianluo.app.cli.output import print_crawl_results


def test_error_reasons_are_chinese_labels_with_counts(capsys: pytest.CaptureFixture[str]) -> None:
    result = SourceResult(
        "demo-news",
        pages=3,
        errors={
            "empty_page": 1,
            "http_404": 2,
            "DNSLookupError": 1,
            "DownloadConnectionRefusedError": 3,
            "odd_reason": 4,
        },
    )
    print_crawl_results([result])
    out = capsys.readouterr().out
    assert "空白页面 1" in out
    assert "页面不存在（HTTP 404） 2" in out
    assert "域名解析失败 1" in out
    assert "连接被拒绝 3" in out  # Scrapy 2.13+'s name for a refused connection
    assert "其他抓取错误（odd_reason） 4" in out
    assert "empty_page" not in out and "http_404" not in out


def test_a_source_without_errors_shows_a_dash(capsys: pytest.CaptureFixture[str]) -> None:
    print_crawl_results([SourceResult("demo-p2p", pages=2)])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.split()[0] == "demo-p2p" and last.split()[-1] == "-"
