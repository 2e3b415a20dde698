"""Load and validate keyword-set YAML files; every problem names its file, line and key."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from keywords.schema import (
    COMPONENTS,
    CONTEXT_MODES,
    CONTEXT_SCOPES,
    DIRECTIONS,
    YIELD_CATEGORY,
    Category,
    Context,
    KeywordSet,
    Near,
    Rule,
    Term,
)
from tianluo.errors import ConfigError
from tianluo.models import SOURCE_TYPES
from tianluo.yamlfile import KeyPath, Lines, dotted, load

Problem = tuple[str, int | None, str, str]
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")

TOP_KEYS = {
    "id",
    "label",
    "description",
    "version",
    "source_weights",
    "categories",
    "rules",
    "contexts",
    "exclusions",
}
CATEGORY_KEYS = {
    "id",
    "label",
    "description",
    "weight",
    "component",
    "distress",
    "enforcement",
    "terms",
}
TERM_KEYS = {"term", "variants", "synonyms", "weight", "note"}
RULE_KEYS = {"id", "label", "description", "weight", "all_of", "any_of", "near", "category"}
NEAR_KEYS = {"left", "right", "within"}
CONTEXT_KEYS = {
    "id",
    "label",
    "terms",
    "mode",
    "factor",
    "window",
    "direction",
    "scope",
    "categories",
    "spare_named",
    "lapse_on_event",
    "awareness",
}


class _Checker:
    """Collects problems for one file while reading typed values out of it."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: KeyPath, message: str) -> None:
        self.problems.append((self.lines.path, self.lines.line(path), dotted(path), message))

    def keys(self, value: dict[str, Any], allowed: set[str], path: KeyPath) -> None:
        for key in value:
            if key not in allowed:
                self.add((*path, str(key)), f"未知的键（可用：{', '.join(sorted(allowed))}）")

    def mapping(self, value: Any, path: KeyPath) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, f"应为映射（键: 值），实际为 {type(value).__name__}")
            return None
        return value

    def text(self, value: dict[str, Any], key: str, path: KeyPath, required: bool = True) -> str:
        item = value.get(key)
        if item is None:
            if required:
                self.add((*path, key), "缺少必填键")
            return ""
        if not isinstance(item, str | int) or isinstance(item, bool) or not str(item).strip():
            self.add((*path, key), "应为非空文本")
            return ""
        return str(item).strip()

    def number(
        self,
        value: dict[str, Any],
        key: str,
        path: KeyPath,
        default: float,
        low: float = 0.0,
        high: float = 1000.0,
    ) -> float:
        item = value.get(key, default)
        if isinstance(item, bool) or not isinstance(item, int | float):
            self.add((*path, key), f"应为数字，实际为 {item!r}")
            return default
        if not low <= item <= high:
            self.add((*path, key), f"应在 {low} 到 {high} 之间，实际为 {item}")
            return default
        return float(item)

    def flag(self, value: dict[str, Any], key: str, path: KeyPath) -> bool:
        item = value.get(key, False)
        if not isinstance(item, bool):
            self.add((*path, key), f"应为 true 或 false，实际为 {item!r}")
            return False
        return item

    def choice(
        self, value: dict[str, Any], key: str, path: KeyPath, choices: Sequence[str], default: str
    ) -> str:
        item = value.get(key, default)
        if item not in choices:
            self.add((*path, key), f"应为 {'、'.join(choices)} 之一，实际为 {item!r}")
            return default
        return str(item)

    def strings(self, value: Any, path: KeyPath) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(path, f"应为文本列表，实际为 {type(value).__name__}")
            return ()
        out: list[str] = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).strip():
                self.add((*path, index), "条目为空或不是文本")
                continue
            text = str(item).strip()
            if any(ch in text for ch in "\n\t") or "\x00" in text:
                self.add((*path, index), f"词条 {text!r} 无效：含有控制字符")
                continue
            out.append(text)
        return tuple(out)


def _term(check: _Checker, item: Any, path: KeyPath) -> Term | None:
    if isinstance(item, str | int) and not isinstance(item, bool):
        text = str(item).strip()
        if not text:
            check.add(path, "词条为空")
            return None
        if any(ch in text for ch in "\n\t\x00"):
            check.add(path, f"词条 {text!r} 无效：含有控制字符")
            return None
        return Term(text, (text,))
    value = check.mapping(item, path)
    if value is None:
        return None
    check.keys(value, TERM_KEYS, path)
    term = check.text(value, "term", path)
    variants = check.strings(value.get("variants"), (*path, "variants"))
    synonyms = check.strings(value.get("synonyms"), (*path, "synonyms"))
    weight = check.number(value, "weight", path, 1.0, 0.0, 100.0)
    if not term:
        return None
    forms = tuple(dict.fromkeys((term, *variants, *synonyms)))
    return Term(term, forms, weight, str(value.get("note", "")))


