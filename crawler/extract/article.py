"""extract_article: one entry point for title, publish time, author, origin and body."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from lxml.html import HtmlElement

from crawler.extract import published as pub
from crawler.extract.body import DENSITY, FIRST_POST, densest_block, find_body, lines_after
from crawler.extract.boilerplate import remove_layout, remove_noise
from crawler.extract.byline import extract_author, extract_origin
from crawler.extract.content import clean_lines
from crawler.extract.dates import date_from_url, parse_machine_date
from crawler.extract.dom import depth_limited, meta_content, parse_html, select_text
from crawler.extract.jsonld import jsonld_objects
from crawler.extract.scripted import script_texts, scripted_body
from crawler.extract.title import extract_title
from crawler.extract.window import find_headline, headline_window, page_text
from tianluo.timeutil import aware, now

FIELDS = ("title", "published", "author", "content", "origin")
# A body shorter than this is "almost missed": the densest text block is tried instead.
MIN_BODY_CHARS = 20


@dataclass
class Article:
    """Fields extracted from one article page; ``published`` is aware (Asia/Shanghai)."""

    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    content: str = ""
    origin: str | None = None


def _published(
    root: HtmlElement,
    script_date: datetime | None,
    window: tuple[str, str],
    crawl: datetime,
    url: str | None,
) -> datetime | None:
    """Publish time by the priority chain (the meta tags and JSON-LD came first), then
    checked against the page's other dates."""
    if script_date is not None:
        return script_date
    after, before = window
    whole: list[str] = []

    def text() -> str:
        if not whole:
            whole.append(page_text(root))
        return whole[0]

    found = (
        pub.from_time_tag(root, crawl, attribute_only=True)
        or pub.labelled(after, crawl)
        or pub.from_window(after, before, crawl, strong_only=True)
        or pub.labelled(text(), crawl)
        or date_from_url(url)
        or pub.from_date_line(text(), crawl)
        or pub.from_window(after, before, crawl, strong_only=False)
        or pub.from_time_tag(root, crawl, attribute_only=False)
        or pub.from_time_class(root, crawl)
    )
    return pub.agree_with_evidence(found, pub.evidence_date(root, crawl) or date_from_url(url))


def own_address(root: HtmlElement) -> str | None:
    """The address the page gives itself (<link rel=canonical>, og:url), for a date in its
    path when the caller passes no URL."""
    for link in root.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            return str(link.get("href"))
    found = meta_content(root, ("og:url",))
    return found[0] if found else None


def _apply_selectors(
    article: Article, root: HtmlElement, selectors: Mapping[str, str], crawl: datetime
) -> None:
    """Override fields with per-source CSS/XPath selectors that match something."""
    for field, selector in selectors.items():
        if field not in FIELDS or not selector:
            continue
        text = select_text(root, selector)
        if not text:
            continue
        if field == "published":
            article.published = parse_machine_date(text, crawl_time=crawl) or article.published
        else:
            setattr(article, field, text)


def extract_article(
    html: str,
    *,
    url: str | None = None,
    crawl_time: datetime | None = None,
    selectors: Mapping[str, str] | None = None,
) -> Article:
    """Extract an article from HTML text; never raises on bad input (returns empty fields).

    ``crawl_time`` anchors relative dates (昨天, 3小时前) and defaults to now;
    ``selectors`` maps field names to CSS (or XPath, starting with "/") that win
    over the generic extractors.  ``url`` gives a date written in its path as evidence.
    """
    crawl = aware(crawl_time) if crawl_time is not None else now()
    root = parse_html(html)
    article = Article()
    if root is None:
        return article
    depth_limited(root)
    jsonld = jsonld_objects(root)
    early = pub.from_meta(root, crawl) or pub.from_jsonld(jsonld, crawl)
    script_date = early or pub.from_scripts(root, crawl)
    scripts = script_texts(root)  # kept for a body that only the scripts hold
    address = url or own_address(root)  # read before <link> goes with the noise
    remove_noise(root)
    pub.write_out_relative_stamps(root, html)
    raw = copy.deepcopy(root) if selectors else None
    article.title = extract_title(root, jsonld)
    headline = find_headline(root, article.title)
    window = headline_window(root, headline)
    article.published = _published(root, script_date, window, crawl, address)
    after = window[0]
    named = remove_layout(root, headline)
    body = find_body(root, headline, named)
    raw_lines, chosen = body.lines, body.chosen
    article.content = "\n".join(clean_lines(raw_lines, article.title))
    if body.nodes:  # an answer's or a post's own microdata date is the article's
        article.published = pub.from_item_scope(body.nodes[0], crawl) or article.published
    if chosen == FIRST_POST and script_date is None and body.nodes:
        # the first post's own 发表于 line, not the reply below the headline
        article.published = pub.from_post(body.nodes[0], crawl) or article.published
    if chosen == FIRST_POST and not article.content:
        # a first post of links or tags only (贴吧 "#话题#") is still the post
        article.content = "\n".join(line.text for line in raw_lines)
    elif chosen == DENSITY and len(article.content) < MIN_BODY_CHARS:
        # almost missed: the densest text block, or the article a script renders
        dense = max(densest_block(root), scripted_body(scripts), key=len)
        if len(dense) > 2 * len(article.content) and dense != article.title:
            article.content = dense
    tail = "\n".join(line.text for line in raw_lines[-6:] + lines_after(body))
    article.author = extract_author(root, jsonld, after, tail, headline)
    article.origin = extract_origin(root, jsonld, after, tail)
    if raw is not None and selectors:
        _apply_selectors(article, raw, selectors, crawl)
    return article
