"""Query and aggregation bodies for both engines, built in one place.

Each builder returns a plain JSON-ready dict; the store sends it and the
matching ``parse_*`` helper (in results.py) reads the answer.  Windows are
half-open ``[since, until)`` on ``crawled_at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from indexer.base import unknown_agg_field
from keywords.enterprise_score import COMPLAINT_CATEGORIES, ENFORCEMENT_CATEGORIES
from tianluo.timeutil import aware

AGG_FIELDS: dict[str, str] = {
    "enterprise": "enterprises",
    "risk_enterprise": "risk_enterprises",
    "enterprise_alias": "enterprise_aliases",
    "term": "terms",
    "category": "categories",
    "source": "source",
    "cluster": "cluster_id",
    "event_type": "event_type",
}
MAX_BUCKETS = 10_000
EXACT_CARDINALITY = 40_000  # the engine's maximum precision threshold


def agg_field(agg: str) -> str:
    """The document field behind an aggregation name; a clear error for an unknown one."""
    try:
        return AGG_FIELDS[agg]
    except KeyError:
        raise ValueError(unknown_agg_field(agg)) from None


def iso(moment: datetime) -> str:
    """A datetime as the engine reads it: ISO 8601 with the Shanghai offset."""
    return aware(moment).isoformat()


def window(
    since: datetime | None, until: datetime | None, field: str = "crawled_at"
) -> list[dict[str, Any]]:
    """The half-open range filter [since, until) on one date field (empty when open)."""
    bounds: dict[str, Any] = {}
    if since is not None:
        bounds["gte"] = iso(since)
    if until is not None:
        bounds["lt"] = iso(until)
    return [{"range": {field: bounds}}] if bounds else []


def filtered(clauses: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A query that only filters; match_all when there is nothing to filter on."""
    return {"bool": {"filter": list(clauses)}} if clauses else {"match_all": {}}


