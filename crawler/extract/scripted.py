"""Bodies that only exist in a page's scripts (pages rendered in the browser from JSON)."""

from __future__ import annotations

import json
import re

import lxml.html
from lxml.html import HtmlElement

from crawler.extract.lines import linearize

MAX_SCRIPT_CHARS = 2_000_000
# A JSON string literal (escapes included) long enough to hold an article.
_STRING = re.compile(r'"((?:[^"\\\n]|\\.){200,})"')
_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_CJK = 100
# Sentence punctuation per CJK character that prose has (a keyword list or a menu has none).
MIN_PUNCT_SHARE = 0.02
_PUNCT = re.compile(r"[，。！？；：、]")


def script_texts(root: HtmlElement) -> list[str]:
    """The inline scripts' texts, read before scripts are removed."""
    texts: list[str] = []
    budget = MAX_SCRIPT_CHARS
    for script in root.iter("script"):
        text = (script.text or "")[:budget]
        if text:
            texts.append(text)
            budget -= len(text)
        if budget <= 0:
            break
    return texts


def _decoded(literal: str) -> str | None:
    try:
        value = json.loads(f'"{literal}"')
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def _as_text(value: str) -> str:
    """Text lines of a string that may be an HTML fragment."""
    if "<" not in value:
        return "\n".join(line.strip() for line in value.splitlines() if line.strip())
    try:
        fragment = lxml.html.fragment_fromstring(value, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    return "\n".join(line.text for line in linearize(fragment))


def scripted_body(texts: list[str]) -> str:
    """The longest prose string in the scripts' JSON (an article the browser renders), or
    "" when none has MIN_CJK Chinese characters with sentence punctuation."""
    best = ""
    best_cjk = 0
    for text in texts:
        for match in _STRING.finditer(text):
            literal = match.group(1)
            if len(literal) <= best_cjk:
                continue
            value = _decoded(literal)
            if value is None:
                continue
            body = _as_text(value)
            cjk = len(_CJK.findall(body))
            if cjk < MIN_CJK or cjk <= best_cjk:
                continue
            if len(_PUNCT.findall(body)) < MIN_PUNCT_SHARE * cjk:
                continue
            best, best_cjk = body, cjk
    return best
