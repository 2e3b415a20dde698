"""Checks on parsed HTML shared by the report tests."""

from __future__ import annotations

import lxml.html


def parse(text: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(text)


def assert_inert(tree: lxml.html.HtmlElement) -> None:
    """No script elements, no on* handlers, no javascript: or data: links anywhere."""
    assert tree.xpath("//script") == []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href"):
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
    assert tree.xpath("//iframe|//object|//embed|//img|//link[@rel='stylesheet']") == []
