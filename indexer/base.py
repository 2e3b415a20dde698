"""The storage interface shared by the SQLite, Elasticsearch and OpenSearch backends.

Every time window is half-open ``[since, until)`` on ``crawled_at`` unless a
method says otherwise: a document that arrives late is judged by when we saw
it, so no alert or brief misses it.  Aggregations run in the store; callers
never loop over documents to count them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, get_args

from keywords.enterprise_score import DEFAULT_PARAMS, IndexParams, RiskInputs
from tianluo.models import StoredDocument

AggField = Literal[
    "enterprise",
    "risk_enterprise",
    "enterprise_alias",
    "term",
    "category",
    "source",
    "cluster",
    "event_type",
]
AGG_FIELDS: tuple[str, ...] = get_args(AggField)
"""The values of ``AggField``, for checks at run time."""


def unknown_agg_field(agg: object) -> str:
    """What every store says of an aggregation field that is none of ``AGG_FIELDS``."""
    return f"未知的聚合字段 {agg!r}（可用：{'、'.join(AGG_FIELDS)}）"


@dataclass(slots=True)
class UpsertResult:
    """What one write did: ids created, updated, unchanged (same content hash) and failed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def merge(self, other: UpsertResult) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed.extend(other.failed)


@dataclass(slots=True)
class Summary:
    """Headline figures for one window."""

    documents: int
    risk_documents: int
    enterprises: int
    risk_enterprises: int
    sources: int


@dataclass(slots=True)
class EnterpriseScore:
    """One enterprise over a window: its risk index and what it rests on.

    ``score`` is the enterprise risk index 0-100 of keywords.enterprise_score, ``level``
    its level (red, orange, yellow, none), ``inputs`` the aggregated figures it is
    computed from and ``components`` each component in [0, 1].
    """

    name: str
    score: float
    documents: int
    risk_documents: int
    sources: int
    stories: int
    on_watchlist: bool
    categories: dict[str, int] = field(default_factory=dict)
    max_yield: float | None = None
    level: str = "none"
    inputs: RiskInputs = field(default_factory=RiskInputs)
    components: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class CrawlRun:
    """Statistics of one crawl of one source: what source health is built from."""

    source: str
    started_at: datetime
    finished_at: datetime
    pages: int = 0
    items: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    last_success: datetime | None = None
    status: str = "ok"


@dataclass(slots=True)
class AlertRecord:
    """One alert as sent (or attempted) to one channel."""

    id: str
    rule: str
    key: str
    severity: str
    channel: str
    title: str
    body: str
    created_at: datetime
    status: str
    sent_at: datetime | None = None
    attempts: int = 0
    error: str | None = None
    documents: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


class Store(ABC):
    """What the pipeline, alerts and reports may ask of storage."""

    backend: str = "abstract"
    index_params: IndexParams = DEFAULT_PARAMS
    """The enterprise risk index's yield line and level thresholds (keywords.enterprise_score)."""

    # -- lifecycle -------------------------------------------------------
    @abstractmethod
    def init(self) -> None:
        """Create tables, templates and aliases if missing; safe to call every run."""

    @abstractmethod
    def ping(self) -> None:
        """Raise StoreError naming the backend and the fix when the store is unreachable."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    # -- documents -------------------------------------------------------
    @abstractmethod
    def upsert(self, docs: Sequence[StoredDocument]) -> UpsertResult:
        """Store documents by id: a new id is created, a changed content hash updates,
        an identical one is left alone."""

    @abstractmethod
    def get(self, doc_id: str) -> StoredDocument | None:
        """One document by id."""

    @abstractmethod
    def content_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        """Stored content hashes for the ids that exist."""

    @abstractmethod
    def count(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        risk: bool | None = None,
    ) -> int:
        """Number of documents in a window (risk=True: only risk hits)."""

    @abstractmethod
    def documents(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        enterprise: str | None = None,
        category: str | None = None,
        source: str | None = None,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
        limit: int = 50,
    ) -> list[StoredDocument]:
        """Documents in a window, highest risk score first, then newest.

        ``enterprise``: only documents naming it by its canonical name or any alias.
        ``event_types``: only documents whose event type is one of these (all when empty).
        """

    @abstractmethod
    def search(
        self,
        text: str,
        *,
        enterprise: str | None = None,
        since: datetime | None = None,
        event_types: Sequence[str] = (),
        limit: int = 20,
    ) -> list[StoredDocument]:
        """Chinese phrase search over title and content, best match first.

        ``enterprise``: only documents naming it by its canonical name or any alias.
        """

    # -- aggregations ----------------------------------------------------
    @abstractmethod
    def summary(self, *, since: datetime, until: datetime) -> Summary:
        """Headline figures for a window."""

    @abstractmethod
    def count_by(
        self,
        agg: AggField,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
        limit: int = 100,
    ) -> dict[str, int]:
        """Documents per value of a field (enterprise, term, category, source ...).

        ``event_types``: count only documents of these event types (all when empty).
        """

    @abstractmethod
    def first_seen(
        self,
        agg: AggField,
        *,
        since: datetime,
        until: datetime,
        category: str | None = None,
        event_types: Sequence[str] = (),
    ) -> dict[str, datetime]:
        """Values whose first document ever (optionally in one category) falls in the window.

        ``event_types``: only documents of these event types count, so a value is new when
        its first document of one of them is (all documents when empty).
        """

    @abstractmethod
    def daily_counts(
        self,
        agg: AggField,
        keys: Sequence[str],
        *,
        since: datetime,
        until: datetime,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
    ) -> dict[str, dict[date, int]]:
        """Per key, documents per Shanghai calendar day (``event_types`` as in count_by)."""

    @abstractmethod
    def enterprise_scores(
        self,
        *,
        since: datetime,
        until: datetime,
        limit: int = 20,
        names: Sequence[str] = (),
        event_types: Sequence[str] = (),
    ) -> list[EnterpriseScore]:
        """Enterprises ranked by risk over the window (or just ``names``).

        ``event_types``: the index rests only on documents of these event types (all when
        empty).
        """

    @abstractmethod
    def cluster_reach(self, cluster_ids: Sequence[str]) -> dict[str, int]:
        """For each reprint cluster, the number of distinct sources that carried it."""

    # -- crawl health and alert history ------------------------------------
    @abstractmethod
    def record_crawl_run(self, run: CrawlRun) -> None:
        """Keep one crawl's statistics."""

    @abstractmethod
    def crawl_runs(self, *, since: datetime | None = None) -> list[CrawlRun]:
        """Crawl statistics, newest first."""

    @abstractmethod
    def record_alert(self, alert: AlertRecord) -> None:
        """Insert or update an alert (by id) in the history."""

    @abstractmethod
    def alert_history(self, *, rule: str | None = None, limit: int = 50) -> list[AlertRecord]:
        """Alerts, newest first."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
