"""An optional learned re-ranker: logistic regression over rule features and character n-grams.

Pure Python, no dependencies.  The analyzer's rules stay the explanation; the
re-ranker only re-decides ``risk`` from the rule features (category weights,
score components, cancellations) plus hashed character bigrams and trigrams of
the text.  Train it with ``bench/eval_quality.py --train-reranker MODEL.json``
(which reads labelled data and writes the model file); load the JSON yourself
and pass ``Reranker.from_dict(data)`` as ``AnalyzerConfig(reranker=...)``.  The
model holds only hashed feature weights, no text.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keywords.analyzer import AnalysisResult

BUCKETS = 1 << 18


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % BUCKETS


def features(text: str, result: AnalysisResult) -> dict[int, float]:
    """Hashed features of one analysed document."""
    out: dict[int, float] = {}
    named: dict[str, float] = {"bias:rules": 1.0, "score": result.score / 100.0}
    for key, value in result.components.items():
        named[f"component:{key}"] = math.log1p(value)
    for ev in result.evidence:
        if ev.cancelled_by:
            named["cancelled:" + ev.cancelled_by.split(":")[0]] = 1.0
            continue
        named[f"cat:{ev.category}"] = named.get(f"cat:{ev.category}", 0.0) + 0.5
        named[f"term:{ev.term}"] = 1.0
        named[f"rule:{ev.rule.split(' ')[0]}"] = 1.0
    named["yield_flag"] = 1.0 if result.yield_flag else 0.0
    named["mentions"] = math.log1p(len(result.mentions))
    for key, value in named.items():
        out[_bucket(key)] = out.get(_bucket(key), 0.0) + value
    grams: set[str] = set()
    for n in (2, 3):
        for i in range(len(text) - n + 1):
            grams.add(text[i : i + n])
    scale = 1.0 / math.sqrt(len(grams) or 1)
    for gram in grams:
        index = _bucket("g:" + gram)
        out[index] = out.get(index, 0.0) + scale
    return out


@dataclass(slots=True)
class Reranker:
    """Logistic-regression weights over hashed features and a decision threshold."""

    weights: dict[int, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5

    def probability(self, text: str, result: AnalysisResult) -> float:
        """Probability that the document is a risk signal."""
        z = self.bias + sum(self.weights.get(i, 0.0) * v for i, v in features(text, result).items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (weights rounded, zeros dropped)."""
        return {
            "kind": "tianluo-reranker/1",
            "bias": self.bias,
            "threshold": self.threshold,
            "weights": {str(k): round(v, 5) for k, v in self.weights.items() if abs(v) > 1e-5},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reranker:
        """Rebuild from ``to_dict`` output; ``ValueError`` on another format."""
        if data.get("kind") != "tianluo-reranker/1":
            raise ValueError("not a tianluo-reranker/1 model")
        weights = {int(k): float(v) for k, v in data["weights"].items()}
        return cls(weights, float(data["bias"]), float(data["threshold"]))


def train(
    samples: Sequence[tuple[dict[int, float], bool]],
    *,
    epochs: int = 6,
    rate: float = 0.2,
    l2: float = 1e-6,
    seed: int = 13,
) -> Reranker:
    """Fit logistic regression by SGD on (features, label) pairs."""
    weights: dict[int, float] = {}
    bias = 0.0
    order = list(range(len(samples)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1.0 + epoch)
        for index in order:
            feats, label = samples[index]
            z = bias + sum(weights.get(i, 0.0) * v for i, v in feats.items())
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            grad = p - (1.0 if label else 0.0)
            bias -= step * grad
            for i, v in feats.items():
                w = weights.get(i, 0.0)
                weights[i] = w - step * (grad * v + l2 * w)
    return Reranker(weights, bias)
