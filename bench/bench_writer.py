"""Benchmark the search-engine writer and the daily-brief query on a real engine.

1. Writer throughput: our ``upsert`` (ids lookup, mentions, retries, refresh) against
   a bare ``helpers.streaming_bulk`` loop over the same prepared documents, in
   interleaved rounds on fresh indices; medians and their ratio (target >= 0.9).
2. Daily-brief query time at each size of ``--brief-sizes`` (e.g. 100000,1000000):
   summary, risk enterprises, enterprise scores and first-seen for one day, run in the
   engine; the target is at most 2x from the smallest to the largest size.

    PYTHONPATH=. .venv/bin/python bench/bench_writer.py --docs 20000 --rounds 3 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

from indexer.search import EngineStore, OpenSearchStore
from indexer.search.es import ElasticsearchStore
from indexer.search.mappings import docs_index_body
from indexer.search.writer import doc_body
from tianluo.models import EnterpriseMention, StoredDocument, content_hash, doc_id_for
from tianluo.timeutil import now

WORDS = [
    "非法集资",
    "理财",
    "平台",
    "逾期",
    "提现",
    "困难",
    "年化",
    "收益",
    "承诺",
    "保本",
    "高息",
    "揽储",
    "警方",
    "通报",
    "投资人",
    "报案",
    "公司",
    "回应",
    "监管",
    "风险",
]
ENTERPRISES = [f"企业{n:03d}" for n in range(300)]


def make_docs(
    count: int, *, end: datetime, days: int, chars: int, seed: int
) -> list[StoredDocument]:
    """Prepared documents spread over ``days`` days before ``end``."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        text = "".join(rng.choice(WORDS) for _ in range(chars // 3))[:chars]
        names = rng.sample(ENTERPRISES, rng.randint(0, 2))
        risky = [x for x in names if rng.random() < 0.3]
        url = f"https://site{n % 40}.example.cn/{seed}/{n}"
        title = f"{names[0] if names else '市场'}新闻{n}"
        docs.append(
            StoredDocument(
                id=doc_id_for(url),
                url=url,
                source=f"site{n % 40}",
                source_type="news",
                title=title,
                content=text,
                content_hash=content_hash(title, text),
                crawled_at=end - timedelta(seconds=rng.randint(0, days * 86400)),
                tokens=rng.sample(WORDS, 5),
                risk=bool(risky),
                risk_score=2.0 if risky else 0.0,
                categories=["非法集资"] if risky else [],
                terms=rng.sample(WORDS, 2),
                enterprises=names,
                risk_enterprises=risky,
                mentions=[
                    EnterpriseMention(x, x, x < "企业050", x in risky, 2.0 if x in risky else 0.0)
                    for x in names
                ],
                cluster_id=f"c{rng.randint(0, count // 3)}",
            )
        )
    return docs


def drop_indices(store: EngineStore) -> None:
    """Delete the store's indices by name (Elasticsearch refuses wildcard deletes)."""
    rows = store.client.request(
        "GET", f"/_cat/indices/{store.names.prefix}-*", params={"format": "json", "h": "index"}
    )
    if rows:
        store.client.request("DELETE", "/" + ",".join(r["index"] for r in rows))


def open_store(args: argparse.Namespace, prefix: str, spool: str) -> EngineStore:
    kind = ElasticsearchStore if args.engine == "elasticsearch" else OpenSearchStore
    return kind(
        args.url, index_prefix=prefix, spool_dir=spool, replicas=0, batch_size=args.batch_size
    )


def time_ours(args: argparse.Namespace, docs: list[StoredDocument], spool: str) -> float:
    store = open_store(args, f"bench{uuid.uuid4().hex[:8]}", spool)
    store.init()
    began = time.perf_counter()
    result = store.upsert(docs)
    elapsed = time.perf_counter() - began
    assert result.created == len(docs), result
    drop_indices(store)
    store.close()
    return len(docs) / elapsed


