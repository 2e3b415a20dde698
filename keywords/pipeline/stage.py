"""A stage is a named callable from verdict to verdict; a pipeline runs stages in order.

Batches: a stage MAY also implement ``batch(verdicts) -> list[verdict]``, returning one
verdict per input in the same order, each equal to what ``__call__`` returns for it (a
learned model scores the whole batch in one matrix product).  ``Pipeline.batch`` calls
it when present and maps ``__call__`` otherwise; ``Pipeline.__call__`` is the
per-document path and always calls ``__call__``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from keywords.pipeline.evolve import evolve
from keywords.pipeline.verdict import Verdict


class Stage(Protocol):
    """One job of the analysis: reads some fields of the verdict, returns a new one."""

    name: str

    def __call__(self, verdict: Verdict) -> Verdict: ...


class BatchStage(Protocol):
    """A stage that can also take several verdicts at once (see the module docstring)."""

    name: str

    def __call__(self, verdict: Verdict) -> Verdict: ...

    def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]: ...


class Pipeline:
    """Stages in the order they run; the verdict's ``trace`` names each one it went through.

    The trace is written once, after the last stage (a stage never reads it): a copy of
    the verdict per stage for the trace alone was a tenth of the analysis time.
    """

    def __init__(self, stages: Sequence[Stage]) -> None:
        names = [s.name for s in stages]
        if len(set(names)) != len(names):
            raise ValueError(f"stage names must be unique: {names}")
        self.stages = tuple(stages)
        self._names = tuple(names)
        self._batches: tuple[Callable[[Sequence[Verdict]], list[Verdict]] | None, ...] = tuple(
            getattr(s, "batch", None) for s in stages
        )

    @property
    def names(self) -> list[str]:
        """What runs, in order."""
        return list(self._names)

    def __call__(self, verdict: Verdict) -> Verdict:
        for stage in self.stages:
            verdict = stage(verdict)
        return evolve(verdict, trace=(*verdict.trace, *self._names))

    def batch(self, verdicts: Sequence[Verdict]) -> list[Verdict]:
        """Each stage over the whole batch (its ``batch`` when it has one), in order."""
        out = list(verdicts)
        for stage, batch in zip(self.stages, self._batches, strict=True):
            if batch is not None:
                out = batch(out)
                if len(out) != len(verdicts):
                    raise RuntimeError(
                        f"stage {stage.name!r}: batch returned {len(out)} verdicts"
                        f" for {len(verdicts)}"
                    )
            else:
                out = [stage(v) for v in out]
        return [evolve(v, trace=(*v.trace, *self._names)) for v in out]
