"""The crawl's progress line shows pages of those known, the rate and an estimate."""

from __future__ import annotations

from crawler.extensions.progress import progress_line


def test_progress_line_has_total_rate_and_estimate() -> None:
    line = progress_line(3, pages=40, known=100, items=25, seconds=10.0)
    assert line == (
        "crawling 3 source(s): 40/100 pages known so far, 4.0 pages/s, about 15s left, 25 documents"
    )


def test_progress_line_before_the_first_page() -> None:
    assert progress_line(1, pages=0, known=1, items=0, seconds=0.0) == (
        "crawling 1 source(s): 0/1 pages known so far, 0 documents"
    )
    # the total is never below what was fetched (robots.txt is fetched unscheduled)
    assert "5/5 pages" in progress_line(1, pages=5, known=3, items=0, seconds=1.0)
