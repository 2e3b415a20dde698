"""Reading aggregation answers into the Store's result types."""

from __future__ import annotations

import math
from typing import Any

from indexer.base import EnterpriseScore

REACH_BONUS = 0.25  # as on SQLite: each doubling of a story's sites adds 25% to its weight


def enterprise_score(bucket: dict[str, Any]) -> EnterpriseScore:
    """One enterprise's score from its aggregation bucket (the same formula as SQLite)."""
    score = 0.0
    stories = 0
    for cluster in bucket["clusters"]["buckets"]:
        top = cluster["top"]["score"]["value"] or 0.0
        reach = max(int(cluster["reach"]["value"]), 1)
        score += top * (1 + REACH_BONUS * math.log2(reach))
        stories += 1 if top > 0 else 0
    categories = bucket["risk"]["categories"]["buckets"]
    return EnterpriseScore(
        name=bucket["key"],
        score=round(score, 2),
        documents=int(bucket["doc_count"]),
        risk_documents=int(bucket["risk"]["doc_count"]),
        sources=int(bucket["sources"]["value"]),
        stories=stories,
        on_watchlist=bucket["watched"]["doc_count"] > 0,
        categories={c["key"]: int(c["doc_count"]) for c in categories},
        max_yield=bucket["max_yield"]["value"],
    )
