"""How close an extracted body is to the true one: character-bigram F1 (whitespace ignored)."""

from __future__ import annotations

from collections import Counter


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
