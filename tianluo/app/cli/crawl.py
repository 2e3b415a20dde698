"""``tianluo crawl``: crawl the configured sources now."""

from __future__ import annotations

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.chinese import Command
from tianluo.app.cli.output import print_crawl_results
from tianluo.errors import InputError


@click.command(cls=Command)
@click.option("-s", "--source", "names", multiple=True, help="只抓取这个来源（可重复）。")
@click.option(
    "--max-pages", type=click.IntRange(min=0), default=None, help="每个来源最多抓取的页数。"
)
@click.option("--progress/--no-progress", default=True, help="在终端上显示进度。")
@click.option(
    "--run-id",
    default=None,
    help="配合 crawl.redis_url：给出同一个 id 的多个进程分担同一次抓取。",
)
@click.pass_context
def crawl(
    ctx: click.Context,
    names: tuple[str, ...],
    max_pages: int | None,
    progress: bool,
    run_id: str | None,
) -> None:
    """抓取来源，分析并存储它们发布的内容。

    有来源完全无法抓取时退出码为 1（会打印原因）。发现共享的抓取（--run-id）已完成的
    进程什么也不抓取，退出码为 0。
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
            raise InputError(f"未知的来源 {unknown}；已知来源：{sorted(known)}")
        sources = [s for s in sources if s.name in names]
    if not sources:
        raise InputError(
            "没有可抓取的来源：请添加与 tianluo.yaml 中 crawl.sources 匹配的 YAML 文件"
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
