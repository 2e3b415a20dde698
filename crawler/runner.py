"""Run crawls of configured sources in this process (one Twisted reactor per process:
the scheduler runs each crawl in a subprocess)."""

from __future__ import annotations

import sys
import uuid
import warnings
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.settings import Settings as ScrapySettings

from crawler.context import CrawlContext, Parts, register
from crawler.extensions.sourcestats import errors_by_reason
from crawler.sources import Source
from crawler.spiders.base import SourceSpider
from crawler.spiders.forum import ForumSpider
from crawler.spiders.news import NewsSpider
from crawler.spiders.p2p import P2PSpider

SPIDERS = {"news": NewsSpider, "forum": ForumSpider, "p2p": P2PSpider}


@dataclass
class SourceResult:
    """What one source's crawl did."""

    source: str
    pages: int = 0
    documents: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    elapsed: float = 0.0
    risk_hits: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    finish_reason: str = ""


def scrapy_settings(
    app: Parts, *, log_level: str = "WARNING", progress: bool = False
) -> ScrapySettings:
    """Project Scrapy settings overlaid with the ``crawl`` section of tianluo.yaml."""
    crawl = app.settings.crawl
    settings = ScrapySettings()
    settings.setmodule("crawler.settings", priority="project")
    values: dict[str, Any] = {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "RETRY_TIMES": crawl.retries,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "LOG_LEVEL": log_level,
        "TIANLUO_PROGRESS": progress,
        # the CLI owns logging: Scrapy must not add a second root handler
        "LOG_INSTALL_ROOT_HANDLER": False,
        "LOGSTATS_INTERVAL": 0 if log_level == "WARNING" else 60.0,
        "TIANLUO_DNS_SERVERS": list(crawl.dns_servers),
        "TIANLUO_DNS_CACHE_SECONDS": crawl.dns_cache_seconds,
    }
    if crawl.max_pages:
        values["CLOSESPIDER_PAGECOUNT"] = crawl.max_pages
    if crawl.redis_url:
        values.update(
            SCHEDULER="scrapy_redis.scheduler.Scheduler",
            DUPEFILTER_CLASS="scrapy_redis.dupefilter.RFPDupeFilter",
            SCHEDULER_PERSIST=True,
            REDIS_URL=crawl.redis_url,
        )
    settings.setdict(values, priority="cmdline")
    if progress and sys.stderr.isatty():
        extensions = dict(settings.getdict("EXTENSIONS"))
        extensions["crawler.extensions.progress.Progress"] = 600
        settings.set("EXTENSIONS", extensions, priority="cmdline")
    return settings


def _result(source: str, crawler: Crawler) -> SourceResult:
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()

    def num(key: str) -> int:
        value = stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    return SourceResult(
        source=source,
        pages=num("downloader/response_count"),
        documents=num("item_scraped_count"),
        created=num("tianluo/stored/created"),
        updated=num("tianluo/stored/updated"),
        unchanged=num("tianluo/unchanged") + num("tianluo/stored/unchanged"),
        skipped=num("tianluo/skipped_recent"),
        elapsed=float(stats.get("elapsed_time_seconds", 0.0) or 0.0),
        risk_hits=num("tianluo/risk_hits"),
        errors=errors_by_reason(stats),
        finish_reason=str(stats.get("finish_reason", "")),
    )


def redis_keys(run_id: str, source: str, prefix: str = "tianluo") -> dict[str, str]:
    """scrapy-redis keys of one source in one shared crawl run."""
    prefix = f"{prefix}:{run_id}:{source}"
    return {
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "DUPEFILTER_KEY": f"{prefix}:dupefilter",
    }


def run_crawl(
    app: Parts,
    sources: list[Source],
    *,
    log_level: str = "WARNING",
    progress: bool = False,
    run_id: str | None = None,
    extra_settings: dict[str, Any] | None = None,
) -> list[SourceResult]:
    """Crawl the sources concurrently in this process and return one result per source.

    With ``crawl.redis_url`` set, processes started with the same ``run_id`` share each
    source's request queue and dupefilter, so they split the crawl between them.
    """
    settings = scrapy_settings(app, log_level=log_level, progress=progress)
    # scrapy-redis still passes `spider=` to the stats API: its deprecation noise is not ours
    warnings.filterwarnings("ignore", category=ScrapyDeprecationWarning, module="scrapy_redis")
    context = CrawlContext(app, sources)
    settings.set("TIANLUO_CONTEXT", register(context), priority="cmdline")
    if extra_settings:
        settings.setdict(extra_settings, priority="cmdline")
    process = CrawlerProcess(settings)
    run = run_id or uuid.uuid4().hex
    crawlers: list[tuple[str, Crawler]] = []
    for source in sources:
        spidercls: type[SourceSpider] = SPIDERS[source.type]
        if app.settings.crawl.redis_url:  # per-source queue keys, via a per-source subclass
            spidercls = type(
                spidercls.__name__,
                (spidercls,),
                {"custom_settings": redis_keys(run, source.name, app.settings.crawl.redis_prefix)},
            )
        crawler = process.create_crawler(spidercls)
        crawlers.append((source.name, crawler))
        process.crawl(crawler, source=source)
    process.start()
    context.state.close()
    return [_result(name, crawler) for name, crawler in crawlers]
