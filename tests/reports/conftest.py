"""Fixtures: a seeded SQLite store and an App whose output goes to tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.sqlite import SQLiteStore
from tests.reports.seed import seed
from tianluo.app.context import App
from tianluo.settings import Settings


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "t.db")
    seed(s)
    yield s
    s.close()


@pytest.fixture
def app(tmp_path: Path, store: SQLiteStore) -> App:
    settings = Settings(base_dir=str(tmp_path), data_dir="var", output_dir="out")
    return App(settings, _store=store)
