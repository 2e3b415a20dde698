"""The test harness's own promise: a service that fails to start, or an interrupted start,
leaves no process of it behind (scripts/services/start-all.sh and stop-all.sh)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.services import unavailable

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts" / "services"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _ours(home: Path) -> list[int]:
    """Live processes whose working folder or command line lies under ``home``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = os.readlink(proc / "cwd")
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(str(home)) or f"{home}/" in cmd:
            found.append(int(proc.name))
    return found


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """A private state folder, so the suite's own services are never touched."""
    if shutil.which("redis-server") is None:
        unavailable("redis-server is not installed; run scripts/services/packages.sh")
    folder = tmp_path / "services"
    folder.mkdir()
    yield folder.resolve()
    subprocess.run(
        ["bash", str(SCRIPTS / "stop-all.sh")],
        env=_env(folder, {}),
        capture_output=True,
        timeout=120,
    )


def _env(home: Path, extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, "TIANLUO_SERVICES_HOME": str(home), **extra}


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: object) -> None:
        return


def test_a_service_that_cannot_start_stops_the_others(home: Path) -> None:
    taken = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    threading.Thread(target=taken.serve_forever, daemon=True).start()
    redis_port = _free_port()
    try:
        run = subprocess.run(
            ["bash", str(SCRIPTS / "start-all.sh")],
            env=_env(
                home,
                {
                    "TIANLUO_SERVICES": "redis elasticsearch",
                    "TIANLUO_REDIS_PORT": str(redis_port),
                    "TIANLUO_ES_PORT": str(taken.server_address[1]),
                },
            ),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        taken.shutdown()
        taken.server_close()
    assert run.returncode == 1, run.stdout + run.stderr
    assert "service elasticsearch: FAILED" in run.stderr
    assert "already answers" in run.stderr
    assert "service redis: ok" in run.stdout, (
        "redis must have started for this test to mean anything"
    )
    assert not _answers(redis_port), "redis was left running after the failed start"
    assert _ours(home) == []


def test_stop_all_ends_and_reports_a_left_over_process(home: Path) -> None:
    stray = subprocess.Popen(["sleep", "120"], cwd=home)
    try:
        run = subprocess.run(
            ["bash", str(SCRIPTS / "stop-all.sh")],
            env=_env(home, {}),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 1
        assert f"pid {stray.pid} was still running" in run.stderr
        assert stray.wait(timeout=10) is not None
    finally:
        stray.kill()
    assert _ours(home) == []


def test_an_interrupted_start_stops_what_it_started(home: Path) -> None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        unavailable("java is not installed (OpenSearch needs it)")
    redis_port, search_port = _free_port(), _free_port()
    start = subprocess.Popen(
        ["bash", str(SCRIPTS / "start-all.sh")],
        env=_env(
            home,
            {
                "TIANLUO_SERVICES": "redis opensearch",
                "TIANLUO_REDIS_PORT": str(redis_port),
                "TIANLUO_OPENSEARCH_PORT": str(search_port),
            },
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    pidfile = home / "opensearch" / f"opensearch-{search_port}.pid"
    deadline = time.monotonic() + 240
    while not (_answers(redis_port) and pidfile.exists()):
        assert start.poll() is None, start.communicate()
        assert time.monotonic() < deadline, "redis and the OpenSearch node never both started"
        time.sleep(0.2)
    node = int(pidfile.read_text())
    start.send_signal(signal.SIGTERM)
    out, err = start.communicate(timeout=120)
    assert start.returncode == 130, out + err
    assert "interrupted" in err
    assert not _answers(redis_port)
    assert not Path(f"/proc/{node}").exists() or _zombie(node)
    assert _ours(home) == []


def _zombie(pid: int) -> bool:
    try:
        return "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
