"""``tianluo keywords``: validate, try and backtest the keyword sets; train the re-ranker."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.chinese import Group
from tianluo.app.cli.output import table
from tianluo.errors import ConfigError
from tianluo.labels import category_label

BACKTEST_BATCH = 64
"""Stored documents re-analysed together (``Analyzer.analyze_many``) by ``backtest``."""


@click.group(cls=Group)
def keywords() -> None:
    """关键词集（analysis.keywords 指定的 YAML 文件）。"""


def _paths(ctx: click.Context, files: tuple[Path, ...]) -> list[Path]:
    app = get_app(ctx)
    return list(files) or app.settings.globbed(app.settings.analysis.keywords)


@keywords.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--watchlist",
    "watchlist_file",
    type=click.Path(path_type=Path),
    default=None,
    help="要检查的监测名单文件（默认：配置中的 analysis.watchlist）。",
)
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], watchlist_file: Path | None) -> None:
    """检查关键词文件和监测名单：未知的键、空词或重复词、错误的模式、错误的统一社会信用代码、
    未知的运算符（文件:行号: 键）。"""
    from keywords import Analyzer
    from keywords import validate as check
    from keywords.configure import analyzer_config, model_drift
    from keywords.watchlist import load_watchlist

    paths = _paths(ctx, files)
    settings = get_app(ctx).settings
    watchlist = watchlist_file or (
        settings.path(settings.analysis.watchlist) if settings.analysis.watchlist else None
    )
    problems = list(check(paths))
    entries = 0
    if watchlist is not None:
        try:
            entries = len(load_watchlist(watchlist).enterprises)
        except ConfigError as exc:
            problems += exc.problems
    if problems:
        raise ConfigError(problems)
    click.echo(f"通过：{len(paths)} 个关键词文件校验通过")
    if watchlist is not None:
        click.echo(f"通过：监测名单 {watchlist}：{entries} 家企业校验通过")
    config = analyzer_config(settings)
    if any(getattr(config, field) is not None for field in ("events", "reranker", "subject")):
        for line in model_drift(Analyzer.from_files(paths, watchlist, config)):
            click.echo(f"警告：{line}")


@keywords.command("test")
@click.argument("text")
@click.option("--title", default="", help="与正文一起分析的标题。")
@click.option(
    "--source-type",
    type=click.Choice(["news", "forum", "p2p"]),
    default="news",
    show_default=True,
    help="来源类型：新闻、论坛或 P2P。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 打印完整的解释。")
@click.pass_context
def test(ctx: click.Context, text: str, title: str, source_type: str, as_json: bool) -> None:
    """对一段文本显示分词、命中、规则，以及命中为何被抵消。"""
    info = get_app(ctx).analyzer.explain(text, title=title, source_type=source_type)
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
        return
    click.echo("分词：" + " / ".join(info["tokens"][:200]))
    rows = [
        [
            h["term"],
            category_label(h["category"]),
            h["start"],
            h["cancelled_by"] or h.get("damped_by") or "-",
        ]
        for h in info["hits"]
    ]
    click.echo(table(["命中词", "类别", "位置", "被抵消/减弱于"], rows) if rows else "命中：无")
    for rule in info["rules"]:
        click.echo(f"规则：{rule['rule']}（{rule['terms']}）权重 {rule['weight']}")
    for m in info["mentions"]:
        risk = "涉险" if m["risk"] else "不涉险"
        click.echo(f"企业：{m['name']}（文中：{m['mention']}）得分 {m['score']}，{risk}")
    if info["yields"]:
        shown = "、".join(f"{y:g}%" for y in info["yields"])
        click.echo(f"承诺收益率：{shown}（法定红线 {info['yield_line']:g}%）")
    if info["awareness"]:
        click.echo(f"宣传教育/辟谣类文章（{info['awareness']}）：整篇不计风险")
    verdict = "风险文档" if info["risk"] else "非风险文档"
    event = f"，事件类型：{info['event_type']}" if info.get("event_type") else ""
    click.echo(f"文档风险分 {info['score']:.1f}（0-100）→ {verdict}{event}")
    click.echo("分析阶段：" + " → ".join(info["stages"]))


@keywords.command("backtest")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--days", type=click.IntRange(min=1), default=30, help="最近 N 天抓取的文档。")
@click.option("--limit", type=click.IntRange(min=1), default=5000, help="最多这么多篇文档。")
@click.pass_context
def backtest(ctx: click.Context, files: tuple[Path, ...], days: int, limit: int) -> None:
    """编辑后的关键词文件 FILES 会让已存的风险命中增加或减少哪些。"""
    from keywords import Analyzer
    from keywords.configure import analyzer_config
    from tianluo.timeutil import now

    app = get_app(ctx)
    analysis = app.settings.analysis
    watchlist = app.settings.path(analysis.watchlist) if analysis.watchlist else None
    edited = Analyzer.from_files(_paths(ctx, files), watchlist, analyzer_config(app.settings))
    docs = app.store.documents(since=now() - timedelta(days=days), limit=limit)
    added, removed = [], []
    results = []
    for i in range(0, len(docs), BACKTEST_BATCH):
        batch = docs[i : i + BACKTEST_BATCH]
        results += edited.analyze_many(
            [d.content for d in batch],
            titles=[d.title for d in batch],
            source_types=[d.source_type for d in batch],
        )
    for doc, result in zip(docs, results, strict=True):
        if result.risk and not doc.risk:
            added.append([doc.title[:40], f"{result.score:.0f}", ",".join(result.categories[:3])])
        elif doc.risk and not result.risk:
            removed.append([doc.title[:40], f"{doc.risk_score:.0f}", ",".join(doc.categories[:3])])
    click.echo(
        f"重新分析了 {len(docs)} 篇文档：新增命中 {len(added)} 篇，消失命中 {len(removed)} 篇"
    )
    if added:
        click.echo("\n将新增：\n" + table(["标题", "文档风险分（0-100）", "类别"], added))
    if removed:
        click.echo("\n将移除：\n" + table(["标题", "已存文档风险分（0-100）", "类别"], removed))


@keywords.command("train-reranker")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    required=True,
    help="含 finese/train.json 和 finnsp/train.json 的目录（标注好的开发数据）。",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=Path("var/reranker"),
    show_default=True,
    help="写出 events.npz、finnsp.npz、subject.npz 和 subject_fast.npz 的目录；请放在软件包之外。",
)
@click.option(
    "--folds",
    type=click.IntRange(min=0, max=20),
    default=3,
    show_default=True,
    help="用来选择阈值的交叉验证折数（0：不做交叉验证，阈值 0.5）。",
)
def train_reranker(data: Path, output: Path, folds: int) -> None:
    """用标注好的 FinESE/FinNSP 训练数据训练学习式重排模型（scikit-learn）。

    写出 OUTPUT/events.npz（事件类型）、OUTPUT/finnsp.npz（负面新闻和关键实体）、
    OUTPUT/subject.npz（风险事件的主体，读 LAC 词法标注）和 OUTPUT/subject_fast.npz
    （不读 LAC 的主体模型，供 ``analysis.models: fast``）；数据和关键词集相同时，后三个
    文件逐字节相同（docs/models.md）。用法：``analysis.event_model: OUTPUT/events.npz``、
    ``analysis.reranker: OUTPUT/finnsp.npz`` 和 ``analysis.subject_model:
    OUTPUT/subject.npz``；或复制到 keywords/models/ 随软件发布（此时设
    ``analysis.models: shipped``；见 docs/models.md）。
    """
    from tianluo.app.training import TrainingDataError, train_all

    if not data.is_dir():
        raise click.ClickException(f"{data}：目录不存在（应为标注好的数据）")
    try:
        summary = train_all(data, output, log=lambda m: click.echo(m, err=True), folds=folds)
    except TrainingDataError as exc:
        raise click.ClickException(f"无法训练：{exc}") from None
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
