"""What the demo server serves: one ``Resource`` per URL, plus encoding helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import yaml

from tianluo.timeutil import SHANGHAI

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_MODIFIED = datetime(2024, 4, 30, 12, 0, tzinfo=SHANGHAI)

# encoding name used in the data files -> (Python codec, <meta> declaration, header charset)
ENCODINGS: dict[str, tuple[str, str, str | None]] = {
    "utf-8": ("utf-8", '<meta charset="utf-8">', "utf-8"),
    "gbk": ("gbk", '<meta charset="gbk">', "gbk"),
    "gb2312-meta": (
        "gb2312",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        None,
    ),
}


@dataclass(frozen=True)
class Item:
    """What a content page is about: the ground truth behind one URL."""

    title: str
    topic: str
    enterprises: tuple[str, ...]
    published: datetime | None = None
    encoding: str = "utf-8"
    special: str | None = None
    source: str | None = None
    author: str | None = None
    date_style: str | None = None
    genre: str | None = None
    """What kind of piece a decoy or ordinary page is: awareness (防范宣传, 揭秘, 以案说法),
    rebuttal (辟谣) or market_rate (存款利率, 大额存单); None for the others."""


@dataclass(frozen=True)
class Resource:
    """One response: status, headers and body bytes for a path (with its query)."""

    path: str
    site: str
    kind: str
    body: bytes
    content_type: str
    last_modified: datetime = DEFAULT_MODIFIED
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    item: Item | None = field(default=None, compare=False)


def load_data(name: str) -> dict[str, Any]:
    """Load one YAML file from demo/data/, naming the file on a bad shape."""
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def html_resource(
    path: str,
    site: str,
    kind: str,
    text: str,
    *,
    encoding: str = "utf-8",
    last_modified: datetime = DEFAULT_MODIFIED,
    item: Item | None = None,
) -> Resource:
    """Encode an HTML page (strictly: a character the codec lacks is a bug) into a Resource."""
    codec, _meta, charset = ENCODINGS[encoding]
    try:
        body = text.encode(codec)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        raise ValueError(f"{path}: {bad!r} cannot be encoded as {codec}") from exc
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    return Resource(path, site, kind, body, content_type, last_modified, item=item)


def text_resource(path: str, site: str, kind: str, text: str, content_type: str) -> Resource:
    """A UTF-8 non-HTML resource (XML feed, robots.txt)."""
    return Resource(path, site, kind, text.encode("utf-8"), f"{content_type}; charset=utf-8")


def meta_tag(encoding: str) -> str:
    """The charset declaration a page in ``encoding`` carries in its <head>."""
    return ENCODINGS[encoding][1]


def paragraphs(texts: tuple[str, ...] | list[str], indent: str = "") -> str:
    """Render texts as escaped <p> elements, one per line."""
    return "\n".join(f"{indent}<p>{escape(t)}</p>" for t in texts)
