"""Glue between the pure analysis library (keywords) and the pipeline's records."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from keywords.tagger import TaggerMissing
from tianluo.errors import ConfigError
from tianluo.models import Page, StoredDocument
from tianluo.settings import Settings

if TYPE_CHECKING:
    from keywords import AnalysisResult, Analyzer, AnalyzerConfig
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker

T = TypeVar("T")
LAST_GOOD = "keywords-last-good"
log = logging.getLogger(__name__)


def build_analyzer(settings: Settings, *, keep_last_good: bool = False) -> Analyzer:
    """The analyzer for the configured keyword sets, watchlist and yield line.

    With ``keep_last_good`` (unattended crawls and the scheduler), every set that
    loads is copied to ``data_dir/keywords-last-good``; when an admin's edit breaks
    a file, the error is logged with its file and line and that last good copy is
    used until the file is fixed.
    """
    from keywords import Analyzer

    analysis = settings.analysis
    paths = settings.globbed(analysis.keywords)
    if not paths:
        raise ConfigError.single(
            "tianluo.yaml", None, "analysis.keywords", f"no keyword files match {analysis.keywords}"
        )
    watchlist = settings.path(analysis.watchlist) if analysis.watchlist else None
    config = analyzer_config(settings)
    snapshot = settings.data_path / LAST_GOOD
    try:
        analyzer = Analyzer.from_files(paths, watchlist, config)
    except ConfigError as exc:
        saved = sorted((snapshot / "sets").glob("*.yaml")) if keep_last_good else []
        if not saved:
            raise
        log.error("关键词文件有错误；改正之前继续使用上一次通过校验的关键词集：\n%s", exc)
        kept = snapshot / "watchlist.yaml"
        analyzer = Analyzer.from_files(saved, kept if kept.is_file() else None, config)
        for line in model_drift(analyzer):
            log.warning("%s", line)
        return analyzer
    if keep_last_good:
        _save_snapshot(snapshot, paths, watchlist)
    for line in model_drift(analyzer):
        log.warning("%s", line)
    return analyzer


def analyzer_config(settings: Settings) -> AnalyzerConfig:
    """The analyzer's numbers and learned models from the ``analysis`` settings."""
    from keywords import AnalyzerConfig

    analysis = settings.analysis
    return AnalyzerConfig(
        lpr_one_year=analysis.lpr_one_year,
        yield_multiple=analysis.yield_multiple,
        **_risk_event_types(settings),
        **load_models(settings),
    )


def _risk_event_types(settings: Settings) -> dict[str, Any]:
    """``analysis.risk_event_types`` checked against the documented event types."""
    from keywords.event_types import EVENT_TYPE_LABELS, is_event_type

    names = settings.analysis.risk_event_types
    if names is None:
        return {}
    unknown = [name for name in names if not is_event_type(name)]
    problem = "list at least one event type" if not names else ""
    if unknown:
        problem = (
            f"unknown event type(s) {'、'.join(unknown)}; "
            f"documented: {'、'.join(EVENT_TYPE_LABELS)}"
        )
    if problem:
        where = settings.config_file or "tianluo.yaml"
        raise ConfigError.single(where, None, "analysis.risk_event_types", problem)
    return {"risk_event_types": tuple(names)}


def load_models(settings: Settings) -> dict[str, Any]:
    """Every learned model the settings turn on, by its ``AnalyzerConfig`` field.

    The models are those of ``keywords.pipeline.MODELS`` (``analysis.event_model``,
    ``analysis.reranker``, ``analysis.subject_model``): the file a key names, else with
    ``analysis.models: shipped`` the one shipped in ``keywords/models/``.  Each one
    loaded here turns on its stages.  A missing, unreadable or foreign file is a
    ``ConfigError`` naming the file and the key that chose it.
    """
    from keywords.pipeline import MODELS

    loaded: dict[str, Any] = {}
    for slot in MODELS:
        chosen = _model_path(settings, slot.setting)
        if chosen is not None:
            path, key = chosen
            loaded[slot.field] = _load_model(path, key, slot.read)
    return loaded


def load_reranker(settings: Settings) -> Reranker | None:
    """The negative-news model: ``analysis.reranker``, else the shipped one with
    ``analysis.models: shipped``, else None (rules only)."""
    model: Reranker | None = _load_one(settings, "reranker")
    return model


def load_subject_ranker(settings: Settings) -> SubjectRanker | None:
    """The event-subject ranker: ``analysis.subject_model``, else as :func:`load_reranker`."""
    model: SubjectRanker | None = _load_one(settings, "subject")
    return model


