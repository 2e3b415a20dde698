"""Reading aggregation answers into the Store's result types."""

from __future__ import annotations

from typing import Any

from indexer.base import EnterpriseScore
from keywords.enterprise_score import enterprise_total


def enterprise_score(bucket: dict[str, Any]) -> EnterpriseScore:
    """One enterprise's score from its aggregation bucket (keywords.enterprise_score)."""
    story_rows = [
        (c["top"]["score"]["value"] or 0.0, int(c["reach"]["value"]))
        for c in bucket["clusters"]["buckets"]
    ]
    score = enterprise_total(story_rows)
    stories = sum(1 for top, _ in story_rows if top > 0)
    categories = bucket["risk"]["categories"]["buckets"]
    return EnterpriseScore(
        name=bucket["key"],
        score=score,
        documents=int(bucket["doc_count"]),
        risk_documents=int(bucket["risk"]["doc_count"]),
        sources=int(bucket["sources"]["value"]),
        stories=stories,
        on_watchlist=bucket["watched"]["doc_count"] > 0,
        categories={c["key"]: int(c["doc_count"]) for c in categories},
        max_yield=bucket["max_yield"]["value"],
    )
