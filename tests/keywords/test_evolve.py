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


def test_evolve_copies_slots_and_refuses_what_it_cannot_copy() -> None:
    with pytest.raises(TypeError, match="no field colour"):
        _evolve(Verdict(Request("x")), colour="red")

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        a: int = 0
        b: tuple[int, ...] = ()

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int = 0

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    assert _evolve(Slotted(1, (2,)), a=3) == Slotted(3, (2,))
    with pytest.raises(dataclasses.FrozenInstanceError):
        _evolve(Slotted(), a=3).a = 4  # type: ignore[misc]
    with pytest.raises(TypeError, match="__init__"):
        _evolve(Checked(), a=-1)
