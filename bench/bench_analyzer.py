"""Benchmark: analyzer documents/second vs plain ``tokenizer.lcut``, and hit differences.

    PYTHONPATH=. .venv/bin/python bench/bench_analyzer.py [--data ../shared/data] [--json]
        [--watchlist FILE]

With ``--data`` pointing at the shared development data, the corpus is the
FinNSP and FinESE texts; otherwise (or when the folder is missing, said on
stderr) a generated corpus of ordinary news sentences with some risk sentences.
Rounds are interleaved (analyzer, then lcut, on the same corpus) and the median
of each is reported.  ``differences`` counts documents whose analyzer hits are
not exactly the hits of a full segmentation (must be 0); ``normalise_us_per_doc`` is
the CPU time ``keywords.normalize.normalise`` takes per document, a part of the analyzer's.  ``--watchlist`` loads a
watchlist (e.g. one made by scripts/seed_watchlist.py) into the analyzer and
reports how long building the analyzer took.  The analyzer's memo of short
segmentations is cleared before every document, so the figure is a lower bound
that owes nothing to texts repeating across the corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.lexicon import BlockSegmenter
from keywords.matcher import normalize, reference_hits
from keywords.normalize import normalise
from keywords.shipped import model_config

ORDINARY = [
    "公司今日发布公告称，第三季度营业收入同比增长百分之十二。",
    "市教育局召开会议，部署秋季开学工作，要求各校做好安全检查。",
    "气象台预计，未来三天本市以多云天气为主，最高气温二十八度。",
    "该项目总投资约三亿元，建成后将新增就业岗位五百个。",
    "记者从市交通委获悉，地铁五号线南延段将于年底开通运营。",
    "董事会审议通过了关于聘任高级管理人员的议案。",
    "这家餐厅的招牌菜是红烧肉，周末常常需要排队。",
    "球队在主场以二比一战胜对手，暂列积分榜第三位。",
    "银行下调了部分定期存款利率，一年期利率为百分之一点七五。",
    "展会吸引了来自二十多个国家和地区的四百余家企业参展。",
]
RISKY = [
    "某理财平台承诺年化收益率18%，保本保息，稳赚不赔。",
    "投资人反映该平台近期提现困难，老板已经失联。",
    "警方通报，上海某投资管理有限公司涉嫌非法吸收公众存款罪，已立案侦查。",
    "警惕非法集资，谨防高息诱惑，不要参与拉人头返利活动。",
    "他们通过拉人头、发展下线的方式获取高额返利，月息2分。",
]


def generated_corpus(size: int, seed: int = 7) -> list[str]:
    """News-article-sized documents (20-60 sentences); about one in five has a risk sentence."""
    rng = random.Random(seed)
    docs = []
    for _ in range(size):
        sentences = [rng.choice(ORDINARY) for _ in range(rng.randint(20, 60))]
        if rng.random() < 0.2:
            sentences.insert(rng.randrange(len(sentences)), rng.choice(RISKY))
        docs.append("".join(sentences))
    return docs


def shared_corpus(data: Path, limit: int) -> list[str]:
    """FinNSP titles+texts and FinESE texts from the shared development data."""
    docs: list[str] = []
    for name in ("finnsp/train.json", "finese/train.json"):
        rows = json.loads((data / name).read_text(encoding="utf-8"))
        for row in rows[1:] if name.startswith("finnsp") else rows:
            docs.append(f"{row[1]}\n{row[2]}" if name.startswith("finnsp") else row[1])
    random.Random(7).shuffle(docs)
    return docs[:limit]


def count_differences(analyzer: Analyzer, corpus: list[str]) -> int:
    """Documents where windowed hits differ from full-segmentation hits."""
    diffs = 0
    for text in corpus:
        norm = normalize(text)
        seg = BlockSegmenter(analyzer.tokenizer, norm)
        fast, _, _ = analyzer.matcher.scan(norm, seg)
        full = reference_hits(analyzer.tokenizer, analyzer.matcher, norm)
        if [(h.start, h.end, h.form) for h in fast] != [(h.start, h.end, h.form) for h in full]:
            diffs += 1
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="shared data folder (finnsp/, finese/)")
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--watchlist", type=Path, help="watchlist YAML to load into the analyzer")
    parser.add_argument(
        "--models",
        choices=("none", "shipped"),
        default="none",
        help="none: rules only (default); shipped: the models in keywords/models/",
    )
    args = parser.parse_args()
    source = "generated"
    if args.data is not None:
        if (args.data / "finnsp" / "train.json").is_file():
            corpus = shared_corpus(args.data, args.docs)
            source = str(args.data)
        else:
            print(
                f"{args.data}: no finnsp/train.json there; using a generated corpus",
                file=sys.stderr,
            )
            corpus = generated_corpus(args.docs)
    else:
        corpus = generated_corpus(args.docs)
    started = time.perf_counter()
    config = AnalyzerConfig() if args.models == "none" else model_config()
    analyzer = Analyzer.from_files(default_set_paths(), args.watchlist, config)
    build_s = time.perf_counter() - started
    tokenizer = analyzer.tokenizer
    tokenizer.lcut(corpus[0])  # warm both paths
    analyzer.analyze(corpus[0])
    fast_rates, lcut_rates = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        for text in corpus:
            analyzer.cut.clear()  # no reuse across documents: the generated corpus repeats
            analyzer.analyze(text)
        fast_rates.append(len(corpus) / (time.perf_counter() - start))
        start = time.perf_counter()
        for text in corpus:
            tokenizer.lcut(text)
        lcut_rates.append(len(corpus) / (time.perf_counter() - start))
    fast, slow = statistics.median(fast_rates), statistics.median(lcut_rates)
    started = time.process_time()
    for text in corpus:
        normalise(text)
    normalise_us = (time.process_time() - started) / len(corpus) * 1e6
    result = {
        "bench": "analyzer_vs_lcut",
        "corpus": source,
        "docs": len(corpus),
        "watchlist": str(args.watchlist) if args.watchlist else None,
        "watch_names": len(analyzer.watch_names),
        "build_s": round(build_s, 2),
        "chars": sum(map(len, corpus)),
        "rounds": args.rounds,
        "analyzer_docs_per_s": round(fast, 1),
        "lcut_docs_per_s": round(slow, 1),
        "ratio": round(fast / slow, 2),
        "normalise_us_per_doc": round(normalise_us, 1),
        "differences": count_differences(analyzer, corpus),
        "target_ratio": 10.0,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
    return 0 if result["differences"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
