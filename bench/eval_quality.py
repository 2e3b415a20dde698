"""Measure the analyzer on the shared FinESE and FinNSP data, rules only and with a re-ranker.

    PYTHONPATH=. .venv/bin/python bench/eval_quality.py --data /work/shared/data [--split eval]

FinESE: risk = event type in the fundraising-risk list of the data README;
prints precision, recall, F1 of ``result.risk`` and subject accuracy (over
gold-risk rows: the highest-scoring mention, as written in the text, equals
``subject``; no entities are passed, the analyzer must find the subject).
FinNSP: negative = ``result.risk`` with the row's ``entity`` list passed as
``entities``; key entities = mentions with ``risk`` (a name contained in another
predicted name is dropped, as in the task); composite = 0.4 F1(negative) +
0.6 F1(key entities), micro-averaged over (row, entity) pairs.  Develop on
``--split train``, report on ``--split eval``.

Two configurations side by side: ``rules`` (``analysis.models: none``) and
``default`` (the models shipped in keywords/models/, what ``analysis.models: shipped``,
the default, turns on), one analyzer for both data sets; with models the event-type
accuracy and macro-F1 on FinESE are added (the row's type mapped with
``keywords.event_types.from_finese``).  ``--reranker DIR`` also evaluates the models
DIR/events.npz, DIR/finnsp.npz and DIR/subject.npz (trained by ``tianluo keywords
train-reranker --data DATA --output DIR``, see tianluo.app.training);
``--train-reranker DIR`` trains them first.  Keep DIR outside the package (e.g.
var/reranker).  ``--errors FILE`` writes the rows the default configuration gets wrong
(or those of DIR's models).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from keywords import Analyzer, AnalyzerConfig, default_set_paths
from keywords.event_types import from_finese
from keywords.shipped import model_config
from tianluo.app.training import RISK_TYPES, TrainingDataError, drop_contained, train_all


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def eval_finese(
    analyzer: Analyzer, rows: list[list[str]], errors: list[dict[str, Any]]
) -> dict[str, Any]:
    """Risk P/R/F1 and subject accuracy on FinESE rows ``[id, text, event_type, subject]``."""
    tp = fp = fn = 0
    subject_ok = subject_loose = subject_rows = 0
    kinds: list[tuple[str, str]] = []
    for row_id, text, event_type, subject in rows:
        result = analyzer.analyze(text)
        kinds.append((from_finese(event_type), result.event_type or ""))
        gold = event_type in RISK_TYPES
        tp += gold and result.risk
        fp += (not gold) and result.risk
        fn += gold and not result.risk
        if gold:
            subject_rows += 1
            top = result.mentions[0].mention if result.mentions else ""
            subject_ok += top == subject
            subject_loose += bool(top) and (top in subject or subject in top)
        if gold != result.risk or (
            gold and (not result.mentions or result.mentions[0].mention != subject)
        ):
            errors.append(
                {
                    "set": "finese",
                    "id": row_id,
                    "gold": event_type,
                    "subject": subject,
                    "risk": result.risk,
                    "event_type": result.event_type,
                    "combined": result.components.get("combined"),
                    "score": result.score,
                    "terms": result.terms,
                    "top": [m.mention for m in result.mentions[:3]],
                    "text": text[:200],
                }
            )
    out: dict[str, Any] = dict(prf(tp, fp, fn))
    out["rows"] = len(rows)
    out["subject_accuracy"] = round(subject_ok / subject_rows, 4) if subject_rows else 0.0
    out["subject_accuracy_contains"] = (
        round(subject_loose / subject_rows, 4) if subject_rows else 0.0
    )
    if analyzer.config.events is not None:
        out["event_type"] = event_scores(kinds)
    return out


def event_scores(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Accuracy and macro-F1 (over the gold types) of ``(gold, predicted)`` event types."""
    gold_types = sorted({g for g, _p in pairs})
    scores = []
    for kind in gold_types:
        tp = sum(g == kind and p == kind for g, p in pairs)
        fp = sum(g != kind and p == kind for g, p in pairs)
        fn = sum(g == kind and p != kind for g, p in pairs)
        scores.append(prf(tp, fp, fn)["f1"])
    right = sum(g == p for g, p in pairs)
    return {
        "accuracy": round(right / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(sum(scores) / len(scores), 4) if scores else 0.0,
        "types": len(gold_types),
    }


def eval_finnsp(
    analyzer: Analyzer, rows: list[list[str]], errors: list[dict[str, Any]]
) -> dict[str, Any]:
    """Negative F1, key-entity F1 and the composite on FinNSP rows."""
    tp = fp = fn = 0
    etp = efp = efn = 0
    for row_id, title, text, entity, negative, key_entity in rows:
        entities = [e for e in entity.split(";") if e.strip()]
        body = text or title
        use_title = title if title and title not in body else ""
        result = analyzer.analyze(body, title=use_title, entities=entities)
        gold = negative == "1"
        tp += gold and result.risk
        fp += (not gold) and result.risk
        fn += gold and not result.risk
        given = set(entities)  # the task asks which of the given entities are key
        risky = {m.name for m in result.mentions if m.risk and m.name in given}
        predicted = drop_contained(risky) if result.risk else set()
        gold_keys = {k for k in key_entity.split(";") if k.strip()} if gold else set()
        etp += len(predicted & gold_keys)
        efp += len(predicted - gold_keys)
        efn += len(gold_keys - predicted)
        if gold != result.risk or predicted != gold_keys:
            errors.append(
                {
                    "set": "finnsp",
                    "id": row_id,
                    "gold": negative,
                    "keys": sorted(gold_keys),
                    "risk": result.risk,
                    "event_type": result.event_type,
                    "combined": result.components.get("combined"),
                    "score": result.score,
                    "pred": sorted(predicted),
                    "terms": result.terms,
                    "text": body[:200],
                }
            )
    neg = prf(tp, fp, fn)
    ent = prf(etp, efp, efn)
    return {
        "rows": len(rows),
        "negative": neg,
        "key_entities": ent,
        "composite": round(0.4 * neg["f1"] + 0.6 * ent["f1"], 4),
    }


def _analyzer(folder: Path | None) -> Analyzer:
    """Rules only (``folder`` None), or the models trained into ``folder`` (events.npz,
    finnsp.npz, subject.npz, as ``tianluo keywords train-reranker`` writes them)."""
    config = AnalyzerConfig() if folder is None else model_config(folder)
    return Analyzer.from_files(default_set_paths(), None, config)


def evaluate(
    folder: Path | None,
    ese_rows: list[list[str]],
    nsp_rows: list[list[str]],
    errors: list[dict[str, Any]],
) -> dict[str, Any]:
    """Both data sets, rules only (``folder`` None) or with the models in ``folder``."""
    analyzer = _analyzer(folder)
    return {
        "finese": eval_finese(analyzer, ese_rows, errors),
        "finnsp": eval_finnsp(analyzer, nsp_rows, errors),
    }


def evaluate_with(
    analyzer: Analyzer,
    ese_rows: list[list[str]],
    nsp_rows: list[list[str]],
    errors: list[dict[str, Any]],
) -> dict[str, Any]:
    """Both data sets with one analyzer (the shipped models), and its speed on FinESE."""
    start = time.perf_counter()
    finese = eval_finese(analyzer, ese_rows, errors)
    seconds = time.perf_counter() - start
    finese["docs_per_second"] = round(len(ese_rows) / seconds, 1) if seconds else 0.0
    return {"finese": finese, "finnsp": eval_finnsp(analyzer, nsp_rows, errors)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--split", choices=("train", "eval"), default="eval")
    parser.add_argument("--limit", type=int, default=0, help="first N rows of each set (0 = all)")
    parser.add_argument("--errors", type=Path, help="write misclassified rows as JSON Lines here")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--train-reranker",
        type=Path,
        metavar="DIR",
        help="train the models on the train splits into DIR (events, finnsp, subject .npz)",
    )
    parser.add_argument("--reranker", type=Path, metavar="DIR", help="evaluate with these")
    parser.add_argument(
        "--rules-only", action="store_true", help="skip the default configuration (models)"
    )
    args = parser.parse_args()
    finese = args.data / "finese" / f"{args.split}.json"
    finnsp = args.data / "finnsp" / f"{args.split}.json"
    if not finese.is_file() or not finnsp.is_file():
        print(
            f"{args.data}: expected finese/{args.split}.json and finnsp/{args.split}.json "
            "(the shared development data); nothing to evaluate",
            file=sys.stderr,
        )
        return 2
    if args.train_reranker:
        try:
            train_all(
                args.data,
                args.train_reranker,
                log=lambda message: print(message, file=sys.stderr),
            )
        except TrainingDataError as exc:
            print(f"cannot train: {exc}", file=sys.stderr)
            return 2
    folder = args.reranker or args.train_reranker
    ese_rows = json.loads(finese.read_text(encoding="utf-8"))
    nsp_rows = json.loads(finnsp.read_text(encoding="utf-8"))
    if nsp_rows and nsp_rows[0][0] == "id":
        nsp_rows = nsp_rows[1:]
    if args.limit:
        ese_rows, nsp_rows = ese_rows[: args.limit], nsp_rows[: args.limit]
    errors: list[dict[str, Any]] = []
    rules = evaluate(None, ese_rows, nsp_rows, errors if args.rules_only else [])
    report: dict[str, Any] = {"split": args.split, "rules": rules}
    if not args.rules_only:
        shipped = Analyzer.from_files(default_set_paths(), None, model_config())
        report["default"] = evaluate_with(
            shipped, ese_rows, nsp_rows, errors if folder is None else []
        )
    if folder is not None:  # errors are then those of DIR's models
        try:
            report["reranker"] = str(folder)
            report["with_model"] = evaluate(folder, ese_rows, nsp_rows, errors)
        except (OSError, ValueError) as exc:
            print(f"{folder}: cannot use the re-rankers there: {exc}", file=sys.stderr)
            return 2
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as handle:
            for item in errors:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
