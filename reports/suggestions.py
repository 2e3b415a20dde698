"""Watchlist suggestions: organisations with risk hits that are not watched yet.

Each suggestion is one enterprise (names stored apart merged by identity), ranked by its
risk index, with the documents behind it and the watchlist entry that adds it, as YAML
an admin pastes under ``enterprises:`` of the watchlist file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import yaml

from indexer.base import EnterpriseScore, Store
from indexer.identity import merge_scores
from reports.documents import riskiest
from tianluo.labels import level_label
from tianluo.models import StoredDocument

CANDIDATE_SCAN = 5
"""Rows read per suggestion shown, so that rows merged into one and watched names still
leave enough to fill the list."""


@dataclass(slots=True)
class Suggestion:
    """One enterprise to consider for the watchlist."""

    score: EnterpriseScore
    aliases: list[str] = field(default_factory=list)
    """Other names stored for it (short forms, brands) that the entry lists as aliases."""
    documents: list[StoredDocument] = field(default_factory=list)
    """Its riskiest documents of the period, riskiest first."""

    @property
    def name(self) -> str:
        return self.score.name

    @property
    def entry(self) -> dict[str, object]:
        """The watchlist entry, as keywords.watchlist reads it."""
        s = self.score
        entry: dict[str, object] = {"name": s.name}
        if self.aliases:
            entry["aliases"] = list(self.aliases)
        entry["note"] = (
            f"简报建议：企业风险指数 {s.score:.0f}/100（{level_label(s.level)}），"
            f"风险文档 {s.risk_documents} 篇，来源 {s.sources} 个"
        )
        return entry

    @property
    def yaml(self) -> str:
        """The entry as a YAML list item, to append under ``enterprises:``."""
        return entries_yaml([self])


def entries_yaml(suggestions: Sequence[Suggestion]) -> str:
    """Watchlist entries of ``suggestions`` as list items indented for pasting under
    ``enterprises:`` (two spaces, as the shipped and demo watchlists are written)."""
    if not suggestions:
        return ""
    text = yaml.safe_dump(
        [s.entry for s in suggestions], allow_unicode=True, sort_keys=False, width=1000
    )
    return "".join(f"  {line}" for line in text.splitlines(keepends=True))


def suggest(
    store: Store,
    *,
    since: datetime,
    until: datetime,
    top: int,
    per_enterprise: int,
) -> list[Suggestion]:
    """Up to ``top`` unwatched enterprises with risk hits in the window, riskiest first."""
    rows = store.enterprise_scores(since=since, until=until, limit=top * CANDIDATE_SCAN)
    merged, members = merge_scores(rows, until=until, params=store.index_params)
    chosen = [s for s in merged if not s.on_watchlist and s.risk_documents > 0][:top]
    out = []
    for s in chosen:
        names = members.get(s.name, [s.name])
        docs = riskiest(store, names, since=since, until=until, limit=per_enterprise)
        aliases = sorted({n for n in names if n != s.name}, key=lambda n: (-len(n), n))
        out.append(Suggestion(s, aliases, docs))
    return out
