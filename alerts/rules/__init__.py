"""Alert rules: the common schema, the rule-type registry, the loader, and default rules."""

from alerts.rules.base import RULE_TYPES, Options, Rule, RuleType, register
from alerts.rules.loader import LoadResult, load_rules, rule_paths
from alerts.rules.schema import Filters, RuleSpec

__all__ = [
    "RULE_TYPES",
    "Filters",
    "LoadResult",
    "Options",
    "Rule",
    "RuleSpec",
    "RuleType",
    "load_rules",
    "register",
    "rule_paths",
]
