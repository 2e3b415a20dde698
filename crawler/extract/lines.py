"""Turn an element subtree into text lines, breaking at blocks and <br>."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from crawler.extract.dom import clean_text

# Tags that do not start a new line.
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "cite",
        "code",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)


@dataclass
class Line:
    """One line of text and how many of its characters sit inside links."""

    text: str
    link_chars: int = 0

    @property
    def link_ratio(self) -> float:
        """Share of the line's characters that are link text."""
        return self.link_chars / len(self.text) if self.text else 0.0


class _Builder:
    """Accumulates text pieces into lines."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.parts: list[str] = []
        self.link = 0

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.link += len(text.strip())

    def brk(self) -> None:
        line = clean_text("".join(self.parts))
        if line:
            self.lines.append(Line(line, min(self.link, len(line))))
        self.parts, self.link = [], 0


def linearize(node: HtmlElement) -> list[Line]:
    """Lines of text under ``node`` in document order (iterative, no recursion)."""
    builder = _Builder()
    # Stack of (element, in_link, closing): closing entries emit the tail.
    stack: list[tuple[HtmlElement, bool, bool]] = [(node, False, False)]
    while stack:
        element, in_link, closing = stack.pop()
        if not isinstance(element.tag, str):  # comment or processing instruction
            if element is not node:
                builder.add(element.tail, in_link)
            continue
        block = element.tag not in INLINE
        if closing:
            if block:
                builder.brk()
            if element is not node:
                builder.add(element.tail, in_link)
            continue
        if block or element.tag == "br":
            builder.brk()
        link_here = in_link or element.tag == "a"
        builder.add(element.text, link_here)
        stack.append((element, in_link, True))
        for child in reversed(element):
            stack.append((child, link_here, False))
    builder.brk()
    return builder.lines
