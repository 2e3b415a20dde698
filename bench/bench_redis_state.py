"""Benchmark: Redis memory per page of the shared crawl state vs scrapy-redis's dupefilter.

    PYTHONPATH=. .venv/bin/python bench/bench_redis_state.py [--redis URL] [--pages N] [--json]

Marks N realistic pages stored (``RedisCrawlState.mark_stored``) and gives each a reprint
sketch (``cluster_for``, one story in five a reprint), under a fresh prefix of the Redis
at URL (default ``$TIANLUO_BENCH_REDIS_URL`` or redis://127.0.0.1:6390/0), and reports
``used_memory`` grown per page for the pages, for the stories, and for scrapy-redis's
dupefilter of the same requests (their fingerprints in a set, as scrapy-redis keeps
them).  Everything written is deleted afterwards.  Without a reachable Redis it says so
and exits 2.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import uuid

from scrapy import Request
from scrapy.utils.request import fingerprint as request_fingerprint

from crawler.fingerprint import fingerprint
from crawler.redisstate import RedisCrawlState

WORDS = "投资理财平台公司项目收益本金利息提现逾期警方调查市民记者报道发布会议经济市场"


def used(state: RedisCrawlState) -> int:
    return int(state.client.info("memory")["used_memory"])


def text(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) for _ in range(400))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("TIANLUO_BENCH_REDIS_URL", "redis://127.0.0.1:6390/0")
    parser.add_argument("--redis", default=default)
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    state = RedisCrawlState(args.redis, prefix)
    try:
        state.client.ping()
    except Exception as exc:
        print(f"skipped: no Redis at {args.redis} ({exc})", file=sys.stderr)
        raise SystemExit(2) from None
    rng = random.Random(1)
    urls = [
        f"https://news{n % 7}.example.cn/finance/2026/{n % 12 + 1:02d}/{n:07d}.html"
        for n in range(args.pages)
    ]
    try:
        start = used(state)
        for i in range(0, len(urls), 500):
            batch = urls[i : i + 500]
            state.mark_stored([(u, f"news{n % 7}", f"{n:040x}") for n, u in enumerate(batch, i)])
        pages = used(state) - start

        start = used(state)
        story = ""
        for n in range(args.pages):  # stories of five copies: a text and four reprints
            if n % 5 == 0:
                story = text(rng)
            copy = story if n % 5 == 0 else story[:-40] + text(rng)[:40]
            state.cluster_for(f"{n:040x}", fingerprint(copy))
        stories = used(state) - start

        start = used(state)
        key = f"{prefix}:dupefilter"
        for i in range(0, len(urls), 500):
            fps = [request_fingerprint(Request(u)).hex() for u in urls[i : i + 500]]
            state.client.sadd(key, *fps)
        dupefilter = used(state) - start
    finally:
        for found in state.client.scan_iter(f"{prefix}:*", count=10_000):
            state.client.delete(found)
        state.close()
    result = {
        "pages": args.pages,
        "page_bytes_per_page": round(pages / args.pages, 1),
        "story_bytes_per_page": round(stories / args.pages, 1),
        "state_bytes_per_page": round((pages + stories) / args.pages, 1),
        "scrapy_redis_dupefilter_bytes_per_page": round(dupefilter / args.pages, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for name, value in result.items():
            print(f"{name:40} {value}")


if __name__ == "__main__":
    main()
