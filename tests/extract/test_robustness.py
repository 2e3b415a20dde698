"""Property tests: malformed HTML and random bytes never make extraction raise."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import Article, decode_html, extract_article
from crawler.extract.dates import parse_date, parse_machine_date

CRAWL = datetime(2024, 3, 6, 12, 0)
TAGS = [
    "div",
    "p",
    "span",
    "a",
    "table",
    "td",
    "tr",
    "h1",
    "br",
    "script",
    "style",
    "meta",
    "time",
    "article",
    "li",
    "ul",
    "font",
    "b",
    "title",
    "head",
    "body",
    "html",
    "!--",
]
PIECES = st.one_of(
    st.sampled_from(TAGS).map(lambda tag: f"<{tag}>"),
    st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
    st.sampled_from(
        [
            "<meta charset=gbk>",
            '<meta name="pubdate" content="2024-13-45">',
            '<time datetime="x">',
            '<script type="application/ld+json">{"a":',
            "2024年3月5日 25:61",
            "来源：",
            "作者：",
            "责任编辑：",
            "&#0;",
            "&#xD800;",
            "<![CDATA[",
            "]]>",
            "<a href='",
            "'>",
            "，。！？",
            "\x00",
            "\ufffd",
        ]
    ),
    st.text(max_size=40),
)
DOCUMENTS = st.lists(PIECES, max_size=60).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(DOCUMENTS)
def test_generated_html_never_raises(html: str) -> None:
    article = extract_article(html, crawl_time=CRAWL)
    assert isinstance(article, Article)
    assert isinstance(article.content, str)


@FAST
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["div", "span", "table", "b"]))
def test_nesting_never_raises(depth: int, tag: str) -> None:
    extract_article(f"<{tag}>" * depth + "正文，内容。" + f"</{tag}>" * depth, crawl_time=CRAWL)


@FAST
@given(st.binary(max_size=4000), st.one_of(st.none(), st.text(max_size=30)))
def test_random_bytes_through_decode_and_extract(body: bytes, content_type: str | None) -> None:
    text, encoding = decode_html(body, content_type)
    assert isinstance(text, str)
    assert encoding
    extract_article(text, crawl_time=CRAWL)


@FAST
@given(st.text(max_size=80))
def test_date_parsers_never_raise(text: str) -> None:
    parse_date(text, crawl_time=CRAWL)
    parse_machine_date(text, crawl_time=CRAWL)
