"""``tianluo alerts``: run rules, test one over past data, silence, history, validate, retry."""

from __future__ import annotations

from datetime import timedelta

import click

from alerts.channels import missing_settings, unset_secrets
from alerts.delivery import DeliveryReport
from alerts.dryrun import replay, send_test
from alerts.engine import AlertEngine, RunReport
from alerts.outbox import NO_CHANNEL_ERROR
from alerts.rules import Rule
from alerts.rules.schema import format_duration
from tianluo.app.cli import get_app
from tianluo.app.cli.chinese import Group
from tianluo.app.cli.output import pad
from tianluo.errors import ChannelError, ConfigError, InputError
from tianluo.labels import alert_status_label, severity_label
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
    known = "、".join(r.name for r in loaded.rules) or "无"
    raise InputError(
        f"没有名为 {name!r} 的预警规则（现有规则：{known}）；见 `tianluo alerts validate`"
    )


def _duration(text: str, option: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


@click.group(cls=Group)
def alerts() -> None:
    """预警规则、通道、投递和历史。"""


@alerts.command()
@click.option("--resume", multiple=True, metavar="RULE", help="先恢复一条已暂停的规则。")
@click.option("--resume-all", is_flag=True, help="先恢复所有已暂停的规则。")
@click.pass_context
def run(ctx: click.Context, resume: tuple[str, ...], resume_all: bool) -> None:
    """立即评估每条规则并投递到期的预警。

    有规则出错、已暂停或未通过校验时退出码为 1；有投递失败时为 4（下次运行会重试）。
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
        click.echo(f"规则 {name}：已恢复")
    for o in report.outcomes:
        sent = f"，预警 {o.alert_id}（{len(o.fired)} 条合为一条消息）" if o.alert_id else ""
        click.echo(f"规则 {o.rule}：匹配 {o.matches} 条，抑制 {o.suppressed} 条{sent}")
    for name, error in report.errors.items():
        click.secho(f"规则 {name}：失败：{error}", fg="red", err=True)
    for name, error in report.paused.items():
        click.secho(
            f"规则 {name}：出错后已暂停（{error}）；请修正规则文件，或运行 "
            f"`tianluo alerts run --resume {name}`",
            fg="yellow",
            err=True,
        )
    if report.problems:
        click.secho(ConfigError(report.problems).render(), fg="red", err=True)
    _print_delivery(report.delivery)


def _print_delivery(d: DeliveryReport) -> None:
    click.echo(f"投递：已发送 {d.sent}，待重试 {d.retrying}，已放弃 {d.dead}")
    for error in d.errors:
        click.secho(f"  {error}", fg="yellow", err=True)


@alerts.command("test")
@click.argument("rule")
@click.option("--days", type=float, default=1.0, show_default=True, help="回放过去多少天。")
@click.option("--step", default=None, help="评估间隔，如 1h（默认：规则的时间窗口）。")
@click.option("--dry-run", is_flag=True, help="只显示会触发什么，不发送。")
@click.pass_context
def test_cmd(ctx: click.Context, rule: str, days: float, step: str | None, dry_run: bool) -> None:
    """显示规则 RULE 在过去几天里会触发的预警（计入重复预警间隔，不改动状态）。

    不加 --dry-run 时，还会把最近一条会触发的预警标为测试，发到该规则的通道，用来检查
    通道配置；有通道未接收时退出码为 4。
    """
    if days <= 0:
        raise InputError("--days 必须大于 0")
    with _engine(ctx) as engine:
        found = _rule(engine, rule)
        every = _duration(step, "--step") if step else None
        firings = replay(engine, found, days=days, step=every)
        for f in firings:
            a = f.alert
            more = f"，{f.suppressed} 条因重复预警间隔被抑制" if f.suppressed else ""
            click.echo(f"{f.at:%Y-%m-%d %H:%M}  匹配 {len(a.matches) + a.more} 条{more}")
            for m in a.matches:
                click.echo(f"  - {m.headline}")
            if a.more:
                click.echo(f"  - ……另有 {a.more} 条")
        window = format_duration(found.spec.window)
        click.echo(
            f"规则 {found.name}（{found.spec.type}，时间窗口 {window}）在过去 {days:g} 天里"
            f"会触发 {len(firings)} 次"
        )
        if dry_run or not firings:
            if not dry_run:
                click.echo("没有可发送的预警")
            return
        results = send_test(engine, found, firings[-1].alert)
        for name, result in results.items():
            click.echo(f"发往 {name} 的测试消息：{result}")
        failed = [name for name, result in results.items() if result != "ok"]
        if failed or not results:
            click.secho(
                f"测试消息未送达：{'、'.join(failed) or '任何通道（规则未列出通道）'}",
                fg="red",
                err=True,
            )
            ctx.exit(ChannelError.exit_code)


@alerts.command()
@click.argument("rule")
@click.option("--key", default=None, help="只静默一个键（企业、来源等）。")
@click.option("--for", "duration", required=True, help="静默多久，如 30m、24h、7d；0s 解除静默。")
@click.option("--reason", default="", help="原因，随静默记录保存。")
@click.pass_context
def silence(ctx: click.Context, rule: str, key: str | None, duration: str, reason: str) -> None:
    """让规则 RULE（或它的某个键）暂时不发预警。"""
    span = _duration(duration, "--for")
    with _engine(ctx) as engine:
        _rule(engine, rule)
        now = shanghai_now()
        engine.db.silence(rule, key, now + span, reason, now)
    what = f"{rule} 的键 {key!r}" if key else f"{rule}（所有键）"
    if span:
        click.echo(f"已静默 {what}，直到 {now + span:%Y-%m-%d %H:%M}")
    else:
        click.echo(f"已解除 {what} 的静默")


@alerts.command()
@click.option("--rule", default=None, help="只看这条规则。")
@click.option(
    "--limit", type=click.IntRange(1, 10000), default=20, show_default=True, help="最多显示几条。"
)
@click.pass_context
def history(ctx: click.Context, rule: str | None, limit: int) -> None:
    """已发送、待发送、已放弃或无通道的预警，新的在前；然后是已暂停的规则和静默。"""
    with _engine(ctx) as engine:
        records = engine.store.alert_history(rule=rule, limit=limit)
        for r in records:
            status = alert_status_label(r.status)
            if r.attempts > 1:
                status += f"（{r.attempts} 次）"
            click.echo(
                f"{r.created_at:%Y-%m-%d %H:%M}  {pad(r.rule, 24)} {pad(severity_label(r.severity), 8)}"
                f" {pad(r.channel or '-', 12)} {pad(status, 14)} {r.title}"
            )
            if r.error and r.status != "sent":
                click.echo(f"    {r.error}")
        if not records:
            click.echo("还没有预警")
        for s in engine.db.statuses():
            if s.paused and (rule is None or s.rule == rule):
                click.secho(f"已暂停：{s.rule}：{s.error}", fg="yellow")
        for sil in engine.db.silences(shanghai_now(), rule):
            click.echo(f"已静默：{sil.rule} {sil.key}，直到 {sil.until:%Y-%m-%d %H:%M}")


@alerts.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """检查每个规则文件和通道；错误信息指明文件、行号和键。"""
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
                    f"通道类型 {config.type!r} 必须设置",
                )
            )
        for key in unset_secrets(config):
            ref = getattr(config, key)
            problems.append(
                (
                    "configuration",
                    None,
                    f"alerts.channels.{name}.{key}",
                    f"{{env: {ref.env}}}：环境变量 {ref.env} 未设置；"
                    "请在运行 tianluo 的环境里设置它",
                )
            )
    for rule in loaded.rules:
        state = "" if rule.spec.enabled else "（已停用）"
        click.echo(f"通过 {rule.name}：{rule.spec.type}，{rule.path}{state}")
        for name in rule.spec.channels:
            if name not in channels:
                click.secho(
                    f"  提示：通道 {name!r} 未配置；{rule.name} 的预警会以"
                    f"“{NO_CHANNEL_ERROR}”记入历史",
                    fg="yellow",
                )
    if problems:
        raise ConfigError(problems)
    click.echo(f"{len(loaded.rules)} 条规则、{len(channels)} 个通道：校验通过")


@alerts.command()
@click.option("--dead", is_flag=True, help="连已放弃的预警也重试，重新计算尝试次数。")
@click.pass_context
def retry(ctx: click.Context, dead: bool) -> None:
    """忽略退避等待，立即重新投递待发送的预警。仍有失败时退出码为 4。"""
    with _engine(ctx) as engine:
        report = engine.retry(dead=dead)
    _print_delivery(report)
    if report.errors:
        ctx.exit(4)