def time_bare(args: argparse.Namespace, docs: list[dict[str, Any]]) -> float:
    if args.engine == "elasticsearch":
        from elasticsearch import Elasticsearch
        from elasticsearch.helpers import streaming_bulk

        client: Any = Elasticsearch(args.url)
    else:
        from opensearchpy import OpenSearch
        from opensearchpy.helpers import streaming_bulk  # type: ignore[assignment]

        client = OpenSearch(args.url)
    index = f"barebench{uuid.uuid4().hex[:8]}"
    client.indices.create(index=index, body=docs_index_body(1, replicas=0))
    actions = ({"_index": index, "_id": d["id"], "_source": d} for d in docs)
    began = time.perf_counter()
    for ok, item in streaming_bulk(client, actions, chunk_size=args.batch_size):
        assert ok, item
    client.indices.refresh(index=index)
    elapsed = time.perf_counter() - began
    client.indices.delete(index=index)
    client.close()
    return len(docs) / elapsed


def bench_writer(args: argparse.Namespace, spool: str) -> dict[str, Any]:
    docs = make_docs(args.docs, end=now(), days=30, chars=args.chars, seed=1)
    # the bare loop gets the very bodies our writer sends (with the nested mention rows),
    # prepared outside its timing; our writer builds them inside its timing
    prepared = [doc_body(d) for d in docs]
    time_bare(args, prepared[: args.docs // 5])  # warm the engine and the connections
    time_ours(args, docs[: args.docs // 5], spool)
    ours, bare = [], []
    for _ in range(args.rounds):
        bare.append(time_bare(args, prepared))
        ours.append(time_ours(args, docs, spool))
    return {
        "docs": args.docs,
        "rounds": args.rounds,
        "batch_size": args.batch_size,
        "ours_docs_per_s": [round(x) for x in ours],
        "bare_docs_per_s": [round(x) for x in bare],
        "ours_median": round(statistics.median(ours)),
        "bare_median": round(statistics.median(bare)),
        "ratio": round(statistics.median(ours) / statistics.median(bare), 3),
    }


def brief_once(store: EngineStore, day_end: datetime) -> float:
    since = day_end - timedelta(days=1)
    began = time.perf_counter()
    store.summary(since=since, until=day_end)
    store.count_by("risk_enterprise", since=since, until=day_end, limit=20)
    store.enterprise_scores(since=since, until=day_end, limit=20)
    store.first_seen("enterprise", since=since, until=day_end)
    return time.perf_counter() - began


def bench_brief(args: argparse.Namespace, spool: str) -> dict[str, Any]:
    store = open_store(args, f"brief{uuid.uuid4().hex[:8]}", spool)
    store.init()
    end = now()
    out: dict[str, Any] = {}
    loaded = 0
    try:
        for size in sorted(int(s) for s in args.brief_sizes.split(",") if s):
            while loaded < size:
                step = min(50_000, size - loaded)
                store.upsert(make_docs(step, end=end, days=90, chars=120, seed=1000 + loaded))
                loaded += step
            brief_once(store, end)  # warm caches
            times = [brief_once(store, end) for _ in range(args.brief_runs)]
            out[str(size)] = {"median_ms": round(statistics.median(times) * 1000, 1)}
            print(f"brief at {size}: {out[str(size)]}", file=sys.stderr)
    finally:
        drop_indices(store)
        store.close()
    sizes = list(out)
    if len(sizes) > 1:
        out["ratio_largest_to_smallest"] = round(
            out[sizes[-1]]["median_ms"] / out[sizes[0]]["median_ms"], 2
        )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["opensearch", "elasticsearch"], default="opensearch")
    parser.add_argument(
        "--url", default=os.environ.get("TIANLUO_TEST_OPENSEARCH_URL", "http://127.0.0.1:9250")
    )
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--chars", type=int, default=600, help="content length per document")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--brief-sizes", default="", help="e.g. 100000,1000000 (empty: skip)")
    parser.add_argument("--brief-runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as spool:
        report: dict[str, Any] = {
            "engine": args.engine,
            "url": args.url,
            "writer": bench_writer(args, spool),
        }
        if args.brief_sizes:
            report["brief"] = bench_brief(args, spool)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        w = report["writer"]
        print(
            f"writer: ours {w['ours_median']} docs/s, bare {w['bare_median']} docs/s, "
            f"ratio {w['ratio']} (target >= 0.9)"
        )
        for size, figures in report.get("brief", {}).items():
            print(f"brief {size}: {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
