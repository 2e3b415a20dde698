"""How the event-type model and the negative-news model decide ``risk`` together.

A small logistic regression (a *stacker*) over what both document models say: the
probability of each event type, the negative-news probability (and its logit), and the
rules' score; from layout version 2 on also the log-odds of the fundraising-risk mass,
the log of each event-type probability and ``log(1 + n)`` of the live keyword evidence
of each category the training run saw.  It is trained by ``tianluo keywords train-reranker`` on
out-of-fold probabilities of both training sets at once (FinESE rows: is the event type a
fundraising risk; FinNSP rows: is the news negative), so it learns when negative news is
listed-company news (财务造假, 评级调整: no risk hit) and when it is a fundraising
signal; its threshold is chosen by cross-validation on the same rows.  It ships inside
``events.npz`` (a few numbers in the metadata).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from keywords.learned import sigmoid
from keywords.learned_trees import Forest
from tianluo.models import Evidence

EPS = 1e-4

EXTRA = 3
"""Columns of :func:`combine_features` after the event-type probabilities (version 1)."""


@dataclass(frozen=True, slots=True)
class Layout:
    """Which columns :func:`combine_features` builds.

    Version 1: the event-type probabilities, the negative-news probability and its logit,
    the rules' score.  Version 2 adds the log-odds of the mass of ``risk_columns`` (the
    indices of the fundraising-risk classes), the log of every class probability and
    ``log(1 + n)`` of the live (not cancelled) evidence of each of ``categories``.  A
    category an admin adds later has no column: the stacker ignores it, the document
    model still reads it.
    """

    version: int = 1
    risk_columns: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    column: dict[str, int] = field(init=False, repr=False, compare=False)
    """Each category's index among the count columns, built once."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "column", {c: j for j, c in enumerate(self.categories)})

    def width(self, classes: int) -> int:
        """Columns for a model of ``classes`` event types."""
        if self.version == 1:
            return classes + EXTRA
        return 2 * classes + EXTRA + 1 + len(self.categories)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "risk_columns": list(self.risk_columns),
            "categories": list(self.categories),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Layout:
        """Rebuild from :meth:`to_dict`; ``None`` (written before layouts) is version 1."""
        if data is None:
            return cls()
        version = int(data["version"])
        if version not in (1, 2):
            raise ValueError(f"unknown combiner layout version {version}")
        return cls(
            version,
            tuple(int(c) for c in data["risk_columns"]),
            tuple(str(c) for c in data["categories"]),
        )


def combine_features(
    class_probs: NDArray[np.float64],
    negative: NDArray[np.float64],
    rules_score: NDArray[np.float64],
    layout: Layout | None = None,
    evidence: Sequence[Iterable[Evidence]] = (),
) -> NDArray[np.float64]:
    """One row per document (see :class:`Layout`); ``evidence``: each document's evidence,
    read by version 2 only."""
    layout = layout or Layout()
    p = np.clip(negative, EPS, 1 - EPS)
    extra = np.column_stack((p, np.log(p / (1 - p)), np.asarray(rules_score) / 100.0))
    if layout.version == 1:
        return np.hstack((class_probs, extra))
    probs = np.asarray(class_probs, dtype=np.float64)
    mass = np.clip(probs[:, list(layout.risk_columns)].sum(axis=1), EPS, 1 - EPS)
    counts = np.zeros((len(probs), len(layout.categories)))
    for i, found in enumerate(evidence):
        for ev in found:
            j = layout.column.get(ev.category)
            if j is not None and ev.cancelled_by is None:
                counts[i, j] += 1
    return np.hstack(
        (
            probs,
            extra,
            np.log(mass / (1 - mass))[:, None],
            np.log(np.clip(probs, EPS, 1.0)),
            np.log1p(counts),
        )
    )


@dataclass(frozen=True, slots=True)
class Combiner:
    """Stacker weights over :func:`combine_features` and the yes threshold."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float
    risk_types: tuple[str, ...]
    """The event types it was trained to call risk (it is used only with these)."""
    layout: Layout = field(default_factory=Layout)
    trees: Forest | None = None
    """Boosted trees instead of the linear ``weights`` (which are then empty)."""

    def probabilities(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """Risk probability of each row of :func:`combine_features`."""
        if self.trees is not None:
            return sigmoid(self.trees.raw(x) + self.intercept)
        return sigmoid(x @ np.asarray(self.weights) + self.intercept)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (rounded: the same training gives the same bytes)."""
        return {
            "weights": [round(w, 6) for w in self.weights],
            "intercept": round(self.intercept, 6),
            "threshold": self.threshold,
            "risk_types": list(self.risk_types),
            "layout": self.layout.to_dict(),
            **({"trees": self.trees.to_dict()} if self.trees is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], classes: int) -> Combiner:
        """Rebuild from :meth:`to_dict`; ``ValueError`` when it does not fit a model of
        ``classes`` event types."""
        try:
            weights = tuple(float(w) for w in data["weights"])
            layout = Layout.from_dict(data.get("layout"))
            combiner = cls(
                weights,
                float(data["intercept"]),
                float(data["threshold"]),
                tuple(str(t) for t in data["risk_types"]),
                layout,
                Forest.from_dict(data["trees"]) if "trees" in data else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"bad combiner in the event model: {exc}") from None
        width = layout.width(classes)
        fits = (
            len(weights) == width
            if combiner.trees is None
            else not weights and combiner.trees.width() <= width
        )
        if not fits or any(not 0 <= c < classes for c in layout.risk_columns):
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
    layout: Layout | None = None,
    trees: bool = False,
) -> tuple[Combiner, dict[str, Any]]:
    """Fit the stacker; each data set (``sets``: its name per row) weighs the same, and
    the threshold maximises the mean of the sets' F1 on out-of-fold probabilities.
    ``trees``: gradient-boosted trees (``TREES``) instead of a logistic regression."""
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
        part = _learner(trees)
        part.fit(x[train_idx], labels[train_idx], sample_weight=weight[train_idx])
        oof[test_idx] = part.predict_proba(x[test_idx])[:, 1]

    def mean_f1(t: float) -> float:
        return float(
            np.mean([f1_at(labels[names == n], oof[names == n], t) for n in np.unique(names)])
        )

    threshold = best_threshold(labels, oof, mean_f1)
    final = _learner(trees).fit(x, labels, sample_weight=weight)
    forest = Forest.from_sklearn(final) if trees else None
    combiner = Combiner(
        () if trees else tuple(float(w) for w in final.coef_[0]),
        0.0 if trees else float(final.intercept_[0]),
        threshold,
        tuple(sorted(risk_types)),
        layout or Layout(),
        forest,
    )
    figures = {
        n: round(f1_at(labels[names == n], oof[names == n], threshold), 4)
        for n in np.unique(names).tolist()
    }
    return combiner, {"threshold": threshold, "oof_f1": figures}


TREES = {"n_estimators": 150, "max_depth": 3, "learning_rate": 0.1}
"""The boosted stacker's size (chosen by 3-fold cross-validation on the train split)."""


def _learner(trees: bool) -> Any:
    """A fresh stacker learner: boosted trees or a logistic regression."""
    if trees:
        from sklearn.ensemble import GradientBoostingClassifier

        return GradientBoostingClassifier(init="zero", random_state=0, **TREES)
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=1000)
