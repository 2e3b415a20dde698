"""Render docs/configuration.md from the settings declarations (one source of truth)."""

from __future__ import annotations

import json
import re
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
        if name in LOADER_KEYS:  # set by the loader, not by users
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
        if name in SECTION_NOTES:
            lines += [SECTION_NOTES[name], ""]
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


LOADER_KEYS = ("base_dir", "config_file")

SECTION_NOTES = {
    "risk_index": (
        "The enterprise risk index (企业风险指数, 0-100) and its components are described in"
        " [risk-index.md](risk-index.md); the yield component's legal line is"
        " `analysis.lpr_one_year` × `analysis.yield_multiple`."
    ),
}
"""A paragraph printed under a section's table."""


def _yaml_value(value: Any) -> str:
    """A default as YAML: bare when it is a plain word or path, else JSON (which YAML reads)."""
    if isinstance(value, str) and re.fullmatch(r"[\w./-]+", value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _starter_lines(model: type[Section], indent: str) -> list[str]:
    lines: list[str] = []
    for name, field in model.model_fields.items():
        if name in LOADER_KEYS:
            continue
        annotation = field.annotation
        description = field.description or ""
        if isinstance(annotation, type) and issubclass(annotation, Section):
            lines += ["", f"{indent}{name}:"]  # a section
            lines += _starter_lines(annotation, indent + "  ")
            continue
        default = field.default_factory() if field.default_factory is not None else field.default  # type: ignore[call-arg]
        if default is None:
            hint = "{env: NAME}" if "{env: NAME}" in description else "..."
            lines.append(f"{indent}# {name}: {hint}    # {description}")
        else:
            lines.append(f"{indent}{name}: {_yaml_value(default)}    # {description}")
    return lines


def starter() -> str:
    """A commented tianluo.yaml holding every key at its default (``tianluo init``)."""
    head = [
        "# Tianluo configuration, written by `tianluo init`.  Every key is shown at its",
        "# default; docs/configuration.md explains each.  Relative paths are read from this",
        "# file's folder.  Secrets are never written here: use {env: NAME}.",
    ]
    example = [
        "",
        "# A channel for the rules to send to, e.g. under alerts.channels:",
        "#   duty-dingtalk: {type: dingtalk, url: {env: TIANLUO_DINGTALK_WEBHOOK}}",
    ]
    return "\n".join(head + _starter_lines(Settings, "") + example) + "\n"


if __name__ == "__main__":
    print(render(), end="")
