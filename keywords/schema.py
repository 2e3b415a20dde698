"""The in-memory form of a keyword set: categories, terms, rules, contexts and exclusions."""

from __future__ import annotations

from dataclasses import dataclass, field

COMPONENTS = ("feature", "compliance", "complaint")
"""Score components a category feeds: 特征词命中, 合规偏离, 投诉举报."""

CONTEXT_MODES = ("cancel", "damp")
CONTEXT_SCOPES = ("window", "title", "lead", "sentence", "clause")
"""``lead``: the title or the body's first sentence frames the whole document; ``clause``:
the same clause (no comma or sentence end between the word and the hit)."""
YIELD_CATEGORY = "yield"
"""The category of numeric yields (年化18%): a context listing it judges yields too."""
DIRECTIONS = ("before", "after", "both")


@dataclass(frozen=True, slots=True)
class Term:
    """One keyword with the surface forms that count as it (itself, variants, synonyms)."""

    term: str
    forms: tuple[str, ...]
    weight: float = 1.0
    note: str = ""


@dataclass(frozen=True, slots=True)
class Category:
    """A documented group of terms with a weight and the score component it feeds."""

    id: str
    label: str
    description: str
    weight: float
    terms: tuple[Term, ...]
    component: str = "feature"
    distress: bool = False
    enforcement: bool = False
    set_id: str = ""


@dataclass(frozen=True, slots=True)
class Near:
    """Two operand lists whose hits must lie within ``within`` tokens."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    within: int


@dataclass(frozen=True, slots=True)
class Rule:
    """A combination rule; operands are terms or ``category:<id>`` references."""

    id: str
    label: str
    description: str
    weight: float
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    near: Near | None = None
    category: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    """Awareness or negation words that cancel or damp hits near them."""

    id: str
    label: str
    terms: tuple[str, ...]
    mode: str = "cancel"
    factor: float = 0.0
    window: int = 10
    direction: str = "both"
    scope: str = "window"
    categories: tuple[str, ...] = ()
    """Categories affected; empty means all."""
    spare_named: bool = False
    """Distress and enforcement hits about a named enterprise keep their weight.  Document
    framing: a hit right next to a name (警方提醒 after 某公司跑路: the enterprise in distress
    stays risky).  Window and sentence contexts: a hit with a name between it and the
    context word (揭秘钱宝网非法集资套路: an exposé of 钱宝网, not a campaign)."""
    lapse_on_event: bool = False
    """The context lapses when what it frames reports a distress or enforcement fact.

    Document framing: the title or lead itself reports one (…立案侦查，提醒广大市民: news of
    an event, not a campaign).  Window and sentence contexts: the hit's sentence holds one
    (当初宣传100%本息保障，现在提现困难: the advertised promise next to distress is evidence).
    """
    awareness: bool = False
    """Document framing only: a document this framing holds is an awareness, education or
    rebuttal piece as a whole (keywords.context.awareness_of): never a risk hit."""


@dataclass(frozen=True, slots=True)
class KeywordSet:
    """One YAML file's keyword set."""

    id: str
    label: str
    description: str
    path: str
    categories: tuple[Category, ...]
    rules: tuple[Rule, ...] = ()
    contexts: tuple[Context, ...] = ()
    exclusions: tuple[str, ...] = ()
    source_weights: dict[str, float] = field(default_factory=dict)
