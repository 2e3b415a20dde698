"""Scrapy settings of the Tianluo crawler.

These are the project defaults; ``crawler.runner.scrapy_settings`` overlays the
values from tianluo.yaml (``crawl`` section) so one file configures everything.
"""

BOT_NAME = "tianluo"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "TianluoBot/0.1 (+financial-risk monitor; contact: admin@example.org)"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Items of one response are processed by this many asyncio tasks (Scrapy >= 2.13 starts
# all of them for every response, even when it yields nothing).  Our item pipelines are
# synchronous, so parallel slots buy nothing: the default of 100 cost ~1.5 ms per page.
CONCURRENT_ITEMS = 4
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5_000_000
DOWNLOAD_WARNSIZE = 2_000_000
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# Names are resolved by a resolver that refuses non-public answers: the address it checks
# is the address the download connects to (no stale pre-check; see crawler/resolver.py).
TWISTED_DNS_RESOLVER = "crawler.resolver.GuardedResolver"
# Seconds an answer is reused (never longer than its DNS TTL when dns_servers are set).
TIANLUO_DNS_CACHE_SECONDS = 60.0
# DNS servers ("host:port") to ask instead of the system resolver (empty: the system's).
TIANLUO_DNS_SERVERS: list[str] = []

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.netguard.PrivateAddressMiddleware": 50,
    # nearest the downloader: sees a refused name before retry and stats do
    "crawler.middlewares.netguard.RefusedAddressMiddleware": 950,
}
# Pages analyzed together (the analyzer's stages are quicker on a batch), and the most
# seconds the first page of a batch waits for the others.  1: each page alone.  Scrapy
# hands over a response's items CONCURRENT_ITEMS at a time, so a long forum thread crawled
# alone waits this long per 4 posts: 0.01 s batches as well as 0.05 s in bench_crawl.py.
TIANLUO_ANALYZE_BATCH = 16
TIANLUO_ANALYZE_WAIT = 0.01
ITEM_PIPELINES = {
    "crawler.pipelines.analyze.AnalyzePipeline": 300,
    "crawler.pipelines.store.StorePipeline": 800,
}
EXTENSIONS = {
    "crawler.extensions.sourcestats.SourceStats": 500,
}

# Tianluo's own settings: the tianluo.yaml to read (None: ./tianluo.yaml or $TIANLUO_CONFIG).
TIANLUO_CONFIG = None
