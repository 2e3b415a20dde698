"""An SMTP server that is down and then comes back receives the alert exactly once."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from alerts.engine import AlertEngine
from indexer.sqlite import SQLiteStore
from tests.alerts.conftest import (
    NOW,
    SMTP_PASSWORD,
    SMTP_USER,
    MailBox,
    _authenticate,
    make_doc,
    write_rule,
)
from tests.alerts.servers import free_port


def test_smtp_down_then_up_receives_the_alert_exactly_once(
    store: SQLiteStore,
    rules_dir: Path,
    make_engine: Callable[..., AlertEngine],
    tls_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    figure: Callable[[str, object], None],
) -> None:
    monkeypatch.setenv("TEST_SMTP_PASSWORD", SMTP_PASSWORD)
    store.upsert(
        [
            make_doc(
                1,
                hours_ago=1,
                risk=True,
                score=12.0,
                title="甲公司承诺年化30%",
                enterprises=("甲公司",),
            )
        ]
    )
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["mail"])
    port = free_port()
    channel = {
        "type": "email",
        "host": "127.0.0.1",
        "port": port,
        "starttls": True,
        "username": SMTP_USER,
        "password": {"env": "TEST_SMTP_PASSWORD"},
        "sender": "tianluo@example.org",
        "to": ["duty@example.org"],
        "ca_certs": str(tls_files[0]),
    }
    engine = make_engine({"mail": channel}, retry_delay=60)
    down = engine.run(now=NOW)
    assert down.delivery.sent == 0 and down.delivery.retrying == 1
    [pending] = store.alert_history()
    assert pending.status == "pending"

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*tls_files)
    box = MailBox()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    try:
        assert engine.run(now=NOW + timedelta(minutes=2)).delivery.sent == 1
        assert engine.run(now=NOW + timedelta(hours=1)).delivery.sent == 0
        assert engine.retry(now=NOW + timedelta(hours=2)).sent == 0
    finally:
        controller.stop()
    assert len(box.envelopes) == 1
    [record] = store.alert_history()
    assert record.status == "sent" and record.attempts == 2
    figure("SMTP outages injected", 1)
    figure("alerts lost", 0)
    figure("alerts sent twice", len(box.envelopes) - 1)
