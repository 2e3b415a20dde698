"""``tianluo alerts``: run rules, test one over past data, silence, history, validate, retry."""

from __future__ import annotations

from datetime import timedelta

import click

from alerts.channels import missing_settings
from alerts.delivery import DeliveryReport
from alerts.dryrun import replay, send_test
from alerts.engine import AlertEngine, RunReport
from alerts.rules import Rule
from alerts.rules.schema import format_duration
from tianluo.app.cli import get_app
from tianluo.errors import ConfigError, InputError
from tianluo.timeutil import now as shanghai_now
from tianluo.timeutil import parse_duration


def _engine(ctx: click.Context) -> AlertEngine:
    return AlertEngine(get_app(ctx))


def _rule(engine: AlertEngine, name: str) -> Rule:
    loaded = engine.load()
    rule = loaded.get(name)
    if rule is not None:
        return rule
    loaded.raise_problems()
    known = ", ".join(r.name for r in loaded.rules) or "none"
    raise InputError(
        f"no alert rule named {name!r} (rules: {known}); see `tianluo alerts validate`"
    )


def _duration(text: str, option: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


@click.group()
def alerts() -> None:
    """Alert rules, channels, delivery and history."""


@alerts.command()
@click.option("--resume", multiple=True, metavar="RULE", help="Resume a paused rule first.")
@click.option("--resume-all", is_flag=True, help="Resume every paused rule first.")
@click.pass_context
def run(ctx: click.Context, resume: tuple[str, ...], resume_all: bool) -> None:
    """Evaluate every rule now and deliver due alerts.

    Exits 1 when a rule failed, is paused or did not validate; 4 when a delivery failed
    (it will be retried by the next run).
    """
    with _engine(ctx) as engine:
        report = engine.run(resume=resume, resume_all=resume_all)
    _print_run(report)
    if not report.ok:
        ctx.exit(1)
    if report.delivery.errors:
        ctx.exit(4)


def _print_run(report: RunReport) -> None:
    for name in report.resumed:
        click.echo(f"rule {name}: resumed")
    for o in report.outcomes:
        sent = f", alert {o.alert_id} ({len(o.fired)} in one message)" if o.alert_id else ""
        click.echo(f"rule {o.rule}: {o.matches} matches, {o.suppressed} suppressed{sent}")
    for name, error in report.errors.items():
        click.secho(f"rule {name}: FAILED: {error}", fg="red", err=True)
    for name, error in report.paused.items():
        click.secho(
            f"rule {name}: paused after an error ({error}); fix the rule file or run "
            f"`tianluo alerts run --resume {name}`",
            fg="yellow",
            err=True,
        )
    if report.problems:
        click.secho(ConfigError(report.problems).render(), fg="red", err=True)
    _print_delivery(report.delivery)


def _print_delivery(d: DeliveryReport) -> None:
    click.echo(f"delivery: {d.sent} sent, {d.retrying} to retry, {d.dead} dead")
    for error in d.errors:
        click.secho(f"  {error}", fg="yellow", err=True)


@alerts.command("test")
@click.argument("rule")
@click.option("--days", type=float, default=1.0, show_default=True, help="How far back to replay.")
@click.option("--step", default=None, help="Evaluation interval, e.g. 1h (default: the window).")
@click.option("--dry-run", is_flag=True, help="Only show what would fire; send nothing.")
@click.pass_context
def test_cmd(ctx: click.Context, rule: str, days: float, step: str | None, dry_run: bool) -> None:
    """Show what RULE would have fired over the past days (realert applied, state untouched).

    Without --dry-run the most recent would-be alert is also sent to the rule's channels,
    marked as a test, to check the wiring.
    """
    if days <= 0:
        raise InputError("--days must be greater than 0")
    with _engine(ctx) as engine:
        found = _rule(engine, rule)
        every = _duration(step, "--step") if step else None
        firings = replay(engine, found, days=days, step=every)
        for f in firings:
            a = f.alert
            more = f", {f.suppressed} suppressed by realert" if f.suppressed else ""
            click.echo(f"{f.at:%Y-%m-%d %H:%M}  {len(a.matches) + a.more} matches{more}")
            for m in a.matches:
                click.echo(f"  - {m.headline}")
            if a.more:
                click.echo(f"  - ... and {a.more} more")
        window = format_duration(found.spec.window)
        click.echo(
            f"rule {found.name} ({found.spec.type}, window {window}) would have fired "
            f"{len(firings)} time(s) in the last {days:g} day(s)"
        )
        if dry_run or not firings:
            if not dry_run:
                click.echo("nothing to send")
            return
        for name, result in send_test(engine, found, firings[-1].alert).items():
            click.echo(f"test message to {name}: {result}")


@alerts.command()
@click.argument("rule")
@click.option("--key", default=None, help="Silence one key (enterprise, source ...) only.")
@click.option("--for", "duration", required=True, help="How long, e.g. 30m, 24h, 7d; 0s lifts.")
@click.option("--reason", default="", help="Why, kept with the silence.")
@click.pass_context
def silence(ctx: click.Context, rule: str, key: str | None, duration: str, reason: str) -> None:
    """Stop RULE (or one of its keys) from alerting for a while."""
    span = _duration(duration, "--for")
    with _engine(ctx) as engine:
        _rule(engine, rule)
        now = shanghai_now()
        engine.db.silence(rule, key, now + span, reason, now)
    what = f"{rule} key {key!r}" if key else f"{rule} (all keys)"
    if span:
        click.echo(f"silenced {what} until {now + span:%Y-%m-%d %H:%M}")
    else:
        click.echo(f"silence of {what} lifted")


@alerts.command()
@click.option("--rule", default=None, help="Only this rule.")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.pass_context
def history(ctx: click.Context, rule: str | None, limit: int) -> None:
    """Alerts sent, pending, dead or unrouted, newest first; then paused rules and silences."""
    with _engine(ctx) as engine:
        records = engine.store.alert_history(rule=rule, limit=limit)
        for r in records:
            status = f"{r.status} x{r.attempts}" if r.attempts > 1 else r.status
            click.echo(
                f"{r.created_at:%Y-%m-%d %H:%M}  {r.rule:<24} {r.severity:<8} "
                f"{r.channel or '-':<12} {status:<12} {r.title}"
            )
            if r.error and r.status != "sent":
                click.echo(f"    {r.error}")
        if not records:
            click.echo("no alerts yet")
        for s in engine.db.statuses():
            if s.paused and (rule is None or s.rule == rule):
                click.secho(f"paused: {s.rule}: {s.error}", fg="yellow")
        for sil in engine.db.silences(shanghai_now(), rule):
            click.echo(f"silenced: {sil.rule} {sil.key} until {sil.until:%Y-%m-%d %H:%M}")


@alerts.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check every rule file and channel; errors name file, line and key."""
    app = get_app(ctx)
    with AlertEngine(app) as engine:
        loaded = engine.load()
    channels = app.settings.alerts.channels
    problems = list(loaded.problems)
    for name, config in channels.items():
        for key in missing_settings(config):
            problems.append(
                (
                    "configuration",
                    None,
                    f"alerts.channels.{name}.{key}",
                    f"required by channel type {config.type!r}",
                )
            )
    for rule in loaded.rules:
        state = "" if rule.spec.enabled else " (disabled)"
        click.echo(f"ok {rule.name}: {rule.spec.type}, {rule.path}{state}")
        for name in rule.spec.channels:
            if name not in channels:
                click.secho(
                    f"  note: channel {name!r} is not configured; alerts of {rule.name} are "
                    "kept in history as 'no channel configured'",
                    fg="yellow",
                )
    if problems:
        raise ConfigError(problems)
    click.echo(f"{len(loaded.rules)} rules, {len(channels)} channels: valid")


@alerts.command()
@click.option("--dead", is_flag=True, help="Also retry dead alerts, with a fresh attempt budget.")
@click.pass_context
def retry(ctx: click.Context, dead: bool) -> None:
    """Re-deliver pending alerts now, ignoring the backoff.  Exits 4 if any still fail."""
    with _engine(ctx) as engine:
        report = engine.retry(dead=dead)
    _print_delivery(report)
    if report.errors:
        ctx.exit(4)
