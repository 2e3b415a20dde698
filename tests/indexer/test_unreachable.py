"""An engine that cannot be reached: writes go to the spool, or fail naming the URL."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from indexer.base import AlertRecord
from indexer.search import OpenSearchStore
from tests.indexer.conftest import FAST_RETRY
from tests.indexer.seed import T0, corpus
from tianluo.errors import StoreError


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_writes_are_spooled_while_the_engine_is_down(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    store = OpenSearchStore(url, spool_dir=tmp_path / "spool", retry=FAST_RETRY, timeout=2)
    result = store.upsert(corpus())
    assert (result.created, result.spooled) == (0, 8)
    alert = AlertRecord(
        id="a1",
        rule="spike",
        key="k",
        severity="high",
        channel="email",
        title="t",
        body="b",
        created_at=T0,
        status="pending",
    )
    store.record_alert(alert)
    assert store.spool is not None and store.spool.depth() == 9
    again = store.upsert(corpus()[:1])  # replay fails first, so this goes behind the rest
    assert again.spooled == 1 and store.spool.depth() == 10
    status = store.status()
    assert (status["health"], status["spool_depth"]) == ("unreachable", 10)
    with pytest.raises(StoreError, match=url):
        store.ping()


def test_without_a_spool_the_error_names_the_engine(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    store = OpenSearchStore(url, retry=FAST_RETRY, timeout=2)
    with pytest.raises(StoreError, match=f"opensearch at {url}"):
        store.upsert(corpus())
    with pytest.raises(StoreError, match="start the engine"):
        store.count()


def test_credentials_must_be_consistent() -> None:
    with pytest.raises(ValueError, match="not both"):
        OpenSearchStore("https://127.0.0.1:1", username="u", password="p", api_key="k")
    with pytest.raises(ValueError, match="both a username and a password"):
        OpenSearchStore("https://127.0.0.1:1", username="u")
