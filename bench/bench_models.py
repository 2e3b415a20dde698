"""Benchmark: what the learned stages cost per document, one at a time and in batches.

    PYTHONPATH=. .venv/bin/python bench/bench_models.py [--models DIR] [--docs N] [--chars N]

Runs the whole pipeline over a generated corpus (the sentences of
``bench_analyzer.py``, cut to about ``--chars`` characters), once a document at a time
(``__call__``) and once in batches of ``--batch`` documents (each learned stage's
``batch``), and reports each learned stage's CPU time in microseconds per document,
next to bare ``jieba.lcut`` on the same texts.  ``--models DIR`` times the
models in DIR (as ``tianluo keywords train-reranker`` writes them) instead of the
shipped ones.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analyzer import ORDINARY, RISKY

from keywords import Analyzer, default_set_paths
from keywords.pipeline.verdict import Request, Verdict
from keywords.shipped import model_config


def corpus(size: int, chars: int, seed: int = 5) -> list[str]:
    """Texts of about ``chars`` characters; about a third hold a risk sentence."""
    rng = random.Random(seed)
    out = []
    for _ in range(size):
        parts: list[str] = []
        while sum(map(len, parts)) < chars:
            parts.append(rng.choice(RISKY if rng.random() < 0.1 else ORDINARY))
        out.append("".join(parts)[:chars])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, help="folder with events/finnsp/subject.npz")
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--chars", type=int, default=130)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    analyzer = Analyzer.from_files(default_set_paths(), None, model_config(args.models))
    texts = corpus(args.docs, args.chars)
    stages = analyzer.pipeline.stages
    learned = [s for s in stages if hasattr(s, "batch")]
    report: dict[str, object] = {"docs": len(texts), "chars": args.chars, "batch": args.batch}
    start = time.process_time()
    for text in texts:
        analyzer.tokenizer.lcut(text)
    lcut_us = (time.process_time() - start) / len(texts) * 1e6
    report["lcut_us_per_doc"] = round(lcut_us, 1)
    per_doc = dict.fromkeys((s.name for s in learned), 0.0)
    batched = dict.fromkeys((s.name for s in learned), 0.0)
    for text in texts:  # one document at a time through the whole pipeline
        verdict = Verdict(Request(text))
        for stage in stages:
            start = time.process_time()
            verdict = stage(verdict)
            if stage in learned:
                per_doc[stage.name] += time.process_time() - start
    risk_hits = 0
    for i in range(0, len(texts), args.batch):  # batches through the whole pipeline
        verdicts = [Verdict(Request(t)) for t in texts[i : i + args.batch]]
        for stage in stages:
            if stage in learned:
                start = time.process_time()
                verdicts = stage.batch(verdicts)  # type: ignore[attr-defined]
                batched[stage.name] += time.process_time() - start
            else:
                verdicts = [stage(v) for v in verdicts]
        risk_hits += sum(v.risk for v in verdicts)
    per_doc = {k: v / len(texts) * 1e6 for k, v in per_doc.items()}
    batched = {k: v / len(texts) * 1e6 for k, v in batched.items()}
    report["per_doc_us"] = {k: round(v, 1) for k, v in per_doc.items()}
    report["batched_us"] = {k: round(v, 1) for k, v in batched.items()}
    report["learned_per_doc_us"] = round(sum(per_doc.values()), 1)
    report["learned_batched_us"] = round(sum(batched.values()), 1)
    report["risk_hits"] = risk_hits
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
