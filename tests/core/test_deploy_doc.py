"""docs/deploy.md names only settings and commands that exist."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from pydantic import BaseModel

from tianluo.app.cli import cli
from tianluo.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
SECTIONS = "|".join(
    name
    for name, field in Settings.model_fields.items()
    if isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
)
KEY = re.compile(rf"`((?:{SECTIONS})\.[a-z_]+)")
COMMAND = re.compile(r"tianluo(?: -c \S+)? ([a-z]+)(?: ([a-z]+))?")


def _declared(key: str) -> bool:
    section, name = key.split(".")
    model = Settings.model_fields[section].annotation
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return name in model.model_fields


def test_every_setting_named_is_declared() -> None:
    text = DOC.read_text(encoding="utf-8")
    keys = sorted(k for k in set(KEY.findall(text)) if not k.endswith(".db"))  # alerts.db: a file
    assert len(keys) >= 15, keys  # the pattern still finds the guide's keys
    assert [k for k in keys if not _declared(k)] == []


@pytest.mark.parametrize("line", sorted(set(COMMAND.findall(DOC.read_text(encoding="utf-8")))))
def test_every_command_named_exists(line: tuple[str, str]) -> None:
    name, sub = line
    ctx = click.Context(cli)
    command = cli.get_command(ctx, name)
    assert command is not None, f"tianluo {name}"
    if isinstance(command, click.Group) and sub:
        assert command.get_command(ctx, sub) is not None, f"tianluo {name} {sub}"
