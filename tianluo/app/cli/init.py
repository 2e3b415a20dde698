"""``tianluo init``: write a commented starter tianluo.yaml."""

from __future__ import annotations

from pathlib import Path

import click

from tianluo.errors import InputError


@click.command()
@click.argument("path", type=click.Path(path_type=Path), default=Path("tianluo.yaml"))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(path: Path, force: bool) -> None:
    """Write a starter configuration PATH (default: ./tianluo.yaml), every key at its default."""
    from tianluo.settings import load_settings
    from tianluo.settings_doc import starter

    if path.exists() and not force:
        raise InputError(f"{path} exists; edit it, or pass --force to overwrite it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(starter(), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror}") from None
    settings = load_settings(path, environ={})
    click.echo(
        f"wrote {path}: data in {settings.data_path.resolve()}, briefs in"
        f" {settings.output_path.resolve()}; next: tianluo sources validate"
    )
