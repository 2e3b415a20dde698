"""Train and measure the learned event-subject ranker (keywords.subject) on FinESE.

    PYTHONPATH=. .venv/bin/python bench/eval_subject.py --data /work/shared/data \\
        --train-model var/subject.npz
    PYTHONPATH=. .venv/bin/python bench/eval_subject.py --data /work/shared/data \\
        --model var/subject.npz --split eval
    PYTHONPATH=. .venv/bin/python bench/eval_subject.py --data /work/shared/data --holdout

``--train-model`` fits on the whole train split and writes the model; ``--model``
evaluates a saved model on ``--split``; ``--holdout`` is for development: it trains on
80% of the train split (grouped by text, so a text never sits on both sides) and
evaluates on the other 20%, touching nothing else.

Reported over risk rows (the fundraising-risk event types) and over all rows with a
subject: candidate recall (the gold subject is exactly among the candidates: the
ceiling), accuracy (top candidate equals the subject exactly), accuracy_contains (one
contains the other), the analyzer's own top mention for comparison, and the mean
number of candidates.  The analyzer (rules only) supplies evidence and mentions.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.subject import MAX_CHARS, SubjectRanker
from tianluo.app.training import RISK_TYPES, train_subject


def load_rows(data: Path, split: str) -> list[list[str]]:
    """FinESE rows ``[id, text, event_type, subject]`` of one split."""
    return list(json.loads((data / "finese" / f"{split}.json").read_text(encoding="utf-8")))


def _split_file(data: Path, split: str) -> bool:
    return (data / "finese" / f"{split}.json").is_file()


def has_subject(row: list[str]) -> bool:
    """Whether the row names a subject (``NaN`` stands for none)."""
    return bool(row[3]) and row[3] != "NaN"


def in_holdout(text: str) -> bool:
    """The fixed 20% development holdout, chosen by a hash of the text."""
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


def evaluate(ranker: SubjectRanker, analyzer: Analyzer, rows: list[list[str]]) -> dict[str, Any]:
    """Candidate recall, exact and contains accuracy, on risk rows and on all subject rows."""
    groups: dict[str, dict[str, float]] = {"risk": {}, "all": {}}
    cost = 0.0
    for _row_id, text, event_type, subject in rows:
        result = analyzer.analyze(text)
        started = time.perf_counter()
        ranked = ranker.rank(text, result)
        cost += time.perf_counter() - started
        names = {c.name for c in ranker.candidates(text[:MAX_CHARS], result)}
        top = ranked[0][0] if ranked else ""
        base = result.mentions[0].mention if result.mentions else ""
        scores = {
            "rows": 1.0,
            "candidate_recall": float(subject in names),
            "accuracy": float(top == subject),
            "accuracy_contains": float(bool(top) and (top in subject or subject in top)),
            "analyzer_accuracy": float(base == subject),
            "candidates": float(len(names)),
        }
        keys = ["all", "risk"] if event_type in RISK_TYPES else ["all"]
        for key in keys:
            for name, value in scores.items():
                groups[key][name] = groups[key].get(name, 0.0) + value
    out: dict[str, Any] = {}
    for key, sums in groups.items():
        n = sums.get("rows", 0.0) or 1.0
        out[key] = {
            name: (int(value) if name == "rows" else round(value / n, 4))
            for name, value in sums.items()
        }
    out["rank_ms_per_doc"] = round(1000 * cost / max(1, len(rows)), 2)
    return out


def train(rows: list[list[str]], analyzer: Analyzer, c: float) -> tuple[SubjectRanker, float]:
    """Fit on the rows with a subject; the ranker and the seconds it took."""
    started = time.perf_counter()
    ranker, _figures = train_subject(analyzer, rows, c=c)
    return ranker, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--split", choices=("train", "eval"), default="eval")
    parser.add_argument("--model", type=Path, help="evaluate this saved model")
    parser.add_argument("--train-model", type=Path, help="train on the train split, write here")
    parser.add_argument("--holdout", action="store_true", help="train on 80%% of train, test 20%%")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    args = parser.parse_args()
    if not (args.model or args.train_model or args.holdout):
        parser.error("give --train-model PATH, --model PATH or --holdout")
    needed = {"train"} if (args.train_model or args.holdout) else set()
    needed |= {args.split} if args.model else set()
    missing = [f"finese/{s}.json" for s in sorted(needed) if not _split_file(args.data, s)]
    if missing:
        print(
            f"{args.data}: expected {' and '.join(missing)} "
            "(the shared development data); nothing to do",
            file=sys.stderr,
        )
        return 2
    if args.model and not args.model.is_file():
        print(f"{args.model}: no such model file (train one with --train-model)", file=sys.stderr)
        return 2
    analyzer = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    report: dict[str, Any] = {}
    if args.holdout:
        rows = load_rows(args.data, "train")
        ranker, seconds = train([r for r in rows if not in_holdout(r[1])], analyzer, args.c)
        report["train_seconds"] = round(seconds, 1)
        held = [r for r in rows if in_holdout(r[1]) and has_subject(r)]
        report["holdout"] = evaluate(ranker, analyzer, held)
        report["model_bytes"] = len(ranker.to_bytes())
    if args.train_model:
        ranker, seconds = train(load_rows(args.data, "train"), analyzer, args.c)
        data = ranker.to_bytes()
        args.train_model.parent.mkdir(parents=True, exist_ok=True)
        args.train_model.write_bytes(data)
        report["train_seconds"] = round(seconds, 1)
        report["model"] = {"path": str(args.train_model), "bytes": len(data)}
        print(f"wrote {args.train_model} ({len(data)} bytes)", file=sys.stderr)
    if args.model:
        ranker = SubjectRanker.from_bytes(args.model.read_bytes())
        rows = [r for r in load_rows(args.data, args.split) if has_subject(r)]
        report[args.split] = evaluate(ranker, analyzer, rows)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
