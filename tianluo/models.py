"""The records that flow through the pipeline.

``Page`` is what the crawler extracted from one URL (or one forum post);
``StoredDocument`` is a page plus its analysis, flat, with the field names the
search index and analysts use.  Those names are stable: see docs/fields.md.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tianluo.timeutil import aware

SOURCE_TYPES = ("news", "forum", "p2p")


def doc_id_for(canonical_url: str) -> str:
    """The stable document id: the SHA-1 hex of the canonical URL."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()


def content_hash(title: str, content: str) -> str:
    """A hash of what a reader sees; a changed page gets a new one."""
    return hashlib.sha1(f"{title}\x00{content}".encode()).hexdigest()


@dataclass(slots=True)
class Page:
    """One extracted page: an article, a forum post, a P2P product or announcement."""

    url: str
    canonical_url: str
    source: str
    source_type: str
    title: str
    content: str
    crawled_at: datetime
    published_at: datetime | None = None
    author: str | None = None
    origin: str | None = None
    thread_url: str | None = None
    floor: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return doc_id_for(self.canonical_url)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.content)


EVIDENCE_KINDS = ("term", "rule", "yield")
"""``term``: a keyword hit; ``rule``: a combination rule that fired; ``yield``: a promised
yield above the line."""
_DAMPED = " damped by "


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a document was scored: one matched term, fired rule or promised yield.

    Offsets are into the content, or into the title when ``in_title``.
    """

    term: str
    category: str
    kind: str
    """One of ``EVIDENCE_KINDS``."""
    start: int
    end: int
    snippet: str
    weight: float
    cancelled_by: str | None = None
    """The context that cancelled a term hit (it then weighs nothing)."""
    rule: str | None = None
    """The rule's id for ``rule`` and ``yield`` evidence (``yield_above_line``); None for a term."""
    in_title: bool = False
    damped_by: str | None = None
    """The context (an awareness title, a hedge ...) that lowered a term hit's weight."""

    @property
    def label(self) -> str:
        """The rule's id, or ``title``/``term`` for a keyword hit: its name in lists and models."""
        if self.rule is not None:
            return self.rule
        return "title" if self.in_title else "term"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        """Read a stored evidence dict, also one written before the typed fields.

        Old rows carry the kind in ``rule``: ``term``, ``title``, either with
        `` damped by CONTEXT``, a rule id or ``yield_above_line``.
        """
        values = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "kind" not in values:
            legacy = str(values.pop("rule", "") or "")
            head, _, damped = legacy.partition(_DAMPED)
            if head in ("term", "title"):
                values.update(kind="term", in_title=head == "title", damped_by=damped or None)
            else:
                values.update(kind="yield" if head == "yield_above_line" else "rule", rule=head)
        return cls(**values)


@dataclass(slots=True)
class EnterpriseMention:
    """An enterprise named in a document, with its own risk decision there."""

    name: str
    """The canonical name of the enterprise (docs/enterprises.md says how it is chosen)."""
    mention: str
    """The name as the text wrote it where the enterprise scored highest."""
    on_watchlist: bool
    risk: bool
    score: float
    aliases: list[str] = field(default_factory=list)
    """Every other name of the enterprise: as written in the text (brand, short form) and
    as the watchlist knows it."""
    products: list[str] = field(default_factory=list)
    """Products and schemes the text says the enterprise sells (季季享, 养老床位使用权)."""


@dataclass(slots=True)
class StoredDocument:
    """A document as stored and indexed.  Field names are the index field names."""

    id: str
    url: str
    source: str
    source_type: str
    title: str
    content: str
    crawled_at: datetime
    content_hash: str
    published_at: datetime | None = None
    author: str | None = None
    origin: str | None = None
    thread_url: str | None = None
    floor: int | None = None
    tokens: list[str] = field(default_factory=list)
    risk: bool = False
    risk_score: float = 0.0
    categories: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    enterprises: list[str] = field(default_factory=list)
    risk_enterprises: list[str] = field(default_factory=list)
    enterprise_aliases: list[str] = field(default_factory=list)
    """Every name of every enterprise in ``enterprises``: canonical names and aliases, so a
    filter on any name an enterprise goes by finds the document."""
    mentions: list[EnterpriseMention] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    yields: list[float] = field(default_factory=list)
    yield_max: float | None = None
    yield_flag: bool = False
    awareness: bool = False
    awareness_reason: str = ""
    event_type: str | None = None
    """One label of keywords.event_types (None: stored before event types existed)."""
    cluster_id: str = ""
    simhash: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def enterprise_names(self) -> list[str]:
        """Every name the document gives an enterprise: ``enterprise_aliases``, the canonical
        names and the names as written (for records made without ``enterprise_aliases``)."""
        names = [*self.enterprise_aliases, *self.enterprises]
        for m in self.mentions:
            names += [m.name, m.mention, *m.aliases]
        return list(dict.fromkeys(n for n in names if n))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: datetimes as ISO 8601 strings with offset."""
        data = asdict(self)
        data["crawled_at"] = self.crawled_at.isoformat()
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoredDocument:
        values = dict(data)
        values["crawled_at"] = aware(datetime.fromisoformat(values["crawled_at"]))
        published = values.get("published_at")
        values["published_at"] = aware(datetime.fromisoformat(published)) if published else None
        values["mentions"] = [EnterpriseMention(**m) for m in values.get("mentions") or []]
        values["evidence"] = [Evidence.from_dict(e) for e in values.get("evidence") or []]
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in values.items() if k in known})
