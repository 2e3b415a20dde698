"""The enterprise watchlist: load, validate and link names and aliases in text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from keywords.creditcode import credit_code_problem
from keywords.fastac import WordAutomaton, encode
from keywords.matcher import normalize
from tianluo.errors import ConfigError
from tianluo.yamlfile import Lines, dotted, load

ENTERPRISE_KEYS = {"name", "aliases", "brands", "operator", "credit_code", "region", "tags", "note"}


@dataclass(frozen=True, slots=True)
class Enterprise:
    """One watched enterprise: canonical name, aliases (short names), brands and facts.

    ``brands`` are platforms or brands the enterprise runs (鑫盛宝); ``operator`` names the
    entry that runs this one: then this entry's names all resolve to the operator.
    """

    name: str
    aliases: tuple[str, ...] = ()
    credit_code: str = ""
    region: str = ""
    tags: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    operator: str = ""

    @property
    def own_names(self) -> tuple[str, ...]:
        """The entry's name, aliases and brands."""
        return (self.name, *self.aliases, *self.brands)


@dataclass(slots=True)
class Watchlist:
    """Watched enterprises; ``link`` finds their names and aliases in text."""

    enterprises: list[Enterprise] = field(default_factory=list)

    def canonical_of(self, ent: Enterprise) -> str:
        """The canonical name of ``ent``: its operator's (followed to the top), else its own."""
        by_name = {normalize(n): e for e in self.enterprises for n in e.own_names}
        seen = {ent.name}
        while ent.operator:
            up = by_name.get(normalize(ent.operator))
            if up is None or up.name in seen:
                break
            seen.add(up.name)
            ent = up
        return ent.name

    def names(self) -> dict[str, str]:
        """Every surface name (normalised) to its canonical name."""
        out: dict[str, str] = {}
        for ent in self.enterprises:
            canonical = self.canonical_of(ent)
            for alias in ent.own_names:
                out.setdefault(normalize(alias), canonical)
        return out

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """Canonical name -> every other name it goes by (aliases, brands, run entries)."""
        out: dict[str, list[str]] = {}
        for ent in self.enterprises:
            canonical = self.canonical_of(ent)
            names = out.setdefault(canonical, [])
            names.extend(n for n in ent.own_names if n != canonical and n not in names)
        return {k: tuple(v) for k, v in out.items()}

    def canonical(self, name: str) -> str | None:
        """The canonical name ``name`` stands for, or None when the watchlist does not know it."""
        return self.names().get(normalize(name))


def _problem(
    doc: Lines, path: tuple[str | int, ...], message: str
) -> tuple[str, int | None, str, str]:
    return (doc.path, doc.line(path), dotted(path), message)


def load_watchlist(path: Path | str) -> Watchlist:
    """Load a watchlist YAML file; raise ``ConfigError`` naming file, line and key of each problem."""
    data, doc = load(Path(path))
    problems: list[tuple[str, int | None, str, str]] = [
        (doc.path, line, dotted(p), "键重复") for p, line in doc.duplicates
    ]
    data = data or {}
    if not isinstance(data, dict) or not isinstance(data.get("enterprises", []), list):
        raise ConfigError.single(doc.path, 1, "enterprises", "应为 `enterprises:` 加一个列表")
    seen: dict[str, int] = {}
    out: list[Enterprise] = []
    for index, item in enumerate(data.get("enterprises") or []):
        ent = _enterprise(doc, item, ("enterprises", index), problems)
        if ent is None:
            continue
        for alias in ent.own_names:
            if alias in seen and seen[alias] != index:
                problems.append(
                    _problem(
                        doc,
                        ("enterprises", index),
                        f"名称或简称 {alias!r} 已被 enterprises[{seen[alias]}] 使用",
                    )
                )
            seen[alias] = index
        out.append(ent)
    _check_operators(
        doc,
        out,
        [
            i
            for i, e in enumerate(data.get("enterprises") or [])
            if isinstance(e, dict) and isinstance(e.get("name"), str) and e["name"].strip()
        ],
        problems,
    )
    if problems:
        raise ConfigError(problems)
    return Watchlist(out)


