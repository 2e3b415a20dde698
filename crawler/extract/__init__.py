"""Generic Chinese article extraction on saved HTML (no Scrapy dependency)."""

from crawler.extract.article import Article, extract_article
from crawler.extract.dates import parse_date, parse_machine_date
from crawler.extract.encoding import decode_html
from crawler.extract.files import extract_file

__all__ = [
    "Article",
    "decode_html",
    "extract_article",
    "extract_file",
    "parse_date",
    "parse_machine_date",
]
