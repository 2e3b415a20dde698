"""Find an article title: selector, og:title, JSON-LD headline, <h1> matching <title>."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract.dom import clean_text, meta_content, text_of
from crawler.extract.jsonld import jsonld_field

# Separators sites put between an article title and the site/channel name.
# A single hyphen between digits ("1-10月") or an unspaced dash is part of the title.
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|::|--|——)\s*|\s+[-—–·@]\s+|(?<!\d)-(?!\d)")
# Any separator between a site's name and the article's part of a <title>, a hyphen before
# a digit too ("某某网-2022年第4期"): only for finding the article's part in a heading.
LOOSE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|::|-|—|–|·|@)+\s*")
MAX_TITLE_CHARS = 300
MIN_HELD_PART = 4
# A heading holding the declared title's part is at most this much longer than it.
HELD_EXTRA_CHARS = 40
MIN_SOLE_H1_CHARS = 4
# A short part of a <title> that names a site, a portal or a channel ("理论中国网",
# "某某市人民政府门户网站", "知乎", "百度知道"), not an article.
SITE_PART = re.compile(
    r"^.{1,10}(?:网|網|网站|網站|门户|門戶|官网|官網|新闻|新聞|频道|頻道|论坛|論壇|社区|社區|博客|"
    r"百科|知道|问答|首页|首頁)$"
)


def strip_site_suffix(title: str) -> str:
    """Drop trailing " - 新浪财经" / "_网易新闻" style parts, keeping the longest segment."""
    title = clean_text(title)
    parts = [part for part in TITLE_SEPARATORS.split(title) if part]
    if len(parts) < 2:
        return title
    rest = parts[1:]
    if (
        SITE_PART.search(parts[0])
        and not any(SITE_PART.search(part) for part in rest)
        and len(parts[0]) < max(len(part) for part in rest)
    ):
        parts = rest  # the site written first, shorter than the headline after it
    # The headline is the first part unless a later part is clearly longer.
    best = parts[0]
    for part in parts[1:]:
        if len(part) > 2 * len(best):
            best = part
    return best


def _bigrams(text: str) -> set[str]:
    """Character bigrams of ``text`` for fuzzy matching."""
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _similarity(a: str, b: str) -> float:
    """Share of ``a``'s bigrams found in ``b``."""
    grams = _bigrams(a)
    return len(grams & _bigrams(b)) / len(grams) if grams else 0.0


def site_segments(page_title: str) -> set[str]:
    """The parts of the <title> after its first one (the blog, channel or site name)."""
    parts = [part for part in TITLE_SEPARATORS.split(clean_text(page_title)) if part]
    return set(parts[1:]) - {parts[0]} if len(parts) > 1 else set()


def _is_site_name(text: str, sites: set[str]) -> bool:
    """Every part of ``text`` is a trailing part of the <title> ("史蒂文的家_藍天")."""
    parts = [part for part in TITLE_SEPARATORS.split(clean_text(text)) if part]
    return bool(sites) and bool(parts) and all(part in sites for part in parts)


def _heading(root: HtmlElement, page_title: str) -> str | None:
    """The <h1>/<h2> text that best matches the <title>, or the first <h1>; never the
    site's own name (a heading equal to a trailing part of the <title>)."""
    best: tuple[float, str] | None = None
    sites = site_segments(page_title)
    for tag in ("h1", "h2"):
        for element in root.iter(tag):
            text = text_of(element)
            if not 2 <= len(text) <= MAX_TITLE_CHARS or _is_site_name(text, sites):
                continue
            score = _similarity(text, page_title) if page_title else 0.0
            if tag == "h1":
                score += 0.05
            if best is None or score > best[0]:
                best = (score, text)
    if best is None:
        return _title_holder(root, page_title, sites) if page_title else None
    if best[0] >= 0.5 or not page_title:
        return best[1]
    return _sole_h1(root, page_title, sites) or _title_holder(root, page_title, sites)


# Headline holders other than <h1>/<h2>: an <h3> or an element named "title" (a table
# cell or <div class="title"> on older portals), evaluated in C.
_TITLE_HOLDERS = etree.XPath(
    "//body//h3 | //body//*[contains(@class, 'title') or contains(@id, 'title')]"
    "[not(self::a)][position() <= 40]"
)
# How much of an other holder's text the <title> must contain, and how much of the <title>
# (with its site name cut off) the holder must cover.
HOLDER_MATCH = 0.9
HOLDER_SHARE = 0.6


