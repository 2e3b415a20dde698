"""The crawl's progress line shows pages of those known, the rate and an estimate."""

from __future__ import annotations

from crawler.extensions.progress import progress_line


def test_progress_line_has_total_rate_and_estimate() -> None:
    line = progress_line(3, pages=40, known=100, items=25, seconds=10.0)
    assert line == (
        "正在抓取 3 个来源：已抓 40/100 页（已知页数），4.0 页/秒，约剩 15 秒，25 篇文档"
    )


def test_progress_line_before_the_first_page() -> None:
    assert progress_line(1, pages=0, known=1, items=0, seconds=0.0) == (
        "正在抓取 1 个来源：已抓 0/1 页（已知页数），0 篇文档"
    )
    # the total is never below what was fetched (robots.txt is fetched unscheduled)
    assert "5/5 页" in progress_line(1, pages=5, known=3, items=0, seconds=1.0)
