"""Reaching the real services the suite needs.

Under CI (env ``CI`` set) a missing service is a failure, never a skip: a green
run must mean the tests ran.  On a developer machine the test is skipped with
the command that starts the service.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn
from urllib.parse import urlsplit

import pytest

STARTERS = {
    "opensearch": "scripts/services/opensearch.sh start",
    "elasticsearch": "scripts/services/elasticsearch.sh start",
    "elasticsearch9": "scripts/services/elasticsearch9.sh start",
    "opensearch3": "scripts/services/opensearch3.sh start",
    "redis": "scripts/services/redis.sh start",
    "chromium": "scripts/services/chromium.sh",
}
ENV = {
    "opensearch": ("TIANLUO_TEST_OPENSEARCH_URL", "http://127.0.0.1:9250"),
    "elasticsearch": ("TIANLUO_TEST_ES_URL", ""),
    "elasticsearch9": ("TIANLUO_TEST_ES9_URL", ""),
    "opensearch3": ("TIANLUO_TEST_OS3_URL", ""),
    "redis": ("TIANLUO_TEST_REDIS_URL", "redis://127.0.0.1:6390/0"),
}


def unavailable(message: str) -> NoReturn:
    """Something a test needs is missing: fail under CI, skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def missing(name: str, why: str) -> NoReturn:
    """A service is not reachable: ``unavailable`` with the command that starts it."""
    unavailable(
        f"{name} is not available ({why}); start it with `{STARTERS.get(name, 'make test')}`"
    )


def _reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=2):
            return True
    except OSError:
        return False


def service_url(name: str) -> str:
    """The URL of a running service, or fail/skip with how to start it."""
    var, default = ENV[name]
    url = os.environ.get(var, default)
    if not url:
        missing(name, f"{var} is not set")
    if not _reachable(url):
        missing(name, f"nothing listens at {url}")
    return url


@contextmanager
def redis_prefix() -> Iterator[str]:
    """A fresh key prefix on the test Redis; every key under it is deleted afterwards."""
    import redis

    name = f"t{uuid.uuid4().hex[:10]}"
    try:
        yield name
    finally:
        client = redis.Redis.from_url(service_url("redis"))
        for key in client.scan_iter(f"{name}:*"):
            client.delete(key)
        client.close()
