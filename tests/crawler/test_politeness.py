"""Politeness and limits over real HTTP: robots.txt is obeyed, oversized pages are refused
and counted, and every request carries the configured User-Agent."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from indexer.sqlite import SQLiteStore
from tests.crawler.crawlrun import row, run

ARTICLE = (
    "<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
    "<div class='meta'>2024年3月5日 09:30 来源：测试日报</div><div class='content'>{body}</div></body></html>"
)
PARAGRAPH = "<p>某投资公司承诺年化收益率百分之十八，保本保息，近日多名投资人反映提现困难，公司人去楼空。</p>"


class Site(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []  # noqa: RUF012 - shared by the handler threads of one test

    def do_GET(self) -> None:
        Site.seen.append((self.path, self.headers.get("User-Agent", "")))
        pages = {
            "/robots.txt": b"User-agent: *\nDisallow: /secret/\n",
            "/list.html": b"<a href='/a/1.html'>1</a> <a href='/a/2.html'>2</a> <a href='/secret/3.html'>3</a>",
            "/a/1.html": ARTICLE.format(title="正常文章", body=PARAGRAPH * 5).encode(),
            "/a/2.html": ARTICLE.format(title="超大页面", body=PARAGRAPH * 20000).encode(),
            "/secret/3.html": ARTICLE.format(title="禁止抓取", body=PARAGRAPH * 5).encode(),
        }
        body = pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header(
            "Content-Type",
            "text/html; charset=utf-8" if self.path != "/robots.txt" else "text/plain",
        )
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def site() -> Iterator[str]:
    Site.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_robots_size_limit_and_user_agent(site: str, tmp_path: Path) -> None:
    source = {
        "name": "polite",
        "type": "news",
        "start_urls": [f"{site}/list.html"],
        "allow_private": True,
        "items": {"article": [r"/(a|secret)/\d+\.html$"]},
    }
    (tmp_path / "sources.yaml").write_text(yaml.safe_dump({"sources": [source]}), encoding="utf-8")
    agent = "TianluoTest/1.0 (+test)"
    (tmp_path / "tianluo.yaml").write_text(
        yaml.safe_dump(
            {
                "data_dir": "var",
                "crawl": {
                    "sources": ["sources.yaml"],
                    "max_page_bytes": 200_000,
                    "user_agent": agent,
                    "retries": 0,
                    "autothrottle": False,
                },
            }
        ),
        encoding="utf-8",
    )
    result = run(tmp_path / "tianluo.yaml")
    assert result.returncode == 0, result.stderr[-2000:]
    paths = [p for p, _ in Site.seen]
    assert "/robots.txt" in paths
    assert "/secret/3.html" not in paths  # disallowed: never requested
    assert {ua for _, ua in Site.seen} == {agent}
    with SQLiteStore(tmp_path / "var" / "tianluo.db") as store:
        titles = {d.title for d in store.documents(limit=10)}
    assert titles == {"正常文章"}  # the oversized page was refused
    errors = row(result.stdout, "polite")["errors"]
    assert "按规则跳过" in errors  # the robots refusal is counted ("ignored"), not an error
    assert "下载被中止" in errors, errors  # the oversized page (DownloadCancelledError)
