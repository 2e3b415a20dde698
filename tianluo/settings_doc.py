"""Render docs/configuration.md from the settings declarations (one source of truth)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from tianluo.settings import Section, Settings


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        value: Any = field.default_factory()  # type: ignore[call-arg]
        if isinstance(value, BaseModel):
            return "(section)"
    else:
        value = field.default
    if value is None:
        return "none"
    if str(value) == "PydanticUndefined":
        return "required"
    return json.dumps(value, ensure_ascii=False)


def _section(model: type[Section], prefix: str) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        if name == "base_dir":  # set by the loader, not by users
            continue
        key = f"{prefix}{name}"
        annotation = field.annotation
        if (
            isinstance(annotation, type)
            and issubclass(annotation, Section)
            and annotation.__name__ != "EnvRef"
        ):
            continue
        env = "TIANLUO_" + key.upper().replace(".", "__")
        description = (field.description or "").replace("|", "\\|")
        rows.append(f"| `{key}` | `{_default(field)}` | `{env}` | {description} |")
    return rows


def render() -> str:
    """The whole configuration reference as Markdown."""
    lines = [
        "# Configuration reference",
        "",
        "Generated from `tianluo/settings.py` by `python -m tianluo.settings_doc`; a test keeps",
        "it in step.  Every key can be set in `tianluo.yaml` or overridden by the environment",
        "variable shown (sections joined by `__`).  Secrets take `{env: NAME}` and are read",
        "from the environment when used; they are never written in the file.",
        "",
    ]
    sections: list[tuple[str, type[Section]]] = [("", Settings)]
    for name, field in Settings.model_fields.items():
        if isinstance(field.annotation, type) and issubclass(field.annotation, Section):
            sections.append((name, field.annotation))
    for name, model in sections:
        title = f"`{name}`" if name else "top level"
        lines += [
            f"## {title}",
            "",
            "| key | default | environment | meaning |",
            "|---|---|---|---|",
        ]
        lines += _section(model, f"{name}." if name else "")
        lines.append("")
    from tianluo.settings import ChannelSettings

    lines += [
        "## `alerts.channels.<name>`",
        "",
        "Each named channel (rules refer to it by name):",
        "",
        "| key | default | meaning |",
        "|---|---|---|",
    ]
    for key, field in ChannelSettings.model_fields.items():
        lines.append(f"| `{key}` | `{_default(field)}` | {(field.description or '')} |")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
