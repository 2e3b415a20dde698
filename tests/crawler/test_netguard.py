"""Private addresses are refused: literals before the request, names on the address the
downloader connects to."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.netguard import blocked_reason
from demo.server import DemoSites
from tests.crawler.crawlrun import env, row, run, write_config


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://10.1.2.3/",
        "http://192.168.1.1/",
        "http://172.16.0.5/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8080/",
        "http://0.0.0.0/",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    assert blocked_reason(url) is not None


def test_public_address_is_allowed() -> None:
    assert blocked_reason("http://93.184.216.34/") is None


def test_url_without_host() -> None:
    assert blocked_reason("file:///etc/passwd") == "URL 中没有主机名"


def test_names_are_left_to_the_resolver() -> None:
    # judged on the address actually connected to (crawler.resolver), not here
    assert blocked_reason("http://news.example.org/") is None


# -- refused at connect time: real crawls, a real DNS server, the demo sites -------------


@pytest.fixture(scope="module")
def sites() -> Iterator[DemoSites]:
    with DemoSites() as server:
        yield server


@pytest.fixture
def dns_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A DNS server answering the test's names from ``answers.json``; (port, file)."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"news.rebind.test": ["127.0.0.1"]}), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.crawler.dnsserver", str(answers)],
        stdout=subprocess.PIPE,
        text=True,
        env=env(),
    )
    try:
        assert proc.stdout is not None
        yield int(proc.stdout.readline()), answers
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]


def name_source(port: int, *, allow_private: bool) -> dict[str, Any]:
    url = f"http://news.rebind.test:{port}/news/"
    return {"name": "by-name", "type": "news", "start_urls": [url],
            "allowed_domains": ["news.rebind.test"], "allow_private": allow_private}  # fmt: skip


def queries(answers: Path) -> int:
    counted = Path(f"{answers}.queries")
    return json.loads(counted.read_text())["news.rebind.test"] if counted.exists() else 0


def crawl_by_name(
    tmp_path: Path, sites: DemoSites, dns_port: int, *, allow_private: bool
) -> dict[str, str]:
    port = int(sites.base_url.rsplit(":", 1)[1])
    config = write_config(
        tmp_path / "crawl",
        sites.base_url,
        only=(),
        extra_sources=[name_source(port, allow_private=allow_private)],
        crawl={"dns_servers": [f"127.0.0.1:{dns_port}"]},
    )
    result = run(config)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return row(result.stdout, "by-name")


def test_public_name_answered_with_loopback_is_refused_at_connect(
    sites: DemoSites, dns_server: tuple[int, Path], tmp_path: Path
) -> None:
    port, answers = dns_server
    summary = crawl_by_name(tmp_path, sites, port, allow_private=False)
    assert summary["pages"] == "0"
    assert "non_public" in summary["errors"]
    assert queries(answers) >= 1  # the downloader asked our server, and refused its answer


def test_source_allowing_private_connects_through_the_same_resolver(
    sites: DemoSites, dns_server: tuple[int, Path], tmp_path: Path
) -> None:
    port, answers = dns_server
    summary = crawl_by_name(tmp_path, sites, port, allow_private=True)
    assert int(summary["pages"]) >= 1
    assert "non_public" not in summary["errors"]
    assert queries(answers) >= 1  # the name exists only on our DNS server
