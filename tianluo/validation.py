"""Turn pydantic validation errors into ConfigErrors that name file, line and key."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tianluo.errors import ConfigError
from tianluo.yamlfile import Lines, dotted

M = TypeVar("M", bound=BaseModel)


def _message(error: Any) -> str:
    kind = error.get("type", "")
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
        problems = []
        for error in exc.errors():
            loc = tuple(error.get("loc", ()))
            problems.append((lines.path, lines.line(loc), dotted(loc), _message(error)))
        raise ConfigError(problems) from None
