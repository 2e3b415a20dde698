"""Benchmark article extraction: body bigram F1 and publish-day accuracy on real pages.

Ground truth lives in bench/extract_truth/*.json (keyed by page path relative to
--data); the pages are read from --data (default ../shared/data/pages), and the pages whose
licence allows it also from tests/extract/pages (gzip), so the committed part runs without
../shared.  Figures are reported per subset: "old" (gne_articles, the pages the extractor was
first tuned on), "dev" and "held-out" (the two halves of more/, see extract_truth/README.md:
tune on dev only) and "all".  trafilatura and GeneralNewsExtractor are measured in the same
run as baselines when they are installed (not dependencies).

    PYTHONPATH=. .venv/bin/python bench/bench_extract.py [--data DIR] [--json] [--per-page]
    (--per-page lists the old and dev pages only; held-out is reported as a figure)
    PYTHONPATH=. .venv/bin/python bench/bench_extract.py --tuning   # old and dev only
    (--tuning leaves the held-out pages out entirely: not read, not extracted, no figure)
    PYTHONPATH=. .venv/bin/python bench/bench_extract.py --robustness   # every page, no crash
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from crawler.extract import decode_html, extract_article
from crawler.extract.quality import bigram_f1

ROOT = Path(__file__).resolve().parent
DATA_CANDIDATES = (
    ROOT.parent.parent / "shared" / "data" / "pages",
    ROOT.parent.parent.parent / "shared" / "data" / "pages",
)
DEFAULT_DATA = next((path for path in DATA_CANDIDATES if path.is_dir()), DATA_CANDIDATES[0])
TRUTH_DIR = ROOT / "extract_truth"
COMMITTED_PAGES = ROOT.parent / "tests" / "extract" / "pages"
SUBSETS = ("old", "dev", "held-out", "all")
TUNING_SUBSETS = ("old", "dev")

Extractor = Callable[[str], tuple[str, str | None]]
Fields = dict[str, str | None]


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
    """All ground-truth entries from bench/extract_truth/*.json, each with its subset."""
    truth: dict[str, dict] = {}
    for path in sorted(TRUTH_DIR.glob("*.json")):
        for key, entry in json.loads(path.read_text(encoding="utf-8")).items():
            truth[key] = {**entry, "subset": entry.get("split", "old")}
    return truth


def read_page(key: str, data: Path) -> bytes | None:
    """The saved page's bytes from ``data`` or the committed copy, None when neither has it."""
    path = data / key
    if path.is_file():
        return path.read_bytes()
    committed = COMMITTED_PAGES / f"{key}.gz"
    if committed.is_file():
        return gzip.decompress(committed.read_bytes())
    return None


def same_name(found: str | None, expected: str | None) -> bool:
    """Author/title equality ignoring whitespace."""
    return "".join((found or "").split()) == "".join((expected or "").split())


def score_fields(pages: dict[str, str], truth: dict) -> dict[str, dict]:
    """Our title and author against the truth where it records them, per page."""
    scores: dict[str, dict] = {}
    for key, html in pages.items():
        expected = truth[key]
        article = extract_article(html)
        entry: dict = {}
        if expected.get("title"):
            entry["title"] = same_name(article.title, expected["title"])
        if expected.get("author_known"):
            entry["author"] = same_name(article.author, expected["author"])
            entry["author_found"] = article.author
        scores[key] = entry
    return scores


def evaluate(
    name: str,
    extractor: Extractor,
    pages: dict[str, str],
    truth: dict,
    subsets: tuple[str, ...] = SUBSETS,
) -> dict:
    """Mean bigram F1 and publish-day accuracy of one extractor, per subset."""
    per_page: dict[str, dict] = {}
    started = time.perf_counter()
    for key, html in pages.items():
        expected = truth[key]
        content, day = extractor(html)
        entry: dict = {"day": day, "expected_day": expected.get("published_day")}
        if expected.get("content"):
            entry["f1"] = round(bigram_f1(content, expected["content"]), 4)
        if expected.get("published_day"):
            entry["date_ok"] = day == expected["published_day"]
        per_page[key] = entry
    seconds = time.perf_counter() - started
    result: dict = {"extractor": name, "ms_per_page": round(1000 * seconds / max(len(pages), 1), 2)}
    for subset in subsets:
        keys = [k for k in per_page if subset == "all" or truth[k]["subset"] == subset]
        f1s = [per_page[k]["f1"] for k in keys if "f1" in per_page[k]]
        dates = [per_page[k]["date_ok"] for k in keys if "date_ok" in per_page[k]]
        result[subset] = {
            "body_bigram_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
            "date_day_accuracy": round(sum(dates) / len(dates), 4) if dates else None,
            "bodies": len(f1s),
            "dates": len(dates),
        }
    # bench/run.py reads these top-level keys: the old 61-page set, as before the subsets.
    result["body_bigram_f1"] = result["old"]["body_bigram_f1"]
    result["date_day_accuracy"] = result["old"]["date_day_accuracy"]
    result["pages"] = per_page
    return result


def field_summary(
    scores: dict[str, dict], truth: dict, subsets: tuple[str, ...] = SUBSETS
) -> dict[str, dict]:
    """Title and author accuracy per subset."""
    summary: dict[str, dict] = {}
    for subset in subsets:
        keys = [k for k in scores if subset == "all" or truth[k]["subset"] == subset]
        entry: dict = {}
        for field in ("title", "author"):
            marks = [scores[k][field] for k in keys if field in scores[k]]
            entry[f"{field}_accuracy"] = round(sum(marks) / len(marks), 4) if marks else None
            entry[f"{field}s"] = len(marks)
        summary[subset] = entry
    return summary


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
    parser.add_argument(
        "--per-page",
        action="store_true",
        help="include per-page scores (of the old and dev pages only: held-out is measured, "
        "never looked at page by page)",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the baselines")
    parser.add_argument(
        "--tuning",
        action="store_true",
        help="measure the old and dev pages only (the held-out half is not read, extracted or "
        "reported, and neither is the 'all' figure that includes it): the mode to tune in",
    )
    parser.add_argument("--robustness", action="store_true", help="only check for crashes")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(
            f"pages directory {args.data} not found: pass --data pointing at the saved pages "
            "(../shared/data/pages in the team checkout); only the pages committed in "
            f"{COMMITTED_PAGES} can be measured",
            file=sys.stderr,
        )
        if args.robustness:
            return 2
    if args.robustness:
        return 1 if robustness(args.data) else 0
    truth = load_truth()
    subsets: tuple[str, ...] = SUBSETS
    if args.tuning:
        truth = {key: entry for key, entry in truth.items() if entry["subset"] != "held-out"}
        subsets = TUNING_SUBSETS
    pages: dict[str, str] = {}
    missing = []
    for key in truth:
        raw = read_page(key, args.data)
        if raw is None:
            missing.append(key)
            continue
        pages[key] = decode_html(raw)[0]
    if missing:
        print(
            f"{len(missing)} of {len(truth)} truth pages are missing from {args.data} and from "
            f"{COMMITTED_PAGES}: measuring the other {len(pages)} only",
            file=sys.stderr,
        )
    if not pages:
        return 2
    results = [evaluate("tianluo", ours, pages, truth, subsets)]
    fields = field_summary(score_fields(pages, truth), truth, subsets)
    if not args.no_baseline:
        for name, factory in (("trafilatura", trafilatura_extractor), ("gne", gne_extractor)):
            baseline = factory()
            if baseline is not None:
                results.append(evaluate(name, baseline, pages, truth, subsets))
    for result in results:
        pages_scored = result.pop("pages")
        if args.per_page:
            result["pages"] = {
                key: entry
                for key, entry in pages_scored.items()
                if truth[key]["subset"] != "held-out"
            }
    if args.json:
        print(
            json.dumps(
                {"benchmark": "extract", "results": results, "tianluo_fields": fields},
                ensure_ascii=False,
            )
        )
    else:
        for subset in subsets:
            print(f"[{subset}]")
            for result in results:
                part = result[subset]
                print(
                    f"  {result['extractor']:12} body bigram F1 {part['body_bigram_f1']}  "
                    f"date-day accuracy {part['date_day_accuracy']}  "
                    f"({part['bodies']} bodies, {part['dates']} dates)"
                )
            print(
                f"  tianluo title accuracy {fields[subset]['title_accuracy']} "
                f"({fields[subset]['titles']}), author accuracy "
                f"{fields[subset]['author_accuracy']} ({fields[subset]['authors']})"
            )
        for result in results:
            print(f"{result['extractor']:12} {result['ms_per_page']} ms a page")
        if len(results) == 1 and not args.no_baseline:
            print("neither trafilatura nor gne is installed: baselines skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
