"""`make bench`: run every benchmark, write bench/results.json and bench/results.md.

Each benchmark runs in its own process and measures ours and its baseline in that
same process tree, interleaved, over several rounds, reporting medians and the
ratio.  A benchmark whose inputs are missing (../shared/data on a fresh clone, a
search engine that is not running) is reported as skipped with the reason; the
others still run.

    .venv/bin/python bench/run.py [--quick] [--only NAME ...] [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
Row = dict[str, Any]


def _run(args: list[str], timeout: float) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    return proc.returncode, proc.stdout, proc.stderr


def analyzer(quick: bool, data: Path) -> list[Row]:
    """News-sized generated documents (the target figure), and the short labelled texts,
    with the default models and with ``analysis.models: fast``."""
    corpora: list[tuple[str, list[str]]] = [("generated news-sized corpus", [])]
    if (data / "finese").is_dir():
        corpora.append(("FinESE/FinNSP snippets, about 130 characters", ["--data", str(data)]))
    corpora += [(label, [*extra, "--models", "fast"]) for label, extra in corpora]
    rows = []
    for label, extra in corpora:
        code, out, err = _run(
            [str(BENCH / "bench_analyzer.py"), "--json", "--rounds", "5", *extra], 3600
        )
        if code:
            raise RuntimeError(err.strip().splitlines()[-1] if err.strip() else f"exit {code}")
        r = json.loads(out.strip().splitlines()[-1])
        where = f"{label} ({r['docs']} docs, models {r['models']})"
        checks = f"hit differences {r['differences']}, batch mismatches {r['batch_mismatches']}"
        for how, ours, ratio in (
            ("one at a time", r["analyzer_docs_per_s"], r["ratio"]),
            (f"batches of {r['batch']}", r["batched_docs_per_s"], r["batched_ratio"]),
        ):
            rows.append(
                {
                    "figure": f"analyzer docs/s vs jieba.lcut, {how}, {where}; {checks}",
                    "ours": ours,
                    "baseline": r["lcut_docs_per_s"],
                    "ratio": ratio,
                    "target": f">= {r['target_ratio']:g}, 0 differences",
                    "command": "python bench/bench_analyzer.py " + " ".join(extra),
                }
            )
    return rows


def crawl(quick: bool, data: Path) -> list[Row]:
    args = [str(BENCH / "bench_crawl.py"), "--json"]
    args += (
        ["--pages", "1000", "--rounds", "1"]
        if quick
        else ["--pages", "3000", "--rounds", "3", "--memory"]
    )
    code, out, err = _run(args, 5400)
    if code:
        raise RuntimeError(err.strip()[-500:])
    rows: list[Row] = json.loads(out.strip().splitlines()[-1])
    for row in rows:
        row["command"] = "python bench/bench_crawl.py" + ("" if quick else " --memory")
    return rows


def writer(quick: bool, data: Path) -> list[Row]:
    url = os.environ.get("TIANLUO_TEST_OPENSEARCH_URL", "http://127.0.0.1:9250")
    args = [
        str(BENCH / "bench_writer.py"),
        "--json",
        "--url",
        url,
        "--docs",
        "5000" if quick else "20000",
    ]
    code, out, err = _run(args, 3600)
    if code:
        raise RuntimeError(err.strip()[-500:])
    w = json.loads(out.strip().splitlines()[-1])["writer"]
    return [
        {
            "figure": f"writer docs/s into OpenSearch ({w['docs']} docs, batch {w['batch_size']})",
            "ours": w["ours_median"],
            "baseline": w["bare_median"],
            "ratio": w["ratio"],
            "target": ">= 0.9",
            "command": "python bench/bench_writer.py",
            "baseline_name": "bare helpers.streaming_bulk",
        }
    ]


def redis_state(quick: bool, data: Path) -> list[Row]:
    """Redis memory per page of the shared crawl state vs scrapy-redis's dupefilter."""
    url = os.environ.get("TIANLUO_TEST_REDIS_URL", "redis://127.0.0.1:6390/0")
    pages = "5000" if quick else "20000"
    args = [str(BENCH / "bench_redis_state.py"), "--json", "--redis", url, "--pages", pages]
    code, out, err = _run(args, 1800)
    if code:
        raise RuntimeError(err.strip()[-500:])
    r = json.loads(out.strip().splitlines()[-1])
    return [
        {
            "figure": f"Redis bytes per page, crawl state (pages + reprint sketches, {r['pages']} pages)",
            "ours": r["state_bytes_per_page"],
            "baseline": r["scrapy_redis_dupefilter_bytes_per_page"],
            "ratio": round(
                r["state_bytes_per_page"] / r["scrapy_redis_dupefilter_bytes_per_page"], 1
            ),
            "target": "stated",
            "command": "python bench/bench_redis_state.py",
            "baseline_name": "scrapy-redis dupefilter of the same requests",
        }
    ]


