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
from tianluo.labels import http_status_label
from tianluo.timeutil import now, parse_duration

if TYPE_CHECKING:
    from indexer.context import StoreContext

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
MAX_QUERY = 200
SINCE_CHOICES = ("", "1d", "7d", "30d", "90d", "365d")
# what a reader is told for an error the standard library raises itself
ERROR_MESSAGES = {
    400: "请求格式有误。",
    408: "请求超时，请重试。",
    414: f"请求地址过长：搜索词请不要超过 {MAX_QUERY} 个字。",
    431: "请求头过大。",
    501: "只读服务，不支持此请求方法。",
    505: "不支持的 HTTP 版本。",
}
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

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Every error the standard library answers itself (414, 400 ...) gets our Chinese page."""
        self.close_connection = True
        text = ERROR_MESSAGES.get(code, "请求无法处理。")
        self._send(HTTPStatus(code), self._error_page(code, text), head=self.command == "HEAD")

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _respond(self, *, head: bool) -> None:
        parts = urlsplit(self.path)
        try:
            status, body = self._route(unquote(parts.path), parse_qs(parts.query))
        except Exception:
            log.exception("提供 %s 时出错", self.path)
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
            return HTTPStatus.OK, render_enterprise(settings, report, base_url="")
        if path == "/search":
            return self._search(query)
        return HTTPStatus.NOT_FOUND, self._error_page(404, "页面不存在。")

    def _brief(self, name: str) -> tuple[HTTPStatus, str]:
        match = BRIEF_NAME.match(name)
        if not match:
            return HTTPStatus.NOT_FOUND, self._error_page(404, "日报不存在。")
        file = briefs_dir(self.server.app.settings) / name
        if file.is_file():
            # links written for settings.public_url point at this server instead
            written = f'href="{self.server.app.settings.public_url}/'
            return HTTPStatus.OK, file.read_text(encoding="utf-8").replace(written, 'href="/')
        try:
            day = date.fromisoformat(match[1])
        except ValueError:
            return HTTPStatus.NOT_FOUND, self._error_page(404, "日期无效。")
        return HTTPStatus.OK, render_brief(self.server.app, day, base_url="")[1]

    def _search(self, query: dict[str, list[str]]) -> tuple[HTTPStatus, str]:
        """Search with the filters of ``tianluo search``: enterprise and since."""
        text = query.get("q", [""])[0][:MAX_QUERY].strip()
        enterprise = query.get("enterprise", [""])[0][:MAX_QUERY].strip()
        since = query.get("since", [""])[0].strip()
        if since not in SINCE_CHOICES:
            return HTTPStatus.BAD_REQUEST, self._error_page(400, "时间范围无效。")
        start = now() - parse_duration(since) if since else None
        store = self.server.app.store
        docs = (
            store.search(text, enterprise=enterprise or None, since=start, limit=SEARCH_LIMIT)
            if text
            else []
        )
        reach = store.cluster_reach([d.cluster_id for d in docs])
        results = [Shown(d, max(reach.get(d.cluster_id, 1), 1)) for d in docs]
        env = report_environment(self.server.app.settings)
        page = render(
            env, "search.html", query=text, results=results, enterprise=enterprise, since=since
        )
        return HTTPStatus.OK, page

    def _error_page(self, status: int, message: str) -> str:
        env = report_environment(self.server.app.settings)
        reason = http_status_label(status)
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
