"""The score stage: the rules' evidence to components, a 0-100 score and ``risk``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from keywords.pipeline.evolve import evolve
from keywords.pipeline.verdict import Verdict
from keywords.scoring import Scored, combine, reach_multiplier, squash

FRAMED_SHARE = 0.6
"""Share of the risk line that damped evidence of a framed document may reach at most."""


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """The numbers the score stage reads."""

    risk_threshold: float
    score_scale: float
    source_weights: Mapping[str, float]
    """Highest weight any keyword set gives each source type (1 when none names it)."""


def framed_components(
    scored: tuple[Scored, ...], frame: float, line: ScoreLine
) -> dict[str, float]:
    """Per-component totals; in a framed document the damped evidence is capped.

    An awareness piece lists every keyword, so even damped hits add up: together
    they may bring at most ``FRAMED_SHARE`` of the risk line.  Evidence the framing
    left whole (distress next to a named enterprise) counts in full.
    """
    if frame >= 1.0:
        return combine(scored)
    kept = combine(s for s in scored if s.factor >= 1.0)
    damped = combine(s for s in scored if s.factor < 1.0)
    risk_line = -line.score_scale * math.log(1.0 - min(line.risk_threshold, 99) / 100)
    total = sum(damped.values())
    ratio = min(1.0, FRAMED_SHARE * risk_line / total) if total > 0 else 1.0
    return {k: kept.get(k, 0.0) + damped.get(k, 0.0) * ratio for k in {*kept, *damped}}


class Score:
    """Components (``feature``, ``compliance``, ``complaint``, ``yield``, ``reach``) and score."""

    name = "score"

    def __init__(self, line: ScoreLine) -> None:
        self.line = line

    def __call__(self, verdict: Verdict) -> Verdict:
        scored = verdict.scored
        components = framed_components(scored, verdict.frame, self.line) if scored else {}
        weight = self.line.source_weights.get(verdict.request.source_type, 1.0)
        multiplier = weight * reach_multiplier(verdict.request.reach)
        components["reach"] = round(multiplier, 3)
        raw = sum(v for k, v in components.items() if k != "reach") * multiplier
        score = squash(raw, self.line.score_scale)
        return evolve(
            verdict,
            components=components,
            multiplier=multiplier,
            score=score,
            risk=score >= self.line.risk_threshold,
        )