def brief(quick: bool, data: Path) -> list[Row]:
    sizes = "10000,100000" if quick else "10000,100000,1000000"
    args = [
        str(BENCH / "bench_brief.py"),
        "--json",
        "--sizes",
        sizes,
        "--dir",
        str(ROOT / "var" / "bench"),
    ]
    code, out, err = _run(args, 5400)
    if code:
        raise RuntimeError(err.strip()[-500:])
    results = json.loads(out)["results"]
    first = results[0]
    return [
        {
            "figure": f"daily brief seconds at {r['documents']:,} docs vs {first['documents']:,} "
            f"({r['size_ratio']:.0f}x the documents)",
            "ours": r["brief_s"],
            "baseline": first["brief_s"],
            "ratio": r["growth_vs_smallest"],
            "target": f"< {r['size_ratio']:.0f} (sub-linear)",
            "command": f"python bench/bench_brief.py --sizes {sizes}",
        }
        for r in results[1:]
    ]


def extract(quick: bool, data: Path) -> list[Row]:
    pages = data / "pages"
    if not pages.is_dir():
        raise FileNotFoundError(f"{pages} not found (the shared development data)")
    code, out, err = _run([str(BENCH / "bench_extract.py"), "--json", "--data", str(pages)], 1800)
    if code:
        raise RuntimeError(err.strip()[-500:])
    results = {r["extractor"]: r for r in json.loads(out)["results"]}
    subsets = {
        "old": "61 news-portal pages",
        "dev": "pages/more dev half",
        "held-out": "pages/more held-out half",
        "all": "all saved pages",
    }
    rows = []
    for subset, pages_label in subsets.items():
        ours = results["tianluo"].get(subset)
        if not ours:
            continue
        rows += _extract_rows(results, subset, pages_label, ours)
    return rows


def _extract_rows(
    results: dict[str, Any], subset: str, pages_label: str, ours: dict[str, Any]
) -> list[Row]:
    """Ours against trafilatura and GNE, same run, on one subset of the saved pages."""
    rows = []
    for key, label in (
        ("body_bigram_f1", "body bigram F1"),
        ("date_day_accuracy", "publish-date day accuracy"),
    ):
        for name in ("trafilatura", "gne"):
            b = (results.get(name, {}).get(subset) or {}).get(key)
            rows.append(
                {
                    "figure": f"extraction {label} vs {name} ({pages_label}, hand-made truth)",
                    "ours": ours[key],
                    "baseline": b,
                    "ratio": round(ours[key] / b, 3) if b else None,
                    "target": ">= 0.90 and above the baseline",
                    "command": "python bench/bench_extract.py",
                    "baseline_name": name if b is not None else f"{name} not installed",
                }
            )
    return rows


MODELS = ROOT / "var" / "reranker"
"""Where `tianluo keywords train-reranker` puts the learned models by default."""


def quality(quick: bool, data: Path) -> list[Row]:
    """Rules-only and default (shipped models) figures, and with the models in
    var/reranker when it holds them."""
    if not (data / "finese").is_dir():
        raise FileNotFoundError(f"{data}/finese not found (the shared development data)")
    args = [str(BENCH / "eval_quality.py"), "--json", "--data", str(data)]
    trained = all((MODELS / f"{name}.npz").is_file() for name in ("events", "finnsp", "subject"))
    if trained:
        args += ["--reranker", str(MODELS)]
    code, out, err = _run(args, 3600)
    if code:
        raise RuntimeError(err.strip()[-500:])
    r = json.loads(out.strip().splitlines()[-1])
    base = substring_baseline(data)
    command = "python bench/eval_quality.py"
    rows = _quality_rows(r["rules"], "rules only", command, base)
    rows += _quality_rows(r["default"], "default (shipped models)", command, base)
    if trained:
        command = "python bench/eval_quality.py --reranker var/reranker"
        rows += _quality_rows(r["with_model"], "learned models in var/reranker", command, base)
    return rows


