"""Serve the three demo sites over real HTTP from one ThreadingHTTPServer.

Usage::

    with DemoSites() as sites:          # 127.0.0.1, a free port
        urlopen(sites.base_url + "/news/")

    python -m demo.server --port 8800 [--extra-pages 20000]

URL scheme (every site lives under its own prefix on the same host):

``/robots.txt``             allows everything except ``/private/``; names ``/sitemap.xml``
``/sitemap.xml``            sitemap index pointing at ``/news/sitemap.xml``
``/private/admin.html``     linked from the P2P footer but disallowed by robots.txt

News portal 金盾财经网 (``/news/``):
``/news/``                                   front page
``/news/<ch>/index.html``, ``index_<n>.html`` channel lists (ch: finance, law; roll
                                             only with extra_pages), 下一页 links
``/news/<ch>/<yyyymm>/t<yyyymmdd>_<id>.html`` articles (UTF-8, GBK, or GB2312 declared
                                             only in <meta http-equiv>)
``/news/about.html``, ``/news/rss.xml``, ``/news/sitemap.xml``
One listed article (id 1017) is a 404; article 1015 is empty; 1014 is malformed HTML.

Forum 财友汇, Discuz! X style (``/forum/``; ``/forum/`` redirects 301 to forum.php):
``/forum/forum.php``                 board index
``/forum/forum-<fid>-<page>.html``   board thread lists (forumdisplay), paginated
``/forum/thread-<tid>-<page>-1.html`` thread pages (viewthread), 5 posts per page

P2P platform 鑫盛宝 (``/p2p/``):
``/p2p/``, ``/p2p/about.html`` (company profile), ``/p2p/safety.html``
``/p2p/invest/list.html[?page=<n>]``  product list; ``/p2p/invest/detail.html?pid=<id>``
``/p2p/notice/list.html[?page=<n>]``  announcement list; ``/p2p/notice/<id>.html``

Unknown paths answer 404.  Every page has Last-Modified and honours If-Modified-Since.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import TypedDict
from urllib.parse import urlsplit

from demo.content import SiteContent, build_content
from demo.pages import Resource


class SiteSpec(TypedDict):
    """How a crawler source can describe one demo site; patterns are for re.search on URLs."""

    name: str
    type: str
    title: str
    start_path: str
    allow_prefix: str
    list_patterns: list[str]
    item_patterns: dict[str, str]


SITES: tuple[SiteSpec, ...] = (
    {
        "name": "demo-news",
        "type": "news",
        "title": "金盾财经网",
        "start_path": "/news/",
        "allow_prefix": "/news/",
        "list_patterns": [r"/news/(?:finance|law|roll)/index(?:_\d+)?\.html$"],
        "item_patterns": {"article": r"/news/(?:finance|law|roll)/\d{6}/t\d{8}_\d+\.html$"},
    },
    {
        "name": "demo-forum",
        "type": "forum",
        "title": "财友汇",
        "start_path": "/forum/forum.php",
        "allow_prefix": "/forum/",
        "list_patterns": [r"/forum/forum\.php$", r"/forum/forum-\d+-\d+\.html$"],
        "item_patterns": {"thread": r"/forum/thread-\d+-\d+-\d+\.html$"},
    },
    {
        "name": "demo-p2p",
        "type": "p2p",
        "title": "鑫盛宝",
        "start_path": "/p2p/",
        "allow_prefix": "/p2p/",
        "list_patterns": [r"/p2p/(?:invest|notice)/list\.html(?:\?page=\d+)?$"],
        "item_patterns": {
            "profile": r"/p2p/about\.html$",
            "product": r"/p2p/invest/detail\.html\?pid=\d+$",
            "announcement": r"/p2p/notice/\d+\.html$",
        },
    },
)

_NOT_FOUND = (
    '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>404 Not Found</title></head>'
    "<body><h1>404 Not Found</h1><p>您访问的页面不存在或已被删除。</p></body></html>\n"
).encode()


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the server's SiteContent; logs nothing."""

    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "TianluoDemo/1.0"
    disable_nagle_algorithm = True  # headers and body go out in two writes; avoid 40 ms stalls

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet: no line on stderr per request."""

    def _answer(self, *, with_body: bool) -> None:
        target = self.path
        if not target.startswith("/"):
            parts = urlsplit(target)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        resource = self.server.content.get(target.split("#", 1)[0])
        if resource is None:
            self._send(404, "text/html; charset=utf-8", _NOT_FOUND, (), with_body)
            return
        if self._not_modified(resource):
            self._send(304, resource.content_type, b"", self._dated(resource), False)
            return
        headers = self._dated(resource) + resource.headers
        self._send(resource.status, resource.content_type, resource.body, headers, with_body)

    def _dated(self, resource: Resource) -> tuple[tuple[str, str], ...]:
        stamp = resource.last_modified.astimezone(UTC)
        return (("Last-Modified", format_datetime(stamp, usegmt=True)),)

    def _not_modified(self, resource: Resource) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or resource.status != 200:
            return False
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if when.tzinfo is None:
            return False
        return int(resource.last_modified.timestamp()) <= int(when.timestamp())

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        headers: tuple[tuple[str, str], ...],
        with_body: bool,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if with_body and body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    content: SiteContent

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-request (a killed crawler) is not an error."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class DemoSites:
    """The demo news portal, forum and P2P platform on one local HTTP server."""

    def __init__(self, port: int = 0, *, host: str = "127.0.0.1", extra_pages: int = 0) -> None:
        """Configure; nothing is bound until ``start()``.

        ``port`` 0 picks a free port.  ``extra_pages`` adds that many generated
        ordinary articles under /news/roll/ for long benchmark crawls.
        """
        if extra_pages < 0:
            raise ValueError(f"extra_pages must be >= 0, got {extra_pages}")
        self.host = host
        self.port = port
        self.extra_pages = extra_pages
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running server (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("DemoSites is not started: call start() first")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def content(self) -> SiteContent:
        """The resources being served."""
        if self._server is None:
            raise RuntimeError("DemoSites is not started: call start() first")
        return self._server.content

    def start(self) -> str:
        """Bind, build the content and serve in a background thread; return the base URL."""
        if self._server is not None:
            return self.base_url
        try:
            server = _Server((self.host, self.port), _Handler, bind_and_activate=True)
        except OSError as exc:
            raise OSError(f"cannot listen on {self.host}:{self.port}: {exc}") from exc
        self._server = server
        server.content = build_content(self.base_url, self.extra_pages)
        self._thread = threading.Thread(
            target=server.serve_forever, name="demo-sites", kwargs={"poll_interval": 0.1}
        )
        self._thread.daemon = True
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving and close the socket (safe to call twice)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on the running server."""
        return self.base_url + path

    def __enter__(self) -> DemoSites:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the demo sites in the foreground until Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(
        prog="python -m demo.server", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8800, help="port to bind, 0 for any (default 8800)"
    )
    parser.add_argument("--extra-pages", type=int, default=0, help="generated articles to add")
    args = parser.parse_args(argv)
    sites = DemoSites(args.port, host=args.host, extra_pages=args.extra_pages)
    try:
        base = sites.start()
    except (OSError, ValueError) as exc:
        print(f"demo.server: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    print(base, flush=True)
    while not done.wait(0.5):
        pass
    sites.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
