"""``tianluo serve``: a read-only web view of the archive, briefs, enterprise reports and search.

Only GET and HEAD are answered; nothing is ever written.  Every page is rendered
with autoescape and sent with a Content-Security-Policy that forbids scripts.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from reports.brief import Shown
from reports.enterprise import build_enterprise_report
from reports.render import render
from reports.writer import (
    BRIEF_NAME,
    briefs_dir,
    render_archive,
    render_brief,
    render_enterprise,
    report_environment,
)

if TYPE_CHECKING:
    from indexer.context import StoreContext

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
MAX_QUERY = 200
MAX_DAYS = 366
SEARCH_LIMIT = 50


class Handler(BaseHTTPRequestHandler):
    """Routes: /, /index.html, /briefs/YYYY-MM-DD.html, /enterprise/<name>, /search?q=."""

    server: TianluoServer
    server_version = "Tianluo"
    sys_version = ""

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _refuse(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, self._error_page(405, "只读服务，不接受写入。"))

    do_POST = do_PUT = do_DELETE = do_PATCH = _refuse

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _respond(self, *, head: bool) -> None:
        parts = urlsplit(self.path)
        try:
            status, body = self._route(unquote(parts.path), parse_qs(parts.query))
        except Exception:
            log.exception("serving %s failed", self.path)
            status, body = (
                HTTPStatus.INTERNAL_SERVER_ERROR,
                self._error_page(500, "服务器内部错误。"),
            )
        self._send(status, body, head=head)

    def _route(self, path: str, query: dict[str, list[str]]) -> tuple[HTTPStatus, str]:
        settings = self.server.app.settings
        if path in ("/", "/index.html"):
            return HTTPStatus.OK, render_archive(settings, search=True)
        if path.startswith("/briefs/"):
            return self._brief(path.removeprefix("/briefs/"))
        if path.startswith("/enterprise/"):
            name = path.removeprefix("/enterprise/").strip()
            days = _int(query.get("days", ["30"])[0], 30)
            if not name:
                return HTTPStatus.NOT_FOUND, self._error_page(404, "请指定企业名称。")
            report = build_enterprise_report(self.server.app.store, [name], days=days)
            return HTTPStatus.OK, render_enterprise(settings, report)
        if path == "/search":
            return HTTPStatus.OK, self._search(query.get("q", [""])[0][:MAX_QUERY].strip())
        return HTTPStatus.NOT_FOUND, self._error_page(404, "页面不存在。")

    def _brief(self, name: str) -> tuple[HTTPStatus, str]:
        match = BRIEF_NAME.match(name)
        if not match:
            return HTTPStatus.NOT_FOUND, self._error_page(404, "日报不存在。")
        file = briefs_dir(self.server.app.settings) / name
        if file.is_file():
            return HTTPStatus.OK, file.read_text(encoding="utf-8")
        try:
            day = date.fromisoformat(match[1])
        except ValueError:
            return HTTPStatus.NOT_FOUND, self._error_page(404, "日期无效。")
        return HTTPStatus.OK, render_brief(self.server.app, day)[1]

    def _search(self, text: str) -> str:
        docs = self.server.app.store.search(text, limit=SEARCH_LIMIT) if text else []
        reach = self.server.app.store.cluster_reach([d.cluster_id for d in docs])
        results = [Shown(d, max(reach.get(d.cluster_id, 1), 1)) for d in docs]
        env = report_environment(self.server.app.settings)
        return render(env, "search.html", query=text, results=results)

    def _error_page(self, status: int, message: str) -> str:
        env = report_environment(self.server.app.settings)
        reason = HTTPStatus(status).phrase
        return render(env, "error.html", status=status, reason=reason, message=message)

    def _send(self, status: HTTPStatus, body: str, *, head: bool = False) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, HEAD")
        self.end_headers()
        if not head:
            self.wfile.write(data)


def _int(text: str, default: int) -> int:
    return min(max(int(text), 1), MAX_DAYS) if re.fullmatch(r"\d{1,4}", text) else default


class TianluoServer(ThreadingHTTPServer):
    """The HTTP server, holding the StoreContext the handlers read from."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], app: StoreContext) -> None:
        self.app = app
        super().__init__(address, Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


def make_server(app: StoreContext, host: str = "127.0.0.1", port: int = 8765) -> TianluoServer:
    """Bind the server (port 0 picks a free port); call serve_forever() to run it."""
    return TianluoServer((host, port), app)
