"""The rule-type registry: each type declares its options, key fields and filters."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from alerts.model import DocRef, Match
from alerts.rules.schema import RuleSpec
from indexer.base import AggField, Store


class Options(BaseModel):
    """Base of every type's options: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


OptionsT = TypeVar("OptionsT", bound=Options)


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rule: the common spec, its type's options, and where it was written."""

    spec: RuleSpec
    options: Options
    path: str
    line: int | None
    digest: str

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def key_field(self) -> str:
        return self.spec.group_by or RULE_TYPES[self.spec.type].group_by[0]

    @property
    def rule_type(self) -> RuleType[Options]:
        return RULE_TYPES[self.spec.type]()


class RuleType(ABC, Generic[OptionsT]):
    """A kind of rule.  Subclasses set the class attributes and implement ``evaluate``."""

    name: ClassVar[str]
    options: ClassVar[type[Options]]
    group_by: ClassVar[tuple[str, ...]]
    """Allowed key fields; the first is the default."""
    filters: ClassVar[frozenset[str]] = frozenset({"include", "exclude"})
    """Filters this type honours; setting another one is a validation error."""

    @abstractmethod
    def evaluate(self, store: Store, rule: Rule, opts: OptionsT, now: datetime) -> list[Match]:
        """The matches over ``[now - window, now)``, judged by crawl time."""

    def check(self, spec: RuleSpec, opts: OptionsT) -> list[tuple[str, str]]:
        """Problems between the common keys and the options: (key, message) pairs."""
        return []

    def cite(self, store: Store, rule: Rule, match: Match, now: datetime) -> list[DocRef]:
        """The documents to show under a match (called only for matches that are sent)."""
        if match.documents or match.enterprise is None:
            return match.documents
        return examples(store, since=now - rule.spec.window, until=now, enterprise=match.enterprise)

    def run(self, store: Store, rule: Rule, now: datetime) -> list[Match]:
        """Evaluate and apply the key filters common to every type."""
        found = self.evaluate(store, rule, rule.options, now)  # type: ignore[arg-type]
        return [m for m in found if rule.spec.filters.keeps(m.key)]


RULE_TYPES: dict[str, type[RuleType[Options]]] = {}


def register(cls: type[RuleType[OptionsT]]) -> type[RuleType[OptionsT]]:
    """Class decorator adding a rule type to the registry under its ``name``."""
    RULE_TYPES[cls.name] = cls  # type: ignore[assignment]
    return cls


def examples(
    store: Store,
    *,
    since: datetime,
    until: datetime,
    enterprise: str | None = None,
    category: str | None = None,
    source: str | None = None,
    risk: bool | None = True,
    event_types: Sequence[str] = (),
    limit: int = 3,
) -> list[DocRef]:
    """The top documents behind a match, to cite and link in the message."""
    docs = store.documents(
        since=since,
        until=until,
        enterprise=enterprise,
        category=category,
        source=source,
        risk=risk,
        event_types=event_types,
        limit=limit,
    )
    return [DocRef.of(d) for d in docs]


def term_examples(
    store: Store,
    term: str,
    *,
    since: datetime,
    event_types: Sequence[str] = (),
    limit: int = 3,
) -> list[DocRef]:
    """The documents a term match cites: a text search, leaving out awareness pieces
    (揭秘, 以案说法 …: they name every term but report nothing)."""
    docs = store.search(term, since=since, event_types=event_types, limit=limit * 3)
    return [DocRef.of(d) for d in docs if not d.awareness][:limit]


def agg(field: str) -> AggField:
    """A key field as the Store's aggregation name (validated by the loader)."""
    return field  # type: ignore[return-value]
