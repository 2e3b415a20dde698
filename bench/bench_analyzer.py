"""Benchmark: analyzer documents/second vs bare ``jieba.lcut``, and hit differences.

    PYTHONPATH=. .venv/bin/python bench/bench_analyzer.py [--data ../shared/data] [--json]
        [--watchlist FILE] [--models shipped|fast|none] [--batch 64]

With ``--data`` pointing at the shared development data, the corpus is the
FinNSP and FinESE texts (a folder without them is an error, exit 2, not a quiet
switch to other texts); without ``--data``, a generated corpus of ordinary news sentences with some risk sentences.
Rounds are interleaved (the analyzer one document at a time, the analyzer in
batches of ``--batch`` through ``analyze_many``, then bare ``jieba.lcut`` from the
jieba package, on the same corpus) and the median of each is reported; ``ratio`` is
per-document, ``batched_ratio`` batched, both against ``jieba.lcut``.  ``--models``
defaults to the default configuration (``analysis.models``' default in
tianluo/settings.py); the analyzer's configuration is built from the settings as the
app builds it.  ``batch_mismatches`` counts documents whose batched result differs
from the per-document one (must be 0), and ``segment_differences`` the distinct
blocks of the corpus where ``keywords.blockcut.cut_block`` (the analyzer's segmenter)
gives other tokens than jieba's ``lcut`` (must be 0).  ``differences`` counts documents whose analyzer hits are
not exactly the hits of a full segmentation (must be 0); ``normalise_us_per_doc`` is
the CPU time ``keywords.normalize.normalise`` takes per document, a part of the analyzer's;
``stage_ms`` the CPU milliseconds each stage takes over the corpus (batched) and
``learned_share`` the learned stages' part of their sum (the rest is the rules).  ``--watchlist`` loads a
watchlist (e.g. one made by scripts/seed_watchlist.py) into the analyzer and
reports how long building the analyzer took.  The analyzer's memo of short
segmentations is cleared before every document (before every batch when batched),
so the per-document figure is a lower bound that owes nothing to texts repeating
across the corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

import jieba

from keywords import Analyzer, default_set_paths
from keywords.blockcut import cut_block
from keywords.configure import analyzer_config
from keywords.lexicon import BLOCK_RE
from keywords.matcher import normalize, reference_hits
from keywords.normalize import normalise
from keywords.pipeline.learned import REGISTRY
from keywords.pipeline.verdict import Request, Verdict
from tianluo.settings import AnalysisSettings, Settings

DEFAULT_MODELS = str(AnalysisSettings.model_fields["models"].default)
"""``analysis.models`` when a configuration does not set it: what the bench measures."""

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
    """Documents where the analyzer's hits (windowed, its own segmenter) differ from the
    hits of jieba's full segmentation of the same normalised text."""
    diffs = 0
    for text in corpus:
        analyzer.cut.clear()
        verdict = analyzer.run(text)
        norm, fast = verdict.need_texts().norm, verdict.need_matched().hits
        full = reference_hits(analyzer.tokenizer, analyzer.matcher, norm)
        if [(h.start, h.end, h.form) for h in fast] != [(h.start, h.end, h.form) for h in full]:
            diffs += 1
    return diffs


def segment_differences(analyzer: Analyzer, corpus: list[str]) -> tuple[int, int]:
    """Distinct blocks of the corpus (normalised) whose tokens from ``cut_block`` are not
    jieba's ``lcut`` tokens, and how many blocks were compared."""
    blocks = {b for text in corpus for b in BLOCK_RE.findall(normalize(text))}
    tokenizer = analyzer.tokenizer
    diffs = sum(cut_block(tokenizer, b) != tokenizer.lcut(b) for b in blocks)
    return diffs, len(blocks)


def build(models: str, watchlist: Path | None) -> Analyzer:
    """The analyzer the app builds with ``analysis.models: <models>`` and the default sets."""
    settings = Settings.model_validate({"analysis": {"models": models}})
    return Analyzer.from_files(default_set_paths(), watchlist, analyzer_config(settings))


def per_document(analyzer: Analyzer, corpus: list[str]) -> float:
    start = time.perf_counter()
    for text in corpus:
        analyzer.cut.clear()  # no reuse across documents: the generated corpus repeats
        analyzer.analyze(text)
    return len(corpus) / (time.perf_counter() - start)


