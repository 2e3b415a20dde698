"""The forum's boards, threads and posts, loaded from demo/data/forum.yaml."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from demo.news_data import news_site, reprint_body
from demo.pages import load_data
from tianluo.timeutil import SHANGHAI


@dataclass(frozen=True)
class Post:
    """One post (floor) of a thread."""

    pid: int
    floor: int
    author: str
    posted: datetime
    text: str
    relative: str | None = None
    quote: tuple[str, datetime, str] | None = None
    reprint: tuple[str, ...] = ()
    risk: bool = False
    """The post on its own reports a risk fact (a risk hit whatever the thread's topic)."""

    @property
    def uid(self) -> int:
        """A stable user id derived from the author name."""
        return 100000 + zlib.crc32(self.author.encode("utf-8")) % 900000


@dataclass(frozen=True)
class Thread:
    """One thread with its posts in floor order."""

    tid: int
    fid: int
    title: str
    views: int
    topic: str
    enterprises: tuple[str, ...]
    posts: tuple[Post, ...]
    reprint: bool = False
    genre: str | None = None

    def page_path(self, page: int) -> str:
        """Discuz rewritten URL of thread page ``page``: /forum/thread-<tid>-<page>-1.html."""
        return f"/forum/thread-{self.tid}-{page}-1.html"


@dataclass(frozen=True)
class Board:
    """One board (forum in Discuz terms)."""

    fid: int
    name: str
    description: str

    def page_path(self, page: int) -> str:
        """Discuz rewritten URL of board page ``page``: /forum/forum-<fid>-<page>.html."""
        return f"/forum/forum-{self.fid}-{page}.html"


@dataclass(frozen=True)
class ForumSite:
    """Everything the forum's pages are built from."""

    name: str
    icp: str
    per_page: int
    threads_per_page: int
    boards: tuple[Board, ...]
    threads: tuple[Thread, ...]
    reprint_title: str
    reprint_source: str


def post_time(text: str) -> datetime:
    """Parse Discuz's "Y-M-D H:M" (no zero padding) into an aware Shanghai time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=SHANGHAI)


def discuz_time(value: datetime) -> str:
    """Format a time the way Discuz shows it: 2024-3-5 09:30."""
    return f"{value.year}-{value.month}-{value.day} {value:%H:%M}"


def _thread(raw: dict[str, Any], reprint: tuple[str, ...]) -> Thread:
    posts = []
    for n, p in enumerate(raw["posts"], start=1):
        quote = p.get("quote")
        posts.append(
            Post(
                pid=raw["tid"] * 100 + n,
                floor=n,
                author=p["u"],
                posted=post_time(p["t"]),
                text=p["c"],
                relative=p.get("rel"),
                quote=(quote["u"], post_time(quote["t"]), quote["c"]) if quote else None,
                reprint=reprint if p.get("reprint") else (),
                risk=bool(p.get("risk")),
            )
        )
    return Thread(
        tid=raw["tid"],
        fid=raw["fid"],
        title=raw["title"],
        views=raw["views"],
        topic=raw["topic"],
        enterprises=tuple(raw["enterprises"]),
        posts=tuple(posts),
        reprint=bool(raw.get("reprint")),
        genre=raw.get("genre"),
    )


@cache
def forum_site() -> ForumSite:
    """Load and check the forum's data (cached: the files do not change at run time)."""
    data = load_data("forum.yaml")
    reprint = reprint_body("forum", load_data("news_reprint.yaml"))
    site = data["site"]
    boards = tuple(Board(b["fid"], b["name"], b["description"]) for b in data["boards"])
    threads = tuple(_thread(raw, reprint) for raw in data["threads"])
    fids = {b.fid for b in boards}
    for thread in threads:
        if thread.fid not in fids:
            raise ValueError(f"forum.yaml: thread {thread.tid}: unknown board fid {thread.fid}")
    original = next(a for a in news_site().articles if a.reprint)
    return ForumSite(
        name=site["name"],
        icp=site["icp"],
        per_page=site["per_page"],
        threads_per_page=site["threads_per_page"],
        boards=boards,
        threads=threads,
        reprint_title=original.title,
        reprint_source=original.source,
    )
