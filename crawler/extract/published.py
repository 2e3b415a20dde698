"""Publish time: meta tags, JSON-LD, page scripts, <time>, then dates near the headline."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.dates import (
    AGO_PATTERN,
    DAY_WORD_PATTERN,
    JUST_NOW_PATTERN,
    iter_dates,
    parse_date,
    parse_machine_date,
)
from crawler.extract.dom import SPACE, meta_content, text_of
from crawler.extract.jsonld import jsonld_field
from crawler.extract.lines import iter_lines

# Meta names carrying the publish time, most trusted first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "og:release_date",
    "pubtime",
    "publishtime",
    "publish_time",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "sailthru.date",
    "weibo:article:create_at",
    "bytedance:published_time",
    "article:modified_time",
)
JSONLD_KEYS = ("datePublished", "dateCreated", "pubDate", "uploadDate")
# Publish time assigned in inline scripts (page data objects, WeChat's `var ct`).
SCRIPT_DATE = re.compile(
    r"""["']?(?:pubtime|pubTime|pub_time|publish_time|publishTime|pubDate|pub_date|publishDate|"""
    r"""publish_date|datePublished)["']?\s*[:=]\s*["']([^"'\n]{8,32})["']"""
    r"""|\bvar\s+ct\s*=\s*["'](\d{10})["']"""
)
MAX_SCRIPT_CHARS = 1_000_000
# Words that announce the publish time.
PUBLISHED_LABEL = re.compile(
    r"(?:发布|发表|发稿|更新|修改|刊发|出版|上传)?(?:时间|日期)\s*[:：]|发布于|发表于|发表时间"
    r"|[Pp]osted\s+(?:on|at)\b|[Pp]osted\s+by\s+\S{1,30}"
    # 于2009年11月2日8:05:33发表 / 本帖由X于2011-7-3 09:15发表
    r"|于(?=\s*\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}[^\n]{0,20}发表)"
)
# A label of the time the page was last changed, not published.
UPDATE_LABEL = re.compile(r"(?:更新|修改|最后更新|最後更新)")
# Meta names that date the page without being its publish time (updated, modified).
EVIDENCE_META = re.compile(r"date|time|modified|update", re.I)
MAX_EVIDENCE_META = 40
# A line that is a date and little else (the dateline under a headline).
DATE_LINE_MAX = 40
DATE_LINE_FILLER = re.compile(r"[\d\s:：\-/.年月日号时分秒|｜()（）]|[AaPp][Mm]")
DATE_LINE_MAX_WORDS = 12
# A dateline with a two-digit year and a clock and nothing else (Weibo: 24-5-13 17:07).
SHORT_YEAR_LINE = re.compile(r"^\s*\d{2}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s*$")
# class/id names of elements that hold the publish time.
TIME_CLASS = re.compile(
    r"(?:^|[-_\s])(?:pub|publish|post|article|news|info)?[-_]?(?:time|date)", re.I
)
MAX_TIME_ELEMENTS = 30
LABEL_REACH = 60
# How far above a first post its header (author, 发表于 date) may sit, and how much text it adds.
POST_LEVELS = 3
POST_HEADER_CHARS = 200


# Title attributes opening with a year: a relative stamp whose full date is its tooltip
# (Discuz!: <span title="2023-5-6 10:20:30">3 天前</span>), evaluated in C, and the same
# test on the page's source, cheap enough to run first on every page.
_STAMP_TITLES = etree.XPath(
    "//body//@title[starts-with(normalize-space(.), '20') or starts-with(normalize-space(.), '19')]"
)
_STAMP_TITLE_SOURCE = re.compile(r"""title\s*=\s*["']\s*(?:19|20)\d\d""")
MAX_STAMP_CHARS = 16
# A four-digit year, a month and a day with a separator: the shape of an absolute tooltip.
_FULL_DATE = re.compile(r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}")


