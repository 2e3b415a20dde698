"""The three spider families: news, forum and p2p.  Each crawls one source per run:
``scrapy crawl news -a source=city-news``."""
