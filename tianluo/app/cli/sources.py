"""``tianluo sources``: list and validate the configured sources."""

from __future__ import annotations

from pathlib import Path

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.chinese import Group
from tianluo.app.cli.output import table


@click.group(cls=Group)
def sources() -> None:
    """抓取来源（crawl.sources 指定的 YAML 文件）。"""


@sources.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """检查来源文件（默认：配置中的来源）；错误信息指明文件、行号和键。

    一起检查的所有文件中，来源名称必须唯一。
    """
    from crawler.sources import load_source_files, load_sources

    found = load_source_files(list(files)) if files else load_sources(get_app(ctx).settings)
    count = len(found)
    click.echo(f"通过：{count} 个来源校验通过")


@sources.command("list")
@click.pass_context
def list_sources(ctx: click.Context) -> None:
    """列出配置中的来源。"""
    from crawler.sources import load_sources

    rows = [
        [
            s.name,
            s.type,
            "是" if s.enabled else "否",
            s.interval,
            (s.start_urls or s.rss or s.sitemaps)[0],
        ]
        for s in load_sources(get_app(ctx).settings)
    ]
    click.echo(table(["名称", "类型", "启用", "间隔", "首个网址"], rows))
