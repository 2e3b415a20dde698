"""A linear classifier over hashed features, fitted with scikit-learn and kept as numpy arrays.

Inputs are a dict of named features (each name hashed with ``zlib.crc32``) and a text
(its character 1-3-grams hashed in numpy: :mod:`keywords.learned_hash`, log-scaled and
L2-normalised).  Both hashes are the same in every process, no jieba runs, and a whole
batch of documents is vectorised at once into one sparse matrix (:class:`Rows`) and
scored with one product.  Hashing keeps no vocabulary, so the fitted weights hold no
text from the training data.  Fitting uses ``LogisticRegression``; the decision
threshold is chosen on out-of-fold probabilities (``StratifiedGroupKFold``).  The model
is a few arrays (``to_arrays``/``from_arrays``) that ``keywords.reranker`` saves as an
``.npz`` archive (``keywords.npz``), never pickle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from keywords.learned_hash import Rows, char_grams, named_rows

NAMED_FEATURES = 1 << 12
TEXT_FEATURES = 1 << 16
MAX_ITER = 300
"""L-BFGS iterations of one fit (the out-of-fold figures show what it costs in quality)."""


@dataclass(frozen=True, slots=True)
class HashSpec:
    """How inputs become a feature vector; saved with the weights."""

    named_features: int = NAMED_FEATURES
    text_features: int = TEXT_FEATURES
    ngram_min: int = 1
    ngram_max: int = 3

    def to_dict(self) -> dict[str, int]:
        """JSON-ready settings."""
        return {
            "named_features": self.named_features,
            "text_features": self.text_features,
            "ngram_min": self.ngram_min,
            "ngram_max": self.ngram_max,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HashSpec:
        """Rebuild from ``to_dict`` output; ``ValueError`` on missing or odd values."""
        try:
            spec = cls(
                int(data["named_features"]),
                int(data["text_features"]),
                int(data["ngram_min"]),
                int(data["ngram_max"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"bad feature settings: {exc}") from None
        if min(spec.named_features, spec.text_features, spec.ngram_min) < 1:
            raise ValueError("bad feature settings: sizes must be positive")
        if spec.ngram_max < spec.ngram_min:
            raise ValueError("bad feature settings: ngram_max < ngram_min")
        for size in (spec.named_features, spec.text_features):
            if size & (size - 1):
                raise ValueError("bad feature settings: sizes must be powers of two")
        return spec

    @property
    def width(self) -> int:
        """Length of a feature vector."""
        return self.named_features + self.text_features

    def vectorize(self, named: Sequence[Mapping[str, float]], texts: Sequence[str]) -> Rows:
        """One row per (named features, text) pair: the whole batch in one sparse matrix."""
        words = named_rows(named, self.named_features)
        grams = char_grams(texts, self.ngram_min, self.ngram_max, self.text_features)
        return words.beside(grams, self.named_features)


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Class weights over hashed features; ``positive`` marks the classes that count as yes.

    A binary model has one row of weights.  A model fitted on fine labels (event
    types) has one row per class; its yes-probability is the softmax mass of the
    positive classes.
    """

    spec: HashSpec
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]
    positive: NDArray[np.bool_]
    threshold: float = 0.5
    classes: tuple[str, ...] = ()
    """Class names of the weight rows of a multi-class model (empty for a binary one)."""
    columns: NDArray[np.float64] = field(init=False, repr=False, compare=False)
    """``coef`` transposed (one row per feature), in the features' precision so that a
    product never converts the whole matrix."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", np.ascontiguousarray(self.coef.T, dtype=np.float64))

    def scores(self, x: Rows) -> NDArray[np.float64]:
        """Decision values of vectorised inputs, one column per weight row (one product)."""
        return x.dot(self.columns) + self.intercept.astype(np.float64)

    def class_probabilities(self, x: Rows) -> NDArray[np.float64]:
        """Softmax probability of each class (rows: inputs; columns: ``classes``)."""
        return softmax(self.scores(x))

    def probabilities(
        self, named: Sequence[Mapping[str, float]], texts: Sequence[str]
    ) -> NDArray[np.float64]:
        """Yes-probability of each input."""
        if not len(named):
            return np.zeros(0)
        return self.yes_probabilities(self.spec.vectorize(named, texts))

    def yes_probabilities(self, x: Rows) -> NDArray[np.float64]:
        """Yes-probability of vectorised inputs."""
        z = self.scores(x)
        if z.shape[1] == 1:
            return sigmoid(z[:, 0])
        return np.asarray(softmax(z)[:, self.positive].sum(axis=1), dtype=np.float64)

    def to_arrays(self, prefix: str) -> dict[str, NDArray[Any]]:
        """The weights as named arrays (the settings go in the caller's metadata)."""
        return {  # half precision: a tenth of a per cent of a weight, half the file
            f"{prefix}_coef": self.coef.astype(np.float16),
            f"{prefix}_intercept": self.intercept,
            f"{prefix}_positive": self.positive,
        }

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, NDArray[Any]], prefix: str, meta: Mapping[str, Any]
    ) -> LinearModel:
        """Rebuild from ``to_arrays`` output and ``{"spec": ..., "threshold": ...}``."""
        spec = HashSpec.from_dict(meta.get("spec", {}))
        try:
            coef = np.asarray(arrays[f"{prefix}_coef"], dtype=np.float32)
            intercept = np.asarray(arrays[f"{prefix}_intercept"], dtype=np.float32)
            positive = np.asarray(arrays[f"{prefix}_positive"], dtype=np.bool_)
            threshold = float(meta["threshold"])
            classes = tuple(str(c) for c in meta.get("classes", ()))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"missing or bad {prefix} model part: {exc}") from None
        rows = coef.shape[0] if coef.ndim == 2 else -1
        if coef.ndim != 2 or coef.shape[1] != spec.width or intercept.shape != (rows,):
            raise ValueError(f"{prefix} weights do not match their feature settings")
        if positive.shape != ((rows,) if rows > 1 else (1,)) or not positive.any():
            raise ValueError(f"{prefix} positive classes do not match the weights")
        if classes and len(classes) != rows:
            raise ValueError(f"{prefix} class names do not match the weights")
        return cls(spec, coef, intercept, positive, threshold, classes)

    def meta(self) -> dict[str, Any]:
        """The settings ``from_arrays`` needs besides the arrays."""
        out: dict[str, Any] = {"spec": self.spec.to_dict(), "threshold": self.threshold}
        if self.classes:
            out["classes"] = list(self.classes)
        return out