def _category(check: _Checker, item: Any, path: KeyPath, set_id: str) -> Category | None:
    value = check.mapping(item, path)
    if value is None:
        return None
    check.keys(value, CATEGORY_KEYS, path)
    cat_id = check.text(value, "id", path)
    if cat_id and not SLUG_RE.match(cat_id):
        check.add((*path, "id"), f"{cat_id!r} 应为 ASCII 标识，例如 high_yield")
    terms_raw = value.get("terms")
    if not isinstance(terms_raw, list) or not terms_raw:
        check.add((*path, "terms"), "应为非空的词条列表")
        terms_raw = []
    terms = [_term(check, t, (*path, "terms", i)) for i, t in enumerate(terms_raw)]
    return Category(
        id=cat_id,
        label=check.text(value, "label", path),
        description=check.text(value, "description", path),
        weight=check.number(value, "weight", path, 1.0, 0.0, 100.0),
        terms=tuple(t for t in terms if t is not None),
        component=check.choice(value, "component", path, COMPONENTS, "feature"),
        distress=check.flag(value, "distress", path),
        enforcement=check.flag(value, "enforcement", path),
        set_id=set_id,
    )


def _rule(check: _Checker, item: Any, path: KeyPath) -> Rule | None:
    value = check.mapping(item, path)
    if value is None:
        return None
    check.keys(value, RULE_KEYS, path)
    near = None
    if value.get("near") is not None:
        near_value = check.mapping(value["near"], (*path, "near"))
        if near_value is not None:
            check.keys(near_value, NEAR_KEYS, (*path, "near"))
            left = check.strings(near_value.get("left"), (*path, "near", "left"))
            right = check.strings(near_value.get("right"), (*path, "near", "right"))
            within = check.number(near_value, "within", (*path, "near"), 10, 0, 500)
            if not left or not right:
                check.add((*path, "near"), "near 需要非空的 left 和 right 列表")
            near = Near(left, right, int(within))
    rule = Rule(
        id=check.text(value, "id", path),
        label=check.text(value, "label", path),
        description=check.text(value, "description", path, required=False),
        weight=check.number(value, "weight", path, 1.0, 0.0, 100.0),
        all_of=check.strings(value.get("all_of"), (*path, "all_of")),
        any_of=check.strings(value.get("any_of"), (*path, "any_of")),
        near=near,
        category=check.text(value, "category", path, required=False),
    )
    if not (rule.all_of or rule.any_of or rule.near):
        check.add(path, "规则至少需要 all_of、any_of、near 之一")
    return rule


def _context(check: _Checker, item: Any, path: KeyPath) -> Context | None:
    value = check.mapping(item, path)
    if value is None:
        return None
    check.keys(value, CONTEXT_KEYS, path)
    terms = check.strings(value.get("terms"), (*path, "terms"))
    if not terms:
        check.add((*path, "terms"), "应为非空的词条列表")
    mode = check.choice(value, "mode", path, CONTEXT_MODES, "cancel")
    return Context(
        id=check.text(value, "id", path),
        label=check.text(value, "label", path, required=False),
        terms=terms,
        mode=mode,
        factor=check.number(value, "factor", path, 0.0 if mode == "cancel" else 0.3, 0.0, 1.0),
        window=int(check.number(value, "window", path, 10, 0, 500)),
        direction=check.choice(value, "direction", path, DIRECTIONS, "both"),
        scope=check.choice(value, "scope", path, CONTEXT_SCOPES, "window"),
        categories=check.strings(value.get("categories"), (*path, "categories")),
        spare_named=check.flag(value, "spare_named", path),
        lapse_on_event=check.flag(value, "lapse_on_event", path),
        awareness=check.flag(value, "awareness", path),
    )


def _check_terms(check: _Checker, raw: Any, forms: dict[str, str]) -> None:
    """Duplicate term forms across the set, reported at the raw YAML position."""
    for ci, cat in enumerate(raw if isinstance(raw, list) else []):
        terms = cat.get("terms") if isinstance(cat, dict) else None
        for ti, item in enumerate(terms if isinstance(terms, list) else []):
            if isinstance(item, dict):
                values = [
                    item.get("term"),
                    *(item.get("variants") or []),
                    *(item.get("synonyms") or []),
                ]
            else:
                values = [item]
            for value in values:
                if (
                    not isinstance(value, str | int)
                    or isinstance(value, bool)
                    or not str(value).strip()
                ):
                    continue
                form = str(value).strip()
                if form in forms:
                    check.add(
                        ("categories", ci, "terms", ti),
                        f"词条 {form!r} 重复（已在 {forms[form]} 中）",
                    )
                else:
                    forms[form] = str(cat.get("id"))


