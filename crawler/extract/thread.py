"""Threads and Q&A pages: the first of a run of repeated posts is the article.

On a forum thread, a Tieba page or a Q&A page the densest block is often a long reply, not
the first post (or the question).  The posts share a template: the same tag and class
tokens (ids and numbers aside).  When the chosen container, or one of its near ancestors,
repeats through the page and an earlier copy holds text, that earlier copy is the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from crawler.extract.dom import SPACE

# Class tokens that say nothing about a post template (layout helpers, grid cells).
GENERIC_TOKENS = frozenset(
    [
        "clearfix",
        "clear",
        "cf",
        "fix",
        "left",
        "right",
        "fl",
        "fr",
        "active",
        "first",
        "last",
        "layout",
        "wrap",
        "wrapper",
        "container",
        "row",
        "col",
        "main",
        "box",
        "section",
        "mg",
    ]
)
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
# Levels above the chosen container tried as the post wrapper.
MAX_LEVELS = 4
# A post wrapper holding more than this share of the page's text is a page column.
MAX_POST_SHARE = 0.7
MIN_POSTS = 2
# Posts: at least MIN_POSTS copies with this much text (the first may be shorter: "#话题#").
MIN_POST_CHARS = 30
MIN_FIRST_CHARS = 2
# A text cut short and collapsed behind "read more".
CUT_SHORT = re.compile(r"(?:…|\.\.\.)\s*$")
# What a post carries beside its text: a date with a clock, 楼主, 发表于, a reply count.
POST_MARK = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}|\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}"
    r"|[楼樓]主|沙发|板凳|发表于|發表於|发布于|編輯於|编辑于|\d+\s*(?:分钟|小时|天)前|回复\s*[(（]?\d"
)
SIGNED_SHARE = 0.5
# Score (body.py's link-discounted density) a question detail needs: a sentence or two.
MIN_DETAIL_SCORE = 5.0


def class_tokens(element: HtmlElement) -> frozenset[str]:
    """The element's template tokens: class names without digits or layout helpers."""
    names = (element.get("class") or "").split()
    return frozenset(
        name for name in names if not _DIGIT.search(name) and name.lower() not in GENERIC_TOKENS
    )


def template(element: HtmlElement) -> frozenset[str]:
    """The element's post template: its class tokens, or for an element with no class a
    numbered id with the numbers taken out ("post_12" and "post_13" share "#post_")."""
    tokens = class_tokens(element)
    if tokens:
        return tokens
    ident = element.get("id") or ""
    if not _DIGIT.search(ident) or (element.get("class") or "").strip():
        return frozenset()
    return frozenset(["#" + _DIGITS.sub("", ident)])


def _text_len(element: HtmlElement) -> int:
    return len(SPACE.sub("", element.text_content()))


def _copies(root: HtmlElement, node: HtmlElement) -> list[HtmlElement]:
    """Elements with ``node``'s tag and template tokens, none inside another, in order."""
    tokens = template(node)
    copies: list[HtmlElement] = []
    piece = min(tokens, key=len)
    quoted = "'" not in piece
    if not quoted:
        candidates = root.iter(node.tag)
    elif piece.startswith("#"):
        prefix = _DIGITS.split(piece[1:] + "0")[0]
        candidates = root.xpath(f"//{node.tag}[starts-with(@id, '{prefix}')]")
    else:
        candidates = root.xpath(f"//{node.tag}[contains(@class, '{piece}')]")
    for element in candidates:
        if template(element) != tokens:
            continue
        if copies and _contains(copies[-1], element):
            continue
        copies.append(element)
    return copies


def _contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    node: HtmlElement | None = element.getparent()
    while node is not None:
        if node is ancestor:
            return True
        node = node.getparent()
    return False


def _follow(start: HtmlElement, path: list[HtmlElement]) -> HtmlElement:
    """The element in ``start`` at the place ``path`` (wrapper to container) leads to: a
    step by its template; a plain step by its place among its siblings when that fits."""
    node = start
    for step in path:
        tokens = template(step)
        match = None if tokens else _same_place(node, step)
        if match is None:
            match = next(
                (
                    child
                    for child in node.iter(step.tag)
                    if child is not node and template(child) == tokens
                ),
                None,
            )
        if match is None:
            return node
        node = match
    return node


