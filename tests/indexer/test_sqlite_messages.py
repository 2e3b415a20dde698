"""Errors of the SQLite files (the store and the alerts state) are Chinese and name the file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alerts.state import AlertDB
from indexer.search.queries import agg_field
from indexer.sqlite import SQLiteStore
from tianluo.errors import StoreError

OPENERS: list[tuple[Callable[[Path], Any], str, str]] = [
    (SQLiteStore, "无法打开 SQLite 存储", "SQLite 存储"),
    (AlertDB, "无法打开告警状态文件", "告警状态文件"),
]


@pytest.mark.parametrize(("opener", "cannot_open", "_named"), OPENERS)
def test_a_file_that_cannot_be_opened_names_its_path(
    tmp_path: Path, opener: Callable[[Path], Any], cannot_open: str, _named: str
) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    path = tmp_path / "blocker" / "state.db"
    with pytest.raises(StoreError, match=f"{cannot_open} {re.escape(str(path))}："):
        opener(path)


@pytest.mark.parametrize(("opener", "_cannot_open", "named"), OPENERS)
def test_a_failing_transaction_names_the_file_and_the_cause(
    tmp_path: Path, opener: Callable[[Path], Any], _cannot_open: str, named: str
) -> None:
    path = tmp_path / "state.db"
    db = opener(path)
    transaction = db._tx if isinstance(db, SQLiteStore) else db.tx
    try:
        expected = f"{named} {re.escape(str(path))} 出错：no such table: nope"
        with pytest.raises(StoreError, match=expected), transaction() as conn:
            conn.execute("DELETE FROM nope")
    finally:
        db.close()


def test_a_closed_store_is_unusable_and_says_which(tmp_path: Path) -> None:
    path = tmp_path / "tianluo.db"
    store = SQLiteStore(path)
    store.close()
    with pytest.raises(StoreError, match=f"SQLite 存储 {re.escape(str(path))} 不可用："):
        store.ping()


def test_a_failing_read_and_an_unknown_field_are_named(tmp_path: Path) -> None:
    path = tmp_path / "tianluo.db"
    store = SQLiteStore(path)
    try:
        expected = f"SQLite 存储 {re.escape(str(path))} 出错：no such table: nope"
        with pytest.raises(StoreError, match=expected):
            store._rows("SELECT * FROM nope")
        with pytest.raises(
            StoreError, match=r"未知的聚合字段 'nope'（可用：enterprise、.*event_type）"
        ):
            store._agg_source("nope")  # type: ignore[arg-type]
    finally:
        store.close()


def test_an_unknown_engine_aggregation_field_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"未知的聚合字段 'nope'（可用：.*enterprise"):
        agg_field("nope")
