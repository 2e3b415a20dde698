"""The read-only web view over real HTTP."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from reports import write_daily_brief
from reports.serve import TianluoServer, make_server
from tests.reports.html import assert_inert, parse
from tests.reports.seed import DAY, HOSTILE_NAME, RISKY, SCRIPT
from tianluo.app.context import App


@pytest.fixture
def server(app: App) -> Iterator[TianluoServer]:
    write_daily_brief(app, DAY)
    srv = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join()


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read().decode()


def test_archive_and_brief(server: TianluoServer) -> None:
    status, headers, body = get(server.url + "/")
    assert status == 200
    assert "script-src" not in headers["Content-Security-Policy"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    tree = parse(body)
    assert tree.xpath("//form[@action='/search']")
    href = tree.xpath("//ul[@class='archive-list']//a/@href")[0]
    status, _, brief = get(f"{server.url}/{href}")
    assert status == 200 and RISKY in brief
    assert_inert(parse(brief))


def test_enterprise_page_for_a_hostile_name(server: TianluoServer) -> None:
    status, _, body = get(f"{server.url}/enterprise/{quote(HOSTILE_NAME, safe='')}?days=9999")
    assert status == 200
    tree = parse(body)
    assert_inert(tree)
    assert HOSTILE_NAME in tree.findtext(".//h1")


def test_search(server: TianluoServer) -> None:
    status, _, body = get(f"{server.url}/search?q={quote(RISKY)}")
    assert status == 200
    tree = parse(body)
    assert_inert(tree)
    assert len(tree.xpath("//ul[@class='docs' or contains(@class,'docs')]/li")) == 2
    status, _, body = get(f"{server.url}/search?q={quote(SCRIPT)}")
    assert status == 200 and SCRIPT in parse(body).text_content()
    assert_inert(parse(body))


@pytest.mark.parametrize(
    "path", ["/briefs/../t.db", "/briefs/%2e%2e%2ft.db", "/nope", "/briefs/2025-13-45.html"]
)
def test_not_found(server: TianluoServer, path: str) -> None:
    status, _, body = get(server.url + path)
    assert status == 404
    assert "SQLite" not in body


def test_read_only(server: TianluoServer) -> None:
    status, headers, _ = get(server.url + "/", method="POST")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    status, _, body = get(server.url + "/", method="HEAD")
    assert status == 200 and body == ""
