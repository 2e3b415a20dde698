"""The documents a report shows under an enterprise: its riskiest of a period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from indexer.base import Store
from tianluo.models import StoredDocument


def riskiest(
    store: Store,
    names: Sequence[str],
    *,
    since: datetime,
    until: datetime,
    limit: int,
    per_name: int | None = None,
    risk: bool | None = True,
) -> list[StoredDocument]:
    """Up to ``limit`` documents naming any of ``names`` (one enterprise's stored names),
    riskiest first, the latest first among equals; each document once.  ``per_name``:
    documents read per name (default ``limit``); ``risk``: risk hits only (None: any)."""
    if limit <= 0:
        return []
    seen: dict[str, StoredDocument] = {}
    for name in names:
        for doc in store.documents(
            since=since, until=until, enterprise=name, risk=risk, limit=per_name or limit
        ):
            seen.setdefault(doc.id, doc)
    docs = sorted(seen.values(), key=lambda d: (-d.risk_score, -d.crawled_at.timestamp()))
    return docs[:limit]
