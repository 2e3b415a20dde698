"""Reading aggregation answers into the Store's result types."""

from __future__ import annotations

from typing import Any

from indexer.base import EnterpriseScore
from keywords.enterprise_score import (
    DEFAULT_PARAMS,
    IndexParams,
    RiskInputs,
    assess,
    story_strength,
    whole_seconds,
)


def risk_inputs(bucket: dict[str, Any]) -> RiskInputs:
    """keywords.enterprise_score's figures from one enterprise's aggregation bucket."""
    risk = bucket["risk"]
    last = risk["last"]["value"]
    return RiskInputs(
        strength=sum(
            story_strength(c["top"]["score"]["value"]) for c in bucket["clusters"]["buckets"]
        ),
        categories=int(risk["n_categories"]["value"]),
        max_yield=risk["max_yield"]["value"],
        complaints=int(risk["complaints"]["stories"]["value"]),
        sources=int(risk["sources"]["value"]),
        last_risk=whole_seconds(last / 1000.0 if last is not None else None),  # from ms
        enforcement=int(risk["enforcement"]["stories"]["value"]),
    )


def enterprise_score(
    bucket: dict[str, Any], until: float, params: IndexParams = DEFAULT_PARAMS
) -> EnterpriseScore:
    """One enterprise's risk index from its aggregation bucket (keywords.enterprise_score)."""
    inputs = risk_inputs(bucket)
    found = assess(inputs, until, params)
    stories = sum(1 for c in bucket["clusters"]["buckets"] if c["top"]["score"]["value"])
    categories = bucket["risk"]["categories"]["buckets"]
    return EnterpriseScore(
        name=bucket["key"],
        score=found.index,
        documents=int(bucket["doc_count"]),
        risk_documents=int(bucket["risk"]["doc_count"]),
        sources=int(bucket["sources"]["value"]),
        stories=stories,
        on_watchlist=bucket["watched"]["doc_count"] > 0,
        categories={c["key"]: int(c["doc_count"]) for c in categories},
        max_yield=bucket["max_yield"]["value"],
        level=found.level,
        inputs=inputs,
        components=found.components,
    )
