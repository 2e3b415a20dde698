"""Channels against real loopback servers; delivery retried until accepted, exactly once."""

from __future__ import annotations

import email
import re
import ssl
from collections.abc import Callable
from datetime import timedelta
from email import policy
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from alerts.channels import build_channel
from alerts.channels.dingtalk import signed_url
from alerts.engine import AlertEngine
from alerts.model import Message
from indexer.sqlite import SQLiteStore
from tests.alerts.conftest import NOW, SMTP_PASSWORD, SMTP_USER, MailBox, make_doc, write_rule
from tests.alerts.servers import HTTPReceiver, free_port
from tianluo.errors import ChannelError

Build = Callable[..., AlertEngine]


def seed(store: SQLiteStore, title: str = "甲公司<script>承诺年化 30%") -> None:
    store.upsert(
        [make_doc(1, hours_ago=1, risk=True, score=12.0, title=title, enterprises=("甲公司",))]
    )


def hook_engine(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, url: str, **alerts: Any
) -> AlertEngine:
    """A seeded store, a score rule sending to channel ``hook`` (a webhook at ``url``)."""
    seed(store)
    write_rule(rules_dir, "score", type="threshold", min_score=10, channels=["hook"])
    return make_engine({"hook": {"type": "webhook", "url": url}}, **alerts)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a":
            self.links.append((found.get("class") or "", found.get("href") or ""))


def test_email_starttls_and_auth_reaches_real_smtp_server(
    store: SQLiteStore,
    rules_dir: Path,
    make_engine: Build,
    smtp_server: tuple[Controller, MailBox],
    tls_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller, box = smtp_server
    monkeypatch.setenv("TEST_SMTP_PASSWORD", SMTP_PASSWORD)
    seed(store)
    write_rule(rules_dir, "score", type="threshold", min_score=10, channels=["mail"])
    channel = {
        "type": "email",
        "host": "127.0.0.1",
        "port": controller.port,
        "starttls": True,
        "username": SMTP_USER,
        "password": {"env": "TEST_SMTP_PASSWORD"},
        "sender": "tianluo@example.org",
        "to": ["duty@example.org"],
        "ca_certs": str(tls_files[0]),
    }
    report = make_engine({"mail": channel}).run(now=NOW)
    assert report.delivery.sent == 1, report.delivery.errors
    [envelope] = box.envelopes
    assert box.tls == [True]
    assert envelope.rcpt_tos == ["duty@example.org"]
    mail = email.message_from_bytes(envelope.original_content or b"", policy=policy.default)
    assert mail["Subject"] == "【天罗·关注】score（1 项）"
    html_part, text_part = mail.get_body(("html",)), mail.get_body(("plain",))
    assert html_part is not None and text_part is not None
    html = html_part.get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html  # autoescaped
    parser = Links()
    parser.feed(html)
    kinds = dict(parser.links)
    assert kinds["enterprise"] == "http://tianluo.test/enterprise/%E7%94%B2%E5%85%AC%E5%8F%B8"
    assert kinds["document"] == "https://news-a.example.cn/a/1.html"
    text = text_part.get_content()
    assert "甲公司" in text and "https://news-a.example.cn/a/1.html" in text


def test_email_wrong_password_is_a_failure(
    smtp_server: tuple[Controller, MailBox],
    tls_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    make_engine: Build,
) -> None:
    controller, box = smtp_server
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    engine = make_engine(
        {
            "mail": {
                "type": "email",
                "host": "127.0.0.1",
                "port": controller.port,
                "username": SMTP_USER,
                "password": {"env": "TEST_SMTP_PASSWORD"},
                "sender": "a@example.org",
                "to": ["b@example.org"],
                "ca_certs": str(tls_files[0]),
            }
        }
    )
    config = engine.settings.alerts.channels["mail"]
    message = Message("id1", "t", "m", "x", "<p>x</p>", {})
    refused = f"告警通道 'mail'（email）：127.0.0.1:{controller.port} 拒绝了用户 '{SMTP_USER}' 的登录：535"
    with pytest.raises(ChannelError, match=re.escape(refused)):
        build_channel("mail", config).send(message)
    assert box.envelopes == []


def test_email_implicit_tls(tls_files: tuple[Path, Path], make_engine: Build) -> None:
    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = MailBox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), ssl_context=context)
    controller.start()
    try:
        engine = make_engine(
            {
                "mail": {
                    "type": "email",
                    "host": "127.0.0.1",
                    "port": controller.port,
                    "ssl": True,
                    "sender": "a@example.org",
                    "to": ["b@example.org"],
                    "ca_certs": str(cert),
                }
            }
        )
        build_channel("mail", engine.settings.alerts.channels["mail"]).send(
            Message("id1", "subject", "m", "text", "<p>x</p>", {})
        )
    finally:
        controller.stop()
    assert len(box.envelopes) == 1  # SMTP_SSL only talks to a TLS listener


