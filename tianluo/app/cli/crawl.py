"""``tianluo crawl``: crawl the configured sources now."""

from __future__ import annotations

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.output import print_crawl_results
from tianluo.errors import InputError


@click.command()
@click.option("-s", "--source", "names", multiple=True, help="Crawl only this source (repeatable).")
@click.option("--max-pages", type=click.IntRange(min=0), default=None, help="Page cap per source.")
@click.option("--progress/--no-progress", default=True, help="Show progress on a terminal.")
@click.option(
    "--run-id",
    default=None,
    help="With crawl.redis_url: processes given the same id split one crawl between them.",
)
@click.pass_context
def crawl(
    ctx: click.Context,
    names: tuple[str, ...],
    max_pages: int | None,
    progress: bool,
    run_id: str | None,
) -> None:
    """Crawl sources, analyze and store what they publish.

    Exits 1 when a source could not be crawled at all (its reasons are printed).  A
    process that finds a shared run (--run-id) already done fetches nothing and exits 0.
    """
    from crawler.runner import run_crawl
    from crawler.sources import load_sources

    app = get_app(ctx)
    app.keep_last_good = True  # a broken keyword edit must not stop unattended crawls
    sources = [s for s in load_sources(app.settings) if s.enabled]
    if names:
        known = {s.name for s in sources}
        unknown = sorted(set(names) - known)
        if unknown:
            raise InputError(f"unknown source(s) {unknown}; known: {sorted(known)}")
        sources = [s for s in sources if s.name in names]
    if not sources:
        raise InputError(
            "no sources to crawl: add YAML files matching crawl.sources in tianluo.yaml"
        )
    if max_pages is not None:
        sources = [s.model_copy(update={"max_pages": max_pages}) for s in sources]
    verbose = ctx.find_root().params.get("verbose", 0)
    results = run_crawl(
        app, sources, log_level="INFO" if verbose else "WARNING", progress=progress, run_id=run_id
    )
    click.echo("", err=True)
    print_crawl_results(results)
    if any(r.pages == 0 and r.errors for r in results):  # a source that could not be crawled
        ctx.exit(1)
