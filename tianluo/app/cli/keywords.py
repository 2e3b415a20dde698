"""``tianluo keywords``: validate, try and backtest the keyword sets; train the re-ranker."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.output import table
from tianluo.errors import ConfigError
from tianluo.labels import category_label

BACKTEST_BATCH = 64
"""Stored documents re-analysed together (``Analyzer.analyze_many``) by ``backtest``."""


@click.group()
def keywords() -> None:
    """Keyword sets (YAML files named by analysis.keywords)."""


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
    help="Watchlist file to check (default: analysis.watchlist of the configuration).",
)
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...], watchlist_file: Path | None) -> None:
    """Check keyword files and the watchlist: unknown keys, empty or duplicate terms, bad
    patterns, bad credit codes, unknown operators (file:line: key)."""
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
    click.echo(f"ok: {len(paths)} keyword file(s) valid")
    if watchlist is not None:
        click.echo(f"ok: watchlist {watchlist}: {entries} enterprise(s) valid")
    config = analyzer_config(settings)
    if any(getattr(config, field) is not None for field in ("events", "reranker", "subject")):
        for line in model_drift(Analyzer.from_files(paths, watchlist, config)):
            click.echo(f"warning: {line}")


@keywords.command("test")
@click.argument("text")
@click.option("--title", default="", help="Title to analyze with the text.")
@click.option("--source-type", type=click.Choice(["news", "forum", "p2p"]), default="news")
@click.option("--json", "as_json", is_flag=True, help="Print the full explanation as JSON.")
@click.pass_context
def test(ctx: click.Context, text: str, title: str, source_type: str, as_json: bool) -> None:
    """Show tokens, hits, rules and why a hit was cancelled, for one text."""
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
@click.option(
    "--days", type=click.IntRange(min=1), default=30, help="Documents crawled in the last N days."
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=5000, help="At most this many documents."
)
@click.pass_context
def backtest(ctx: click.Context, files: tuple[Path, ...], days: int, limit: int) -> None:
    """What edited keyword FILES would add to or remove from the stored risk hits."""
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
        f"{len(docs)} document(s) re-analyzed: {len(added)} new hit(s), {len(removed)} hit(s) gone"
    )
    if added:
        click.echo("\nwould ADD:\n" + table(["标题", "文档风险分（0-100）", "类别"], added))
    if removed:
        click.echo(
            "\nwould REMOVE:\n" + table(["标题", "已存文档风险分（0-100）", "类别"], removed)
        )


@keywords.command("train-reranker")
@click.option(
    "--data",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder with finese/train.json and finnsp/train.json (the labelled development data).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=Path("var/reranker"),
    show_default=True,
    help="Folder for events.npz, finnsp.npz and subject.npz; keep it outside the package.",
)
@click.option(
    "--folds",
    type=click.IntRange(min=0, max=20),
    default=3,
    show_default=True,
    help="Cross-validation folds that choose the thresholds (0: no CV, threshold 0.5).",
)
def train_reranker(data: Path, output: Path, folds: int) -> None:
    """Fit the learned re-rankers (scikit-learn) on labelled FinESE/FinNSP train data.

    Writes OUTPUT/events.npz (event types), OUTPUT/finnsp.npz (negative news and
    key entities) and OUTPUT/subject.npz (who a risk event is about); the last two are
    byte-identical for the same data and keyword sets (docs/models.md).  Use them with ``analysis.event_model:
    OUTPUT/events.npz``, ``analysis.reranker: OUTPUT/finnsp.npz`` and
    ``analysis.subject_model: OUTPUT/subject.npz``, or copy them over keywords/models/
    to ship them (then ``analysis.models: shipped``; docs/models.md).
    """
    from tianluo.app.training import TrainingDataError, train_all

    if not data.is_dir():
        raise click.ClickException(f"{data}: no such folder (expected the labelled data)")
    try:
        summary = train_all(data, output, log=lambda m: click.echo(m, err=True), folds=folds)
    except TrainingDataError as exc:
        raise click.ClickException(f"cannot train: {exc}") from None
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
