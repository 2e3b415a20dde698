"""Channel and delivery errors are Chinese and keep the channel, URL, host, status and code."""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from alerts.channels import build_channel
from alerts.channels.http import robot_errcode
from alerts.delivery import sync_history
from alerts.engine import AlertEngine
from alerts.model import Message
from indexer.sqlite import SQLiteStore
from tests.alerts.conftest import NOW
from tests.alerts.servers import HTTPReceiver, free_port
from tests.alerts.test_channels import hook_engine
from tianluo.errors import ChannelError, StoreError

Build = Callable[..., AlertEngine]
MESSAGE = Message("id1", "t", "m", "x", "<p>x</p>", {})
HOOK = "告警通道 'hook'（webhook）："


def _send(engine: AlertEngine, name: str) -> None:
    build_channel(name, engine.settings.alerts.channels[name]).send(MESSAGE)


def test_an_error_status_names_the_redacted_url_status_and_body(
    http_receiver: HTTPReceiver, make_engine: Build
) -> None:
    engine = make_engine({"hook": {"type": "webhook", "url": http_receiver.url("/h?token=s3")}})
    http_receiver.state.status, http_receiver.state.raw = 503, b"busy"
    expected = f"{HOOK}{http_receiver.url('/h')} 返回 HTTP 503：busy"
    with pytest.raises(ChannelError) as raised:
        _send(engine, "hook")
    assert str(raised.value) == expected and "s3" not in str(raised.value)


def test_robot_answers_that_are_not_an_acceptance_are_named() -> None:
    where = "告警通道 'ding'（dingtalk）："
    with pytest.raises(ChannelError, match=re.escape(f"{where}返回的不是 JSON：'<html>'")):
        robot_errcode("<html>", where)
    with pytest.raises(ChannelError, match=re.escape(f"{where}返回了意外的 JSON：'[1]'")):
        robot_errcode("[1]", where)


def test_an_unset_secret_names_the_variable(make_engine: Build) -> None:
    engine = make_engine({"hook": {"type": "webhook", "url": {"env": "TIANLUO_TEST_NO_SUCH"}}})
    with pytest.raises(ChannelError, match=f"^{HOOK}环境变量 TIANLUO_TEST_NO_SUCH 未设置$"):
        _send(engine, "hook")


class _RefusingSMTP:
    """An SMTP session that accepts the connection but refuses one recipient."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> _RefusingSMTP:
        return self

    def __exit__(self, *args: Any) -> None:
        pass

    def send_message(self, mail: Any) -> dict[str, tuple[int, bytes]]:
        return {"b@example.org": (550, b"no such user")}


def _mail(make_engine: Build, port: int) -> AlertEngine:
    return make_engine(
        {
            "mail": {
                "type": "email",
                "host": "127.0.0.1",
                "port": port,
                "sender": "a@example.org",
                "to": ["b@example.org", "c@example.org"],
                "starttls": False,
            }
        }
    )


def test_email_errors_name_the_server(make_engine: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    engine = _mail(make_engine, port)
    where = f"告警通道 'mail'（email）：127.0.0.1:{port}"
    with pytest.raises(
        ChannelError, match=f"^告警通道 'mail'（email）：无法连接 127.0.0.1:{port}："
    ):
        _send(engine, "mail")
    monkeypatch.setattr(smtplib, "SMTP", _RefusingSMTP)
    with pytest.raises(ChannelError, match=f"^{where} 拒收以下收件人：b@example.org$"):
        _send(engine, "mail")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr(smtplib, "SMTP", broken)
    with pytest.raises(ChannelError, match=f"^{where} 出错：gone$"):
        _send(engine, "mail")


def test_delivery_errors_say_what_happens_next(
    store: SQLiteStore, rules_dir: Path, make_engine: Build
) -> None:
    url = f"http://127.0.0.1:{free_port()}/hook"
    engine = hook_engine(store, rules_dir, make_engine, url, max_attempts=2, retry_delay=10)
    first = engine.run(now=NOW).delivery.errors
    assert len(first) == 1 and first[0].endswith("（已失败 1 次，稍后重试）"), first
    last = engine.run(now=NOW + timedelta(minutes=1)).delivery.errors
    assert len(last) == 1 and "-> hook：已尝试 2 次，不再重试：" + HOOK in last[0], last
    gone = make_engine({"other": {"type": "webhook", "url": "http://127.0.0.1:1/x"}})
    report = gone.retry(now=NOW + timedelta(minutes=2), dead=True)
    assert any(
        "告警通道 'hook' 已不在 alerts.channels 中；请把它加回配置" in e for e in report.errors
    ), report.errors


class _DownStore:
    def record_alert(self, record: Any) -> None:
        raise StoreError("SQLite 存储 x 不可用：gone")


class _OneRow:
    def unsynced(self) -> list[Any]:
        return [type("Row", (), {"record": lambda self: None})()]


def test_an_unwritable_history_is_a_chinese_warning(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="alerts.delivery"):
        assert sync_history(_DownStore(), _OneRow()) == 0  # type: ignore[arg-type]
    assert [r.getMessage() for r in caplog.records] == [
        "告警历史未更新，下次运行时重试：SQLite 存储 x 不可用：gone"
    ]


def test_an_unexpected_channel_failure_names_the_channel_and_exception(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = hook_engine(store, rules_dir, make_engine, "http://127.0.0.1:1/hook")

    def broken(name: str, settings: Any) -> Any:
        raise RuntimeError("bug")

    monkeypatch.setattr("alerts.delivery.build_channel", broken)
    errors = engine.run(now=NOW).delivery.errors
    assert len(errors) == 1 and "告警通道 'hook' 意外出错：RuntimeError: bug" in errors[0], errors