def _quality_rows(figures: dict[str, Any], how: str, command: str, base: float | None) -> list[Row]:
    ese, nsp = figures["finese"], figures["finnsp"]
    return [
        {
            "figure": f"FinESE risk F1 (eval split), {how}",
            "ours": ese["f1"],
            "baseline": base,
            "ratio": round(ese["f1"] / base, 3) if base else None,
            "target": ">= 0.85",
            "baseline_name": "plain substring list",
            "command": command,
        },
        {
            "figure": f"FinESE subject accuracy, {how}",
            "ours": ese.get("subject_accuracy"),
            "baseline": None,
            "ratio": None,
            "target": ">= 0.85",
            "command": command,
        },
        {
            "figure": f"FinNSP composite 0.4 F1(neg) + 0.6 F1(key entities), {how}",
            "ours": nsp["composite"],
            "baseline": None,
            "ratio": None,
            "target": ">= 0.95",
            "command": command,
        },
    ]


def substring_baseline(data: Path) -> float | None:
    """Risk F1 of 'any default-set term occurs in the text' on FinESE eval (same run)."""
    sys.path.insert(0, str(ROOT))
    from keywords import default_set_paths, load_keyword_sets
    from tianluo.app.training import RISK_TYPES as risk_types

    terms = sorted(
        {
            t.term
            for s in load_keyword_sets(default_set_paths())
            for c in s.categories
            for t in c.terms
        }
    )
    rows = json.loads((data / "finese" / "eval.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for _id, text, kind, _subject in rows:
        hit = any(t in text for t in terms)
        gold = kind in risk_types
        tp += hit and gold
        fp += hit and not gold
        fn += gold and not hit
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


BENCHMARKS: dict[str, Callable[[bool, Path], list[Row]]] = {
    "analyzer": analyzer,
    "crawl": crawl,
    "writer": writer,
    "redis_state": redis_state,
    "brief": brief,
    "extract": extract,
    "quality": quality,
}


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def markdown(rows: list[Row], skipped: dict[str, str], stamp: str) -> str:
    where = machine()
    lines = [
        "Measured by `make bench` (bench/run.py); each row names its command.",
        "",
        "| figure | ours | baseline | ratio | target | machine | date |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['figure']} | {r['ours']} | {r.get('baseline')} | {r.get('ratio')} "
            f"| {r.get('target', '')} | {r.get('machine', where)} | {r.get('date', stamp)} |"
        )
    for name, why in skipped.items():
        lines.append(f"| {name}: skipped ({why}) | | | | | {where} | {stamp} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one round")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS), default=None)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument(
        "--merge", action="store_true", help="keep other benchmarks' rows from results.json"
    )
    parser.add_argument(
        "--render", action="store_true", help="only rewrite results.md from results.json"
    )
    args = parser.parse_args()
    rows: list[Row] = []
    skipped: dict[str, str] = {}
    if args.render:
        old = json.loads((BENCH / "results.json").read_text(encoding="utf-8"))
        (BENCH / "results.md").write_text(
            markdown(old["rows"], old.get("skipped", {}), old["date"]), encoding="utf-8"
        )
        return 0
    for name in args.only or list(BENCHMARKS):
        began = time.time()
        print(f"== {name}", file=sys.stderr, flush=True)
        try:
            got = BENCHMARKS[name](args.quick, args.data)
        except (
            FileNotFoundError,
            RuntimeError,
            subprocess.TimeoutExpired,
            KeyError,
            ValueError,
        ) as exc:
            skipped[name] = (
                str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            )
            print(f"   skipped: {skipped[name]}", file=sys.stderr)
            continue
        for row in got:
            row["bench"] = name
            row["machine"] = machine()
            row["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
            print(
                f"   {row['figure']}: ours {row['ours']} baseline {row.get('baseline')} ratio {row.get('ratio')}",
                file=sys.stderr,
            )
        rows.extend(got)
        print(f"   ({time.time() - began:.0f} s)", file=sys.stderr)
    if args.merge and (BENCH / "results.json").is_file():
        ran = {row["bench"] for row in rows} | set(skipped)
        old = json.loads((BENCH / "results.json").read_text(encoding="utf-8"))
        rows = [r for r in old["rows"] if r.get("bench") not in ran] + rows
        skipped = {**{k: v for k, v in old.get("skipped", {}).items() if k not in ran}, **skipped}
    stamp = time.strftime("%Y-%m-%d %H:%M %Z")
    result = {"date": stamp, "machine": machine(), "rows": rows, "skipped": skipped}
    (BENCH / "results.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (BENCH / "results.md").write_text(markdown(rows, skipped, stamp), encoding="utf-8")
    print(markdown(rows, skipped, stamp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