def _cross_checks(check: _Checker, kset: KeywordSet, raw_categories: Any) -> None:
    """Duplicate ids and terms, and rule operands that name nothing."""
    cat_ids: set[str] = set()
    forms: dict[str, str] = {}
    _check_terms(check, raw_categories, forms)
    for ci, cat in enumerate(kset.categories):
        if cat.id in cat_ids:
            check.add(("categories", ci, "id"), f"类别 id {cat.id!r} 重复")
        cat_ids.add(cat.id)
    for ri, rule in enumerate(kset.rules):
        operands = [*rule.all_of, *rule.any_of]
        if rule.near:
            operands += [*rule.near.left, *rule.near.right]
        for op in operands:
            if op.startswith("category:") and op[9:] not in cat_ids:
                check.add(("rules", ri), f"操作数 {op!r} 中的类别 {op[9:]!r} 不存在")
            elif not op.startswith("category:") and op not in forms:
                check.add(("rules", ri), f"操作数 {op!r} 不是本词表中的词条")
        if rule.category and rule.category not in cat_ids:
            check.add(("rules", ri, "category"), f"类别 {rule.category!r} 不存在")
    for xi, ctx in enumerate(kset.contexts):
        for cat_id in ctx.categories:
            if cat_id not in cat_ids and cat_id != YIELD_CATEGORY:
                check.add(("contexts", xi, "categories"), f"类别 {cat_id!r} 不存在")


def _load_one(path: Path) -> tuple[KeywordSet | None, list[Problem]]:
    try:
        data, lines = load(path)
    except ConfigError as exc:
        return None, list(exc.problems)
    check = _Checker(lines)
    for dup_path, line in lines.duplicates:
        check.problems.append((lines.path, line, dotted(dup_path), "键重复"))
    top = check.mapping(data, ())
    if top is None:
        return None, check.problems
    check.keys(top, TOP_KEYS, ())
    set_id = check.text(top, "id", ())
    weights_raw = top.get("source_weights") or {}
    weights: dict[str, float] = {}
    if check.mapping(weights_raw, ("source_weights",)) is not None:
        for key in weights_raw:
            if key not in SOURCE_TYPES:
                check.add(
                    ("source_weights", str(key)),
                    f"未知的来源类型（可用：{', '.join(SOURCE_TYPES)}）",
                )
            else:
                weights[key] = check.number(weights_raw, key, ("source_weights",), 1.0, 0.0, 10.0)

    def section(key: str) -> list[Any]:
        raw = top.get(key) or []
        if not isinstance(raw, list):
            check.add((key,), "应为列表")
            return []
        return raw

    cats = [
        _category(check, c, ("categories", i), set_id) for i, c in enumerate(section("categories"))
    ]
    if not cats:
        check.add(("categories",), "词表至少需要一个类别")
    rules = [_rule(check, r, ("rules", i)) for i, r in enumerate(section("rules"))]
    contexts = [_context(check, c, ("contexts", i)) for i, c in enumerate(section("contexts"))]
    kset = KeywordSet(
        id=set_id,
        label=check.text(top, "label", ()),
        description=check.text(top, "description", (), required=False),
        path=lines.path,
        categories=tuple(c for c in cats if c is not None),
        rules=tuple(r for r in rules if r is not None),
        contexts=tuple(c for c in contexts if c is not None),
        exclusions=check.strings(top.get("exclusions"), ("exclusions",)),
        source_weights=weights,
    )
    _cross_checks(check, kset, top.get("categories"))
    return kset, check.problems


def validate(paths: Sequence[Path | str]) -> list[Problem]:
    """Every problem in the given keyword-set files as (file, line, key, message); [] when valid."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for raw in paths:
        kset, found = _load_one(Path(raw))
        problems += found
        if kset is not None and kset.id:
            if kset.id in seen:
                problems.append(
                    (kset.path, 1, "id", f"词表 id {kset.id!r} 与 {seen[kset.id]} 重复")
                )
            seen[kset.id] = kset.path
    return problems


def load_keyword_sets(paths: Sequence[Path | str]) -> list[KeywordSet]:
    """Load keyword-set files; raise ``ConfigError`` listing every problem in all of them."""
    problems = validate(paths)
    if problems:
        raise ConfigError(problems)
    sets = []
    for raw in paths:
        kset, _ = _load_one(Path(raw))
        assert kset is not None
        sets.append(kset)
    if not paths:
        raise ConfigError.single("", None, "", "没有指定词表文件")
    return sets


def default_set_paths() -> list[Path]:
    """The keyword sets shipped with the package (keywords/sets/*.yaml)."""
    return sorted((Path(__file__).parent / "sets").glob("*.yaml"))
