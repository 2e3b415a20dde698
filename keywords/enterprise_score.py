"""An enterprise's score over a time window: the one definition every store computes.

A *story* is one reprint cluster that names the enterprise; its weight is the highest
risk score among the story's documents that are risk hits, raised by how many sites
carried it (each doubling of the sites adds ``REACH_BONUS``). The enterprise's score is
the sum of its stories' weights. SQLite calls ``story_weight`` from SQL (registered as a
function on every connection); the engines aggregate the same per-story figures and add
them up here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

REACH_BONUS = 0.25
"""Each doubling of the sites that carried a story adds 25% to its weight."""


def story_weight(top: float | None, reach: int | None) -> float:
    """One story's weight: its top risk score times the reach bonus (0 when not at risk)."""
    if not top:
        return 0.0
    return float(top) * (1.0 + REACH_BONUS * math.log2(max(int(reach or 1), 1)))


def enterprise_total(stories: Iterable[tuple[float | None, int | None]]) -> float:
    """The enterprise's score from its stories' (top score, reach), rounded for display."""
    return round(sum(story_weight(top, reach) for top, reach in stories), 2)
