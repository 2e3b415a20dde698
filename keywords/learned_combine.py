"""How the event-type model and the negative-news model decide ``risk`` together.

A small logistic regression (a *stacker*) over what both document models say: the
probability of each event type, the negative-news probability (and its logit), and the
rules' score.  It is trained by ``tianluo keywords train-reranker`` on
out-of-fold probabilities of both training sets at once (FinESE rows: is the event type a
fundraising risk; FinNSP rows: is the news negative), so it learns when negative news is
listed-company news (财务造假, 评级调整: no risk hit) and when it is a fundraising
signal; its threshold is chosen by cross-validation on the same rows.  It ships inside
``events.npz`` (a few numbers in the metadata).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from keywords.learned import sigmoid

EPS = 1e-4


def combine_features(
    class_probs: NDArray[np.float64],
    negative: NDArray[np.float64],
    rules_score: NDArray[np.float64],
) -> NDArray[np.float64]:
    """One row per document: the event-type probabilities, then the negative-news
    probability and its logit, then the rules' score (0-100 scaled to 0-1)."""
    p = np.clip(negative, EPS, 1 - EPS)
    extra = np.column_stack((p, np.log(p / (1 - p)), np.asarray(rules_score) / 100.0))
    return np.hstack((class_probs, extra))


EXTRA = 3
"""Columns of :func:`combine_features` after the event-type probabilities."""


@dataclass(frozen=True, slots=True)
class Combiner:
    """Stacker weights over :func:`combine_features` and the yes threshold."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float
    risk_types: tuple[str, ...]
    """The event types it was trained to call risk (it is used only with these)."""

    def probabilities(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Risk probability of each row of :func:`combine_features`."""
        return sigmoid(x @ np.asarray(self.weights) + self.intercept)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (rounded: the same training gives the same bytes)."""
        return {
            "weights": [round(w, 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
            "risk_types": list(self.risk_types),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], width: int) -> Combiner:
        """Rebuild from :meth:`to_dict`; ``ValueError`` when it does not fit ``width``."""
        try:
            weights = tuple(float(w) for w in data["weights"])
            combiner = cls(
                weights,
                float(data["intercept"]),
                float(data["threshold"]),
                tuple(str(t) for t in data["risk_types"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"bad combiner in the event model: {exc}") from None
        if len(weights) != width:
            raise ValueError("the event model's combiner does not match its classes")
        return combiner


def fit_combiner(
    x: NDArray[np.float64],
    labels: NDArray[np.bool_],
    sets: Sequence[str],
    risk_types: Sequence[str],
    *,
    folds: int = 3,
    seed: int = 13,
) -> tuple[Combiner, dict[str, Any]]:
    """Fit the stacker; each data set (``sets``: its name per row) weighs the same, and
    the threshold maximises the mean of the sets' F1 on out-of-fold probabilities."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from keywords.learned import best_threshold, f1_at

    names = np.asarray(sets)
    weight = np.ones(len(names))
    for name in np.unique(names):
        weight[names == name] = len(names) / (len(np.unique(names)) * int((names == name).sum()))
    strata = np.char.add(names.astype(str), labels.astype(str))
    oof = np.zeros(len(labels))
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=seed).split(
        x, strata
    ):
        part = LogisticRegression(C=1.0, max_iter=1000)
        part.fit(x[train_idx], labels[train_idx], sample_weight=weight[train_idx])
        oof[test_idx] = part.predict_proba(x[test_idx])[:, 1]

    def mean_f1(t: float) -> float:
        return float(
            np.mean([f1_at(labels[names == n], oof[names == n], t) for n in np.unique(names)])
        )

    threshold = best_threshold(labels, oof, mean_f1)
    final = LogisticRegression(C=1.0, max_iter=1000).fit(x, labels, sample_weight=weight)
    combiner = Combiner(
        tuple(float(w) for w in final.coef_[0]),
        float(final.intercept_[0]),
        threshold,
        tuple(sorted(risk_types)),
    )
    figures = {
        n: round(f1_at(labels[names == n], oof[names == n], threshold), 4)
        for n in np.unique(names).tolist()
    }
    return combiner, {"threshold": threshold, "oof_f1": figures}
