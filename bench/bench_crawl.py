"""Crawl throughput and memory: our full pipeline vs a bare fetch-only Scrapy spider.

The demo sites are served by a separate process (``python -m demo.server``) with
``--extra-pages`` generated articles.  Each crawl runs in a fresh process; ours and
the baseline alternate for ``--rounds`` rounds and the medians are compared.

    PYTHONPATH=. .venv/bin/python bench/bench_crawl.py [--pages 3000] [--rounds 3] [--memory] [--json]

Targets (issue 3): ours >= 50% of the baseline's pages/second; RSS after 20,000 pages at
most 1.3x RSS after 2,000 (``--memory``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "bench" / "crawl_driver.py"


def serve(extra_pages: int) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "demo.server", "--port", "0", "--extra-pages", str(extra_pages)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    line = server.stdout.readline().strip()
    base = line[line.index("http") :].split()[0]
    return server, base


def crawl(kind: str, base: str, rss_at: str = "") -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as work:
        cmd = [sys.executable, str(DRIVER), kind, base, work]
        if rss_at:
            cmd += ["--rss-at", rss_at]
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, timeout=3600)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["pages_per_s"] = result["pages"] / result["elapsed"] if result["elapsed"] else 0.0
    return result


def throughput(pages: int, rounds: int) -> list[dict[str, Any]]:
    server, base = serve(pages)
    try:
        ours, bare = [], []
        for _ in range(rounds):
            ours.append(crawl("ours", base))
            bare.append(crawl("bare", base))
    finally:
        server.terminate()
        server.wait()
    o = statistics.median(r["pages_per_s"] for r in ours)
    b = statistics.median(r["pages_per_s"] for r in bare)
    return [
        {
            "figure": f"crawl pipeline pages/s ({ours[0]['pages']} pages, median of {rounds})",
            "ours": round(o, 1),
            "baseline": round(b, 1),
            "ratio": round(o / b, 3),
            "target": ">= 0.5",
            "baseline_name": "bare fetch-only Scrapy spider",
        }
    ]


def memory(pages: int) -> list[dict[str, Any]]:
    server, base = serve(pages)
    try:
        result = crawl("ours", base, rss_at=f"2000,{pages}")
    finally:
        server.terminate()
        server.wait()
    rss = result["rss_kib"]
    small, large = rss.get("2000", 0), rss.get(str(pages), 0)
    return [
        {
            "figure": f"crawler RSS after {pages} pages vs after 2000 (KiB)",
            "ours": large,
            "baseline": small,
            "ratio": round(large / small, 3) if small else None,
            "target": "<= 1.3",
            "baseline_name": "same crawl after 2000 pages",
        }
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--pages", type=int, default=3000, help="extra demo pages for the throughput run"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also the 20,000-page memory run")
    parser.add_argument("--memory-pages", type=int, default=20000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.time()
    rows = throughput(args.pages, args.rounds)
    if args.memory:
        rows += memory(args.memory_pages)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            print(
                f"{row['figure']}: ours {row['ours']} baseline {row['baseline']} ratio {row['ratio']} (target {row['target']})"
            )
        print(f"({time.time() - started:.0f}s)")


if __name__ == "__main__":
    main()