def _title_holder(root: HtmlElement, page_title: str, sites: set[str]) -> str | None:
    """When no <h1>/<h2> is the headline: an <h3> or title-named element whose text is
    nearly all in the <title> and covers most of it ("X 某某医院" titled, "X" in
    <div class="title">)."""
    wanted = len(strip_site_suffix(page_title))
    best: tuple[float, int, str] | None = None
    for element in _TITLE_HOLDERS(root):
        text = _without_site_parts(text_of(element), sites)
        if not HOLDER_SHARE * wanted <= len(text) <= MAX_TITLE_CHARS or _is_site_name(text, sites):
            continue
        score = _similarity(text, page_title)
        if score >= HOLDER_MATCH and (best is None or (score, len(text)) > best[:2]):
            best = (score, len(text), text)
    return best[2] if best else None


def _without_site_parts(text: str, sites: set[str]) -> str:
    """``text`` without the <title>'s trailing site parts it copies (a hidden share block
    that repeats the whole <title>, "某某通知-新华网"): the headline part only."""
    parts = [part for part in TITLE_SEPARATORS.split(text) if part]
    if len(parts) > 1 and all(part in sites for part in parts[1:]):
        return parts[0]
    return text


def _sole_h1(root: HtmlElement, page_title: str, sites: set[str]) -> str | None:
    """The page's only <h1> when the <title> is a single name with no separator (a site or
    app that titles every page with its own name): an <h1> that is not a link (a logo) and
    not the site's name is the headline."""
    if TITLE_SEPARATORS.search(page_title):
        return None
    headings = list(root.iter("h1"))
    if len(headings) != 1:
        return None
    text = text_of(headings[0])
    linked = sum(len(text_of(link)) for link in headings[0].iter("a"))
    if len(text) < MIN_SOLE_H1_CHARS or 2 * linked > len(text) or text in page_title:
        return None
    return None if _is_site_name(text, sites) else text


# Badges a site writes into the heading before or after the headline (原创, 置顶, 精华 ...).
BADGE = re.compile(
    r"^(?:原创|原創|独家|獨家|置顶|置頂|精华|精華|热门|熱門|推荐|推薦|转载|轉載|首发|首發|荐|热|精|顶)\s*"
)


def _without_badge(heading: str, declared: list[str]) -> str:
    """The heading without a badge glued before it ("原创最不愁吃肉的国家") when the page's
    declared title is the heading without it."""
    match = BADGE.match(heading)
    if match is None:
        return heading
    rest = heading[match.end() :].strip()
    return rest if any(strip_site_suffix(value) == rest for value in declared) else heading


def extract_title(root: HtmlElement, jsonld: list[dict[str, Any]]) -> str | None:
    """Title: the <h1> matching og:title/JSON-LD/<title>, else those with the site cut off."""
    title_element = root.find(".//title")
    page_title = text_of(title_element) if title_element is not None else ""
    declared = [
        value
        for value in (
            *meta_content(root, ("og:title", "twitter:title")),
            jsonld_field(jsonld, "headline"),
            page_title,
        )
        if value and len(value) <= MAX_TITLE_CHARS
    ]
    heading = _heading(root, " ".join(declared)) or _heading_holding(root, declared)
    if heading:
        return _without_badge(heading, declared)
    return strip_site_suffix(declared[0]) if declared else None


def _heading_holding(root: HtmlElement, declared: list[str]) -> str | None:
    """When no heading matches the declared titles as a whole: the first <h1>-<h3> that
    holds a declared title's own part (the <title> without its site name, "2022年第4期" of
    "某某网-2022年第4期") and says more ("《某某学报》2022年第4期"): the <title> abbreviates
    the headline, the heading agrees with it and is the fuller form."""
    parts = {
        "".join(part.split())
        for value in declared
        for part in LOOSE_SEPARATORS.split(clean_text(value))
        if len(part) >= MIN_HELD_PART and not SITE_PART.search(part)
    }
    if not parts:
        return None
    for element in root.iter("h1", "h2", "h3"):
        text = text_of(element)
        flat = "".join(text.split())
        held = [part for part in parts if part in flat]
        if held and len(flat) <= max(map(len, held)) + HELD_EXTRA_CHARS:
            return text
    return None
