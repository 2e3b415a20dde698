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
    """Print {"title", "published", "author", "content"} of a saved HTML page as JSON.

    Empty, binary and plain-text files are refused (exit 2) with what was found.
    """
    from crawler.extract import extract_file
    from crawler.extract.sniff import not_html_reason

    if not file.is_file():
        raise InputError(f"{file}: no such file")
    try:
        reason = not_html_reason(file.read_bytes())
        if reason is not None:
            raise InputError(f"{file}: {reason}")
        result = extract_file(file, url)
    except OSError as exc:
        raise InputError(f"{file}: cannot read: {exc.strerror}") from None
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
