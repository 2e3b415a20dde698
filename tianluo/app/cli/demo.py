"""``tianluo demo``: run the whole pipeline on the bundled demo sites."""

from __future__ import annotations

from pathlib import Path

import click

from tianluo.app.cli.chinese import Command
from tianluo.app.cli.output import print_crawl_results, table
from tianluo.labels import level_label


@click.command(cls=Command)
@click.option(
    "--workdir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("var/demo"),
    show_default=True,
    help="存放演示配置、存储和简报的目录。",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8800,
    show_default=True,
    help="演示站点在 127.0.0.1 上的端口（0：任一空闲端口）。",
)
def demo(workdir: Path, port: int) -> None:
    """启动演示站点，抓取、分析、存储、预警，并写出每日简报。"""
    from tianluo.app.demo import run_demo

    def announce(url: str) -> None:
        click.echo(f"演示站点：{url}；工作目录：{workdir}", err=True)

    result = run_demo(workdir.resolve(), port=port, progress=True, announce=announce)
    click.echo("", err=True)
    click.echo("== 抓取")
    print_crawl_results(result.crawl)
    click.echo(f"\n== 存储：文档 {result.documents} 篇，风险文档 {result.risk_documents} 篇")
    rows = [
        [
            s.name,
            f"{s.score:.0f}/100",
            level_label(s.level),
            s.risk_documents,
            s.sources,
            "在册" if s.on_watchlist else "新发现",
        ]
        for s in result.top
        if s.score > 0
    ]
    if rows:
        click.echo("\n== 今日风险最高的企业")
        click.echo(
            table(
                ["企业", "企业风险指数（0-100）", "等级", "风险文档数", "站点数", "监测名单"], rows
            )
        )
    if result.alerts is not None:
        report = result.alerts
        click.echo(f"\n== 预警：{len(report.outcomes)} 条规则产生 {len(report.alerts)} 条预警")
        rows = [[o.rule, o.matches, len(o.fired), o.suppressed] for o in report.outcomes]
        click.echo(table(["规则", "匹配", "产生预警", "已抑制"], rows))
        delivery = report.delivery
        click.echo(
            f"投递：已发送 {delivery.sent}，重试中 {delivery.retrying}，失败 {delivery.dead}"
            "（未配置通道的规则，其预警保存在 `tianluo alerts history` 中）"
        )
    click.echo(f"\n== 每日简报：{result.brief}")
    click.echo(f"   归档：    {result.archive}")
    click.echo(f"   配置：    {result.config}（试试：tianluo -c {result.config} search 提现困难）")
