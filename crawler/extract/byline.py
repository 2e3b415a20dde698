"""Author and origin (来源) from meta tags, JSON-LD and the byline text."""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from crawler.extract.dom import meta_content
from crawler.extract.jsonld import jsonld_field

AUTHOR_META = ("author", "article:author", "byl", "dc.creator", "sailthru.author", "og:author")
ORIGIN_META = ("source", "og:source", "mediaid", "article:source", "dc.publisher")
_NAME = r"(?P<name>[^\s：:|｜,，;；()（）\[\]【】<>]{1,30}(?:\s[A-Za-z][^\s：:|｜,，]{0,20})?)"
# Byline patterns, most trusted first.  责任编辑 (the editor) is deliberately absent.
AUTHOR_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:作者|撰文|文字)\s*[:：|｜]\s*" + _NAME,
        r"(?:^|[\s（(])文\s*[/|｜:：]\s*" + _NAME,
        r"(?:本报|本刊|本台|新华社|中新网|中新社)?(?:特约|首席|实习)?记者\s*[:：]?\s*" + _NAME,
        r"(?:通讯员|撰稿人|作者)\s+" + _NAME,
    )
)
ORIGIN_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:来源|稿源|出处|来自)\s*[:：|｜]\s*" + _NAME,
        r"(?:转载自|转自)\s*[:：]?\s*" + _NAME,
    )
)
# Words a captured name must not be (labels that follow an empty field).
NOT_NAMES = re.compile(
    r"^(?:来源|作者|发布|时间|日期|编辑|责任编辑|阅读|评论|分享|字号|点击|\d{2,4}[-年/.].*)"
)
_TRAILING_LABEL = re.compile(r"(?:发布时间|时间|日期|来源|作者|编辑|责任编辑|阅读|原标题).*$")
_TRAILING_DATE = re.compile(r"\d{2,4}[-/.年].*$")


def _clean_name(name: str) -> str | None:
    """Trim labels/dates glued to a captured name; None when nothing is left."""
    name = _TRAILING_LABEL.sub("", name)
    name = _TRAILING_DATE.sub("", name).strip(" ·-_/|")
    if not name or NOT_NAMES.match(name) or len(name) > 30:
        return None
    return name


def find_pattern(patterns: tuple[re.Pattern[str], ...], text: str) -> str | None:
    """The first clean name captured by any pattern, patterns tried in order."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            name = _clean_name(match.group("name"))
            if name:
                return name
    return None


def extract_author(root: HtmlElement, jsonld: list[dict[str, Any]], window: str) -> str | None:
    """Author: meta author, JSON-LD author, then 作者/记者 in the byline."""
    for value in meta_content(root, AUTHOR_META):
        if value and not value.startswith("http") and len(value) <= 40:
            return value
    named = jsonld_field(jsonld, "author")
    if named and len(named) <= 60:
        return named
    return find_pattern(AUTHOR_PATTERNS, window)


def extract_origin(root: HtmlElement, jsonld: list[dict[str, Any]], *texts: str) -> str | None:
    """Origin (来源): 来源 in the byline or body end, then meta source, then JSON-LD publisher."""
    for text in texts:
        found = find_pattern(ORIGIN_PATTERNS, text)
        if found:
            return found
    for value in meta_content(root, ORIGIN_META):
        if value and not value.startswith("http") and len(value) <= 40:
            return value
    return jsonld_field(jsonld, "publisher")
