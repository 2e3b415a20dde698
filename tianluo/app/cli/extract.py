"""``tianluo extract FILE.html``: check extraction on one saved page."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tianluo.errors import InputError


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--url", default=None, help="The page's URL, if known.")
def extract(file: Path, url: str | None) -> None:
    """Print {"title", "published", "author", "content"} of a saved HTML page as JSON."""
    from crawler.extract import extract_file

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    try:
        result = extract_file(file, url)
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror}") from None
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
