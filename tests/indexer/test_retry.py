"""Retries on 429 and 5xx through a real local proxy in front of the real engine.

The proxy forwards every request to the test engine, except that it answers the
first bulk requests with 429 and 503 and marks one item of a later bulk answer as
429, as an overloaded cluster does.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.search import OpenSearchStore
from tests.indexer.conftest import FAST_RETRY, drop_indices
from tests.indexer.seed import corpus
from tests.services import service_url

pytestmark = pytest.mark.engine


class FlakyProxy(ThreadingHTTPServer):
    """Forwards to ``upstream``; refuses the first bulks, then fakes one item-level 429."""

    def __init__(self, upstream: str, refusals: list[int]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = upstream
        self.refusals = refusals
        self.item_refusals = 1
        self.seen: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: FlakyProxy

    def log_message(self, *args: object) -> None:
        pass

    def _forward(self) -> None:
        size = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(size) if size else None
        bulk = self.path.startswith("/_bulk")
        if bulk and self.server.refusals:
            status = self.server.refusals.pop(0)
            self.server.seen.append(f"refused {status}")
            self._send(status, {"error": {"type": "es_rejected_execution_exception"}})
            return
        request = urllib.request.Request(
            self.server.upstream + self.path, data=body, method=self.command
        )
        for key in ("content-type", "accept"):
            if self.headers.get(key):
                request.add_header(key, self.headers[key])
        try:
            with urllib.request.urlopen(request) as answer:
                status, data = answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            status, data = exc.code, exc.read()
        if bulk and status == 200 and self.server.item_refusals:
            self.server.item_refusals -= 1
            decoded = json.loads(data)
            first = next(iter(decoded["items"][0].values()))
            first.update(status=429, error={"type": "es_rejected_execution_exception"})
            decoded["errors"] = True
            self.server.seen.append("item 429")
            data = json.dumps(decoded).encode()
        self.server.seen.append(f"{self.command} {self.path.split('?')[0]} {status}")
        self._send(status, data)

    def _send(self, status: int, payload: object) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward


@pytest.fixture()
def proxy() -> Iterator[FlakyProxy]:
    server = FlakyProxy(service_url("opensearch"), refusals=[429, 503])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_429_and_5xx_are_retried_without_loss_or_doubles(proxy: FlakyProxy, tmp_path: Path) -> None:
    store = OpenSearchStore(
        proxy.url,
        index_prefix="tretry",
        spool_dir=tmp_path / "spool",
        replicas=0,
        retry=FAST_RETRY,
        batch_size=3,
    )
    store.init()
    try:
        docs = corpus()
        result = store.upsert(docs)
        assert (result.created, result.failed, result.spooled) == (8, [], 0)
        assert [s for s in proxy.seen if s.startswith("refused")] == ["refused 429", "refused 503"]
        assert "item 429" in proxy.seen
        assert store.count() == 8
        assert store.upsert(docs).unchanged == 8
    finally:
        drop_indices(store)
        store.close()
