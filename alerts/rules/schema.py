"""The keys every rule has, whatever its type: name, type, channels, window, filters ..."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from keywords.event_types import require_event_type
from tianluo.timeutil import parse_duration

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _duration(value: Any) -> Any:
    if isinstance(value, str):
        return parse_duration(value)
    if isinstance(value, timedelta):
        return value
    raise ValueError("应为时长，例如 30m、24h 或 7d")


def _listify(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


Duration = Annotated[timedelta, BeforeValidator(_duration)]
Names = Annotated[list[str], BeforeValidator(_listify)]
EventTypes = Annotated[
    list[Annotated[str, AfterValidator(require_event_type)]], BeforeValidator(_listify)
]
"""Event type labels of keywords.event_types; an unknown one names its list item."""


class Filters(BaseModel):
    """Narrow what a rule looks at; each rule type says which of these it honours."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    risk: bool | None = Field(
        None, description="Count only risk documents (true) or only non-risk ones (false)."
    )
    include: Names = Field(default_factory=list, description="Only these keys.")
    exclude: Names = Field(default_factory=list, description="Never these keys.")
    watchlist_only: bool = Field(False, description="Only enterprises on the watchlist.")
    min_documents: int = Field(1, ge=1, description="Ignore keys with fewer documents.")
    event_types: EventTypes = Field(
        default_factory=list,
        description="Only documents of these event types (labels of docs/fields.md).",
    )

    def keeps(self, key: str) -> bool:
        """Whether include/exclude let ``key`` through."""
        if self.include and key not in self.include:
            return False
        return key not in self.exclude


FILTER_DEFAULTS = Filters()


class RuleSpec(BaseModel):
    """The common part of a rule; type-specific options are checked by the rule type."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = Field(description="Unique rule name, used by the CLI and in history.")
    type: str = Field(description="Rule type: threshold, spike, first_seen, any or flatline.")
    title: str | None = Field(None, description="Message title (default: the name).")
    description: str = Field("", description="What the rule watches for, shown in messages.")
    channels: Names = Field(default_factory=list, description="Channel names to send to.")
    severity: Literal["info", "warning", "high", "critical"] = Field(
        "warning", description="How urgent a match is."
    )
    group_by: str | None = Field(None, description="Key field (default: the type's default).")
    window: Duration = Field(timedelta(hours=24), description="Look-back window by crawl time.")
    filters: Filters = Field(default_factory=Filters)
    realert: Duration = Field(
        timedelta(hours=6), description="Quiet period after an alert for the same rule and key."
    )
    max_matches: int = Field(20, ge=1, le=500, description="Matches listed in one message.")
    enabled: bool = Field(True, description="Set false to keep the rule but not run it.")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_RE.match(value):
            raise ValueError("只能用字母、数字、'_'、'-' 或 '.'，最多 64 个字符")
        return value

    @field_validator("window")
    @classmethod
    def _window(cls, value: timedelta) -> timedelta:
        if value <= timedelta(0):
            raise ValueError("window 必须大于零")
        return value

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        if any(not c.strip() for c in value):
            raise ValueError("渠道名称不能为空")
        return list(dict.fromkeys(value))


COMMON_KEYS = frozenset(RuleSpec.model_fields)


def format_duration(value: timedelta) -> str:
    """``timedelta(hours=24)`` -> ``24h``: the largest unit that divides it."""
    seconds = int(value.total_seconds())
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
