"""Ground truth for the demo sites: what is planted where, for tests and ``tianluo demo``.

Paths are server-relative (``/news/...``); join them to ``DemoSites.base_url``.
Everything here is derived from the same data files the pages are built from,
never by scanning the rendered text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from demo.content import build_content
from demo.enterprises import Enterprise, by_role
from demo.forum_data import discuz_time, forum_site
from demo.news_data import news_site
from demo.roll import roll_list_pages

RISK_TYPES = (
    "高息揽储",
    "承诺保本保息",
    "提现困难",
    "逾期兑付",
    "老板失联跑路",
    "人去楼空",
    "清盘退出",
    "立案侦查",
    "拉人头返利",
)
"""Vocabulary of ``Enterprise.risks`` (the risk stories planted for each risky enterprise)."""
GENRES = ("awareness", "rebuttal", "market_rate")
"""Kinds of decoy and ordinary pages: awareness and education pieces (防范宣传, 揭秘, 以案说法,
劝阻), rebuttals (辟谣) and market-rate news (存款利率, 大额存单).  None of them is a risk hit;
awareness pieces and rebuttals are never part of an alert."""


@dataclass(frozen=True)
class PageTruth:
    """What one content page (article, thread page, product, announcement) is about.

    ``topic`` is "risk", "decoy" (awareness, rebuttal) or "ordinary"; for a thread it is
    the thread's topic, repeated on each page.  ``published`` is the article time, the
    first post on a thread page, or None for undated P2P pages.  ``date_style`` (news
    only) says how the page shows it: cn, iso, slash (date only), meta (year only in
    <meta property="article:published_time">) or jsonld (only in JSON-LD).
    """

    path: str
    site: str
    kind: str
    title: str
    topic: str
    enterprises: tuple[str, ...]
    published: datetime | None
    encoding: str
    special: str | None
    source: str | None
    author: str | None
    date_style: str | None
    genre: str | None = None
    """awareness, rebuttal or market_rate (see ``GENRES``), None for the others."""


@dataclass(frozen=True)
class PostTruth:
    """One forum post (a crawler may emit one document per post)."""

    path: str
    thread_path: str
    tid: int
    pid: int
    floor: int
    author: str
    posted: datetime
    posted_text: str
    risk: bool = False
    """The post on its own reports a risk fact: the analyzer must call it a risk hit."""


@dataclass(frozen=True)
class ReprintTruth:
    """The reprinted story: the original article and its near-identical copies."""

    title: str
    original: str
    reprints: tuple[str, ...]
    forum: str
    outlets: tuple[str, ...]

    @property
    def paths(self) -> tuple[str, ...]:
        """Every page carrying the story, original first."""
        return (self.original, *self.reprints, self.forum)


@dataclass(frozen=True)
class Truth:
    """Everything the demo plants, in one object."""

    risky: tuple[Enterprise, ...]
    decoys: tuple[Enterprise, ...]
    ordinary: tuple[Enterprise, ...]
    others: tuple[Enterprise, ...]
    pages: dict[str, PageTruth]
    posts: tuple[PostTruth, ...]
    reprint: ReprintTruth
    page_counts: dict[str, int]
    hot_sidebar: tuple[str, ...]
    malformed_page: str
    empty_page: str
    not_found: str
    robots_disallowed: str

    @property
    def not_on_watchlist(self) -> tuple[Enterprise, ...]:
        """Planted risky enterprises the demo watchlist leaves out (suggested additions)."""
        return tuple(e for e in self.risky if not e.on_watchlist)

    @property
    def encodings(self) -> dict[str, tuple[str, ...]]:
        """Content page paths by encoding: "utf-8", "gbk", "gb2312-meta"."""
        out: dict[str, list[str]] = {}
        for page in self.pages.values():
            out.setdefault(page.encoding, []).append(page.path)
        return {k: tuple(v) for k, v in out.items()}

    def pages_about(self, name: str) -> tuple[str, ...]:
        """Paths of content pages whose subject is the enterprise ``name`` (canonical)."""
        return tuple(p.path for p in self.pages.values() if name in p.enterprises)

    def pages_with_topic(self, topic: str) -> tuple[str, ...]:
        """Paths of content pages with topic "risk", "decoy" or "ordinary"."""
        return tuple(p.path for p in self.pages.values() if p.topic == topic)

    def pages_with_genre(self, *genres: str) -> tuple[str, ...]:
        """Paths of content pages of the given genres (see ``GENRES``)."""
        return tuple(p.path for p in self.pages.values() if p.genre in genres)

    def first_seen(self, name: str) -> datetime:
        """When the earliest page about ``name`` was published (the earliest possible alert)."""
        dates = [p.published for p in self.pages.values() if name in p.enterprises and p.published]
        if not dates:
            raise KeyError(f"no demo page is about {name!r}")
        return min(dates)

    def total_pages(self, extra_pages: int = 0) -> dict[str, int]:
        """HTML pages served with status 200 per site, with ``extra_pages`` generated ones."""
        counts = dict(self.page_counts)
        if extra_pages > 0:
            counts["news"] += extra_pages + roll_list_pages(extra_pages)
        return counts


def _posts() -> tuple[PostTruth, ...]:
    site = forum_site()
    out = []
    for thread in site.threads:
        for post in thread.posts:
            page = (post.floor - 1) // site.per_page + 1
            out.append(
                PostTruth(
                    path=thread.page_path(page),
                    thread_path=thread.page_path(1),
                    tid=thread.tid,
                    pid=post.pid,
                    floor=post.floor,
                    author=post.author,
                    posted=post.posted,
                    posted_text=f"发表于 {discuz_time(post.posted)}",
                    risk=post.risk,
                )
            )
    return tuple(out)


def _reprint(pages: dict[str, PageTruth]) -> ReprintTruth:
    news = [a for a in news_site().articles if a.reprint]
    news.sort(key=lambda a: a.published)
    thread = next(t for t in forum_site().threads if t.reprint)
    return ReprintTruth(
        title=news[0].title,
        original=news[0].path,
        reprints=tuple(a.path for a in news[1:]),
        forum=thread.page_path(1),
        outlets=tuple(a.source for a in news),
    )


@cache
def get_truth() -> Truth:
    """Build the ground truth (cached; about 0.1 s the first time)."""
    content = build_content()
    pages = {
        r.path: PageTruth(
            path=r.path,
            site=r.site,
            kind=r.kind,
            title=r.item.title,
            topic=r.item.topic,
            enterprises=r.item.enterprises,
            published=r.item.published,
            encoding=r.item.encoding,
            special=r.item.special,
            source=r.item.source,
            author=r.item.author,
            date_style=r.item.date_style,
            genre=r.item.genre,
        )
        for r in content.routes.values()
        if r.item is not None
    }
    site = news_site()
    by_id = {a.id: a for a in site.articles}
    special = {a.special: a.path for a in site.articles if a.special}
    counts = content.counts()
    return Truth(
        risky=by_role("risky"),
        decoys=by_role("decoy"),
        ordinary=by_role("ordinary"),
        others=by_role("other"),
        pages=pages,
        posts=_posts(),
        reprint=_reprint(pages),
        page_counts={k: counts[k] for k in ("news", "forum", "p2p")},
        hot_sidebar=tuple(by_id[i].path for i in site.hot),
        malformed_page=special["malformed"],
        empty_page=special["empty"],
        not_found=site.missing.path,
        robots_disallowed="/private/admin.html",
    )
