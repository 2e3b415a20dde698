"""The values alerts pass around: a rule's matches, an alert, and a rendered message."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tianluo import labels
from tianluo.models import StoredDocument

SEVERITIES = ("info", "warning", "high", "critical")
SEVERITY_LABELS = labels.SEVERITIES


@dataclass(slots=True)
class DocRef:
    """A document cited by an alert: enough to show and link it."""

    id: str
    title: str
    url: str
    source: str
    crawled_at: datetime
    risk_score: float = 0.0
    event_type: str | None = None

    @classmethod
    def of(cls, doc: StoredDocument) -> DocRef:
        return cls(
            doc.id,
            doc.title,
            doc.url,
            doc.source,
            doc.crawled_at,
            doc.risk_score,
            doc.event_type,
        )


@dataclass(slots=True)
class Match:
    """One thing a rule found: a key (enterprise, term, source ...) and why it fired."""

    key: str
    headline: str
    value: float | None = None
    enterprise: str | None = None
    documents: list[DocRef] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Alert:
    """The matches of one rule in one run, sent as one message per channel."""

    id: str
    rule: str
    title: str
    description: str
    severity: str
    created_at: datetime
    matches: list[Match]
    more: int = 0

    @property
    def keys(self) -> list[str]:
        return [m.key for m in self.matches]

    @property
    def document_ids(self) -> list[str]:
        return list(dict.fromkeys(d.id for m in self.matches for d in m.documents))


@dataclass(slots=True)
class Message:
    """An alert rendered for delivery: a subject and the bodies each channel kind needs."""

    alert_id: str
    title: str
    markdown: str
    text: str
    html: str
    data: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Message:
        return cls(**data)
