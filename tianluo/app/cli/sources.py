"""``tianluo sources``: list and validate the configured sources."""

from __future__ import annotations

from pathlib import Path

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.output import table


@click.group()
def sources() -> None:
    """Crawl sources (YAML files named by crawl.sources)."""


@sources.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check source files (default: the configured ones); errors name file, line and key.

    Names must be unique across all the files checked together.
    """
    from crawler.sources import load_source_files, load_sources

    found = load_source_files(list(files)) if files else load_sources(get_app(ctx).settings)
    count = len(found)
    click.echo(f"ok: {count} source(s) valid")


@sources.command("list")
@click.pass_context
def list_sources(ctx: click.Context) -> None:
    """Show the configured sources."""
    from crawler.sources import load_sources

    rows = [
        [
            s.name,
            s.type,
            "yes" if s.enabled else "no",
            s.interval,
            (s.start_urls or s.rss or s.sitemaps)[0],
        ]
        for s in load_sources(get_app(ctx).settings)
    ]
    click.echo(table(["名称", "类型", "启用", "间隔", "首个网址"], rows))
