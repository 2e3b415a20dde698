"""Safe lxml parsing, selectors and text helpers shared by the field extractors."""

from __future__ import annotations

import re

import lxml.etree as etree
import lxml.html
from cssselect import SelectorError
from lxml.html import HtmlElement

MAX_HTML_CHARS = 5_000_000
MAX_DEPTH = 400
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Whitespace, zero-width characters and the private use area (icon-font glyphs: a site's
# eye or thumb icon before a counter is no text).
SPACE = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\ufeff\ue000-\uf8ff]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_TOO_DEEP = etree.XPath("/".join(["*"] * MAX_DEPTH))


def parse_html(html: str) -> HtmlElement | None:
    """Parse ``html`` (truncated to 5 MB, control characters removed) or return None."""
    text = _XML_DECL.sub("", _CONTROL.sub("", html[:MAX_HTML_CHARS]))
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, huge_tree=False, recover=True, encoding=None
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root if isinstance(root, HtmlElement) else None


def clean_text(text: str | None) -> str:
    """Collapse runs of spaces (including full-width and NBSP) and strip."""
    if not text:
        return ""
    return SPACE.sub(" ", text).strip()


def text_of(element: HtmlElement) -> str:
    """All text under ``element``, whitespace-collapsed."""
    try:
        return clean_text(" ".join(element.itertext()))
    except ValueError:
        return ""


def select(root: HtmlElement, selector: str) -> list[object]:
    """Evaluate a per-source selector: XPath when it starts with "/" or "(", else CSS."""
    try:
        if selector.lstrip().startswith(("/", "(")):
            result = root.xpath(selector)
            return list(result) if isinstance(result, list) else [result]
        return list(root.cssselect(selector))
    except (etree.XPathError, SelectorError, ValueError, TypeError):
        return []


def select_text(root: HtmlElement, selector: str, *, joiner: str = "\n") -> str:
    """The text a selector picks: element texts or string results, joined."""
    parts: list[str] = []
    for item in select(root, selector):
        if isinstance(item, HtmlElement):
            parts.append(text_of(item))
        elif isinstance(item, str | bytes):
            parts.append(
                clean_text(item if isinstance(item, str) else item.decode("utf-8", "replace"))
            )
    return joiner.join(part for part in parts if part)


def depth_limited(root: HtmlElement) -> None:
    """Drop any subtree nested deeper than MAX_DEPTH so later passes stay bounded."""
    for element in _TOO_DEEP(root):  # the elements at depth MAX_DEPTH, found in C
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


def meta_content(root: HtmlElement, names: tuple[str, ...]) -> list[str]:
    """Contents of <meta name|property|itemprop|http-equiv=...> for each name, in order."""
    wanted = {name.lower(): index for index, name in enumerate(names)}
    found: list[tuple[int, str]] = []
    for meta in root.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key in wanted:
                found.append((wanted[key], clean_text(content)))
                break
    return [value for _index, value in sorted(found, key=lambda item: item[0])]
