"""An engine that cannot be reached: writes go to the spool, or fail naming the URL."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from indexer.search import OpenSearchStore
from tests.indexer.conftest import FAST_RETRY
from tests.indexer.seed import corpus, pending_alert
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
    alert = pending_alert()
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
    with pytest.raises(
        StoreError, match=f"opensearch（{url}）创建索引模板和别名失败：搜索引擎 {url} 不可用"
    ):
        store.upsert(corpus())
    with pytest.raises(StoreError, match=r"POST /tianluo-docs/_count 请求失败：.*；请启动搜索引擎"):
        store.count()
    with pytest.raises(StoreError, match=f"opensearch（{url}）连接检查失败"):
        store.ping()


def test_credentials_must_be_consistent() -> None:
    with pytest.raises(ValueError, match="只能二选一，不能同时给出"):
        OpenSearchStore("https://127.0.0.1:1", username="u", password="p", api_key="k")
    with pytest.raises(ValueError, match="需要同时给出用户名和密码"):
        OpenSearchStore("https://127.0.0.1:1", username="u")
