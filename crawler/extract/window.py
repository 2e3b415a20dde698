"""The text around the headline, where the date, author and source line lives."""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.extract.dom import text_of
from crawler.extract.lines import iter_lines, linearize

WINDOW_AFTER_CHARS = 400
WINDOW_BEFORE_CHARS = 120


def find_headline(root: HtmlElement, title: str | None) -> HtmlElement | None:
    """The heading element whose text is the title (or contains it)."""
    if not title:
        return None
    fallback: HtmlElement | None = None
    for element in root.iter("h1", "h2", "h3", "div", "p", "span", "td", "strong"):
        names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
        if element.tag not in {"h1", "h2", "h3"} and "title" not in names:
            continue
        text = text_of(element)
        if text == title:
            return element
        if fallback is None and title in text and len(text) < 2 * len(title) + 20:
            fallback = element
    return fallback


def _scope(root: HtmlElement, headline: HtmlElement) -> HtmlElement:
    """The lowest ancestor of the headline holding enough text for both windows (measured
    in C by text_content), so the window does not linearize the whole page."""
    body = root.find("body")
    top = body if body is not None else root
    need = 2 * (WINDOW_AFTER_CHARS + WINDOW_BEFORE_CHARS)
    scope = headline
    while scope is not top:
        parent = scope.getparent()
        if parent is None:
            break
        scope = parent
        if len(scope.text_content()) >= need:
            break
    return scope


def page_text(root: HtmlElement) -> str:
    """The whole page as lines (for the last-resort labelled-date search)."""
    body = root.find("body")
    return "\n".join(line.text for line in linearize(body if body is not None else root))


def headline_window(root: HtmlElement, headline: HtmlElement | None) -> tuple[str, str]:
    """(text just after the headline, text just before it), within the headline's nearest
    ancestor that holds enough text."""
    if headline is None:
        return "", ""
    marker = "\ufdd0HEADLINE\ufdd0"  # a noncharacter: never in a page, never a space
    saved_text, saved_children = headline.text, list(headline)
    for child in saved_children:
        headline.remove(child)
    headline.text = marker
    lines: list[str] = []
    try:
        after_marker = -1  # characters after the marker so far, once it has been seen
        for line in iter_lines(_scope(root, headline)):
            lines.append(line.text)
            if after_marker < 0:
                index = line.text.find(marker)
                if index >= 0:
                    after_marker = len(line.text) - index - len(marker)
            else:
                after_marker += 1 + len(line.text)
            if after_marker >= WINDOW_AFTER_CHARS:
                break  # the window is complete: the rest of the scope is not needed
    finally:
        headline.text = saved_text
        for child in saved_children:
            headline.append(child)
    joined = "\n".join(lines)
    index = joined.find(marker)
    if index < 0:
        return "", ""
    after = joined[index + len(marker) : index + len(marker) + WINDOW_AFTER_CHARS]
    before = joined[max(0, index - WINDOW_BEFORE_CHARS) : index]
    return after, before
