"""Benchmark article extraction: body bigram F1 and publish-day accuracy on real pages.

Ground truth lives in bench/extract_truth/*.json (keyed by page path relative to
--data); the pages themselves are read from --data (default ../shared/data/pages).
trafilatura is measured as the baseline when it is installed (not a dependency).

    PYTHONPATH=. .venv/bin/python bench/bench_extract.py [--data DIR] [--json]
    PYTHONPATH=. .venv/bin/python bench/bench_extract.py --robustness   # every page, no crash
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from crawler.extract import decode_html, extract_article

ROOT = Path(__file__).resolve().parent
DEFAULT_DATA = ROOT.parent.parent / "shared" / "data" / "pages"
TRUTH_DIR = ROOT / "extract_truth"

Extractor = Callable[[str], tuple[str, str | None]]


def bigrams(text: str) -> Counter[str]:
    """Character bigrams of ``text`` with all whitespace removed."""
    chars = "".join(text.split())
    return Counter(chars[i : i + 2] for i in range(len(chars) - 1))


def bigram_f1(predicted: str, truth: str) -> float:
    """F1 of the predicted body's character bigrams against the true body's."""
    pred, gold = bigrams(predicted), bigrams(truth)
    overlap = sum((pred & gold).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def ours(html: str) -> tuple[str, str | None]:
    """Our extractor: (content, publish day as YYYY-MM-DD or None)."""
    article = extract_article(html)
    return article.content, article.published.date().isoformat() if article.published else None


def trafilatura_extractor() -> Extractor | None:
    """trafilatura as the baseline, or None when it is not installed."""
    try:
        import trafilatura
    except ImportError:
        return None

    def run(html: str) -> tuple[str, str | None]:
        text = trafilatura.extract(html, include_comments=False) or ""
        meta = trafilatura.extract_metadata(html)
        day = meta.date[:10] if meta is not None and meta.date else None
        return text, day

    return run


def gne_extractor() -> Extractor | None:
    """GeneralNewsExtractor as a second baseline, or None when it is not installed."""
    try:
        from gne import GeneralNewsExtractor
    except ImportError:
        return None
    extractor = GeneralNewsExtractor()

    def run(html: str) -> tuple[str, str | None]:
        try:
            found = extractor.extract(html)
        except Exception:  # a baseline that crashes on a page scores zero on it
            return "", None
        stamp = str(found.get("publish_time") or "")
        match = re.search(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", stamp)
        day = f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None
        return str(found.get("content") or ""), day

    return run


def load_truth() -> dict[str, dict]:
    """All ground-truth entries from bench/extract_truth/*.json."""
    truth: dict[str, dict] = {}
    for path in sorted(TRUTH_DIR.glob("*.json")):
        truth.update(json.loads(path.read_text(encoding="utf-8")))
    return truth


def evaluate(name: str, extractor: Extractor, pages: dict[str, str], truth: dict) -> dict:
    """Mean bigram F1 and publish-day accuracy of one extractor."""
    f1s: list[float] = []
    hits = dated = 0
    per_page: dict[str, dict] = {}
    started = time.perf_counter()
    for key, html in pages.items():
        expected = truth[key]
        content, day = extractor(html)
        entry: dict = {"day": day}
        if expected.get("content"):
            entry["f1"] = round(bigram_f1(content, expected["content"]), 4)
            f1s.append(entry["f1"])
        if expected.get("published_day"):
            dated += 1
            hits += day == expected["published_day"]
        per_page[key] = entry
    return {
        "extractor": name,
        "body_bigram_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "date_day_accuracy": round(hits / dated, 4) if dated else None,
        "pages_with_body_truth": len(f1s),
        "pages_with_date_truth": dated,
        "seconds": round(time.perf_counter() - started, 2),
        "pages": per_page,
    }


def robustness(data: Path) -> int:
    """Run extract over every page under ``data``; return the number of crashes."""
    crashes = 0
    files = sorted(data.rglob("*.htm*"))
    for path in files:
        try:
            text, _encoding = decode_html(path.read_bytes())
            extract_article(text)
        except Exception:  # report every crash, keep going
            crashes += 1
            print(f"CRASH {path}", file=sys.stderr)
            traceback.print_exc()
    print(f"robustness: {len(files)} pages under {data}, {crashes} crashes")
    return crashes


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="saved pages root")
    parser.add_argument("--json", action="store_true", help="print one JSON result")
    parser.add_argument("--per-page", action="store_true", help="include per-page scores")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baselines")
    parser.add_argument("--robustness", action="store_true", help="only check for crashes")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(
            f"pages directory {args.data} not found: pass --data pointing at the saved pages "
            "(../shared/data/pages in the team checkout)",
            file=sys.stderr,
        )
        return 2
    if args.robustness:
        return 1 if robustness(args.data) else 0
    truth = load_truth()
    pages: dict[str, str] = {}
    for key in truth:
        path = args.data / key
        if not path.is_file():
            print(f"missing page {path} (listed in {TRUTH_DIR})", file=sys.stderr)
            return 2
        pages[key] = decode_html(path.read_bytes())[0]
    results = [evaluate("tianluo", ours, pages, truth)]
    if not args.no_baseline:
        for name, factory in (("trafilatura", trafilatura_extractor), ("gne", gne_extractor)):
            baseline = factory()
            if baseline is not None:
                results.append(evaluate(name, baseline, pages, truth))
    if not args.per_page:
        for result in results:
            result.pop("pages")
    if args.json:
        print(json.dumps({"benchmark": "extract", "results": results}, ensure_ascii=False))
    else:
        for result in results:
            print(
                f"{result['extractor']:12} body bigram F1 {result['body_bigram_f1']}  "
                f"date-day accuracy {result['date_day_accuracy']}  "
                f"({result['pages_with_body_truth']} bodies, "
                f"{result['pages_with_date_truth']} dates, {result['seconds']} s)"
            )
        if len(results) == 1 and not args.no_baseline:
            print("neither trafilatura nor gne is installed: baselines skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
