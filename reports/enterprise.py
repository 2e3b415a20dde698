"""Assemble an enterprise report: one enterprise, or the whole watchlist, over a period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from indexer.base import EnterpriseScore, Store
from indexer.identity import merge_scores
from reports.brief import Shown
from reports.documents import riskiest
from tianluo.timeutil import SHANGHAI, day_bounds, now

WATCHLIST_SCAN = 1000  # enterprises ranked when collecting the watchlist from the store


@dataclass(slots=True)
class EnterpriseReport:
    """What an enterprise report shows: timeline, categories, sources, yields, evidence."""

    title: str
    names: list[str]
    watchlist: bool
    since: datetime
    until: datetime
    generated_at: datetime
    days: list[date]
    scores: list[EnterpriseScore]
    timeline: list[int]
    risk_timeline: list[int]
    per_name: dict[str, list[int]]
    categories: list[tuple[str, int]]
    sources: list[tuple[str, int]]
    yields: list[Shown]
    evidence: list[Shown]
    aliases: list[str] = field(default_factory=list)
    """Other names of the enterprise (one-enterprise reports): brands, short forms."""
    products: list[str] = field(default_factory=list)
    """Products and schemes its documents say it sells."""

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.scores)

    @property
    def risk_documents(self) -> int:
        return sum(s.risk_documents for s in self.scores)

    @property
    def max_yield(self) -> float | None:
        found = [s.max_yield for s in self.scores if s.max_yield is not None]
        return max(found) if found else None


def watchlist_names(store: Store, since: datetime, until: datetime) -> list[str]:
    """Watchlist enterprises mentioned in the window, riskiest first."""
    ranked = store.enterprise_scores(since=since, until=until, limit=WATCHLIST_SCAN)
    return [s.name for s in ranked if s.on_watchlist]


def _evidence(
    store: Store, names: Sequence[str], since: datetime, until: datetime, limit: int
) -> list[Shown]:
    per_name = max(limit // max(len(names), 1), 5)
    docs = riskiest(
        store, names, since=since, until=until, limit=limit, per_name=per_name, risk=None
    )
    shown = [Shown(doc, 1) for doc in docs]
    reach = store.cluster_reach([s.doc.cluster_id for s in shown])
    for item in shown:
        item.reach = max(reach.get(item.doc.cluster_id, 1), 1)
    return shown


def build_enterprise_report(
    store: Store,
    names: Sequence[str] | None,
    *,
    days: int = 30,
    until: datetime | None = None,
    evidence_limit: int = 50,
    aliases: Sequence[str] = (),
) -> EnterpriseReport:
    """The report for ``names`` (None: every watchlist enterprise) over the last ``days`` days."""
    current = (until or now()).astimezone(SHANGHAI)
    first_day = current.date() - timedelta(days=days - 1)
    since = day_bounds(first_day)[0]
    watchlist = names is None
    chosen = watchlist_names(store, since, current) if names is None else list(names)
    day_list = [first_day + timedelta(days=i) for i in range(days)]
    scores = (
        store.enterprise_scores(since=since, until=current, limit=len(chosen), names=chosen)
        if chosen
        else []
    )
    counts = store.daily_counts("enterprise", chosen, since=since, until=current)
    risky = store.daily_counts("risk_enterprise", chosen, since=since, until=current)
    stored_rows = {n: [counts.get(n, {}).get(d, 0) for d in day_list] for n in chosen}
    # one row per enterprise under its canonical name
    scores, members = merge_scores(scores, until=current, params=store.index_params)
    per_name = {
        key: [sum(stored_rows[n][i] for n in names if n in stored_rows) for i in range(days)]
        for key, names in members.items()
    }
    for name in chosen:
        if not any(name in names for names in members.values()):
            per_name[name] = stored_rows[name]
    categories: Counter[str] = Counter()
    for score in scores:
        categories.update(score.categories)
    evidence = _evidence(store, chosen, since, current, evidence_limit)
    sources = Counter(s.doc.source for s in evidence)
    yields = sorted(
        (s for s in evidence if s.doc.yield_max is not None),
        key=lambda s: -(s.doc.yield_max or 0.0),
    )
    if watchlist:
        title = "重点关注企业报告"
    elif aliases:  # one enterprise: its canonical name (the other names are listed below)
        title = chosen[0]
    else:
        title = "、".join(chosen[:3]) + (" 等" if len(chosen) > 3 else "")
    return EnterpriseReport(
        title=title,
        names=list(per_name),
        watchlist=watchlist,
        since=since,
        until=current,
        generated_at=now(),
        days=day_list,
        scores=scores,
        timeline=[sum(stored_rows[n][i] for n in chosen) for i in range(days)],
        risk_timeline=[sum(risky.get(n, {}).get(d, 0) for n in chosen) for d in day_list],
        per_name=per_name,
        categories=categories.most_common(),
        sources=sources.most_common(),
        yields=yields[:20],
        evidence=evidence,
        aliases=[] if watchlist else _aliases(aliases, evidence, chosen, set(per_name)),
        products=_products(evidence, chosen),
    )


def _aliases(
    given: Sequence[str], evidence: Sequence[Shown], names: Sequence[str], canonical: set[str]
) -> list[str]:
    """The names given, then every other name the shown documents use for ``names``."""
    found = [*given, *(n for n in names if n not in canonical)]
    for shown in evidence:
        for mention in shown.doc.mentions:
            if mention.name in names:
                found += [mention.mention, *mention.aliases]
    return [a for a in dict.fromkeys(found) if a not in canonical]


def _products(evidence: Sequence[Shown], names: Sequence[str]) -> list[str]:
    """Products the shown documents list under any of ``names``, most often first."""
    counts: Counter[str] = Counter()
    for shown in evidence:
        for mention in shown.doc.mentions:
            if mention.name in names:
                counts.update(mention.products)
    return [p for p, _n in counts.most_common(20)]