def write_out_relative_stamps(root: HtmlElement, html: str) -> None:
    """Replace a relative stamp's text (3 天前, 昨天 10:20, 刚刚) by the absolute date its
    title attribute holds, so the page's text carries the date itself (``html``: the page's
    source, searched first for such a title)."""
    if _STAMP_TITLE_SOURCE.search(html) is None:
        return
    for title in _STAMP_TITLES(root):
        element = title.getparent()
        text = element.text_content()
        if len(text.strip()) > MAX_STAMP_CHARS or not (
            AGO_PATTERN.search(text)
            or DAY_WORD_PATTERN.search(text)
            or JUST_NOW_PATTERN.search(text)
        ):
            continue
        stamp = str(title)
        if _FULL_DATE.search(stamp) and len(stamp) <= DATE_LINE_MAX:
            for child in list(element):
                element.remove(child)  # the tails go too: the stamp is all the element says
            element.text = stamp


def from_meta(root: HtmlElement, crawl: datetime) -> datetime | None:
    """The first parseable publish time in the meta tags."""
    for value in meta_content(root, PUBLISHED_META):
        parsed = parse_machine_date(value, crawl_time=crawl)
        if parsed is not None:
            return parsed
    return None


def from_jsonld(jsonld: list[dict[str, Any]], crawl: datetime) -> datetime | None:
    """JSON-LD datePublished (or dateCreated, pubDate, uploadDate)."""
    for key in JSONLD_KEYS:
        parsed = parse_machine_date(jsonld_field(jsonld, key), crawl_time=crawl)
        if parsed is not None:
            return parsed
    return None


def from_scripts(root: HtmlElement, crawl: datetime) -> datetime | None:
    """A publish time set in an inline script ("pubtime": "...", var ct = "...")."""
    budget = MAX_SCRIPT_CHARS
    for script in root.iter("script"):
        text = (script.text or "")[:budget]
        budget -= len(text)
        for match in SCRIPT_DATE.finditer(text):
            parsed = parse_machine_date(match.group(1) or match.group(2), crawl_time=crawl)
            if parsed is not None:
                return parsed
        if budget <= 0:
            break
    return None


def from_time_tag(root: HtmlElement, crawl: datetime, *, attribute_only: bool) -> datetime | None:
    """The first <time> element: with a datetime attribute, or (if allowed) by its text."""
    for element in root.iter("time"):
        value = element.get("datetime") or ("" if attribute_only else text_of(element))
        parsed = parse_machine_date(value, crawl_time=crawl)
        if parsed is not None:
            return parsed
    return None


def labelled(text: str, crawl: datetime) -> datetime | None:
    """The first date right after a 发布时间/日期 label in ``text``; a date labelled as an
    update (更新时间) only when no other labelled date follows it."""
    updated: datetime | None = None
    for label in PUBLISHED_LABEL.finditer(text):
        parsed = parse_date(text[label.end() : label.end() + LABEL_REACH], crawl_time=crawl)
        if parsed is None:
            continue
        if not UPDATE_LABEL.match(label.group()):
            return parsed
        updated = updated or parsed
    return updated


def from_window(after: str, before: str, crawl: datetime, *, strong_only: bool) -> datetime | None:
    """An unlabelled date in the lines under the headline, else the last one just above it."""
    parsed = parse_date(after, crawl_time=crawl, strong_only=strong_only)
    if parsed is not None:
        return parsed
    dates = list(iter_dates(before, crawl_time=crawl, strong_only=strong_only))
    return dates[-1][1] if dates else None


def from_time_class(root: HtmlElement, crawl: datetime) -> datetime | None:
    """A date inside an element named like "pubtime" / "post-date" / "time"."""
    checked = 0
    for element in root.iter("span", "div", "p", "em", "i", "font", "td", "li"):
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if not names.strip() or not TIME_CLASS.search(names):
            continue
        checked += 1
        parsed = parse_date(text_of(element)[:200], crawl_time=crawl)
        if parsed is not None:
            return parsed
        if checked >= MAX_TIME_ELEMENTS:
            break
    return None


