"""The stacker: version 1 layouts keep loading, version 2 adds columns, boosted trees score
as scikit-learn does and load from numbers only."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from keywords.learned_combine import EXTRA, Combiner, Layout, combine_features, fit_combiner
from keywords.learned_trees import Forest
from tianluo.models import Evidence


def evidence(category: str, cancelled_by: str | None = None) -> Evidence:
    return Evidence("词", category, "term", 0, 1, "词", 1.0, cancelled_by=cancelled_by)


PROBS = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
NEGATIVE = np.array([0.9, 0.2])
SCORES = np.array([50.0, 0.0])


def test_version_1_is_the_old_columns() -> None:
    x = combine_features(PROBS, NEGATIVE, SCORES)
    assert x.shape == (2, 3 + EXTRA)
    assert x[0, :3].tolist() == PROBS[0].tolist()
    assert x[0, 3] == pytest.approx(0.9)
    assert x[0, 4] == pytest.approx(np.log(9))
    assert x[0, 5] == pytest.approx(0.5)


def test_version_2_adds_risk_odds_log_probabilities_and_live_evidence_counts() -> None:
    layout = Layout(2, (1, 2), ("distress", "fundraising"))
    docs = [
        [evidence("distress"), evidence("distress"), evidence("fundraising", "宣传")],
        [evidence("unknown_new_category")],
    ]
    x = combine_features(PROBS, NEGATIVE, SCORES, layout, docs)
    assert x.shape == (2, layout.width(3))
    assert x[0, 6] == pytest.approx(np.log(0.3 / 0.7))
    assert x[1, 6] == pytest.approx(np.log(0.9 / 0.1))
    assert x[0, 7:10].tolist() == pytest.approx(np.log(PROBS[0]).tolist())
    # Two live distress hits; the cancelled fundraising hit counts for nothing.
    assert x[0, 10:].tolist() == pytest.approx([np.log(3), 0.0])
    # A category added after training has no column.
    assert x[1, 10:].tolist() == [0.0, 0.0]


def test_a_combiner_written_before_layouts_still_loads() -> None:
    old = {"weights": [0.1] * (3 + EXTRA), "intercept": 0.0, "threshold": 0.5, "risk_types": []}
    combiner = Combiner.from_dict(old, 3)
    assert combiner.layout == Layout()
    x = combine_features(PROBS, NEGATIVE, SCORES, combiner.layout)
    assert combiner.probabilities(x).shape == (2,)


def test_a_version_2_combiner_round_trips_and_checks_its_width() -> None:
    layout = Layout(2, (1,), ("distress",))
    combiner = Combiner((0.0,) * layout.width(3), 0.1, 0.4, ("失联跑路",), layout)
    again = Combiner.from_dict(combiner.to_dict(), 3)
    assert again == combiner
    with pytest.raises(ValueError, match="does not match"):
        Combiner.from_dict(combiner.to_dict(), 4)
    bad = {**combiner.to_dict(), "layout": {**layout.to_dict(), "risk_columns": [7]}}
    with pytest.raises(ValueError, match="does not match"):
        Combiner.from_dict(bad, 3)
    unknown = {**combiner.to_dict(), "layout": {**layout.to_dict(), "version": 9}}
    with pytest.raises(ValueError, match="layout version 9"):
        Combiner.from_dict(unknown, 3)


# --- boosted trees ------------------------------------------------------------------------


def _boosted(x: np.ndarray, y: np.ndarray) -> Any:
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(
        init="zero", n_estimators=30, max_depth=3, random_state=0
    ).fit(x, y)


def test_a_forest_scores_as_scikit_learn_does_and_round_trips() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(600, 8))
    y = x[:, 0] + x[:, 2] * x[:, 5] > 0.2
    model = _boosted(x, y)
    forest = Forest.from_sklearn(model)
    unseen = rng.normal(size=(200, 8))
    assert forest.raw(unseen) == pytest.approx(model.decision_function(unseen))
    assert Forest.from_dict(forest.to_dict()) == forest
    assert forest.width() <= 8


def test_a_broken_forest_is_refused() -> None:
    rng = np.random.default_rng(4)
    x = rng.normal(size=(200, 3))
    data = Forest.from_sklearn(_boosted(x, x[:, 0] > 0)).to_dict()
    with pytest.raises(ValueError, match="outside"):
        Forest.from_dict({**data, "left": [10**6] * len(data["left"])})
    with pytest.raises(ValueError, match="fit together"):
        Forest.from_dict({**data, "value": data["value"][:-1]})


def test_a_tree_combiner_is_fitted_round_trips_and_checks_its_columns() -> None:
    rng = np.random.default_rng(5)
    probs = rng.dirichlet(np.ones(3), size=400)
    negative = rng.uniform(size=400)
    scores = rng.uniform(0, 100, size=400)
    layout = Layout(2, (1, 2), ("distress",))
    docs = [[evidence("distress")] * int(s // 30) for s in scores]
    x = combine_features(probs, negative, scores, layout, docs)
    labels = probs[:, 1:].sum(axis=1) + negative / 2 > 0.9
    sets = ["a"] * 200 + ["b"] * 200
    combiner, figures = fit_combiner(x, labels, sets, ["失联跑路"], layout=layout, trees=True)
    assert combiner.trees is not None and combiner.weights == ()
    assert min(figures["oof_f1"].values()) > 0.7  # the trees learn the rule
    again = Combiner.from_dict(combiner.to_dict(), 3)
    assert again.probabilities(x).tolist() == combiner.probabilities(x).tolist()
    trees = combiner.to_dict()["trees"]
    beyond = {**trees, "feature": [layout.width(3)] * len(trees["feature"])}
    with pytest.raises(ValueError, match="does not match"):
        Combiner.from_dict({**combiner.to_dict(), "trees": beyond}, 3)
