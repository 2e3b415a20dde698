"""Analysis as a pipeline of declared stages (see docs/architecture.md).

    normalise → match → rules → score → [document models] → awareness → enterprises
              → [mention models] → event_type → tokens

Each stage has a ``name`` and maps a frozen :class:`Verdict` to a new one; learned
models are stages registered by name in :mod:`keywords.pipeline.learned`.
"""

from keywords.pipeline.awareness import Awareness
from keywords.pipeline.enterprises import Enterprises, Registry
from keywords.pipeline.finish import EventType, Tokens
from keywords.pipeline.learned import MODELS, REGISTRY, ModelSlot, learned_stages, register
from keywords.pipeline.rules import RuleBook, Rules
from keywords.pipeline.scan import Match, Normalise
from keywords.pipeline.score import Score, ScoreLine
from keywords.pipeline.stage import Pipeline, Stage
from keywords.pipeline.verdict import AnalysisResult, Matched, Request, Texts, Verdict

__all__ = [
    "MODELS",
    "REGISTRY",
    "AnalysisResult",
    "Awareness",
    "Enterprises",
    "EventType",
    "Match",
    "Matched",
    "ModelSlot",
    "Normalise",
    "Pipeline",
    "Registry",
    "Request",
    "RuleBook",
    "Rules",
    "Score",
    "ScoreLine",
    "Stage",
    "Texts",
    "Tokens",
    "Verdict",
    "learned_stages",
    "register",
]