def _load_one(settings: Settings, field: str) -> Any:
    from keywords.pipeline import MODELS

    (slot,) = (m for m in MODELS if m.field == field)
    chosen = _model_path(settings, slot.setting)
    return _load_model(*chosen, slot.read) if chosen is not None else None


def _model_path(settings: Settings, setting: str) -> tuple[Path, str] | None:
    """The file for ``analysis.<setting>`` and the key that chose it, or None (off)."""
    from keywords.shipped import SHIPPED, shipped_model

    name = getattr(settings.analysis, setting)
    if name:
        return settings.path(name), f"analysis.{setting}"
    models = settings.analysis.models
    if models != "none" and setting in SHIPPED:
        return shipped_model(setting, fast=models == "fast"), "analysis.models"
    return None


def _load_model(path: Path, key: str, parse: Callable[[bytes], T]) -> T:
    """Read and parse a model file; any failure is a ConfigError naming the file and key."""
    try:
        return parse(path.read_bytes())
    except OSError as exc:
        reason = "文件不存在" if isinstance(exc, FileNotFoundError) else str(exc)
        message = (
            f"无法读取模型（{reason}）；请用 `tianluo keywords train-reranker` 训练一个，"
            "或删除这个设置项以只用规则"
        )
    except TaggerMissing as exc:
        message = f"无法使用这个模型：{exc}"
    except ValueError as exc:
        message = f"不是可用的模型：{exc}；请用 `tianluo keywords train-reranker` 重新训练"
    raise ConfigError.single(str(path), None, key, message) from None


def model_drift(analyzer: Analyzer) -> list[str]:
    """One line per loaded model whose training fingerprint differs from ``analyzer``'s."""
    from keywords.fingerprint import differences, fingerprint
    from keywords.pipeline import MODELS

    current = fingerprint(analyzer.sets, analyzer.config)
    out: list[str] = []
    for slot in MODELS:
        model = getattr(analyzer.config, slot.field)
        if model is None:
            continue
        trained = model.fingerprint
        found = differences(trained, current) if trained else ["模型没有记录训练时的指纹"]
        if found:
            out.append(
                f"analysis.{slot.setting}：模型训练时的关键词集或设置与现在的不同"
                f"（{'；'.join(found)}）；模型照常按它认识的特征判断，要让它学到新的，"
                "请用 `tianluo keywords train-reranker` 重新训练（见 docs/models.md）"
            )
    return out


def _save_snapshot(folder: Path, paths: list[Path], watchlist: Path | None) -> None:
    """Copy the files that just loaded, replacing the previous copy."""
    fresh = folder.with_name(folder.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    (fresh / "sets").mkdir(parents=True)
    for index, path in enumerate(paths):
        shutil.copyfile(path, fresh / "sets" / f"{index:03d}-{path.name}")
    if watchlist is not None:
        shutil.copyfile(watchlist, fresh / "watchlist.yaml")
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def analyze_page(analyzer: Analyzer, page: Page, *, reach: int = 1) -> AnalysisResult:
    """Run the analyzer on one page (title and body)."""
    return analyzer.analyze(
        page.content, title=page.title, source_type=page.source_type, reach=reach
    )


def analyze_pages(analyzer: Analyzer, pages: Sequence[Page]) -> list[AnalysisResult]:
    """``analyze_page`` of each page, the pages analyzed as one batch (the same results)."""
    return analyzer.analyze_many(
        [page.content for page in pages],
        titles=[page.title for page in pages],
        source_types=[page.source_type for page in pages],
    )


def to_stored(page: Page, result: AnalysisResult, *, cluster_id: str) -> StoredDocument:
    """The flat, indexable record of a page and its analysis."""
    mentions = list(result.mentions)
    return StoredDocument(
        id=page.id,
        url=page.url,
        source=page.source,
        source_type=page.source_type,
        title=page.title,
        content=page.content,
        crawled_at=page.crawled_at,
        content_hash=page.content_hash,
        published_at=page.published_at,
        author=page.author,
        origin=page.origin,
        thread_url=page.thread_url,
        floor=page.floor,
        tokens=list(result.tokens),
        risk=result.risk,
        risk_score=round(result.score, 2),
        categories=list(result.categories),
        terms=list(result.terms),
        enterprises=[m.name for m in mentions],
        risk_enterprises=[m.name for m in mentions if m.risk],
        enterprise_aliases=list(dict.fromkeys(n for m in mentions for n in (m.name, *m.aliases))),
        mentions=mentions,
        evidence=list(result.evidence),
        yields=list(result.yields),
        yield_max=result.yield_max,
        yield_flag=result.yield_flag,
        awareness=result.awareness,
        awareness_reason=result.awareness_reason,
        event_type=result.event_type,
        cluster_id=cluster_id,
        extra=dict(page.extra),
    )
