"""Fixtures: a seeded SQLiteStore, a tmp tianluo.yaml with rules, loopback servers."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from alerts.engine import AlertEngine
from indexer.sqlite import SQLiteStore
from tests.alerts.servers import HTTPReceiver, self_signed
from tianluo.app.context import App
from tianluo.models import EnterpriseMention, StoredDocument, content_hash, doc_id_for
from tianluo.settings import load_settings
from tianluo.timeutil import SHANGHAI

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=SHANGHAI)
SMTP_USER, SMTP_PASSWORD = "alerts", "s3cret-pw"


def make_doc(
    n: int,
    *,
    hours_ago: float,
    source: str = "news-a",
    title: str | None = None,
    risk: bool = False,
    score: float = 0.0,
    categories: tuple[str, ...] = (),
    enterprises: tuple[str, ...] = (),
    watch: tuple[str, ...] = (),
    published_days_ago: float | None = None,
    event_type: str | None = None,
) -> StoredDocument:
    """A stored document crawled ``hours_ago`` before NOW."""
    url = f"https://{source}.example.cn/a/{n}.html"
    title = title or f"文章 {n}"
    crawled = NOW - timedelta(hours=hours_ago)
    published = NOW - timedelta(days=published_days_ago) if published_days_ago else None
    mentions = [
        EnterpriseMention(e, e, e in watch, risk, score if risk else 0.0) for e in enterprises
    ]
    return StoredDocument(
        id=doc_id_for(url),
        url=url,
        source=source,
        source_type="news",
        title=title,
        content=f"{title} 正文",
        crawled_at=crawled,
        content_hash=content_hash(title, f"{title} 正文"),
        published_at=published,
        risk=risk,
        risk_score=score,
        categories=list(categories),
        enterprises=list(enterprises),
        risk_enterprises=list(enterprises) if risk else [],
        mentions=mentions,
        cluster_id=f"c{n}",
        event_type=event_type,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "t.db")
    yield s
    s.close()


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    return folder


def write_rule(folder: Path, name: str, **spec: Any) -> Path:
    """Write one rule file ``<name>.yaml``."""
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump({"name": name, **spec}, allow_unicode=True), "utf-8")
    return path


def write_config(tmp_path: Path, channels: dict[str, Any] | None = None, **alerts: Any) -> Path:
    """A tianluo.yaml using tmp_path/t.db and the rules in tmp_path/rules."""
    config = {
        "data_dir": str(tmp_path / "var"),
        "storage": {"backend": "sqlite", "sqlite_path": str(tmp_path / "t.db")},
        "alerts": {
            "rules": [str(tmp_path / "rules" / "*.yaml")],
            "channels": channels or {},
            "base_url": "http://tianluo.test",
            **alerts,
        },
    }
    path = tmp_path / "tianluo.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def make_engine(tmp_path: Path, store: SQLiteStore) -> Iterator[Callable[..., AlertEngine]]:
    """Build an AlertEngine over the seeded store with the given channels."""
    engines: list[AlertEngine] = []

    def build(channels: dict[str, Any] | None = None, **alerts: Any) -> AlertEngine:
        settings = load_settings(write_config(tmp_path, channels, **alerts), environ={})
        engine = AlertEngine(App(settings, _store=store))
        engines.append(engine)
        return engine

    yield build
    for engine in engines:
        engine.close()


@pytest.fixture
def http_receiver() -> Iterator[HTTPReceiver]:
    server = HTTPReceiver()
    yield server
    server.stop()


class MailBox:
    """An aiosmtpd handler that keeps every message."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.tls: list[bool] = []

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        self.tls.append(session.ssl is not None)
        return "250 OK"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, data: Any
) -> AuthResult:
    ok = (
        isinstance(data, LoginPassword)
        and data.login == SMTP_USER.encode()
        and data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    return self_signed(tmp_path)


@pytest.fixture
def smtp_server(tls_files: tuple[Path, Path]) -> Iterator[tuple[Controller, MailBox]]:
    """A real SMTP server on loopback requiring STARTTLS and AUTH."""
    from tests.alerts.servers import free_port

    cert, key = tls_files
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box = MailBox()
    controller = Controller(
        box,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    yield controller, box
    controller.stop()
