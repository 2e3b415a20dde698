"""Density-based article body extraction: score text blocks, pick the container."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from crawler.extract.boilerplate import drop_element
from crawler.extract.lines import INLINE, Line, linearize
from crawler.extract.sections import (
    HEADING_CHARS,
    drop_headed_sections,
    is_heading,
    opens_with_heading,
)
from crawler.extract.teasers import is_teaser_block
from crawler.extract.thread import first_post

# Inline tags (and <br>): their text belongs to the enclosing block's paragraph.
INLINE_TAGS = INLINE | {"br"}
# Paragraph tags credit their parent; other blocks with direct text credit themselves.
PARAGRAPH_TAGS = frozenset(
    ["p", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "figcaption"]
)
# Chinese punctuation (plus ASCII comma, "!" "?" ";"): the signal that a block is prose.
# "." and ":" are left out: URLs and times are full of them.
PUNCTUATION = frozenset("，。！？；：、“”‘’（）《》「」『』…,!?;")
MIN_BLOCK_CHARS = 8
MAX_LEVELS = 5
SIBLING_SHARE = 0.2
MIN_PROSE_PUNCT = 2


@dataclass
class Stats:
    """Per-element aggregates over its subtree."""

    text: int = 0
    link: int = 0
    punct: int = 0
    score: float = 0.0
    has_block: bool = False


def _own_text(element: HtmlElement, stats: dict[HtmlElement, Stats]) -> tuple[str, int]:
    """The paragraph text of a block: direct text plus inline children (text, link chars)."""
    parts = [element.text or ""]
    link = 0
    for child in element:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS and not stats[child].has_block:
            inner = "".join(child.itertext())
            parts.append(inner)
            if child.tag == "a":
                link += len(inner.strip())
            else:
                link += stats[child].link
        parts.append(child.tail or "")
    return "".join(parts), link


def _block_score(text: str, link: int) -> float:
    """Score of one paragraph: punctuation and length, discounted by links."""
    stripped = "".join(text.split())
    if len(stripped) < MIN_BLOCK_CHARS:
        return 0.0
    punct = sum(1 for char in stripped if char in PUNCTUATION)
    link_ratio = min(1.0, link / len(stripped))
    base = 1.0 if punct else 0.0  # a punctuation-free line (menu, URL) earns little
    return (base + punct + min(len(stripped) / 100, 3.0)) * (1.0 - link_ratio) ** 2


def score_tree(root: HtmlElement) -> dict[HtmlElement, Stats]:
    """Aggregate text/link/punctuation per element and propagate paragraph scores upward."""
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    stats = {el: Stats() for el in elements}
    for element in reversed(elements):  # children before parents
        own = stats[element]
        direct = "".join((element.text or "").split()) + "".join(
            "".join((child.tail or "").split()) for child in element
        )
        own.text += len(direct)
        own.punct += sum(1 for char in direct if char in PUNCTUATION)
        if element.tag == "a":
            own.link = own.text
        if element.tag not in INLINE_TAGS:
            own.has_block = True
        parent = element.getparent()
        if parent is not None and parent in stats:
            up = stats[parent]
            up.text += own.text
            up.link += own.link
            up.punct += own.punct
            up.has_block = up.has_block or own.has_block
    for element in elements:
        if element.tag in INLINE_TAGS and not stats[element].has_block:
            continue
        text, link = _own_text(element, stats)
        score = _block_score(text, link)
        if score > 0:
            _propagate(element, score, stats)
    return stats


def _propagate(element: HtmlElement, score: float, stats: dict[HtmlElement, Stats]) -> None:
    """Credit a paragraph's score to its container and (decaying) to its ancestors."""
    node: HtmlElement | None = element.getparent() if element.tag in PARAGRAPH_TAGS else element
    level = 0
    while node is not None and level < MAX_LEVELS and node in stats:
        divider = 1 if level == 0 else (2 if level == 1 else level * 3)
        stats[node].score += score / divider
        node = node.getparent()
        level += 1


def _final(stats: Stats) -> float:
    """Container score discounted by its link density."""
    if stats.text == 0:
        return 0.0
    return stats.score * (1.0 - min(1.0, stats.link / stats.text))


def best_container(
    root: HtmlElement, stats: dict[HtmlElement, Stats], *, below_body: bool = False
) -> HtmlElement | None:
    """The element with the highest link-discounted score (``below_body``: other than
    <body> and <html>)."""
    best: tuple[float, HtmlElement] | None = None
    for element, element_stats in stats.items():
        if below_body and element.tag in {"body", "html"}:
            continue
        value = _final(element_stats)
        if value > 0 and (best is None or value > best[0]):
            best = (value, element)
    return best[1] if best else None


def _is_prose(stats: Stats) -> bool:
    """A sibling worth keeping on its own: some text, few links, real punctuation."""
    plain = stats.text - stats.link
    return plain >= 30 and stats.link <= 0.25 * stats.text and stats.punct >= max(2, plain / 50)


# Text a wrapper may add around the densest block and still count as only wrapping it.
WRAPPER_CHARS = 10
# Times the densest block may turn out to be a headed comments or related section.
MAX_HEADED_RETRIES = 2
# How the body nodes were chosen.
DENSITY, FIRST_POST, MARKED = "density", "first_post", "marked"


MIN_DIRECT_PROSE = 30