def batched(analyzer: Analyzer, corpus: list[str], size: int) -> tuple[float, list[object]]:
    results: list[object] = []
    start = time.perf_counter()
    for i in range(0, len(corpus), size):
        analyzer.cut.clear()
        results += analyzer.analyze_many(corpus[i : i + size])
    return len(corpus) / (time.perf_counter() - start), results


def stage_seconds(analyzer: Analyzer, corpus: list[str], size: int) -> dict[str, float]:
    """CPU seconds each stage of the pipeline takes over the corpus in batches of ``size``
    (what ``Pipeline.batch`` runs, one stage at a time with a clock around it)."""
    spent = dict.fromkeys(analyzer.pipeline.names, 0.0)
    for i in range(0, len(corpus), size):
        analyzer.cut.clear()
        out = [Verdict(Request(text)) for text in corpus[i : i + size]]
        for stage in analyzer.pipeline.stages:
            batch = getattr(stage, "batch", None)
            started = time.process_time()
            out = batch(out) if batch is not None else [stage(v) for v in out]
            spent[stage.name] += time.process_time() - started
    return spent


def bare_jieba(corpus: list[str]) -> float:
    start = time.perf_counter()
    for text in corpus:
        jieba.lcut(text)
    return len(corpus) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="shared data folder (finnsp/, finese/)")
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--watchlist", type=Path, help="watchlist YAML to load into the analyzer")
    parser.add_argument(
        "--models",
        choices=("none", "shipped", "fast"),
        default=DEFAULT_MODELS,
        help="none: rules only; shipped: the models in keywords/models/; fast: the same with "
        f"the subject model that does not tag (default {DEFAULT_MODELS}"
        ", the default of analysis.models)",
    )
    parser.add_argument("--batch", type=int, default=64, help="documents per analyze_many call")
    args = parser.parse_args()
    source = "generated"
    if args.data is not None:
        if (args.data / "finnsp" / "train.json").is_file():
            corpus = shared_corpus(args.data, args.docs)
            source = str(args.data)
        else:
            print(
                f"{args.data}: no finnsp/train.json there (the shared development data: "
                "finnsp/, finese/); leave out --data for the generated corpus",
                file=sys.stderr,
            )
            return 2
    else:
        corpus = generated_corpus(args.docs)
    started = time.perf_counter()
    analyzer = build(args.models, args.watchlist)
    build_s = time.perf_counter() - started
    jieba.initialize()
    jieba.lcut(corpus[0])  # warm every path
    analyzer.analyze(corpus[0])
    analyzer.analyze_many(corpus[:2])
    fast_rates, batch_rates, lcut_rates = [], [], []
    results: list[object] = []
    for _ in range(args.rounds):
        fast_rates.append(per_document(analyzer, corpus))
        rate, results = batched(analyzer, corpus, args.batch)
        batch_rates.append(rate)
        lcut_rates.append(bare_jieba(corpus))
    fast, slow = statistics.median(fast_rates), statistics.median(lcut_rates)
    many = statistics.median(batch_rates)
    segmented = segment_differences(analyzer, corpus)
    stages = stage_seconds(analyzer, corpus, args.batch)
    learned_s = sum(t for name, t in stages.items() if name in REGISTRY)
    mismatches = sum(r != analyzer.analyze(t) for r, t in zip(results, corpus, strict=True))
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
        "models": args.models,
        "stages": analyzer.pipeline.names,
        "batch": args.batch,
        "analyzer_docs_per_s": round(fast, 1),
        "batched_docs_per_s": round(many, 1),
        "lcut_docs_per_s": round(slow, 1),
        "ratio": round(fast / slow, 2),
        "batched_ratio": round(many / slow, 2),
        "normalise_us_per_doc": round(normalise_us, 1),
        "stage_ms": {name: round(t * 1000) for name, t in stages.items()},
        "learned_share": round(learned_s / max(1e-9, sum(stages.values())), 3),
        "differences": count_differences(analyzer, corpus),
        "segment_differences": segmented[0],
        "segment_blocks": segmented[1],
        "batch_mismatches": mismatches,
        "target_ratio": 10.0 if source == "generated" else 3.0,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")
    clean = result["differences"] == mismatches == segmented[0] == 0
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
