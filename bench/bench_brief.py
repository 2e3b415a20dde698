"""Time to produce the daily brief from SQLite stores of 10k, 100k and 1M documents.

Documents arrive at ``--per-day`` a day (default 2000, a busy city's crawl), so a
bigger store means a longer history ending on the brief's day: the brief must not
slow down as history accumulates.  Seeding goes
through the Store's own upsert in large batches; a seeded file is reused when it
already holds the requested number of documents.

    PYTHONPATH=. .venv/bin/python bench/bench_brief.py --sizes 10000,100000 --json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from indexer.base import CrawlRun
from indexer.sqlite import SQLiteStore
from reports.brief import build_brief
from reports.index_view import levels_note
from reports.render import environment, render
from tianluo.models import EnterpriseMention, Evidence, StoredDocument, content_hash
from tianluo.timeutil import SHANGHAI

DAY = date(2025, 6, 10)
CATEGORIES = ("distress", "enforcement", "guarantee", "high_yield", "complaint")
TERMS = ("逾期兑付", "立案侦查", "保本保息", "高额返利", "投诉无门")
SOURCES = [f"site{i}.example.cn" for i in range(40)]
BATCH = 5000


def make(i: int, rng: random.Random, start: datetime, span: float, names: int) -> StoredDocument:
    """One synthetic document; about one in five is a risk hit."""
    ent = f"企业{int(rng.paretovariate(1.2)) % names:05d}有限公司"
    risky = rng.random() < 0.2
    cat = rng.randrange(len(CATEGORIES))
    content = f"{ent}相关报道第{i}篇。" + (f"投资者反映{TERMS[cat]}。" if risky else "经营正常。")
    title = f"{ent}动态 {i}"
    pos = content.find(TERMS[cat])
    evidence = [Evidence(TERMS[cat], CATEGORIES[cat], "term", pos, pos + 4, TERMS[cat], 1.0)]
    return StoredDocument(
        id=f"d{i:08d}",
        url=f"https://{SOURCES[i % len(SOURCES)]}/a/{i}.html",
        source=SOURCES[i % len(SOURCES)],
        source_type="news",
        title=title,
        content=content,
        crawled_at=start + timedelta(seconds=span * rng.random()),
        content_hash=content_hash(title, content),
        risk=risky,
        risk_score=3.0 if risky else 0.0,
        categories=[CATEGORIES[cat]] if risky else [],
        terms=[TERMS[cat]] if risky else [],
        enterprises=[ent],
        risk_enterprises=[ent] if risky else [],
        mentions=[EnterpriseMention(ent, ent, rng.random() < 0.1, risky, 2.0 if risky else 0.0)],
        evidence=evidence if risky else [],
        yield_max=18.0 if risky and cat == 3 else None,
        cluster_id=f"c{i // 3}",
    )


def seed(path: Path, size: int, days: int) -> float:
    """Fill ``path`` with ``size`` documents (reusing a complete file); seconds spent."""
    store = SQLiteStore(path)
    try:
        have = store.count()
        if have == size:
            return 0.0
        if have:
            raise SystemExit(f"{path} holds {have} documents, not {size}: delete it first")
        rng = random.Random(size)
        end = datetime.combine(DAY + timedelta(days=1), datetime.min.time(), tzinfo=SHANGHAI)
        start = end - timedelta(days=days)
        span = (end - start).total_seconds()
        names = max(size // 50, 100)
        began = time.perf_counter()
        for first in range(0, size, BATCH):
            batch = [
                make(i, rng, start, span, names) for i in range(first, min(size, first + BATCH))
            ]
            store.upsert(batch)
        for s in SOURCES:
            at = end - timedelta(hours=rng.randrange(1, 48))
            store.record_crawl_run(
                CrawlRun(s, at, at + timedelta(minutes=3), pages=50, last_success=at)
            )
        return time.perf_counter() - began
    finally:
        store.close()


def measure(path: Path, repeat: int) -> tuple[float, float]:
    """Best time (seconds) to build the brief, and to build and render it."""
    store = SQLiteStore(path)
    env = environment()
    clock = datetime.combine(DAY + timedelta(days=1), datetime.min.time(), tzinfo=SHANGHAI)
    build = full = float("inf")
    try:
        for _ in range(repeat):
            began = time.perf_counter()
            brief = build_brief(store, DAY, clock=clock)
            built = time.perf_counter()
            render(
                env,
                "brief.html",
                brief=brief,
                labels={},
                distress={"distress"},
                levels_note=levels_note(),
                base_url="",
            )
            done = time.perf_counter()
            build, full = min(build, built - began), min(full, done - began)
    finally:
        store.close()
    return build, full


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated sizes")
    parser.add_argument(
        "--per-day",
        type=int,
        default=2000,
        help="documents crawled per day (default 2000): a bigger store is a longer history",
    )
    parser.add_argument("--dir", type=Path, default=Path("var/bench"), help="where stores live")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    parser.add_argument("--json", action="store_true", help="print JSON for the bench runner")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        days = max(size // args.per_day, 1)
        path = args.dir / f"brief-{size}-{days}d.db"
        seeded = seed(path, size, days)
        build, full = measure(path, args.repeat)
        results.append(
            {
                "documents": size,
                "build_s": round(build, 4),
                "brief_s": round(full, 4),
                "seed_s": round(seeded, 1),
                "per_day": size // days,
                "days": days,
            }
        )
        if not args.json:
            print(
                f"{size:>9} docs  build {build:7.3f} s  build+render {full:7.3f} s  (seed {seeded:.0f} s)",
                flush=True,
            )
    if args.json:
        first = results[0]
        for r in results:
            r["growth_vs_smallest"] = round(r["brief_s"] / first["brief_s"], 2)
            r["size_ratio"] = round(r["documents"] / first["documents"], 1)
        json.dump(
            {"bench": "brief", "per_day": args.per_day, "results": results}, sys.stdout, indent=2
        )
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
