"""Turn an element subtree into text lines, breaking at blocks and <br>."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
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


# Sentence punctuation: written outside a line's links, it says the links sit in a sentence.
SENTENCE_MARKS = frozenset("，。！？；：、（）“”,;!?")
_SENTENCE_MARK = re.compile("[" + re.escape("".join(sorted(SENTENCE_MARKS))) + "]")


@dataclass
class Line:
    """One line of text, how many of its characters sit inside links, and how many sentence
    marks (SENTENCE_MARKS) and other non-space characters it has outside them."""

    text: str
    link_chars: int = 0
    plain_marks: int = 0
    plain_words: int = 0

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
        self.plain: list[str] = []  # the pieces outside links

    def add(self, text: str | None, in_link: bool) -> None:
        if text and (self.parts or not text.isspace()):  # a line's leading space is dropped
            self.parts.append(text)
            if in_link:
                self.link += len(text.strip())
            else:
                self.plain.append(text)

    def brk(self) -> None:
        if not self.parts:
            return
        line = clean_text("".join(self.parts))
        if line:
            marks = words = 0
            if self.link:  # only a line with links needs its plain text's shape
                plain = "".join("".join(self.plain).split())
                marks = len(_SENTENCE_MARK.findall(plain))
                words = len(plain) - marks
            self.lines.append(Line(line, min(self.link, len(line)), marks, words))
        self.parts, self.link, self.plain = [], 0, []

    def take(self) -> list[Line]:
        """The lines completed since the last call."""
        if not self.lines:
            return self.lines
        lines, self.lines = self.lines, []
        return lines


def iter_lines(node: HtmlElement) -> Iterator[Line]:
    """Lines of text under ``node`` in document order, each as soon as it is complete
    (lxml walks the tree, no recursion), so a caller can stop early."""
    builder = _Builder()
    links = [False]  # per open element: inside an <a>?
    for event, element in etree.iterwalk(node, events=("start", "end", "comment", "pi")):
        tag = element.tag
        if not isinstance(tag, str):  # comment or processing instruction: only its tail
            if element is not node:
                builder.add(element.tail, links[-1])
            continue
        if event == "start":
            if tag not in INLINE or tag == "br":
                builder.brk()
                yield from builder.take()
            link_here = links[-1] or tag == "a"
            links.append(link_here)
            builder.add(element.text, link_here)
            continue
        links.pop()
        if tag not in INLINE:
            builder.brk()
            yield from builder.take()
        if element is not node:
            builder.add(element.tail, links[-1])
    builder.brk()
    yield from builder.take()


def linearize(node: HtmlElement) -> list[Line]:
    """Lines of text under ``node`` in document order."""
    return list(iter_lines(node))
