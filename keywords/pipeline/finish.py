"""The last stages: the event type, and the tokens to index (so the store need not segment)."""

from __future__ import annotations

from keywords.event_types import event_type_from_categories
from keywords.pipeline.evolve import evolve
from keywords.pipeline.verdict import Verdict


class Tokens:
    """Tokens (two or more characters) of the segmented blocks, plus every mention's name."""

    name = "tokens"

    def __call__(self, verdict: Verdict) -> Verdict:
        seg = verdict.need_matched().seg
        tokens = [t for t in seg.tokens_in_blocks() if len(t) >= 2 and not t.isspace()]
        tokens += [m.name for m in verdict.mentions]
        return evolve(verdict, tokens=tuple(dict.fromkeys(tokens)))


class EventType:
    """The event type from the final risk: the event model's guess when it ran (its
    likeliest risk type for a risk hit, else its likeliest other type), else the
    rules-only fallback from the categories (see keywords/event_types.py)."""

    name = "event_type"

    def __call__(self, verdict: Verdict) -> Verdict:
        guess = verdict.event_guess
        if guess is not None:
            label = guess[0] if verdict.risk else guess[1]
        else:
            label = event_type_from_categories(verdict.categories, risk=verdict.risk)
        return evolve(verdict, event_type=label)
