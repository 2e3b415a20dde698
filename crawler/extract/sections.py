"""Sections of the chosen body that a heading names as not the article: 网友评论, 相关新闻.

A page without class names still heads its comments and related lists with a short line.
The block such a heading opens (its highest ancestor inside the body whose text starts with
the heading) is dropped from the body; a body container that itself opens with one is not
the article at all.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from crawler.extract.boilerplate import drop_element
from crawler.extract.dom import SPACE
from crawler.extract.lines import iter_lines
from crawler.extract.teasers import COMMENTS_HEADING, RELATED_HEADING

HEADING_CHARS = 16
# Words every comments or related-articles heading holds.
HEADING_WORDS = re.compile(
    r"评论|留言|跟帖|阅读|新闻|文章|推荐|报道|资讯|专题|喜欢|链接|热点|图片|视频|日志|博文|帖子|话题|问题"
    r"|omment|esponse",
    re.I,
)
# Siblings after a bare related-list heading that are mostly link text belong to the list.
MIN_LINK_SHARE = 0.5


def _compact(element: HtmlElement) -> str:
    return SPACE.sub("", element.text_content())


def is_heading(text: str) -> bool:
    """A whole line that is a comments or related-articles heading ("网友评论(12)",
    "相关新闻："), with nothing but digits and punctuation after the heading words."""
    text = SPACE.sub("", text)
    if not text or len(text) > HEADING_CHARS:
        return False
    match = COMMENTS_HEADING.match(text) or RELATED_HEADING.match(text)
    if match is None:
        return False
    return not any("\u4e00" <= char <= "\u9fff" for char in text[match.end() :])


# A bare word is also a channel label over an opinion piece ("评论"): it names a comments
# section only with a qualifier (网友评论) or a count (评论(12)).
BARE_WORDS = frozenset(["评论", "留言", "跟帖", "评论：", "留言：", "跟帖："])


def opens_with_heading(element: HtmlElement) -> bool:
    """True when the element's first line is a comments or related-articles heading that
    cannot be a channel label."""
    lead = SPACE.sub("", (element.text_content() or "")[: 4 * HEADING_CHARS])
    if not HEADING_WORDS.search(lead[:HEADING_CHARS]):
        return False  # read in C: the text does not even open with heading words
    first = next(iter_lines(element), None)
    if first is None or not is_heading(first.text):
        return False
    return SPACE.sub("", first.text) not in BARE_WORDS


def _section(heading: HtmlElement, text: str, body: HtmlElement) -> HtmlElement:
    """The highest ancestor of ``heading`` below ``body`` that opens with its text."""
    block = heading
    while True:
        parent = block.getparent()
        if parent is None or parent is body or not _compact(parent).startswith(text):
            return block
        block = parent


def _link_share(element: HtmlElement) -> float:
    text = len(_compact(element))
    links = sum(len(_compact(link)) for link in element.iter("a"))
    return links / text if text else 1.0


def _following(block: HtmlElement, comments: bool) -> list[HtmlElement]:
    """The siblings a bare heading heads: all after a comments heading, the link lists
    after a related-articles heading."""
    found: list[HtmlElement] = []
    for sibling in block.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if not comments and _link_share(sibling) < MIN_LINK_SHARE:
            break
        found.append(sibling)
    return found


def drop_headed_sections(body: HtmlElement) -> int:
    """Drop the comments and related-article sections inside ``body`` (never its first
    line: a page may open with a "评论" channel label); return how many were dropped."""
    if not HEADING_WORDS.search(body.text_content()):
        return 0  # read in C: most bodies name no such section
    headings: list[tuple[HtmlElement, str]] = []
    seen_text = False
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        own = element.text
        if own and not own.isspace():
            if seen_text and len(own) <= 4 * HEADING_CHARS and element.tag != "a":
                piece = SPACE.sub("", own)
                if COMMENTS_HEADING.match(piece) or RELATED_HEADING.match(piece):
                    text = _compact(element)
                    if is_heading(text):
                        headings.append((element, text))
            seen_text = True
        if element.tail and not element.tail.isspace() and element is not body:
            seen_text = True
    dropped = 0
    for element, text in headings:
        if not any(ancestor is body for ancestor in element.iterancestors()):
            continue  # already dropped with an earlier section
        if next(element.iterancestors("a"), None) is not None:
            continue  # a link named 评论 is a menu item, not a heading
        block = _section(element, text, body)
        doomed = [block]
        if _compact(block) == text:  # a bare heading line: it heads its next siblings
            doomed += _following(block, bool(COMMENTS_HEADING.match(text)))
        for item in doomed:
            drop_element(item)
        dropped += 1
    return dropped
