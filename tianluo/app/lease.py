"""A lease in Redis: one holder at a time, lost by a holder that stops renewing it.

``tianluo schedule`` daemons that share ``schedule.redis_url`` take the lease
``<prefix>:scheduler:lease``; the holder runs the jobs, the others wait.  A holder renews
the lease every third of its time and gives up running jobs as soon as a renewal fails,
so two holders never overlap; a holder killed outright loses the lease when it expires,
and a waiting daemon takes it within ``lease_seconds * 4 / 3``.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# Take the lease when it is free, or extend it when this owner holds it.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
# Drop the lease only when this owner holds it.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def owner_name() -> str:
    """host:pid:random, so a restarted daemon never mistakes an old lease for its own."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Lease:
    """One named lease of ``seconds`` in the Redis at ``client``."""

    def __init__(self, client: Any, key: str, seconds: float, owner: str | None = None) -> None:
        self.client = client
        self.key = key
        self.seconds = seconds
        self.owner = owner or owner_name()
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)

    def acquire(self) -> bool:
        """Take or extend the lease; False when another owner holds it."""
        return bool(self._acquire(keys=[self.key], args=[self.owner, int(self.seconds * 1000)]))

    def release(self) -> None:
        self._release(keys=[self.key], args=[self.owner])

    def holder(self) -> str | None:
        value = self.client.get(self.key)
        return value.decode() if isinstance(value, bytes) else value


class LeaseKeeper:
    """A daemon thread that keeps trying the lease every third of its time and calls
    ``on_gained`` / ``on_lost`` when this process starts or stops holding it."""

    def __init__(
        self, lease: Lease, *, on_gained: Callable[[], None], on_lost: Callable[[], None]
    ) -> None:
        self.lease = lease
        self.on_gained = on_gained
        self.on_lost = on_lost
        self.held = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tianluo-lease", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop renewing and give the lease back, so a waiting daemon takes over at once."""
        self._stop.set()
        self._thread.join(timeout=self.lease.seconds)
        if self.held:  # the scheduler is already shut down: nothing to pause
            self.held = False
            try:
                self.lease.release()
            except Exception as exc:  # Redis gone: the lease expires by itself
                log.warning("无法释放调度租约：%s", exc)

    def _run(self) -> None:
        interval = self.lease.seconds / 3
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                held = self.lease.acquire()
            except Exception as exc:
                log.warning("调度租约：无法连接 Redis（%s）；暂不运行任务", exc)
                held = False
            if held != self.held and not self._stop.is_set():
                self._set(held)
            self._stop.wait(max(0.0, interval - (time.monotonic() - started)))

    def _set(self, held: bool) -> None:
        self.held = held
        if held:
            log.warning("调度租约 %s 由 %s 取得：开始运行任务", self.lease.key,
                        self.lease.owner)  # fmt: skip
            self.on_gained()
        else:
            log.warning("调度租约 %s 已失去：任务暂停等待", self.lease.key)
            self.on_lost()
