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
from tests.reports.seed import DAY, HOSTILE_NAME, RISKY, SCRIPT, WATCHED
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


def _results(body: str) -> int:
    return len(parse(body).xpath("//ul[contains(@class,'docs')]/li"))


def test_search_box_has_the_filters_of_tianluo_search(server: TianluoServer) -> None:
    q = quote(RISKY)
    status, _, body = get(f"{server.url}/search?q={q}")
    assert status == 200 and _results(body) == 2
    assert parse(body).xpath("//form//select[@name='since']")
    assert parse(body).xpath("//form//input[@name='enterprise']")
    _, _, body = get(f"{server.url}/search?q={q}&since=7d")  # the seeded days are long past
    assert _results(body) == 0
    assert parse(body).xpath("//option[@value='7d' and @selected]")
    _, _, body = get(f"{server.url}/search?q={q}&enterprise={q}")
    assert _results(body) == 2
    _, _, body = get(f"{server.url}/search?q={q}&enterprise={quote(WATCHED)}")
    assert _results(body) == 0
    status, _, body = get(f"{server.url}/search?q={q}&since=soon")
    assert status == 400 and "时间范围无效" in body


def test_an_over_long_query_gets_our_chinese_414(server: TianluoServer) -> None:
    status, headers, body = get(f"{server.url}/search?q={quote('提现困难' * 3000)}")
    assert status == 414
    assert "请求地址过长" in body and "Request-URI Too Long" not in body
    assert headers["Content-Security-Policy"]


def test_served_brief_links_point_at_this_server(server: TianluoServer) -> None:
    _, _, body = get(f"{server.url}/briefs/{DAY.isoformat()}.html")
    links = parse(body).xpath("//a[contains(@href, '/enterprise/')]/@href")
    assert links and all(link.startswith("/enterprise/") for link in links)
    name = links[0].removeprefix("/enterprise/")
    status, _, _ = get(f"{server.url}/enterprise/{name}")
    assert status == 200
