"""``tianluo search``: Chinese phrase search over the store, for staff without Kibana."""

from __future__ import annotations

import json

import click

from keywords.event_types import require_event_type
from tianluo.app.cli import get_app
from tianluo.app.cli.chinese import Command
from tianluo.app.cli.enterprise_name import resolve_enterprise
from tianluo.app.cli.output import table
from tianluo.errors import InputError
from tianluo.models import StoredDocument
from tianluo.timeutil import now, parse_duration


@click.command(cls=Command)
@click.argument("query")
@click.option(
    "-e",
    "--enterprise",
    default=None,
    help="只要提及这家企业（名称或任一别名）的文档。",
)
@click.option("--since", default=None, help="只要这么久以内抓取的文档（7d、24h）。")
@click.option(
    "-t",
    "--event-type",
    "event_types",
    multiple=True,
    help="只要这种事件类型的文档（可重复），如 失联跑路；见 docs/fields.md。",
)
@click.option("-n", "--limit", type=click.IntRange(1, 1000), default=20, help="最多 N 条结果。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON Lines 输出。")
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    enterprise: str | None,
    since: str | None,
    event_types: tuple[str, ...],
    limit: int,
    as_json: bool,
) -> None:
    """在标题和正文中搜索短语（没有匹配时退出码为 1）。"""
    try:
        start = now() - parse_duration(since) if since else None
    except ValueError as exc:
        raise InputError(f"--since: {exc}") from None
    try:
        for label in event_types:
            require_event_type(label)
    except ValueError as exc:
        raise InputError(f"--event-type: {exc}") from None
    app = get_app(ctx)
    if enterprise is None:
        docs = app.store.search(query, since=start, event_types=event_types, limit=limit)
    else:  # every name the enterprise is stored under (canonical name or any alias given)
        found: dict[str, StoredDocument] = {}
        for name in resolve_enterprise(app, enterprise).stored:
            for doc in app.store.search(
                query, enterprise=name, since=start, event_types=event_types, limit=limit
            ):
                found.setdefault(doc.id, doc)
        docs = list(found.values())[:limit]
    if as_json:
        for doc in docs:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
    else:
        rows = [
            [
                d.crawled_at.strftime("%m-%d %H:%M"),
                d.source,
                f"{d.risk_score:.0f}",
                d.event_type or "",
                d.title[:40],
                d.url,
            ]
            for d in docs
        ]
        click.echo(
            table(["抓取时间", "来源", "文档风险分（0-100）", "事件类型", "标题", "链接"], rows)
            if rows
            else "没有匹配"
        )
    if not docs:
        ctx.exit(1)
