"""Evidence stored before the typed fields (the kind packed into ``rule``) still loads."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.sqlite import SQLiteStore
from tests.indexer.seed import corpus
from tianluo.models import Evidence, StoredDocument

OLD = {
    "term": "跑路",
    "category": "distress",
    "start": 3,
    "end": 5,
    "snippet": "老板跑路",
    "weight": 1.0,
}


@pytest.mark.parametrize(
    ("rule", "kind", "in_title", "damped_by", "rule_id"),
    [
        ("term", "term", False, None, None),
        ("title", "term", True, None, None),
        ("term damped by title_awareness:揭秘", "term", False, "title_awareness:揭秘", None),
        ("title damped by hedge:传闻", "term", True, "hedge:传闻", None),
        ("pyramid_rebate", "rule", False, None, "pyramid_rebate"),
        ("yield_above_line", "yield", False, None, "yield_above_line"),
    ],
)
def test_an_old_rule_string_loads_as_typed_fields(
    rule: str, kind: str, in_title: bool, damped_by: str | None, rule_id: str | None
) -> None:
    ev = Evidence.from_dict({**OLD, "rule": rule, "cancelled_by": None})
    assert (ev.kind, ev.in_title, ev.damped_by, ev.rule) == (kind, in_title, damped_by, rule_id)
    assert (ev.term, ev.start, ev.end, ev.weight) == ("跑路", 3, 5, 1.0)
    assert ev.label == rule.split(" ")[0]


def test_a_new_dict_loads_as_written() -> None:
    ev = Evidence("30%", "yield", "yield", 1, 4, "收益30%", 2.0, rule="yield_above_line")
    body = {k: getattr(ev, k) for k in ev.__dataclass_fields__}
    assert Evidence.from_dict(body) == ev
    assert Evidence.from_dict({**body, "later_field": 1}) == ev  # unknown keys are ignored


def test_an_old_sqlite_row_reads(tmp_path: Path) -> None:
    path = tmp_path / "tianluo.db"
    doc = replace(corpus()[0], evidence=[Evidence("跑路", "distress", "term", 3, 5, "s", 1.0)])
    with SQLiteStore(path) as store:
        store.upsert([doc])
    body = doc.to_dict()
    body["evidence"] = [{**OLD, "rule": "title damped by hedge:传闻", "cancelled_by": None}]
    with sqlite3.connect(path) as db:
        db.execute("UPDATE docs SET body = ? WHERE id = ?", (json.dumps(body), doc.id))
    with SQLiteStore(path) as store:
        loaded = store.get(doc.id)
    assert loaded is not None
    (ev,) = loaded.evidence
    assert (ev.kind, ev.in_title, ev.damped_by) == ("term", True, "hedge:传闻")
    assert StoredDocument.from_dict(loaded.to_dict()) == loaded
