"""Forum thread pages (Discuz-style by default): each post becomes its own Page."""

from __future__ import annotations

import re
from datetime import datetime

from parsel import Selector

from crawler.extract import parse_date
from crawler.sources import Source
from crawler.urls import canonical_url
from tianluo.models import Page, content_hash

MAX_POST_CHARS = 50_000
# Discuz! X markup; a source overrides any of these with its `selectors`.
DEFAULTS = {
    "title": "#thread_subject, h1",
    "post": "div[id^='post_']:not([id^='post_rate']), .post, .l_post",
    "post_id": "@id",
    "post_author": ".authi a.xw1, .authi a, .author, .d_name a",
    "post_time": "em[id^='authorposton'], .authi em, .post-time, .tail-info",
    "post_floor": "a[id^='postnum'] em, .pi strong em, .floor",
    "post_content": "td.t_f, .t_f, .post-content, .d_post_content",
}
FLOOR_WORDS = {"楼主": 1, "沙发": 2, "板凳": 3, "地板": 4}
_DIGITS = re.compile(r"(\d+)")


def _nodes(node: Selector, selector: str) -> list[Selector]:
    """CSS, or XPath when the selector starts with "/", "./" or "@"."""
    if selector.startswith(("/", "./", "@")):
        return list(node.xpath(selector))
    return list(node.css(selector))


def _first_text(node: Selector, selector: str) -> str:
    found = _nodes(node, selector)
    if not found:
        return ""
    first = found[0]
    if selector.startswith("@"):
        return (first.get() or "").strip()
    title_attr = first.attrib.get("title", "")  # Discuz puts the exact time in title=
    text = " ".join(t.strip() for t in first.css("::text").getall() if t.strip())
    return f"{title_attr} {text}".strip() if title_attr else text


def _floor(text: str, fallback: int) -> int:
    for word, number in FLOOR_WORDS.items():
        if word in text:
            return number
    match = _DIGITS.search(text)
    return int(match.group(1)) if match else fallback


def _post_text(node: Selector, selector: str) -> str:
    found = _nodes(node, selector)
    if not found:
        return ""
    parts = found[0].xpath(".//text()[not(ancestor::script) and not(ancestor::style)]").getall()
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", p).strip() for p in parts]
    return "\n".join(line for line in lines if line)[:MAX_POST_CHARS]


def thread_posts(html: str, url: str, source: Source, crawled_at: datetime) -> list[Page]:
    """Every post on one thread page, with author, time, floor and a link to its thread."""
    sel = Selector(text=html)
    pick = {**DEFAULTS, **{k: v for k, v in source.selectors.items() if k in DEFAULTS}}
    title = _first_text(sel, pick["title"])[:500] or (sel.css("title::text").get() or "").strip()
    page_url = canonical_url(url)
    thread_url = canonical_url(re.sub(r"-(\d+)-\d+-(\d+)\.html", r"-\1-1-\2.html", url))
    posts: list[Page] = []
    for index, node in enumerate(_nodes(sel, pick["post"])):
        content = _post_text(node, pick["post_content"])
        if not content:
            continue
        post_id = _first_text(node, pick["post_id"]) or f"i{index}"
        floor = _floor(_first_text(node, pick["post_floor"]), index + 1)
        stamp = _first_text(node, pick["post_time"])
        posts.append(
            Page(
                url=f"{url.split('#')[0]}#{post_id}",
                canonical_url=f"{thread_url}#{post_id}",
                source=source.name,
                source_type=source.type,
                title=f"{title} #{floor}" if floor > 1 else title,
                content=content,
                crawled_at=crawled_at,
                published_at=parse_date(stamp, crawl_time=crawled_at) if stamp else None,
                author=_first_text(node, pick["post_author"])[:100] or None,
                thread_url=thread_url,
                floor=floor,
                extra={"kind": "post", "page_url": page_url},
            )
        )
    page_hash = content_hash(title, "\x00".join(p.content_hash for p in posts))
    for post in posts:
        post.extra.update(page_items=len(posts), page_hash=page_hash)
    return posts