def evidence_date(root: HtmlElement, crawl: datetime) -> datetime | None:
    """A date the page's metadata gives for it (updated, modified, any dated meta tag)."""
    checked = 0
    for meta in root.iter("meta"):
        name = meta.get("name") or meta.get("property") or meta.get("itemprop") or ""
        if not EVIDENCE_META.search(name):
            continue
        checked += 1
        parsed = parse_machine_date(meta.get("content"), crawl_time=crawl)
        if parsed is not None:
            return parsed
        if checked >= MAX_EVIDENCE_META:
            break
    return None


def from_date_line(text: str, crawl: datetime) -> datetime | None:
    """The first line of ``text`` that is a full date (with year) and little else."""
    for line in text.splitlines():
        if len(line) > DATE_LINE_MAX or not any(char.isdigit() for char in line):
            continue
        if len(DATE_LINE_FILLER.sub("", line)) > DATE_LINE_MAX_WORDS:
            continue
        parsed = parse_date(line, crawl_time=crawl, strong_only=True)
        if parsed is not None and (re.search(r"\d{4}", line) or SHORT_YEAR_LINE.match(line)):
            return parsed
    return None


def agree_with_evidence(found: datetime | None, evidence: datetime | None) -> datetime | None:
    """A text date far from the metadata's date on the same month and day (a year-less
    "10-08 12:00" resolved against the crawl year) takes the metadata's year."""
    if found is None or evidence is None or abs(found - evidence).days <= 180:
        return found
    if (found.month, found.day) == (evidence.month, evidence.day):
        return found.replace(year=evidence.year)
    return found


# Microdata dates of an item (schema.org Answer, Comment, Article): its own, not a nested
# item's.
ITEM_DATE_PROPS = ("datePublished", "dateCreated")
MAX_ITEM_LEVELS = 12


def from_item_scope(node: HtmlElement, crawl: datetime) -> datetime | None:
    """The date the innermost microdata item holding ``node`` gives itself (an answer's
    dateCreated on a Q&A page, not the question's), or None."""
    scope: HtmlElement | None = node
    for _level in range(MAX_ITEM_LEVELS):
        if scope is None:
            return None
        if scope.get("itemscope") is not None:
            return _own_item_date(scope, crawl)
        scope = scope.getparent()
    return None


def _own_item_date(scope: HtmlElement, crawl: datetime) -> datetime | None:
    for prop in ITEM_DATE_PROPS:
        for element in scope.iterdescendants("meta", "time"):
            if element.get("itemprop") != prop or _nested_scope(element, scope):
                continue
            value = element.get("content") or element.get("datetime") or ""
            parsed = parse_machine_date(value, crawl_time=crawl)
            if parsed is not None and parsed <= crawl:
                return parsed
    return None


def _nested_scope(element: HtmlElement, scope: HtmlElement) -> bool:
    """True when ``element`` belongs to an item nested inside ``scope``."""
    node = element.getparent()
    while node is not None and node is not scope:
        if node.get("itemscope") is not None:
            return True
        node = node.getparent()
    return False


def from_post(node: HtmlElement, crawl: datetime) -> datetime | None:
    """A labelled date (发表于, 时间：) in the first post's own header: inside ``node`` or an
    ancestor up to POST_LEVELS above it that adds at most POST_HEADER_CHARS of text (the
    post's wrapper, not the thread)."""
    size = len(SPACE.sub("", node.text_content()))
    scope: HtmlElement | None = node
    for _level in range(POST_LEVELS + 1):
        if scope is None or scope.tag in {"body", "html"}:
            return None
        text = scope.text_content()
        if len(SPACE.sub("", text)) > size + POST_HEADER_CHARS:
            return None
        found = labelled("\n".join(line.text for line in iter_lines(scope)), crawl)
        if found is not None:
            return found
        scope = scope.getparent()
    return None
