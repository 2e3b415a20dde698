"""Gradient-boosted trees stored as plain numbers and evaluated with numpy.

scikit-learn's ``GradientBoostingClassifier`` (``init="zero"``, log-loss) learns them;
:meth:`Forest.from_sklearn` copies each tree's public ``tree_`` arrays (split feature,
threshold, children, leaf value times the learning rate) into flat arrays, so a model file
holds numbers only (no pickle) and scoring needs no scikit-learn.  All trees are walked
at once: one step per level, ``depth`` steps in all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Forest:
    """Trees in flat arrays; a leaf is its own left and right child (feature 0)."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]
    roots: tuple[int, ...]
    depth: int
    arrays: tuple[NDArray[Any], ...] = field(init=False, repr=False, compare=False)
    """The same as numpy arrays (feature, threshold, left, right, value, roots), built once."""

    def __post_init__(self) -> None:
        index = (self.feature, self.left, self.right, self.roots)
        feature, left, right, roots = (np.asarray(a, dtype=np.intp) for a in index)
        threshold, value = np.asarray(self.threshold), np.asarray(self.value)
        object.__setattr__(self, "arrays", (feature, threshold, left, right, value, roots))

    def raw(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        """The summed tree outputs (log-odds) of each row of ``x``."""
        feature, threshold, left, right, value, roots = self.arrays
        x = np.asarray(x, dtype=np.float32)  # scikit-learn's trees compare float32 values
        rows = np.arange(len(x))[:, None]
        node = np.broadcast_to(roots, (len(x), len(roots)))
        for _ in range(self.depth):
            go_left = x[rows, feature[node]] <= threshold[node]
            node = np.where(go_left, left[node], right[node])
        out: NDArray[np.float64] = value[node].sum(axis=1)
        return out

    def width(self) -> int:
        """The fewest columns ``x`` must have."""
        return max(self.feature, default=-1) + 1

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; floats as they are (a rounded threshold could flip a split)."""
        return {
            "feature": list(self.feature),
            "threshold": list(self.threshold),
            "left": list(self.left),
            "right": list(self.right),
            "value": list(self.value),
            "roots": list(self.roots),
            "depth": self.depth,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Forest:
        """Rebuild from :meth:`to_dict`; ``ValueError`` when the arrays do not fit."""
        forest = cls(
            tuple(int(v) for v in data["feature"]),
            tuple(float(v) for v in data["threshold"]),
            tuple(int(v) for v in data["left"]),
            tuple(int(v) for v in data["right"]),
            tuple(float(v) for v in data["value"]),
            tuple(int(v) for v in data["roots"]),
            int(data["depth"]),
        )
        size = len(forest.feature)
        arrays = (forest.threshold, forest.left, forest.right, forest.value)
        if any(len(a) != size for a in arrays) or not 0 < forest.depth <= 64:
            raise ValueError("the tree arrays do not fit together")
        if any(not 0 <= i < size for i in (*forest.left, *forest.right, *forest.roots)):
            raise ValueError("a tree points outside its arrays")
        if min(forest.feature, default=0) < 0:
            raise ValueError("a tree splits on a negative column")
        return forest

    @classmethod
    def from_sklearn(cls, model: Any) -> Forest:
        """From a fitted binary ``GradientBoostingClassifier`` with ``init="zero"``."""
        if model.init != "zero" or model.estimators_.shape[1] != 1:
            raise ValueError("only binary boosting with init='zero' is supported")
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 1
        rate = float(model.learning_rate)
        for (estimator,) in model.estimators_:
            tree = estimator.tree_
            base = len(feature)
            roots.append(base)
            depth = max(depth, int(tree.max_depth))
            for node in range(tree.node_count):
                leaf = tree.children_left[node] == -1
                feature.append(0 if leaf else int(tree.feature[node]))
                threshold.append(0.0 if leaf else float(tree.threshold[node]))
                left.append(base + node if leaf else base + int(tree.children_left[node]))
                right.append(base + node if leaf else base + int(tree.children_right[node]))
                value.append(rate * float(tree.value[node, 0, 0]) if leaf else 0.0)
        return cls(
            tuple(feature),
            tuple(threshold),
            tuple(left),
            tuple(right),
            tuple(value),
            tuple(roots),
            depth,
        )
