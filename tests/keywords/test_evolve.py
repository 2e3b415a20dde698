"""``evolve`` copies a frozen slotted dataclass exactly as ``dataclasses.replace`` does."""

from __future__ import annotations

import dataclasses

import pytest

from keywords import Analyzer
from keywords.pipeline.evolve import _evolve
from keywords.pipeline.verdict import Request, Verdict


def test_evolve_equals_replace_on_a_real_verdict(analyzer: Analyzer) -> None:
    verdict = analyzer.run("某平台承诺保本保息，年化收益30%，老板跑路。", title="爆雷")
    changes = {"risk": not verdict.risk, "score": 12.5, "terms": ("甲",), "event_type": "其他"}
    copied = _evolve(verdict, **changes)
    assert copied == dataclasses.replace(verdict, **changes)  # type: ignore[arg-type]
    assert copied is not verdict and copied.risk != verdict.risk
    with pytest.raises(dataclasses.FrozenInstanceError):
        copied.risk = True  # type: ignore[misc]


def test_evolve_refuses_unknown_fields_and_classes_it_cannot_copy() -> None:
    with pytest.raises(TypeError, match="no field colour"):
        _evolve(Verdict(Request("x")), colour="red")

    @dataclasses.dataclass(frozen=True)
    class Plain:
        a: int = 0

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int = 0

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    with pytest.raises(TypeError, match="slots"):
        _evolve(Plain(), a=1)
    with pytest.raises(TypeError, match="__init__"):
        _evolve(Checked(), a=-1)
