"""An SQLite store file written before event types opens, migrates in place and loses nothing.

``data/store-v1.sqlite`` was written by the schema-1 code (commit d68a112) with the
first three documents of ``seed.corpus()``, which then had no ``event_type``.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from indexer.sqlite import SQLiteStore
from indexer.sqlite_schema import SCHEMA_VERSION
from tests.indexer.seed import corpus

OLD_FILE = Path(__file__).parent / "data" / "store-v1.sqlite"


@pytest.fixture()
def old_file(tmp_path: Path) -> Path:
    copy = tmp_path / "tianluo.db"
    shutil.copyfile(OLD_FILE, copy)
    return copy


def _columns(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[1] for row in db.execute("PRAGMA table_info(docs)")}


def _schema_version(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])


def test_the_fixture_is_an_old_file() -> None:
    assert "event_type" not in _columns(OLD_FILE)
    assert _schema_version(OLD_FILE) == "1"


def test_old_file_migrates_and_keeps_every_document(old_file: Path) -> None:
    store = SQLiteStore(old_file)
    try:
        assert "event_type" in _columns(old_file)
        assert _schema_version(old_file) == str(SCHEMA_VERSION)
        expected = [replace(d, event_type=None) for d in corpus()[:3]]
        assert store.count() == 3
        for doc in expected:
            assert store.get(doc.id) == doc
        assert sorted(d.id for d in store.search("非法集资")) == sorted(d.id for d in expected[:2])
        assert store.count_by("enterprise") == {"甲金融": 3, "乙理财": 1}
        assert store.count_by("event_type") == {}
    finally:
        store.close()


def test_migrated_file_stores_event_types(old_file: Path) -> None:
    SQLiteStore(old_file).close()
    store = SQLiteStore(old_file)  # a second open finds nothing left to migrate
    try:
        docs = corpus()
        result = store.upsert(docs)
        assert (result.created, result.updated, result.unchanged) == (5, 0, 3)
        # the three old documents keep their (unchanged) content and no event type
        assert store.get(docs[0].id) == replace(docs[0], event_type=None)
        changed = replace(docs[0], content="更新", content_hash="new", event_type="失联跑路")
        assert store.upsert([changed]).updated == 1
        assert store.get(changed.id) == changed
        counts = store.count_by("event_type")
        assert counts["失联跑路"] == 2  # the updated document and doc 8
        assert [d.id for d in store.documents(event_types=["业绩下滑"])] == [docs[3].id]
    finally:
        store.close()


def test_old_file_gains_alias_rows_so_the_enterprise_filter_still_works(old_file: Path) -> None:
    store = SQLiteStore(old_file)
    try:
        by_alias = store.count_by("enterprise_alias")
        assert by_alias["甲金融"] == 3 and by_alias["乙理财"] == 1
        assert len(store.documents(enterprise="甲金融")) == 3
    finally:
        store.close()


def test_migration_is_logged_in_chinese_naming_the_file(
    old_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("INFO", logger="indexer.sqlite_migrate"):
        SQLiteStore(old_file).close()
    logged = [r.getMessage() for r in caplog.records]
    assert any(
        f"SQLite 存储 {old_file}：已迁移到第 {SCHEMA_VERSION} 版表结构" in m for m in logged
    ), logged