def test_dingtalk_signed_markdown_and_wecom(
    store: SQLiteStore,
    rules_dir: Path,
    make_engine: Build,
    http_receiver: HTTPReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TEST_DING_URL", http_receiver.url("/ding?access_token=tok"))
    monkeypatch.setenv("TEST_DING_SECRET", "SEC123abc")
    http_receiver.state.ding_secret = "SEC123abc"
    seed(store, title="甲公司[点此](http://evil.example) 跑路")
    write_rule(rules_dir, "score", type="threshold", min_score=10, channels=["ding", "wx"])
    channels = {
        "ding": {
            "type": "dingtalk",
            "url": {"env": "TEST_DING_URL"},
            "secret": {"env": "TEST_DING_SECRET"},
        },
        "wx": {"type": "wecom", "url": http_receiver.url("/wecom?key=abc")},
    }
    report = make_engine(channels).run(now=NOW)
    assert report.delivery.sent == 2, report.delivery.errors
    [ding] = http_receiver.state.on("/ding")
    assert ding.sign_ok is True and ding.query["access_token"] == ["tok"]
    assert ding.body["msgtype"] == "markdown"
    text = ding.body["markdown"]["text"]
    assert "[企业报告](http://tianluo.test/enterprise/" in text
    assert "(https://news-a.example.cn/a/1.html)" in text
    assert "\\[点此\\]\\(http://evil.example\\)" in text  # page text cannot inject a link
    [wx] = http_receiver.state.on("/wecom")
    assert wx.body["msgtype"] == "markdown" and "甲公司" in wx.body["markdown"]["content"]


def test_dingtalk_bad_signature_and_errcode_are_failures(
    http_receiver: HTTPReceiver, make_engine: Build
) -> None:
    http_receiver.state.ding_secret = "right"
    engine = make_engine(
        {
            "ding": {
                "type": "dingtalk",
                "url": http_receiver.url("/ding?access_token=t"),
                "secret": {"env": "TEST_WRONG_SECRET"},
            },
            "wx": {"type": "wecom", "url": http_receiver.url("/wecom?key=k")},
        }
    )
    message = Message("id1", "t", "m", "x", "<p>x</p>", {})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TEST_WRONG_SECRET", "wrong")
        with pytest.raises(
            ChannelError, match="告警通道 'ding'（dingtalk）：拒收消息：errcode 310000"
        ):
            build_channel("ding", engine.settings.alerts.channels["ding"]).send(message)
    http_receiver.state.errcode = 93000
    with pytest.raises(
        ChannelError, match="告警通道 'wx'（wecom）：拒收消息：errcode 93000，errmsg 'bad'"
    ):
        build_channel("wx", engine.settings.alerts.channels["wx"]).send(message)
    assert len(http_receiver.state.requests) == 2


def test_signed_url_format() -> None:
    url = signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "SEC", 1700000000000)
    assert url.startswith(
        "https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1700000000000&sign="
    )
    assert "+" not in url.split("sign=")[1] and "/" not in url.split("sign=")[1]


def test_channel_down_then_up_receives_exactly_once(
    store: SQLiteStore, rules_dir: Path, make_engine: Build
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    engine = hook_engine(store, rules_dir, make_engine, url, retry_delay=60)
    first = engine.run(now=NOW)
    assert first.delivery.retrying == 1
    assert (
        f"-> hook：告警通道 'hook'（webhook）：无法连接 http://127.0.0.1:{port}/hook："
        in first.delivery.errors[0]
    )
    assert first.delivery.errors[0].endswith("（已失败 1 次，稍后重试）")
    [pending] = store.alert_history()
    assert (
        pending.status == "pending" and pending.attempts == 1 and "refused" in (pending.error or "")
    )
    # not yet due: backoff holds it back
    assert engine.run(now=NOW + timedelta(seconds=30)).delivery.sent == 0
    receiver = HTTPReceiver(port)
    try:
        second = engine.run(now=NOW + timedelta(minutes=2))
        assert second.delivery.sent == 1
        assert engine.run(now=NOW + timedelta(hours=1)).delivery.sent == 0
        assert engine.retry(now=NOW + timedelta(hours=2)).sent == 0
        assert len(receiver.state.on("/hook")) == 1
    finally:
        receiver.stop()
    [record] = store.alert_history()
    assert record.status == "sent" and record.attempts == 2 and record.sent_at is not None


def test_dead_after_max_attempts_shown_in_history_and_revivable(
    store: SQLiteStore, rules_dir: Path, make_engine: Build
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook"
    engine = hook_engine(store, rules_dir, make_engine, url, max_attempts=3, retry_delay=10)
    for minutes in (0, 1, 2, 3):
        engine.run(now=NOW + timedelta(minutes=minutes))
    [record] = store.alert_history()
    assert record.status == "dead" and record.attempts == 3
    receiver = HTTPReceiver(port)
    try:
        assert engine.retry(now=NOW + timedelta(minutes=5)).sent == 0  # dead stays dead
        assert engine.retry(now=NOW + timedelta(minutes=6), dead=True).sent == 1
    finally:
        receiver.stop()
    assert len(receiver.state.requests) == 1
    assert store.alert_history()[0].status == "sent"


def test_missing_channel_settings_are_named(make_engine: Build) -> None:
    engine = make_engine({"mail": {"type": "email"}})
    with pytest.raises(
        ChannelError, match=r"告警通道 'mail'（email）缺少设置 alerts\.channels\.mail\.host"
    ):
        build_channel("mail", engine.settings.alerts.channels["mail"])
