"""The awareness stage: an awareness, education or rebuttal piece is judged as a whole.

The rules find the framing (``Verdict.aware``, see ``keywords.context.awareness_of``);
this stage applies it after any document model, so no model overrules it: no risk,
no score, no categories, terms or yield flag.  The evidence stays, for explanation.
"""

from __future__ import annotations

from keywords.pipeline.evolve import evolve
from keywords.pipeline.verdict import Verdict


class Awareness:
    """Mark the document an awareness piece when the rules found it framed as one."""

    name = "awareness"

    def __call__(self, verdict: Verdict) -> Verdict:
        if verdict.aware is None:
            return verdict
        return evolve(
            verdict,
            risk=False,
            score=0.0,
            awareness=True,
            awareness_reason=verdict.aware.reason,
            categories=(),
            terms=(),
            yield_flag=False,
        )