def doc_filters(
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    risk: bool | None = None,
    enterprise: str | None = None,
    category: str | None = None,
    source: str | None = None,
    event_types: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Filter clauses on the document index."""
    clauses = window(since, until)
    if risk is not None:
        clauses.append({"term": {"risk": risk}})
    if enterprise is not None:
        # any name the enterprise goes by; the other fields too for records made without
        # ``enterprise_aliases`` (indexed before it existed)
        fields = ("enterprise_aliases", "enterprises", "mentions.mention", "mentions.aliases")
        names = [{"term": {f: enterprise}} for f in fields]
        clauses.append({"bool": {"should": names, "minimum_should_match": 1}})
    if category is not None:
        clauses.append({"term": {"categories": category}})
    if source is not None:
        clauses.append({"term": {"source": source}})
    if event_types:
        clauses.append({"terms": {"event_type": list(event_types)}})
    return clauses


def ids_lookup(ids: Sequence[str], fields: Sequence[str]) -> dict[str, Any]:
    """Fetch keyword fields of documents by id across the alias, from doc values only."""
    return {
        "size": len(ids),
        "query": {"ids": {"values": list(ids)}},
        "_source": False,
        "docvalue_fields": list(fields),
        "track_total_hits": False,
    }


def count_body(**filters: Any) -> dict[str, Any]:
    return {"query": filtered(doc_filters(**filters))}


def documents_body(limit: int, **filters: Any) -> dict[str, Any]:
    """Documents in a window, highest risk score first, then newest."""
    return {
        "size": limit,
        "query": filtered(doc_filters(**filters)),
        "sort": [{"risk_score": "desc"}, {"crawled_at": "desc"}, {"id": "asc"}],
    }


def search_body(
    text: str,
    *,
    enterprise: str | None,
    since: datetime | None,
    limit: int,
    event_types: Sequence[str] = (),
) -> dict[str, Any]:
    """Chinese phrase search over title (weighted 5x) and content, best match first."""
    return {
        "size": limit,
        "query": {
            "bool": {
                "should": [
                    {"match_phrase": {"title": {"query": text, "boost": 5.0}}},
                    {"match_phrase": {"content": {"query": text}}},
                ],
                "minimum_should_match": 1,
                "filter": doc_filters(since=since, enterprise=enterprise, event_types=event_types),
            }
        },
        "sort": ["_score", {"crawled_at": "desc"}],
    }


def summary_body(since: datetime, until: datetime) -> dict[str, Any]:
    """Headline figures: documents, risk documents, sources, enterprises (nested rows)."""
    names = {
        "cardinality": {"field": "mention_rows.name", "precision_threshold": EXACT_CARDINALITY}
    }
    return {
        "size": 0,
        "track_total_hits": True,
        "query": filtered(window(since, until)),
        "aggs": {
            "risk": {"filter": {"term": {"risk": True}}},
            "sources": {
                "cardinality": {"field": "source", "precision_threshold": EXACT_CARDINALITY}
            },
            "rows": {
                "nested": {"path": "mention_rows"},
                "aggs": {
                    "names": names,
                    "risk": {
                        "filter": {"term": {"mention_rows.risk": True}},
                        "aggs": {"names": names},
                    },
                },
            },
        },
    }


def terms_agg(
    field: str, size: int, *, aggs: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    """A terms aggregation ordered by count then key, with a generous shard size."""
    body: dict[str, Any] = {
        "field": field,
        "size": size,
        "shard_size": max(size * 5, 500),
        "order": [{"_count": "desc"}, {"_key": "asc"}],
    }
    body.update(extra)
    return {"terms": body, "aggs": aggs} if aggs else {"terms": body}


def count_by_body(
    agg: str,
    *,
    since: datetime | None,
    until: datetime | None,
    risk: bool | None,
    limit: int,
    event_types: Sequence[str] = (),
) -> dict[str, Any]:
    """Documents per value of one field."""
    return {
        "size": 0,
        "query": filtered(
            doc_filters(since=since, until=until, risk=risk, event_types=event_types)
        ),
        "aggs": {"values": terms_agg(agg_field(agg), limit)},
    }


def values_in_window_body(
    agg: str,
    *,
    since: datetime,
    until: datetime,
    category: str | None,
    event_types: Sequence[str] = (),
) -> dict[str, Any]:
    """Step 1 of first_seen: the values that occur in the window at all."""
    clauses = doc_filters(since=since, until=until, category=category, event_types=event_types)
    return {
        "size": 0,
        "query": filtered(clauses),
        "aggs": {"values": terms_agg(agg_field(agg), MAX_BUCKETS)},
    }


def first_seen_body(
    agg: str, values: Sequence[str], *, category: str | None, event_types: Sequence[str] = ()
) -> dict[str, Any]:
    """Step 2 of first_seen: the earliest document ever for each candidate value."""
    return {
        "size": 0,
        "query": filtered(doc_filters(category=category, event_types=event_types)),
        "aggs": {
            "values": terms_agg(
                agg_field(agg),
                len(values),
                include=list(values),
                aggs={"first": {"min": {"field": "crawled_at"}}},
            )
        },
    }


def daily_counts_body(
    agg: str,
    keys: Sequence[str],
    *,
    since: datetime,
    until: datetime,
    risk: bool | None,
    event_types: Sequence[str] = (),
) -> dict[str, Any]:
    """Per key, documents per Shanghai calendar day."""
    field = agg_field(agg)
    clauses = doc_filters(since=since, until=until, risk=risk, event_types=event_types)
    clauses.append({"terms": {field: list(keys)}})
    per_day = {
        "date_histogram": {
            "field": "crawled_at",
            "calendar_interval": "day",
            "time_zone": "Asia/Shanghai",
            "min_doc_count": 1,
            "format": "yyyy-MM-dd",
        }
    }
    return {
        "size": 0,
        "query": filtered(clauses),
        "aggs": {"values": terms_agg(field, len(keys), include=list(keys), aggs={"days": per_day})},
    }


def enterprise_scores_body(
    *, since: datetime, until: datetime, names: Sequence[str], event_types: Sequence[str] = ()
) -> dict[str, Any]:
    """Per enterprise (and reprint cluster), the figures its risk index rests on.

    The aggregations of keywords.enterprise_score.RiskInputs over nested mention rows of the
    documents in the window (of ``event_types`` when given): read back by
    indexer.search.results.enterprise_score.
    """
    clauses = doc_filters(since=since, until=until, event_types=event_types)
    rows: dict[str, Any] = {"match_all": {}}
    if names:
        rows = {"terms": {"mention_rows.name": list(names)}}
        clauses.append({"nested": {"path": "mention_rows", "query": rows}})
    sources = {
        "cardinality": {"field": "mention_rows.source", "precision_threshold": EXACT_CARDINALITY}
    }
    risky = {"term": {"mention_rows.risk": True}}
    per_cluster = {
        "top": {"filter": risky, "aggs": {"score": {"max": {"field": "mention_rows.score"}}}},
    }
    stories = {
        "cardinality": {
            "field": "mention_rows.cluster_id",
            "precision_threshold": EXACT_CARDINALITY,
        }
    }

    def stories_in(categories: Sequence[str]) -> dict[str, Any]:
        wanted = {"terms": {"mention_rows.categories": list(categories)}}
        return {"filter": wanted, "aggs": {"stories": stories}}

    per_name = {
        "risk": {
            "filter": risky,
            "aggs": {
                "categories": {"terms": {"field": "mention_rows.categories", "size": 100}},
                "n_categories": {
                    "cardinality": {
                        "field": "mention_rows.categories",
                        "precision_threshold": EXACT_CARDINALITY,
                    }
                },
                "sources": sources,
                "max_yield": {"max": {"field": "mention_rows.yield_max"}},
                "last": {"max": {"field": "mention_rows.crawled_at"}},
                "complaints": stories_in(COMPLAINT_CATEGORIES),
                "enforcement": stories_in(ENFORCEMENT_CATEGORIES),
            },
        },
        "watched": {"filter": {"term": {"mention_rows.on_watchlist": True}}},
        "max_yield": {"max": {"field": "mention_rows.yield_max"}},
        "sources": sources,
        "clusters": terms_agg("mention_rows.cluster_id", MAX_BUCKETS, aggs=per_cluster),
    }
    size = len(names) if names else 1_000
    by_name = terms_agg("mention_rows.name", size, aggs=per_name)
    return {
        "size": 0,
        "query": filtered(clauses),
        "aggs": {
            "rows": {
                "nested": {"path": "mention_rows"},
                "aggs": {"wanted": {"filter": rows, "aggs": {"names": by_name}}},
            }
        },
    }


def cluster_reach_body(cluster_ids: Sequence[str]) -> dict[str, Any]:
    """For each reprint cluster, the number of distinct sources that carried it."""
    sources = {"cardinality": {"field": "source", "precision_threshold": EXACT_CARDINALITY}}
    return {
        "size": 0,
        "query": filtered([{"terms": {"cluster_id": list(cluster_ids)}}]),
        "aggs": {
            "clusters": terms_agg(
                "cluster_id", len(cluster_ids), include=list(cluster_ids), aggs={"sources": sources}
            )
        },
    }


def alerts_body(rule: str | None, limit: int) -> dict[str, Any]:
    clauses = [{"term": {"rule": rule}}] if rule else []
    return {
        "size": limit,
        "query": filtered(clauses),
        "sort": [{"created_at": "desc"}, {"id": "asc"}],
    }


def crawl_runs_body(since: datetime | None, limit: int = MAX_BUCKETS) -> dict[str, Any]:
    return {
        "size": limit,
        "query": filtered(window(since, None, "started_at")),
        "sort": [{"started_at": "desc"}, {"finished_at": "desc"}],
    }
