"""One crawl of the demo news site, ours or a bare fetch-only spider; prints JSON.

Run by bench_crawl.py in a fresh process per crawl (one Twisted reactor per process):

    python bench/crawl_driver.py ours|bare BASE_URL WORKDIR [--rss-at 2000,20000]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demo.server import SITES  # noqa: E402

NEWS = next(s for s in SITES if s["name"] == "demo-news")
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class RssProbe:
    """Records the process RSS when the page count reaches each mark."""

    marks: ClassVar[list[int]] = []
    seen: ClassVar[dict[int, int]] = {}

    def __init__(self, crawler: Crawler) -> None:
        self.pages = 0
        crawler.signals.connect(self.response, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RssProbe:
        return cls(crawler)

    def response(self, *args: Any, **kwargs: Any) -> None:
        self.pages += 1
        if self.pages in self.marks:
            RssProbe.seen[self.pages] = rss_kib()


class BareSpider(scrapy.Spider):
    """Fetch-only baseline: discovers the same pages by the same patterns, does nothing else."""

    name = "bare"
    custom_settings = {"TELNETCONSOLE_ENABLED": False}  # noqa: RUF012 - Scrapy reads it from the class

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url
        self.follow = [re.compile(p) for p in NEWS["list_patterns"]]
        self.items = [re.compile(p) for p in NEWS["item_patterns"].values()]

    async def start(self):  # type: ignore[no-untyped-def]
        yield scrapy.Request(self.base_url + NEWS["start_path"], callback=self.parse)

    def parse(self, response: Any) -> Any:
        for href in _HREF.findall(response.text):
            url = response.urljoin(href)
            if any(p.search(url) for p in self.items):
                yield scrapy.Request(url, callback=self.page)
            elif any(p.search(url) for p in self.follow):
                yield scrapy.Request(url, callback=self.parse)

    def page(self, response: Any) -> Any:
        return None


COMMON = {
    "LOG_LEVEL": "ERROR",
    "ROBOTSTXT_OBEY": True,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_TIMES": 0,
    "TELNETCONSOLE_ENABLED": False,
}


def run_bare(base_url: str, extensions: dict[str, int]) -> dict[str, Any]:
    process = CrawlerProcess({**COMMON, "EXTENSIONS": extensions})
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, base_url=base_url)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    return {
        "pages": stats.get("downloader/response_count", 0),
        "elapsed": stats.get("elapsed_time_seconds", 0.0),
    }


def run_ours(base_url: str, workdir: Path, extensions: dict[str, int]) -> dict[str, Any]:
    from crawler.runner import run_crawl
    from crawler.sources import Source
    from tianluo.app.context import App
    from tianluo.app.demo import demo_sources
    from tianluo.settings import Settings

    settings = Settings(
        data_dir=str(workdir / "var"),
        output_dir=str(workdir / "out"),
        base_dir=str(ROOT),
        crawl={"autothrottle": False, "concurrency_per_domain": 8, "retries": 0},
    )
    source = next(Source(**s) for s in demo_sources(base_url) if s["name"] == "demo-news")
    app = App(settings)
    extra = {"EXTENSIONS": {"crawler.extensions.sourcestats.SourceStats": 500, **extensions}}
    [result] = run_crawl(app, [source], log_level="ERROR", extra_settings=extra)
    app.close()
    return {"pages": result.pages, "documents": result.documents, "elapsed": result.elapsed}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["ours", "bare"])
    parser.add_argument("base_url")
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--rss-at", default="")
    args = parser.parse_args()
    RssProbe.marks = [int(x) for x in args.rss_at.split(",") if x]
    extensions = {"__main__.RssProbe": 900} if RssProbe.marks else {}
    if args.kind == "bare":
        out = run_bare(args.base_url, extensions)
    else:
        out = run_ours(args.base_url, args.workdir, extensions)
    out["rss_kib"] = {str(k): v for k, v in RssProbe.seen.items()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
