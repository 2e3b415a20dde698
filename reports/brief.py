"""Assemble the daily brief: a handful of store aggregations into one plain dataclass.

Nothing here loops over stored documents: the store counts, ranks and buckets; only
the few documents shown under each top enterprise are fetched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from indexer.base import CrawlRun, EnterpriseScore, Store, Summary
from indexer.identity import first_seen_enterprises, merge_scores
from reports.documents import riskiest
from reports.suggestions import Suggestion, suggest
from tianluo.models import StoredDocument
from tianluo.timeutil import SHANGHAI, day_bounds, now

TREND_DAYS = 14
SUGGESTION_DAYS = 7
SUGGESTION_DOCUMENTS = 3
"""Documents shown under each watchlist suggestion."""
HEALTH_LOOKBACK_DAYS = 7
MERGE_SCAN = 3
"""Rows read per shown enterprise, so that names merged into one still fill the list."""


@dataclass(slots=True)
class Figure:
    """One headline number for the day against the day before."""

    key: str
    label: str
    value: int
    previous: int

    @property
    def change(self) -> int:
        return self.value - self.previous


@dataclass(slots=True)
class Shown:
    """A document shown in the brief, with the number of sites that carried its story."""

    doc: StoredDocument
    reach: int


@dataclass(slots=True)
class TopEnterprise:
    """A ranked enterprise: today's score, yesterday's, its trend and its documents."""

    score: EnterpriseScore
    previous_score: float | None
    trend: list[int]
    documents: list[Shown] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.previous_score is None:
            return None
        return round(self.score.score - self.previous_score, 2)


@dataclass(slots=True)
class Signal:
    """An enterprise seen for the first time, or its first distress/enforcement signal."""

    name: str
    at: datetime
    category: str = ""


@dataclass(slots=True)
class SilentSource:
    """A source without a successful crawl for too long."""

    source: str
    last_success: datetime | None
    hours: float | None


@dataclass(slots=True)
class SourceHealth:
    """Crawl health for the day: runs, failures, silent sources and errors by reason."""

    runs: int
    sources: int
    failed: list[CrawlRun]
    silent: list[SilentSource]
    errors: list[tuple[str, int]]
    silent_hours: int


@dataclass(slots=True)
class Brief:
    """Everything the daily brief shows, for one Shanghai calendar day."""

    day: date
    since: datetime
    until: datetime
    generated_at: datetime
    partial: bool
    figures: list[Figure]
    top: list[TopEnterprise]
    trend_days: list[date]
    new_enterprises: list[Signal]
    first_signals: list[Signal]
    categories: list[tuple[str, int]]
    event_types: list[tuple[str, int]]
    """Documents of the day per event type, most first (types with none are left out)."""
    suggestions: list[Suggestion]
    """Unwatched enterprises with risk hits in the last SUGGESTION_DAYS, riskiest first."""
    health: SourceHealth


def _figures(today: Summary, before: Summary) -> list[Figure]:
    return [
        Figure("documents", "采集文档", today.documents, before.documents),
        Figure("risk_documents", "风险文档", today.risk_documents, before.risk_documents),
        Figure("risk_enterprises", "风险企业", today.risk_enterprises, before.risk_enterprises),
        Figure("sources", "信息来源", today.sources, before.sources),
    ]


def _health(
    store: Store, since: datetime, until: datetime, reference: datetime, silent_hours: int
) -> SourceHealth:
    runs = store.crawl_runs(since=since - timedelta(days=HEALTH_LOOKBACK_DAYS))
    runs = [r for r in runs if r.started_at < until]
    today = [r for r in runs if r.started_at >= since]
    last_ok: dict[str, datetime | None] = {}
    for run in runs:
        ok = run.last_success or (run.finished_at if run.status == "ok" else None)
        known = last_ok.get(run.source)
        if run.source not in last_ok or (ok is not None and (known is None or ok > known)):
            last_ok[run.source] = ok
    limit = timedelta(hours=silent_hours)
    silent = [
        SilentSource(
            source,
            ok,
            None if ok is None else round((reference - ok).total_seconds() / 3600, 1),
        )
        for source, ok in sorted(last_ok.items())
        if ok is None or reference - ok > limit
    ]
    errors: Counter[str] = Counter()
    for run in today:
        errors.update(run.errors)
    return SourceHealth(
        runs=len(today),
        sources=len({r.source for r in today}),
        failed=[r for r in today if r.status != "ok"],
        silent=silent,
        errors=errors.most_common(),
        silent_hours=silent_hours,
    )


def _top(
    store: Store,
    since: datetime,
    until: datetime,
    before: tuple[datetime, datetime],
    *,
    limit: int,
    per_enterprise: int,
    trend_start: datetime,
    trend_days: list[date],
) -> list[TopEnterprise]:
    # one row per enterprise: names stored apart (蜀汇鼎丰, 蜀汇鼎丰投资咨询公司) are merged
    ranked = store.enterprise_scores(since=since, until=until, limit=limit * MERGE_SCAN)
    index = store.index_params
    merged, members = merge_scores([s for s in ranked if s.score], until=until, params=index)
    scores = merged[:limit]
    names = [n for s in scores for n in members[s.name]]
    previous: dict[str, float] = {}
    if names:
        before_rows = store.enterprise_scores(
            since=before[0], until=before[1], limit=len(names), names=names
        )
        joined, _before = merge_scores(before_rows, until=before[1], params=index)
        previous = {row.name: row.score for row in joined}
    daily = store.daily_counts("risk_enterprise", names, since=trend_start, until=until)
    top = [
        TopEnterprise(
            score=s,
            previous_score=previous.get(s.name),
            trend=[sum(daily.get(n, {}).get(d, 0) for n in members[s.name]) for d in trend_days],
        )
        for s in scores
    ]
    if per_enterprise:
        for item in top:
            docs = riskiest(
                store, members[item.score.name], since=since, until=until, limit=per_enterprise
            )
            item.documents = [Shown(d, 1) for d in docs]
        reach = store.cluster_reach([s.doc.cluster_id for t in top for s in t.documents])
        for item in top:
            for shown in item.documents:
                shown.reach = max(reach.get(shown.doc.cluster_id, 1), 1)
    return top


def build_brief(
    store: Store,
    day: date | None = None,
    *,
    top: int = 10,
    documents_per_enterprise: int = 3,
    distress: Sequence[str] = ("distress",),
    enforcement: Sequence[str] = ("enforcement",),
    silent_hours: int = 24,
    clock: datetime | None = None,
) -> Brief:
    """Ask the store for everything the brief of ``day`` (default: today) shows."""
    current = (clock or now()).astimezone(SHANGHAI)
    day = day or current.date()
    since, until = day_bounds(day)
    partial = since <= current < until
    if partial:
        until = current  # the day so far, compared with the same hours of the day before
    before = (since - timedelta(days=1), until - timedelta(days=1))
    figures = _figures(
        store.summary(since=since, until=until), store.summary(since=before[0], until=before[1])
    )
    trend_days = [day - timedelta(days=TREND_DAYS - 1 - i) for i in range(TREND_DAYS)]
    ranked = _top(
        store,
        since,
        until,
        before,
        limit=top,
        per_enterprise=documents_per_enterprise,
        trend_start=day_bounds(trend_days[0])[0],
        trend_days=trend_days,
    )
    # enterprises whose first risk hit ever falls on this day (new names alone are not news)
    new = first_seen_enterprises(store, "risk_enterprise", since=since, until=until)
    signals = [
        Signal(name, at, category)
        for category in (*distress, *enforcement)
        for name, at in first_seen_enterprises(
            store, "risk_enterprise", since=since, until=until, category=category
        ).items()
    ]
    suggestions = suggest(
        store,
        since=until - timedelta(days=SUGGESTION_DAYS),
        until=until,
        top=top,
        per_enterprise=SUGGESTION_DOCUMENTS,
    )
    return Brief(
        day=day,
        since=since,
        until=until,
        generated_at=current,
        partial=partial,
        figures=figures,
        top=ranked,
        trend_days=trend_days,
        new_enterprises=[Signal(n, at) for n, at in sorted(new.items(), key=lambda kv: kv[1])],
        first_signals=sorted(signals, key=lambda s: s.at),
        categories=list(store.count_by("category", since=since, until=until, limit=20).items()),
        event_types=list(store.count_by("event_type", since=since, until=until, limit=50).items()),
        suggestions=suggestions,
        health=_health(store, since, until, min(current, until), silent_hours),
    )
