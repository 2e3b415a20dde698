"""A first risk signal names the enterprise as the rest of the brief does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from indexer.identity import first_seen_enterprises
from indexer.sqlite import SQLiteStore
from tests.reports.seed import DAY, at, make_doc

FULL = "蜀汇鼎丰投资咨询有限公司"


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[SQLiteStore]:
    store = SQLiteStore(tmp_path / "signals.db")
    yield store
    store.close()


def test_a_category_signal_takes_the_enterprise_s_full_name(empty: SQLiteStore) -> None:
    # the news names the company in full, the distress posts only by its short name
    news = make_doc(
        901,
        title="蜀汇鼎丰投资咨询有限公司被投诉",
        content="多名投资人投诉蜀汇鼎丰投资咨询有限公司。",
        crawled_at=at(DAY, 9),
        terms=(("投诉", "complaints"),),
        enterprises=((FULL, True, False),),
    )
    post = make_doc(
        902,
        title="蜀汇鼎丰提现困难",
        content="蜀汇鼎丰提现困难一个月了。",
        crawled_at=at(DAY, 10),
        source="bbs.example.cn",
        terms=(("提现困难", "distress"),),
        enterprises=(("蜀汇鼎丰", True, False),),
    )
    store = empty
    store.upsert([news, post])
    since, until = at(DAY, 0), at(DAY + timedelta(days=1), 0)
    distress = first_seen_enterprises(
        store, "risk_enterprise", category="distress", since=since, until=until
    )
    assert distress == {FULL: at(DAY, 10)}
    # without a fuller name in the window the short one stands
    only = first_seen_enterprises(
        store, "risk_enterprise", category="distress", since=at(DAY, 10), until=until
    )
    assert list(only) == ["蜀汇鼎丰"]
