"""Real loopback servers for the alert tests: an HTTP receiver and an SMTP server."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    sign_ok: bool | None = None


@dataclass
class Receiver:
    """What the HTTP receiver got, and how it answers."""

    requests: list[Received] = field(default_factory=list)
    ding_secret: str = ""
    errcode: int = 0
    status: int = 200
    """The HTTP status of every answer."""
    raw: bytes | None = None
    """When set, the body of every answer instead of the JSON one."""

    def on(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]


def _expected_sign(secret: str, timestamp: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def make_handler(state: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            got = Received(parts.path, query, dict(self.headers.items()), body)
            answer: dict[str, Any] = {"ok": True}
            if parts.path == "/ding":
                if state.ding_secret:
                    ts, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
                    got.sign_ok = bool(ts) and sign == _expected_sign(state.ding_secret, ts)
                ok = got.sign_ok is not False and state.errcode == 0
                answer = {"errcode": 0 if ok else (state.errcode or 310000), "errmsg": "x"}
            elif parts.path == "/wecom":
                answer = {"errcode": state.errcode, "errmsg": "ok" if not state.errcode else "bad"}
            state.requests.append(got)
            data = json.dumps(answer).encode() if state.raw is None else state.raw
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


class HTTPReceiver:
    """A threaded http.server on loopback recording every POST."""

    def __init__(self, port: int = 0) -> None:
        self.state = Receiver()
        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(self.state))
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost / 127.0.0.1 and its key, written to ``folder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path