def _same_place(node: HtmlElement, step: HtmlElement) -> HtmlElement | None:
    """The child of ``node`` at ``step``'s index among its parent's children, same tag."""
    parent = step.getparent()
    if parent is None:
        return None
    index = parent.index(step)
    children = list(node)
    fits = index < len(children) and children[index].tag == step.tag
    return children[index] if fits and not template(children[index]) else None


def _before(root: HtmlElement, first: HtmlElement, second: HtmlElement) -> bool:
    """True when ``first`` starts before ``second`` in document order."""
    for element in root.iter():
        if element is first:
            return True
        if element is second:
            return False
    return False


def _sections(copies: list[HtmlElement]) -> bool:
    """True when the copies are an article's repeated sections, not posts: children of one
    element, most of them without what a post carries beside its text (a date with a clock,
    楼主, 发表于, a reply count)."""
    parent = copies[0].getparent()
    if any(copy.getparent() is not parent for copy in copies):
        return False
    marked = sum(1 for copy in copies if POST_MARK.search(copy.text_content()))
    return marked < SIGNED_SHARE * len(copies)


def _thread(
    root: HtmlElement, top: HtmlElement, size: Callable[[HtmlElement], int] = _text_len
) -> tuple[HtmlElement, HtmlElement, list[HtmlElement]] | None:
    """(the first post's copy, the copy holding ``top``, the path from that copy down to
    ``top``) when ``top`` or a near ancestor repeats as posts through the page, else None."""
    page_len = size(root) or 1
    path: list[HtmlElement] = []
    node: HtmlElement | None = top
    for _level in range(MAX_LEVELS):
        if node is None or node.tag in {"body", "html"}:
            return None
        if size(node) > MAX_POST_SHARE * page_len:
            return None
        if template(node):
            copies = [c for c in _copies(root, node) if size(c) >= MIN_FIRST_CHARS]
            posts = [c for c in copies if MIN_POST_CHARS <= size(c) <= MAX_POST_SHARE * page_len]
            if len(posts) >= MIN_POSTS and node in posts and not _sections(copies):
                return copies[0], node, path
        path.insert(0, node)
        node = node.getparent()
    return None


def question_detail(
    root: HtmlElement,
    headline: HtmlElement,
    first: HtmlElement,
    value: Callable[[HtmlElement], float],
) -> HtmlElement | None:
    """The best-scoring prose block between the headline and the first post: a Q&A page's
    question detail, which comes before the answers in another template."""
    best: tuple[float, HtmlElement] | None = None
    started = False
    for element in root.iter():
        if element is first:
            break
        if element is headline:
            started = True
            continue
        if not started or not isinstance(element.tag, str) or _contains(headline, element):
            continue
        if _contains(element, first):
            continue
        score = value(element)
        if score >= MIN_DETAIL_SCORE and (best is None or score > best[0]):
            best = (score, element)
    if best is None or CUT_SHORT.search(best[1].text_content()):
        return None  # a collapsed excerpt ("…") is not the question: the first post is
    return best[1]


def first_post(
    root: HtmlElement,
    top: HtmlElement,
    headline: HtmlElement | None = None,
    value: Callable[[HtmlElement], float] | None = None,
    size: Callable[[HtmlElement], int] = _text_len,
) -> HtmlElement | None:
    """On a thread or Q&A page whose best container ``top`` is a post: the question detail
    before the posts (scored by ``value``), else the first post's counterpart of ``top``
    when ``top`` sits in a later post; None when the page is not a thread or ``top`` is
    already the article.  A copy before the headline (a sidebar teaser) is not a post.
    ``size`` measures an element's text without whitespace (body.py passes its counts)."""
    if headline is not None and headline.getroottree().getroot() is not root:
        headline = None
    found = _thread(root, top, size)
    if found is None:
        return None
    first, node, path = found
    if headline is not None and _before(root, first, headline) and not _contains(first, headline):
        return None  # a copy before the headline is a teaser, unless the headline is in it
    if headline is not None and value is not None:
        detail = question_detail(root, headline, first, value)
        if detail is not None:
            return detail
    return None if first is node else _follow(first, path)