def _has_direct_prose(element: HtmlElement) -> bool:
    """True when ``element`` holds prose of its own, between its child blocks: an old blog
    or forum post written as lines with <br> around code or image blocks."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    text = "".join("".join(parts).split())
    punct = sum(1 for char in text if char in PUNCTUATION)
    return len(text) >= MIN_DIRECT_PROSE and punct >= MIN_PROSE_PUNCT


def content_nodes(
    root: HtmlElement, headline: HtmlElement | None = None, named: list[HtmlElement] | None = None
) -> tuple[list[HtmlElement], str]:
    """The best container plus siblings that score close to it or read as prose, and how
    they were chosen: on a thread whose best container is a later post, the first post
    alone (FIRST_POST); when the page names its body elsewhere (one of ``named``, as
    remove_layout returns them), that element (MARKED)."""
    stats = score_tree(root)
    top = best_container(root, stats)
    for _retry in range(MAX_HEADED_RETRIES):
        if top is None or top.tag in {"body", "html"} or not opens_with_heading(top):
            break
        # the densest block is a comments section or a related list: not the article
        drop_element(top)
        stats = score_tree(root)
        top = best_container(root, stats)
    if top is None:
        return [], DENSITY
    # many posts of one size add up to the whole page: then the best block below it may
    # be one of the posts
    block = best_container(root, stats, below_body=True) if top.tag in {"body", "html"} else top
    post = first_post(
        root,
        block if block is not None else top,
        headline,
        value=lambda element: _final(stats[element]) if element in stats else 0.0,
        size=lambda element: stats[element].text if element in stats else 0,
    )
    if post is not None:
        return [post], FIRST_POST
    marked = marked_body(named or [])
    if marked is not None and not _related(marked, top):
        return [marked], MARKED  # the page names its body; a denser widget is not it
    threshold = max(10.0, _final(stats[top]) * SIBLING_SHARE)
    if not any(stats[child].has_block for child in top if child in stats):
        top = _unwrapped(top, stats)  # one paragraph in wrappers of its own
    parent = top.getparent()
    if parent is None or top.tag in {"body", "html"}:
        return [top], DENSITY
    if parent.tag not in {"body", "html"} and _has_direct_prose(parent):
        return [parent], DENSITY  # text written between the blocks (<br> lines) is body too
    nodes: list[HtmlElement] = []
    for sibling in parent:
        if not isinstance(sibling.tag, str) or sibling not in stats:
            continue
        if nodes and stats[sibling].text <= HEADING_CHARS and is_heading(sibling.text_content()):
            break  # a bare 网友评论 / 相关新闻 line: what follows it is not the article
        close = _final(stats[sibling]) >= threshold or _is_prose(stats[sibling])
        if sibling is top or (close and not is_teaser_block(sibling)):
            nodes.append(sibling)
    return nodes, DENSITY


def _unwrapped(top: HtmlElement, stats: dict[HtmlElement, Stats]) -> HtmlElement:
    """The highest ancestor of ``top`` that only wraps it (adds almost no text): the
    paragraph's place among its siblings, where the rest of the body is, when each
    paragraph sits in wrappers of its own (<section><section><span>)."""
    node = top
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"} or parent not in stats:
            return node
        if stats[parent].text > stats[node].text + max(WRAPPER_CHARS, stats[node].text // 20):
            return node
        node = parent


def marked_body(named: list[HtmlElement]) -> HtmlElement | None:
    """The one element the page names as its article body (``named``, in document order,
    none counted inside another), or None when there is none, several, or it holds almost
    no text."""
    found: list[HtmlElement] = []
    for element in named:
        if found and _related(found[-1], element):
            continue
        found.append(element)
        if len(found) > 1:
            return None
    if not found or len("".join(found[0].text_content().split())) < MIN_BLOCK_CHARS:
        return None
    return found[0]


def _related(one: HtmlElement, other: HtmlElement) -> bool:
    """True when one element contains the other (or they are the same)."""
    return one is other or one in other.iterancestors() or other in one.iterancestors()


@dataclass
class Body:
    """The body's nodes, their text lines (not yet filtered for boilerplate) and how the
    nodes were chosen (DENSITY, FIRST_POST or MARKED)."""

    nodes: list[HtmlElement]
    lines: list[Line]
    chosen: str


def find_body(
    root: HtmlElement, headline: HtmlElement | None = None, named: list[HtmlElement] | None = None
) -> Body:
    """The article body of the page (``named``: the elements named as the body)."""
    nodes, chosen = content_nodes(root, headline, named)
    lines: list[Line] = []
    for node in nodes:
        drop_headed_sections(node)
        lines.extend(linearize(node))
    return Body(nodes, lines, chosen)


def densest_block(root: HtmlElement) -> str:
    """The single prose block (Chinese punctuation in it) with the most text of its own,
    links counted too: the fallback when the scored container yields almost nothing."""
    stats = score_tree(root)
    best = ""
    for element in stats:
        if element.tag in INLINE_TAGS and not stats[element].has_block:
            continue
        text, _link = _own_text(element, stats)
        text = " ".join(text.split())
        if len(text) > len(best) and sum(char in PUNCTUATION for char in text) >= MIN_PROSE_PUNCT:
            best = text
    return best if len(best) >= MIN_BLOCK_CHARS else ""


LINES_AFTER = 3


def lines_after(body: Body) -> list[Line]:
    """The first lines after the body (a blog's "posted on <date> <name>" footer)."""
    if not body.nodes:
        return []
    node: HtmlElement | None = body.nodes[-1]
    lines: list[Line] = []
    while node is not None and len(lines) < LINES_AFTER:
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                lines.extend(linearize(sibling)[:LINES_AFTER])
            if len(lines) >= LINES_AFTER:
                break
        node = node.getparent() if not lines else None
    return lines[:LINES_AFTER]
