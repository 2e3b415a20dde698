"""A stage is a named callable from verdict to verdict; a pipeline runs stages in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from keywords.pipeline.verdict import Verdict


class Stage(Protocol):
    """One job of the analysis: reads some fields of the verdict, returns a new one."""

    name: str

    def __call__(self, verdict: Verdict) -> Verdict: ...


class Pipeline:
    """Stages in the order they run; each appends its name to the verdict's ``trace``."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        names = [s.name for s in stages]
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique: {names}")
        self.stages = tuple(stages)

    @property
    def names(self) -> list[str]:
        """What runs, in order."""
        return [s.name for s in self.stages]

    def __call__(self, verdict: Verdict) -> Verdict:
        for stage in self.stages:
            verdict = stage(verdict)
            verdict = replace(verdict, trace=(*verdict.trace, stage.name))
        return verdict