def sigmoid(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """The logistic function, clipped so that no exp overflows."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0))), dtype=np.float64)


def softmax(z: NDArray[np.float64]) -> NDArray[np.float64]:
    """Row-wise softmax."""
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Fitted:
    """A fitted model and its out-of-fold figures on the training data."""

    model: LinearModel
    oof: NDArray[np.float64]
    """Out-of-fold yes-probability of each training sample (in-sample without CV)."""
    oof_classes: NDArray[np.float64] | None = None
    """Out-of-fold probability of each class of a multi-class model (rows: samples)."""


def f1_at(labels: NDArray[np.bool_], scores: NDArray[np.float64], threshold: float) -> float:
    """F1 of ``scores >= threshold`` against ``labels``."""
    predicted = scores >= threshold
    tp = int((predicted & labels).sum())
    wrong = int((predicted ^ labels).sum())
    return 2 * tp / (2 * tp + wrong) if tp else 0.0


def best_threshold(
    labels: NDArray[np.bool_],
    scores: NDArray[np.float64],
    objective: Callable[[float], float] | None = None,
) -> float:
    """The threshold in 0.10..0.90 that maximises ``objective`` (default: F1)."""
    grid = np.round(np.arange(0.10, 0.901, 0.025), 3)
    judge = objective or (lambda t: f1_at(labels, scores, t))
    values = [judge(float(t)) for t in grid]
    return float(grid[int(np.argmax(values))])


def fit(
    named: Sequence[Mapping[str, float]],
    texts: Sequence[str],
    labels: Sequence[str] | Sequence[bool],
    positive: Sequence[str] | None = None,
    *,
    spec: HashSpec | None = None,
    c: float = 10.0,
    folds: int = 5,
    seed: int = 13,
    groups: Sequence[str] | None = None,
) -> Fitted:
    """Fit logistic regression; choose the F1-best threshold on out-of-fold probabilities.

    ``labels`` are booleans, or fine class names with ``positive`` naming the
    classes that count as yes (the model is then multinomial over the classes).
    ``folds`` < 2 skips cross-validation (threshold 0.5, in-sample scores).  Folds
    are stratified on yes/no; samples with the same ``groups`` value (e.g. the
    same text) share a fold.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    spec = spec or HashSpec()
    y = np.asarray([str(v) for v in labels])
    yes = {str(True)} if positive is None else set(positive)
    truth = np.isin(y, list(yes))
    if truth.all() or not truth.any():
        raise ValueError("training data needs both positive and negative samples")
    x = spec.vectorize(named, texts).csr()
    classes = np.unique(y)

    def new() -> LogisticRegression:  # a loose tolerance: minutes, not an hour, on 2 cores
        return LogisticRegression(C=c, max_iter=MAX_ITER, tol=1e-3)

    oof: NDArray[np.float64] | None = None
    oof_classes: NDArray[np.float64] | None = None
    threshold = 0.5
    smallest = min(int(truth.sum()), int((~truth).sum()))
    if folds >= 2 and smallest >= 2:
        oof = np.zeros(len(y))
        oof_classes = np.zeros((len(y), len(classes)))
        splitter = StratifiedGroupKFold(min(folds, smallest), shuffle=True, random_state=seed)
        group = list(groups) if groups is not None else list(range(len(y)))
        for train_idx, test_idx in splitter.split(x, truth, group):
            part = new().fit(x[train_idx], y[train_idx])
            proba = part.predict_proba(x[test_idx])
            oof[test_idx] = _yes(proba, part.classes_, yes)
            where = np.searchsorted(classes, part.classes_)
            block = np.zeros((len(test_idx), len(classes)))
            block[:, where] = proba if proba.shape[1] == len(where) else 0.0
            oof_classes[test_idx] = block
        threshold = best_threshold(truth, oof)
    final = new().fit(x, y)
    if oof is None:  # no cross-validation: in-sample probabilities stand in
        oof = _yes(final.predict_proba(x), final.classes_, yes)
    found = np.asarray(final.classes_)
    coef = np.asarray(final.coef_, dtype=np.float16).astype(np.float32)  # as saved
    mask = np.isin(found, list(yes)) if coef.shape[0] > 1 else np.array([True])
    if coef.shape[0] == 1 and found[1] not in yes:  # binary with yes as class 0
        coef, mask = -coef, np.array([True])
        intercept = -np.asarray(final.intercept_, dtype=np.float32)
    else:
        intercept = np.asarray(final.intercept_, dtype=np.float32)
    names = tuple(str(k) for k in found) if coef.shape[0] > 1 else ()
    model = LinearModel(spec, coef, intercept, mask, threshold, names)
    return Fitted(model, oof, oof_classes if coef.shape[0] > 1 else None)


def _yes(proba: NDArray[np.float64], classes: NDArray[Any], yes: set[str]) -> NDArray[np.float64]:
    return np.asarray(proba[:, np.isin(classes, list(yes))].sum(axis=1), dtype=np.float64)
