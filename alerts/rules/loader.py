"""Read rule files: validate the common keys, then the type's options; name file/line/key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import alerts.rules.types  # noqa: F401  (registers the built-in rule types)
from alerts.rules.base import RULE_TYPES, Rule
from alerts.rules.schema import COMMON_KEYS, FILTER_DEFAULTS, RuleSpec
from tianluo.errors import ConfigError
from tianluo.settings import Settings
from tianluo.validation import MISSING, UNKNOWN_KEY, validate
from tianluo.yamlfile import KeyPath, Lines, dotted, load

Problem = tuple[str, int | None, str, str]


class _Within(Lines):
    """The line map of one rule inside a file that holds a list of rules."""

    def __init__(self, outer: Lines, prefix: KeyPath) -> None:
        super().__init__(outer.path, {})
        self._outer = outer
        self._prefix = prefix

    def line(self, keypath: Sequence[str | int]) -> int | None:
        return self._outer.line((*self._prefix, *keypath))


@dataclass(slots=True)
class LoadResult:
    """The rules that validated, and every problem found in the others."""

    rules: list[Rule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def raise_problems(self) -> None:
        if self.problems:
            raise ConfigError(self.problems)

    def get(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)


def rule_paths(settings: Settings) -> list[Path]:
    """The rule files named by ``alerts.rules`` (globs relative to the config file)."""
    return settings.globbed(settings.alerts.rules)


def load_rules(paths: Iterable[Path]) -> LoadResult:
    """Load every rule file; a bad rule is reported and skipped, the others load."""
    result = LoadResult()
    where: dict[str, str] = {}
    for path in paths:
        for rule in _load_file(path, result.problems):
            if rule.name in where:
                result.problems.append(
                    (
                        rule.path,
                        rule.line,
                        "name",
                        f"规则名称重复（首次出现在 {where[rule.name]}）",
                    )
                )
                continue
            where[rule.name] = f"{rule.path}:{rule.line}"
            result.rules.append(rule)
    return result


def _load_file(path: Path, problems: list[Problem]) -> list[Rule]:
    try:
        data, lines = load(path)
    except ConfigError as exc:
        problems.extend(exc.problems)
        return []
    if isinstance(data, dict):
        items: list[tuple[KeyPath, Any]] = [((), data)]
    elif isinstance(data, list) and data:
        items = [((i,), item) for i, item in enumerate(data)]
    else:
        problems.append((str(path), 1, "", "应为一条规则（映射）或规则列表"))
        return []
    rules = []
    for prefix, item in items:
        rule = _load_rule(item, _Within(lines, prefix), prefix, problems)
        if rule is not None:
            rules.append(rule)
    return rules


def _checked(
    model: Any,
    data: dict[str, Any],
    lines: Lines,
    prefix: KeyPath,
    problems: list[Problem],
    rename: dict[str, str] | None = None,
) -> Any:
    """Validate through tianluo.validation; keys get the list prefix, messages the type."""
    try:
        return validate(model, data, lines)
    except ConfigError as exc:
        head = dotted(prefix)
        for file, line, key, message in exc.problems:
            full = f"{head}.{key}" if head and key else head or key
            problems.append((file, line, full, (rename or {}).get(message, message)))
        return None


def _load_rule(item: Any, lines: Lines, prefix: KeyPath, problems: list[Problem]) -> Rule | None:
    head = dotted(prefix)
    if not isinstance(item, dict):
        problems.append((lines.path, lines.line(()), head, "规则必须是键值映射"))
        return None
    kind = item.get("type")
    rtype = RULE_TYPES.get(kind) if isinstance(kind, str) else None
    if "type" in item and rtype is None:
        known = ", ".join(sorted(RULE_TYPES))
        key = f"{head}.type" if head else "type"
        problems.append(
            (lines.path, lines.line(("type",)), key, f"未知的规则类型 {kind!r}（可用：{known}）")
        )
    common = {k: v for k, v in item.items() if k in COMMON_KEYS}
    spec = _checked(RuleSpec, common, lines, prefix, problems)
    if rtype is None:
        return None
    opts_data = {k: v for k, v in item.items() if k not in COMMON_KEYS}
    allowed = ", ".join(sorted(rtype.options.model_fields)) or "无"
    rename = {
        MISSING: f"规则类型 {rtype.name!r} 必须有此键，请补上",
        UNKNOWN_KEY: f"规则类型 {rtype.name!r} 没有这个键（它的选项：{allowed}；"
        f"通用键：{', '.join(sorted(COMMON_KEYS))}）",
    }
    options = _checked(rtype.options, opts_data, lines, prefix, problems, rename)
    if spec is None or options is None:
        return None
    before = len(problems)
    if spec.group_by is not None and spec.group_by not in rtype.group_by:
        problems.append(
            (
                lines.path,
                lines.line(("group_by",)),
                f"{head}.group_by".lstrip("."),
                f"规则类型 {rtype.name!r} 只能按以下之一分组：{', '.join(rtype.group_by)}",
            )
        )
    for name in sorted(spec.filters.model_fields_set - rtype.filters):
        if getattr(spec.filters, name) != getattr(FILTER_DEFAULTS, name):
            problems.append(
                (
                    lines.path,
                    lines.line(("filters", name)),
                    f"{head}.filters.{name}".lstrip("."),
                    f"规则类型 {rtype.name!r} 不支持这个筛选条件"
                    f"（它支持：{', '.join(sorted(rtype.filters))}）",
                )
            )
    for key, message in rtype().check(spec, options):
        problems.append(
            (lines.path, lines.line(tuple(key.split("."))), f"{head}.{key}".lstrip("."), message)
        )
    if len(problems) > before:
        return None
    digest = hashlib.sha1(json.dumps(item, sort_keys=True, default=str).encode()).hexdigest()
    return Rule(spec, options, lines.path, lines.line(()), digest)
