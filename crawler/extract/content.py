"""Turn the body container's lines into clean article text."""

from __future__ import annotations

import re

from crawler.extract.boilerplate import is_drop_line
from crawler.extract.dates import parse_date
from crawler.extract.lines import Line

MAX_LINK_RATIO = 0.5
# Written-out addresses: a line whose linked text is mostly such an address is text of the
# post (a source, a project page), not navigation.
URL = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+")
URL_LINK_SHARE = 0.8


# Sentence marks and words outside the links that make a mostly linked line a sentence
# (a list of linked tags has marks between its links but no words).
MIN_PLAIN_MARKS = 2
MIN_PLAIN_WORDS = 4


def _is_navigation(line: Line) -> bool:
    """A short line that is mostly link text, unless the links are written-out URLs or sit
    in a sentence (its own punctuation between them: "A版本、B版本二选一（功能一致）")."""
    if line.link_ratio <= MAX_LINK_RATIO or len(line.text) >= LONG_LINE:
        return False
    if line.plain_marks >= MIN_PLAIN_MARKS and line.plain_words >= MIN_PLAIN_WORDS:
        return False
    urls = sum(len(match) for match in URL.findall(line.text))
    return urls < URL_LINK_SHARE * line.link_chars


LONG_LINE = 120
META_LINE_CHARS = 100
_META_LABEL = re.compile(
    r"(?:来源|作者|记者|编辑|发布|时间|日期|阅读|浏览|点击|字号|分享)\s*[:：|｜]|\d{1,2}:\d{2}"
    r"|^[〔\[（(【]?\s*[记記]者\S{1,12}[／/]\S{0,8}(?:报导|報導|报道)\s*[〕\]）)】]?$"
)


# A bare number above the body: a view, like or comment counter of the byline.
COUNTER = re.compile(r"^[\d,.]+\s*[万wWkK+]?$")


def _is_meta_line(text: str) -> bool:
    """A short line with byline labels or a clock time: the line under a headline."""
    if len(text) > META_LINE_CHARS:
        return False
    return bool(_META_LABEL.search(text)) or (len(text) < 30 and parse_date(text) is not None)


# Lines that open a reply in a thread (天涯 "作者：X 时间：…", 贴吧 "3楼2022-11-26",
# Discuz! "发表于 … 只看该作者", "楼主发言：108次").
POST_HEADER = re.compile(
    r"^(?:楼主|作者)\s*[:：]\s*\S{1,30}\s+(?:时间|发表于|日期)\s*[:：]?\s*\d{4}"
    r"|\d{1,5}\s*楼\s*\d{4}-\d{1,2}-\d{1,2}"
    r"|^发表于\s*\d{4}-\d{1,2}-\d{1,2}.{0,40}只看该作者"
    r"|^楼主发言\s*[:：]"
)
MIN_POST_HEADERS = 2


def first_post(lines: list[str]) -> list[str]:
    """In a thread (two or more reply headers), the lines before the first reply header:
    the first post is the article; each post is its own document elsewhere."""
    headers = [index for index, text in enumerate(lines) if index and POST_HEADER.search(text)]
    if len(headers) < MIN_POST_HEADERS:
        return lines
    return lines[: headers[0]]


def clean_lines(lines: list[Line], title: str | None) -> list[str]:
    """Drop link lists, title and byline lines at the top, editor/share lines anywhere."""
    kept: list[str] = []
    echo: str | None = None
    for line in lines:
        text = line.text
        if _is_navigation(line):
            continue
        if is_drop_line(text):
            continue
        if not kept and title and (text == title or text in title):
            echo = echo or text
            continue
        if not kept and (_is_meta_line(text) or COUNTER.match(text)):
            continue
        kept.append(text)
    if echo and sum(len(text) for text in kept) < len(echo):
        kept.insert(0, echo)  # a post whose text is its headline (a picture and its caption)
    return first_post(kept)