def _check_operators(
    doc: Lines,
    entries: Sequence[Enterprise],
    indexes: Sequence[int],
    problems: list[tuple[str, int | None, str, str]],
) -> None:
    """Each ``operator:`` names another entry (by its name, an alias or a brand), no cycle."""
    by_name = {n: (i, e) for i, e in zip(indexes, entries, strict=False) for n in e.own_names}
    for index, ent in zip(indexes, entries, strict=False):
        if not ent.operator:
            continue
        path = ("enterprises", index, "operator")
        target = by_name.get(ent.operator)
        if target is None:
            problems.append(_problem(doc, path, f"{ent.operator!r} 不是任何条目的名称、简称或品牌"))
            continue
        seen = {ent.name}
        up: Enterprise | None = target[1]
        while up is not None and up.operator:
            if up.name in seen:
                break
            seen.add(up.name)
            nxt = by_name.get(up.operator)
            up = nxt[1] if nxt else None
        if up is not None and up.name in seen:
            problems.append(_problem(doc, path, f"从 {ent.name!r} 开始的 operator 链形成了循环"))


def _strings(
    doc: Lines,
    value: Any,
    path: tuple[str | int, ...],
    problems: list[tuple[str, int | None, str, str]],
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(_problem(doc, path, "应为非空文本的列表"))
        return ()
    return tuple(v.strip() for v in value)


def _enterprise(
    doc: Lines,
    item: Any,
    path: tuple[str | int, ...],
    problems: list[tuple[str, int | None, str, str]],
) -> Enterprise | None:
    if not isinstance(item, dict):
        problems.append(_problem(doc, path, "应为至少含 `name` 的映射"))
        return None
    for key in item:
        if key not in ENTERPRISE_KEYS:
            problems.append(
                _problem(
                    doc,
                    (*path, str(key)),
                    f"未知的键（可用：{', '.join(sorted(ENTERPRISE_KEYS))}）",
                )
            )
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(_problem(doc, (*path, "name"), "name 缺失或为空"))
        return None
    operator = item.get("operator") or ""
    if not isinstance(operator, str):
        problems.append(_problem(doc, (*path, "operator"), "应为另一个条目的名称"))
        operator = ""
    code = item.get("credit_code") or ""
    if code:
        why = credit_code_problem(str(code))
        if why:
            problems.append(_problem(doc, (*path, "credit_code"), why))
    return Enterprise(
        name=name.strip(),
        aliases=_strings(doc, item.get("aliases"), (*path, "aliases"), problems),
        credit_code=str(code).strip().upper(),
        region=str(item.get("region") or ""),
        tags=_strings(doc, item.get("tags"), (*path, "tags"), problems),
        brands=_strings(doc, item.get("brands"), (*path, "brands"), problems),
        operator=operator.strip(),
    )


class NameLinker:
    """Longest, leftmost, non-overlapping matching of known names in normalised text."""

    def __init__(self, names: dict[str, str]) -> None:
        self.names = {k: v for k, v in names.items() if len(k) >= 2}
        self.automaton = WordAutomaton(self.names)

    def link(
        self,
        text: str,
        extra: Iterable[str] = (),
        aliases: Mapping[str, str] | None = None,
        encoded: str | None = None,
    ) -> list[tuple[str, str, int, int]]:
        """(canonical, as-in-text key, start, end) for every linked name, text order.

        ``extra`` names link as themselves; ``aliases`` maps further surface names
        (a discovered name's brand core) to the canonical name they stand for.
        ``encoded`` is ``fastac.encode(text)`` when the caller has it.
        """
        found: list[tuple[int, int, str, str]] = []
        if self.names and text:
            for start, key in self.automaton.find(encoded or encode(text)):
                found.append((start, start + len(key), key, self.names[key]))
        pairs = [(name, name) for name in extra] + list((aliases or {}).items())
        for name, canonical in pairs:
            key = normalize(name)
            if len(key) < 2:
                continue
            start = text.find(key)
            while start >= 0:
                found.append((start, start + len(key), key, canonical))
                start = text.find(key, start + 1)
        return _longest_leftmost(found)


def _longest_leftmost(
    found: Sequence[tuple[int, int, str, str]],
) -> list[tuple[str, str, int, int]]:
    out: list[tuple[str, str, int, int]] = []
    reach = -1
    for start, end, key, canonical in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if start < reach:
            continue
        out.append((canonical, key, start, end))
        reach = end
    return out
