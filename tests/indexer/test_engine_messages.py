"""The search-engine store's errors and warnings are Chinese and keep the URL, path, status
and action.  A scripted client stands in for the engine, so no service is needed."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from indexer.search import admin
from indexer.search.client import EngineHTTPError, EngineUnavailable
from indexer.search.spool import Spool
from indexer.search.store import EngineStore
from indexer.search.writer import RetryPolicy
from tests.indexer.seed import pending_alert
from tianluo.errors import StoreError

URL = "http://engine.example:9200"
NO_RETRY = RetryPolicy(max_retries=1, initial_backoff=0.0, max_backoff=0.0)
Answer = Callable[[str, str], Any]


class ScriptedClient:
    """Answers each request with ``answer(method, path)``; an exception it returns is raised."""

    url = URL
    flavour = "opensearch"

    def __init__(self, answer: Answer) -> None:
        self.answer = answer

    def request(self, method: str, path: str, **_: Any) -> Any:
        result = self.answer(method, path)
        if isinstance(result, Exception):
            raise result
        return result

    def close(self) -> None:
        pass


def _store(answer: Answer, spool: Path | None = None) -> EngineStore:
    store = EngineStore(ScriptedClient(answer), spool_dir=spool, retry=NO_RETRY)
    store.backend = "opensearch"
    store._ready = True
    return store


def test_engine_errors_name_the_url_path_and_status() -> None:
    assert str(EngineUnavailable(URL, "timed out")) == f"搜索引擎 {URL} 不可用：timed out"
    assert str(EngineHTTPError(403, "/x/_search", "forbidden")) == (
        "/x/_search 返回 HTTP 403：forbidden"
    )


def test_a_refused_ping_names_the_action_status_and_hint() -> None:
    store = _store(lambda method, path: EngineHTTPError(401, path, "unauthorized"))
    with pytest.raises(StoreError) as raised:
        store.ping()
    assert str(raised.value) == (
        f"opensearch（{URL}）连接检查失败：/_cluster/health 返回 HTTP 401：unauthorized；"
        "请查看搜索引擎的日志和 `tianluo index status` 的输出"
    )


def test_a_refused_read_names_the_request() -> None:
    store = _store(lambda method, path: EngineHTTPError(400, path, "bad query"))
    with pytest.raises(StoreError, match=r"POST /tianluo-docs/_count 请求失败：.* HTTP 400"):
        store.count()


def test_reindex_to_an_older_version_is_refused_with_both_versions() -> None:
    template = {"index_templates": [{"index_template": {"_meta": {"tianluo_mapping_version": 3}}}]}
    store = _store(lambda method, path: template)
    with pytest.raises(StoreError, match="重建索引：目标版本 2 必须高于当前版本 3"):
        store.reindex(to_version=2)


def test_reindex_failures_name_both_indices() -> None:
    store = _store(lambda method, path: {"failures": [{"id": "d1"}]})
    with pytest.raises(StoreError, match=r"重建索引 a-1 -> a-2 出现失败：\[\{'id': 'd1'\}\]"):
        admin._copy(store, "a-1", "a-2", create_only=False)


def test_a_missing_plugin_names_the_setting_the_plugin_and_the_fix() -> None:
    store = _store(lambda method, path: {})
    store.text_analysis = "smartcn"
    message = admin._missing_plugin(store, "unknown tokenizer [smartcn_tokenizer]")
    assert message is not None
    assert message.startswith(f"opensearch（{URL}）：storage.text_analysis 为 'smartcn'，")
    assert "插件" in message and "storage.text_analysis: bigram" in message


def test_a_refused_alert_record_names_the_record_kind() -> None:
    store = _store(lambda method, path: EngineHTTPError(403, path, "read-only"))
    with pytest.raises(
        StoreError, match=r"写入告警记录失败：/tianluo-alerts/_doc/a1 返回 HTTP 403"
    ):
        store.record_alert(pending_alert())


def test_an_unreachable_engine_spools_the_record_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = _store(lambda method, path: EngineUnavailable(URL, "refused"), tmp_path / "spool")
    with caplog.at_level(logging.WARNING):
        store.record_alert(pending_alert())
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(f"{URL} 无法连接，告警记录转入暂存：") for m in logged), logged
    assert any("失败（搜索引擎" in m and "秒后重试" in m for m in logged), logged
    assert store.spool is not None and store.spool.depth() == 1
    # without a spool the same outage is an error naming the action and the retries
    bare = _store(lambda method, path: EngineUnavailable(URL, "refused"))
    with pytest.raises(StoreError, match=r"写入告警记录失败：.*已失败 2 次：.*；请启动搜索引擎"):
        bare.record_alert(pending_alert())


def test_a_failed_refresh_is_a_chinese_warning(caplog: pytest.LogCaptureFixture) -> None:
    store = _store(lambda method, path: EngineHTTPError(503, path, "busy"))
    with caplog.at_level(logging.WARNING):
        store._refresh()
    assert [r.getMessage() for r in caplog.records] == [
        "写入后刷新索引失败：/tianluo-docs/_refresh 返回 HTTP 503：busy"
    ]


def test_spool_errors_name_the_folder_and_the_file(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    folder = tmp_path / "blocker" / "spool"
    with pytest.raises(OSError, match=f"无法创建暂存目录 {re.escape(str(folder))}："):
        Spool(folder)
    spool = Spool(tmp_path / "spool")
    (tmp_path / "spool" / "ack.json").write_text("{}")
    ack = re.escape(str(tmp_path / "spool" / "ack.json"))
    with pytest.raises(ValueError, match=f"暂存确认文件 {ack} 已损坏："):
        list(spool.pending())
