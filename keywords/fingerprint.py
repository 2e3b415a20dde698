"""What a learned model was trained with: the keyword sets and the analyzer's numbers.

A model stores :func:`fingerprint` of the analyzer it learned from; at load the
app compares it with the running analyzer's and :func:`differences` says, in a
few lines, what an admin's edit changed (terms added or removed, weights,
categories, rules, contexts, settings).  The learned features name rule features
(``term:跑路``, ``cat:distress``) and hash the names, so an edit never shifts
other features: a new term or category is simply a feature the model has no
weight for, and a removed one no longer fires.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keywords.analyzer import AnalyzerConfig
    from keywords.schema import KeywordSet

SETTINGS = (
    "lpr_one_year",
    "yield_multiple",
    "risk_threshold",
    "enterprise_threshold",
    "score_scale",
    "discover",
)
"""Analyzer numbers that change the rule features a model reads."""
SHOWN = 5
"""Names listed per kind of difference (the rest are counted)."""


def fingerprint(sets: Sequence[KeywordSet], config: AnalyzerConfig) -> dict[str, Any]:
    """Terms, weights, categories, rules, contexts and settings, with a digest of them all."""
    body: dict[str, Any] = {
        "categories": {
            c.id: {"weight": c.weight, "component": c.component} for s in sets for c in s.categories
        },
        "terms": {
            f"{c.id}:{t.term}": t.weight for s in sets for c in s.categories for t in c.terms
        },
        "rules": {r.id: r.weight for s in sets for r in s.rules},
        "contexts": {x.id: [x.mode, x.factor] for s in sets for x in s.contexts},
        "settings": {name: getattr(config, name) for name in SETTINGS},
    }
    return {"digest": digest(body), **body}


def digest(body: Mapping[str, Any]) -> str:
    """A short hash of the fingerprint's content (without any old digest)."""
    content = {k: v for k, v in body.items() if k != "digest"}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


KINDS = {
    "categories": "类别",
    "terms": "词条",
    "rules": "组合规则",
    "contexts": "语境",
    "settings": "设置",
}
"""The fingerprint's parts, as an admin reads them."""


def _names(items: Sequence[str]) -> str:
    listed = "、".join(items[:SHOWN])
    return listed + (f" 等 {len(items)} 项" if len(items) > SHOWN else "")


def _compare(kind: str, trained: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    added = sorted(set(current) - set(trained))
    removed = sorted(set(trained) - set(current))
    changed = sorted(k for k in set(trained) & set(current) if trained[k] != current[k])
    label = KINDS[kind]
    out: list[str] = []
    if added:
        out.append(f"新增{label}：{_names(added)}")
    if removed:
        out.append(f"删除{label}：{_names(removed)}")
    if changed:
        shown = [f"{k} {trained[k]} -> {current[k]}" for k in changed]
        out.append(f"改动{label}：{_names(shown)}")
    return out


def differences(trained: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """What differs between two fingerprints, one line per kind; [] when they match."""
    if trained.get("digest") and trained.get("digest") == current.get("digest"):
        return []
    out: list[str] = []
    for kind in KINDS:
        old, new = trained.get(kind), current.get(kind)
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            out += _compare(kind, old, new)
        elif old != new:
            out.append(f"模型没有记录训练时的{KINDS[kind]}")
    return out
