"""The news portal's articles, loaded from demo/data/news*.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from demo.pages import load_data
from tianluo.timeutil import SHANGHAI

CHANNELS = {"finance": "财经", "law": "法治", "roll": "滚动"}


@dataclass(frozen=True)
class Article:
    """One news article as the portal publishes it."""

    id: int
    channel: str
    published: datetime
    date_style: str
    encoding: str
    source: str
    author: str
    topic: str
    enterprises: tuple[str, ...]
    title: str
    body: tuple[str, ...]
    special: str | None = None
    reprint: bool = False
    genre: str | None = None

    @property
    def path(self) -> str:
        """The article URL path, CMS style: /news/<channel>/<yyyymm>/t<yyyymmdd>_<id>.html."""
        return article_path(self.channel, self.published, self.id)


@dataclass(frozen=True)
class NewsSite:
    """Everything the portal's pages are built from."""

    name: str
    icp: str
    articles: tuple[Article, ...]
    hot: tuple[int, ...]
    missing: Article
    reprint_title: str


def article_path(channel: str, published: datetime, article_id: int) -> str:
    """Build an article path from its channel, date and id."""
    return f"/news/{channel}/{published:%Y%m}/t{published:%Y%m%d}_{article_id}.html"


def parse_time(text: str) -> datetime:
    """Parse the data files' "YYYY-MM-DD HH:MM" into an aware Shanghai time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


def reprint_body(copy_id: str, data: dict[str, Any]) -> tuple[str, ...]:
    """Apply one copy's small edits to the original story's paragraphs."""
    copy = data["copies"][copy_id]
    paras = list(data["paragraphs"])
    for old, new in copy.get("edits", []):
        hits = [i for i, p in enumerate(paras) if old in p]
        if not hits:
            raise ValueError(f"news_reprint.yaml: copy {copy_id}: edit {old!r} matches nothing")
        paras[hits[0]] = paras[hits[0]].replace(old, new, 1)
    if copy.get("prepend"):
        paras[0] = copy["prepend"] + paras[0]
    return (*paras, *copy.get("append", []))


def _article(raw: dict[str, Any], reprint: dict[str, Any]) -> Article:
    body = reprint_body(str(raw["id"]), reprint) if raw.get("reprint") else raw["body"]
    return Article(
        id=int(raw["id"]),
        channel=raw["channel"],
        published=parse_time(raw["date"]),
        date_style=raw["date_style"],
        encoding=raw["encoding"],
        source=raw["source"],
        author=raw["author"],
        topic=raw["topic"],
        enterprises=tuple(raw["enterprises"]),
        title=raw["title"],
        body=tuple(body),
        special=raw.get("special"),
        reprint=bool(raw.get("reprint")),
        genre=raw.get("genre"),
    )


@cache
def news_site() -> NewsSite:
    """Load and check the portal's data (cached: the files do not change at run time)."""
    data = load_data("news.yaml")
    reprint = load_data("news_reprint.yaml")
    site = data["site"]
    articles = tuple(_article(raw, reprint) for raw in data["articles"])
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError("news.yaml: article ids must be unique")
    missing = site["missing"]
    gone = Article(
        id=int(missing["id"]),
        channel="finance",
        published=parse_time(missing["date"]),
        date_style="cn",
        encoding="utf-8",
        source=site["name"],
        author="",
        topic="ordinary",
        enterprises=(),
        title=missing["title"],
        body=(),
    )
    original = next(a for a in articles if a.reprint)
    return NewsSite(site["name"], site["icp"], articles, tuple(site["hot"]), gone, original.title)


def by_id(article_id: int) -> Article:
    """Return the article with this id."""
    for article in news_site().articles:
        if article.id == article_id:
            return article
    raise KeyError(f"news.yaml has no article {article_id}")
