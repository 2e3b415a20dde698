"""Two real `tianluo schedule` daemons sharing a real Redis run each job once per trigger;
the holder of the lease killed with SIGKILL hands its jobs to the other in stated time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import yaml

from tests.services import redis_prefix, service_url

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[2]
LEASE = 1.5  # seconds; a dead holder's jobs move within LEASE * 4 / 3


def config(tmp_path: Path, name: str, url: str, prefix: str) -> Path:
    home = tmp_path / name
    home.mkdir()
    settings = {"data_dir": str(home / "var"),
                "schedule": {"redis_url": url, "redis_prefix": prefix, "lease_seconds": LEASE}}  # fmt: skip
    path = home / "tianluo.yaml"
    path.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return path


def daemon(path: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reports.lease_daemon", str(path), str(out)],
        env=env,
        stderr=subprocess.DEVNULL,
    )


def runs(out: Path) -> list[tuple[int, float]]:
    if not out.exists():
        return []
    rows = [line.split() for line in out.read_text().splitlines() if line.strip()]
    return [(int(pid), float(at)) for pid, at in rows]


def wait_for(check: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[tuple[str, str]]:
    with redis_prefix() as prefix:
        yield service_url("redis"), prefix


def test_two_daemons_run_each_trigger_once_and_fail_over(
    tmp_path: Path, shared: tuple[str, str]
) -> None:
    url, prefix = shared
    out = tmp_path / "runs.txt"
    first = daemon(config(tmp_path, "a", url, prefix), out)
    second: subprocess.Popen[bytes] | None = None
    try:
        wait_for(lambda: len(runs(out)) >= 2, 60)
        second = daemon(config(tmp_path, "b", url, prefix), out)
        both_from = time.time()
        time.sleep(5)
        both_until = time.time()
        window = [r for r in runs(out) if both_from <= r[1] < both_until]
        # both daemons alive: only the lease holder runs, once per one-second trigger
        assert {pid for pid, _ in window} == {first.pid}
        assert 4 <= len(window) <= 6

        first.send_signal(signal.SIGKILL)
        killed_at = time.time()
        first.wait()
        wait_for(lambda: any(pid == second.pid for pid, _ in runs(out)), 30)
        taken_at = min(at for pid, at in runs(out) if pid == second.pid)
        failover = taken_at - killed_at
        # lease expiry + one renewal period + the next trigger
        assert failover <= LEASE * 4 / 3 + 1.5, failover
        time.sleep(4)
        after = [at for pid, at in runs(out) if at > taken_at]
        assert all(pid == second.pid for pid, at in runs(out) if at > killed_at)
        assert 3 <= len(after) <= 5  # once per trigger, not twice
        print(f"\nscheduler lease {LEASE}s: failover after SIGKILL {failover:.2f}s")
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)


def test_sigterm_gives_the_lease_back_at_once(tmp_path: Path, shared: tuple[str, str]) -> None:
    url, prefix = shared
    out = tmp_path / "runs.txt"
    first = daemon(config(tmp_path, "a", url, prefix), out)
    second = daemon(config(tmp_path, "b", url, prefix), out)
    try:
        wait_for(lambda: len(runs(out)) >= 2, 60)
        holder, waiting = (first, second) if runs(out)[0][0] == first.pid else (second, first)
        holder.send_signal(signal.SIGTERM)
        assert holder.wait(timeout=30) == 0
        stopped_at = time.time()
        wait_for(lambda: any(pid == waiting.pid for pid, _ in runs(out)), 30)
        taken_at = min(at for pid, at in runs(out) if pid == waiting.pid)
        assert taken_at - stopped_at <= LEASE / 3 + 1.5
        assert redis.Redis.from_url(url).get(f"{prefix}:scheduler:lease") is not None
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
