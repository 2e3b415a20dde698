"""The ``report``, ``serve`` and ``schedule`` commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from tianluo.app.cli import get_app
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
    """Write briefs/YYYY-MM-DD.html and refresh the archive index.

    The day must lie between the first stored document and today (Shanghai time).
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
        raise InputError(f"--date {day}: that day has not come yet (today is {today})")
    if day < EARLIEST_DAY:
        raise InputError(f"--date {day}: before {EARLIEST_DAY}, no brief can have data")
    if day < today and app.store.count(until=day_bounds(day)[1]) == 0:
        raise InputError(
            f"--date {day}: the store holds no document crawled on or before that day;"
            " choose a later day (tianluo index status shows the store)"
        )


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
    """Write the report of one enterprise NAME (its name or any alias): timeline, categories,
    sources, yields, evidence.  An unknown name exits 1 and suggests close names."""
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
@click.option("--host", default=None, help="Address to listen on (default: serve.host).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port, 0: any free port (default: serve.port, 8765).",
)
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the archive, briefs, enterprise reports and a search box, read-only.

    Pages served link to this server; briefs and alerts written elsewhere link to
    serve.public_url (default: http://serve.host:serve.port).
    """
    from reports.serve import make_server

    app = get_app(ctx)
    host = app.settings.serve.host if host is None else host
    port = app.settings.serve.port if port is None else port
    try:
        server = make_server(app, host, port)
    except OSError as exc:
        raise InputError(
            f"cannot listen on {host}:{port}: {exc.strerror}; try another --port"
        ) from None
    click.echo(f"serving {server.url} (read-only); Ctrl-C to stop", err=True)
    if server.url != app.settings.public_url:
        click.echo(
            f"note: briefs and alerts link to {app.settings.public_url} (serve.public_url);"
            " set it if readers should come here",
            err=True,
        )
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
