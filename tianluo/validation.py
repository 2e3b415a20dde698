"""Turn pydantic validation errors into ConfigErrors that name file, line and key."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tianluo.errors import ConfigError
from tianluo.yamlfile import Lines, dotted

M = TypeVar("M", bound=BaseModel)


SECRET = "EnvRef"
SECRET_HINT = "密钥不写在文件里：写成 {env: NAME}，并在运行 tianluo 的环境中设置环境变量 NAME"
TEXT_OR_SECRET = "请写文本，或写成 {env: NAME} 从环境变量读取"
UNION_TAGS = {SECRET, "str", "int", "float", "bool", "list[str]"}

MISSING = "缺少必填键"
UNKNOWN_KEY = "未知的键（请检查拼写，可用的键见文档）"

PYDANTIC_ZH: dict[str, str] = {
    "missing": MISSING,
    "extra_forbidden": UNKNOWN_KEY,
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "multiple_of": "应是 {multiple_of} 的倍数",
    "literal_error": "应为 {expected} 之一",
    "enum": "应为 {expected} 之一",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数，不能带小数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "list_type": "应为列表",
    "dict_type": "应为映射（键: 值）",
    "model_type": "应为映射（键: 值）",
    "model_attributes_type": "应为映射（键: 值）",
    "too_short": "至少需要 {min_length} 项，实际 {actual_length} 项",
    "too_long": "最多 {max_length} 项，实际 {actual_length} 项",
    "string_too_short": "至少需要 {min_length} 个字符",
    "string_too_long": "最多 {max_length} 个字符",
    "string_pattern_mismatch": "应符合格式 {pattern}",
    "timedelta_type": "应为时长，例如 30m、24h 或 7d",
    "timedelta_parsing": "应为时长，例如 30m、24h 或 7d",
}
"""Chinese text of a pydantic error, by its ``type``; ``{fields}`` come from its ``ctx``."""

_SHOWN = (str, int, float, bool)


def _expected(text: str) -> str:
    """pydantic's ``'a', 'b' or 'c'`` as ``'a'、'b'、'c'``."""
    return re.sub(r"(['\"]), (['\"])|(['\"]) or (['\"])", r"\1\3、\2\4", text)


def pydantic_message(error: Any) -> str:
    """The Chinese message of one pydantic error (a value error keeps its own text)."""
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", ""))).removeprefix("Value error, ")
    template = PYDANTIC_ZH.get(kind)
    if template is None:
        return f"取值无效（{error.get('msg', kind)}）"
    if "expected" in ctx:
        ctx["expected"] = _expected(str(ctx["expected"]))
    try:
        message = template.format(**ctx)
    except (KeyError, IndexError):
        message = template
    value = error.get("input")
    if kind not in ("missing", "extra_forbidden") and isinstance(value, _SHOWN):
        message += f"，实际为 {value!r}"
    return message


def _message(error: Any) -> str:
    if (
        SECRET in tuple(error.get("loc", ()))
        or (error.get("ctx") or {}).get("class_name") == SECRET
    ):
        return SECRET_HINT
    return pydantic_message(error)


def validate(model: type[M], data: Any, lines: Lines) -> M:
    """Validate ``data`` against ``model``; every problem names file, line and key."""
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as exc:
        # a union (EnvRef | str) reports each member under its own tag: report the key once
        grouped: dict[tuple[str | int, ...], list[Any]] = {}
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            grouped.setdefault(tuple(p for p in loc if p not in UNION_TAGS), []).append(error)
        problems = []
        for key, errors in grouped.items():
            tags = {p for e in errors for p in e.get("loc", ()) if p in UNION_TAGS}
            message = TEXT_OR_SECRET if {SECRET, "str"} <= tags else _message(errors[0])
            problems.append((lines.path, lines.line(key), dotted(key), message))
        raise ConfigError(problems) from None
