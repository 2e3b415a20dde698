"""The ``report``, ``serve`` and ``schedule`` commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.chinese import Command, Group
from tianluo.app.context import App
from tianluo.errors import InputError

EARLIEST_DAY = date(2000, 1, 1)
"""No brief is written for a day before this (no source of ours publishes that far back)."""


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}：请用 YYYY-MM-DD 格式，如 2025-06-10") from None


@click.group(cls=Group)
def report() -> None:
    """写出每日简报、企业报告和归档索引（HTML，位于 output_dir 下）。"""


@report.command()
@click.option(
    "--date",
    "day",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="要出简报的日期（上海时间，默认：今天截至目前）。",
)
@click.pass_context
def daily(ctx: click.Context, day: date | None) -> None:
    """写出 briefs/YYYY-MM-DD.html 并刷新归档索引。

    日期必须在第一篇已存文档的日期和今天（上海时间）之间。
    """
    from reports.writer import write_daily_brief

    app = get_app(ctx)
    if day is not None:
        _check_day(app, day)
    click.echo(str(write_daily_brief(app, day)))


def _check_day(app: App, day: date) -> None:
    """Refuse a brief for a day that has not come yet or that the store knows nothing of."""
    from tianluo.timeutil import day_bounds, now

    today = now().date()
    if day > today:
        raise InputError(f"--date {day}：这一天还没到（今天是 {today}）")
    if day < EARLIEST_DAY:
        raise InputError(f"--date {day}：早于 {EARLIEST_DAY}，简报不可能有数据")
    if day < today and app.store.count(until=day_bounds(day)[1]) == 0:
        raise InputError(
            f"--date {day}：存储中没有当天或更早抓取的文档；"
            "请选一个更晚的日期（tianluo index status 可查看存储）"
        )


@report.command()
@click.argument("name")
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=30,
    show_default=True,
    help="时间段的天数，截至现在。",
)
@click.pass_context
def enterprise(ctx: click.Context, name: str, days: int) -> None:
    """写出一家企业 NAME（名称或任一别名）的报告：时间线、类别、来源、收益率、证据。
    名称未知时退出码为 1，并提示相近的名称。"""
    from reports.writer import write_enterprise_report
    from tianluo.app.cli.enterprise_name import resolve_enterprise

    app = get_app(ctx)
    found = resolve_enterprise(app, name)
    path = write_enterprise_report(
        app, found.canonical, days, stored=found.stored, aliases=found.aliases
    )
    click.echo(str(path))


@report.command()
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=30,
    show_default=True,
    help="时间段的天数，截至现在。",
)
@click.pass_context
def watchlist(ctx: click.Context, days: int) -> None:
    """写出一份报告，涵盖这段时间内被提及的每家监测名单企业。"""
    from reports.writer import write_enterprise_report

    click.echo(str(write_enterprise_report(get_app(ctx), None, days)))


@report.command()
@click.pass_context
def archive(ctx: click.Context) -> None:
    """重写链接到每份简报的 index.html。"""
    from reports.writer import write_archive

    click.echo(str(write_archive(get_app(ctx))))


@click.command(cls=Command)
@click.option("--host", default=None, help="监听的地址（默认：serve.host）。")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="端口，0：任一空闲端口（默认：serve.port，即 8765）。",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """以只读方式提供归档、简报、企业报告和搜索框。

    所提供的页面链接到本服务器；别处写出的简报和预警链接到 serve.public_url
    （默认：http://serve.host:serve.port）。
    """
    from reports.serve import make_server

    app = get_app(ctx)
    host = app.settings.serve.host if host is None else host
    port = app.settings.serve.port if port is None else port
    try:
        server = make_server(app, host, port)
    except OSError as exc:
        raise InputError(f"无法监听 {host}:{port}：{exc.strerror}；请换一个 --port") from None
    click.echo(f"正在提供 {server.url}（只读）；按 Ctrl-C 停止", err=True)
    if server.url != app.settings.public_url:
        click.echo(
            f"提示：简报和预警链接到 {app.settings.public_url}（serve.public_url）；"
            "如果读者应访问这里，请设置它",
            err=True,
        )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command(cls=Command)
@click.pass_context
def schedule(ctx: click.Context) -> None:
    """按 `schedule:` 中的 cron 运行抓取、预警、每日简报和关键词检查。

    在前台运行（Asia/Shanghai 时间），任务保存在 data_dir/scheduler.db；SIGTERM 或
    Ctrl-C 可干净地停止它。
    """
    from tianluo.app.scheduler import run

    root = ctx.find_root()
    config = root.params.get("config")
    app = get_app(ctx)
    run(app.settings, str(Path(config).resolve()) if config else None)
