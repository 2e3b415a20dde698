"""Blocks beside an article that are not it: 推荐阅读 boxes, teaser sliders, comments."""

from __future__ import annotations

import re
from collections import Counter

from lxml.html import HtmlElement

from crawler.extract.dom import SPACE
from crawler.extract.lines import iter_lines
from crawler.extract.thread import class_tokens

# A block opening with one of these headings lists other articles.
RELATED_HEADING = re.compile(
    r"^(?:相关|推荐|延伸|热门|精彩|猜你|更多|今日|最新|往期|热点)"
    r"(?:阅读|新闻|文章|推荐|报道|资讯|专题|喜欢|链接|热点|图片|视频|日志|博文|帖子|话题|问题)"
)
# A block opening with a comments heading holds readers' comments, not the article.
COMMENTS_HEADING = re.compile(
    r"^(?:(?:网友|最新|热门|全部|精彩|相关|读者)?(?:评论|留言|跟帖)|(?:发表|我要|查看)(?:评论|留言))"
    r"(?![\u4e00-\u9fff])|^(?:Comments?|Responses?)\b",
    re.I,
)
HEADING_CHARS = 12
# A summary cut short: "…事情的真相是“甜..."
TRUNCATED = re.compile(r"(?:\.\.\.|…)")
# Teaser items: at least this many copies of one template, each with a link or a summary
# cut short.
MIN_ITEMS = 3
MAX_ITEM_CHARS = 300
MIN_ITEMS_SHARE = 0.6


def _compact(text: str) -> str:
    return SPACE.sub("", text)


def _has_teaser_items(block: HtmlElement) -> bool:
    """Three or more elements of one class template, each short with a link or a cut-short
    summary,
    together most of the block's text (a slider or list of other articles)."""
    total = len(_compact(block.text_content()))
    if not total:
        return False
    groups: Counter[tuple[str, frozenset[str]]] = Counter()
    sizes: Counter[tuple[str, frozenset[str]]] = Counter()
    for element in block.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        tokens = class_tokens(element)
        if not tokens:
            continue
        text = _compact(element.text_content())
        if len(text) > MAX_ITEM_CHARS or not (
            element.find(".//a") is not None or TRUNCATED.search(text)
        ):
            continue
        size = len(text)
        key = (element.tag, tokens)
        groups[key] += 1
        sizes[key] += size
    return any(
        count >= MIN_ITEMS and sizes[key] >= MIN_ITEMS_SHARE * total
        for key, count in groups.items()
    )


def is_teaser_block(block: HtmlElement) -> bool:
    """True for a block that lists other articles rather than continuing this one."""
    if RELATED_HEADING.match(_compact(block.text_content())[:HEADING_CHARS]):
        return True
    first = next(iter_lines(block), None)  # the heading line, apart from what follows it
    if first is not None and COMMENTS_HEADING.match(first.text[:HEADING_CHARS]):
        return True
    return _has_teaser_items(block)
