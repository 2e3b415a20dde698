"""The ``report``, ``serve`` and ``schedule`` commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from tianluo.app.cli import get_app
from tianluo.errors import InputError


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: use YYYY-MM-DD, e.g. 2025-06-10") from None


@click.group()
def report() -> None:
    """Write the daily brief, enterprise reports and the archive index (HTML, under output_dir)."""


@report.command()
@click.option(
    "--date",
    "day",
    callback=_day,
    metavar="YYYY-MM-DD",
    help="Shanghai calendar day to report (default: today so far).",
)
@click.pass_context
def daily(ctx: click.Context, day: date | None) -> None:
    """Write briefs/YYYY-MM-DD.html and refresh the archive index."""
    from reports.writer import write_daily_brief

    click.echo(str(write_daily_brief(get_app(ctx), day)))


@report.command()
@click.argument("name")
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=30,
    show_default=True,
    help="Length of the period, ending now.",
)
@click.pass_context
def enterprise(ctx: click.Context, name: str, days: int) -> None:
    """Write the report of one enterprise NAME: timeline, categories, sources, yields, evidence."""
    from reports.writer import write_enterprise_report

    click.echo(str(write_enterprise_report(get_app(ctx), name, days)))


@report.command()
@click.option(
    "--days",
    type=click.IntRange(1, 366),
    default=30,
    show_default=True,
    help="Length of the period, ending now.",
)
@click.pass_context
def watchlist(ctx: click.Context, days: int) -> None:
    """Write one report covering every watchlist enterprise mentioned in the period."""
    from reports.writer import write_enterprise_report

    click.echo(str(write_enterprise_report(get_app(ctx), None, days)))


@report.command()
@click.pass_context
def archive(ctx: click.Context) -> None:
    """Rewrite index.html linking every brief."""
    from reports.writer import write_archive

    click.echo(str(write_archive(get_app(ctx))))


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="Port (0: any free port).",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the archive, briefs, enterprise reports and a search box, read-only."""
    from reports.serve import make_server

    app = get_app(ctx)
    try:
        server = make_server(app, host, port)
    except OSError as exc:
        raise InputError(
            f"cannot listen on {host}:{port}: {exc.strerror}; try another --port"
        ) from None
    click.echo(f"serving {server.url} (read-only); Ctrl-C to stop", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@click.command()
@click.pass_context
def schedule(ctx: click.Context) -> None:
    """Run crawls, alerts, the daily brief and keyword checks on the crons in `schedule:`.

    Runs in the foreground (Asia/Shanghai time) with jobs kept in data_dir/scheduler.db;
    SIGTERM or Ctrl-C stops it cleanly.
    """
    from tianluo.app.scheduler import run

    root = ctx.find_root()
    config = root.params.get("config")
    app = get_app(ctx)
    run(app.settings, str(Path(config).resolve()) if config else None)
