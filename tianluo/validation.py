"""Turn pydantic validation errors into ConfigErrors that name file, line and key."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tianluo.errors import ConfigError
from tianluo.yamlfile import Lines, dotted

M = TypeVar("M", bound=BaseModel)


SECRET = "EnvRef"
SECRET_HINT = (
    "secrets are not written in the file: write {env: NAME} and set the environment"
    " variable NAME where tianluo runs"
)
UNION_TAGS = {SECRET, "str", "int", "float", "bool", "list[str]"}


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if (
        SECRET in tuple(error.get("loc", ()))
        or (error.get("ctx") or {}).get("class_name") == SECRET
    ):
        return SECRET_HINT
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see the documented keys)"
    if kind == "missing":
        return "required key is missing"
    msg = str(error.get("msg", "invalid value"))
    return msg.removeprefix("Value error, ")


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
            message = (
                "write text, or {env: NAME} to read it from the environment"
                if {SECRET, "str"} <= tags
                else _message(errors[0])
            )
            problems.append((lines.path, lines.line(key), dotted(key), message))
        raise ConfigError(problems) from None
