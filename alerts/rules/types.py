"""The built-in rule types: threshold, spike, first_seen, any and flatline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from pydantic import Field, field_validator

from alerts.model import DocRef, Match
from alerts.rules.base import Options, Rule, RuleType, agg, examples, register, term_examples
from alerts.rules.schema import Duration, Names, RuleSpec, format_duration
from indexer.base import AggField, CrawlRun, Store
from indexer.identity import first_seen_enterprises, merge_scores
from indexer.identity import groups as name_groups
from keywords.enterprise_score import LEVELS
from tianluo.labels import LEVELS as LEVEL_LABELS
from tianluo.labels import category_label, crawl_status_label, index_text, level_label
from tianluo.timeutil import SHANGHAI

EVER = datetime(2000, 1, 1, tzinfo=SHANGHAI)
"""The start of "ever" for first-seen questions."""


LEVEL_NAMES: dict[str, str] = {
    **{level: level for level in LEVELS if level != "none"},
    **{label: level for level, label in LEVEL_LABELS.items() if level != "none"},
    **{label[0]: level for level, label in LEVEL_LABELS.items() if level != "none"},
}
"""What ``min_level`` accepts: red/orange/yellow, 红色/橙色/黄色 or 红/橙/黄."""


class ThresholdOptions(Options):
    min_score: float | None = Field(
        None,
        gt=0,
        description="Alert when an enterprise's risk index (0-100) reaches this.",
    )
    min_level: str | None = Field(
        None,
        description="Or: alert when its level is this or graver (红色, 橙色 or 黄色; the "
        "thresholds of risk_index in tianluo.yaml).",
    )
    min_risk_documents: int = Field(1, ge=0, description="And it has at least this many hits.")
    top: int = Field(200, ge=1, le=5000, description="Enterprises examined, highest first.")

    @field_validator("min_score")
    @classmethod
    def _on_the_index_scale(cls, value: float | None) -> float | None:
        if value is not None and value > 100:
            raise ValueError(
                f"{value:g} 超过 100：企业得分现为 0-100 的企业风险指数（以前是报道权重的"
                "无上限累加）；请按新刻度设阈值，例如 min_score: 60（默认等级：红色 70 起、"
                "橙色 50 起、黄色 30 起，见 docs/configuration.md 中的 risk_index）"
            )
        return value

    @field_validator("min_level")
    @classmethod
    def _a_level(cls, value: str | None) -> str | None:
        if value is None:
            return None
        level = LEVEL_NAMES.get(value.strip().lower())
        if level is None:
            raise ValueError(f"{value!r} 不是风险等级：请用 红色、橙色 或 黄色")
        return level


def _reaches(level: str, least: str) -> bool:
    """Whether ``level`` is ``least`` or graver (LEVELS runs gravest first)."""
    return level in LEVELS and LEVELS.index(level) <= LEVELS.index(least)


@register
class Threshold(RuleType[ThresholdOptions]):
    """An enterprise's risk index (0-100) over the window reaches ``min_score``."""

    name = "threshold"
    options = ThresholdOptions
    group_by = ("enterprise",)
    filters = frozenset({"include", "exclude", "watchlist_only", "min_documents", "event_types"})

    def check(self, spec: RuleSpec, opts: ThresholdOptions) -> list[tuple[str, str]]:
        if (opts.min_score is None) == (opts.min_level is None):
            return [
                (
                    "min_score",
                    "规则类型 'threshold' 必须设置 min_score（0-100）或 min_level"
                    "（红色、橙色 或 黄色）之一，不能同时设置",
                )
            ]
        return []

    def evaluate(
        self, store: Store, rule: Rule, opts: ThresholdOptions, now: datetime
    ) -> list[Match]:
        flt = rule.spec.filters
        scores, _stored = merge_scores(  # one row per enterprise, by its canonical name
            store.enterprise_scores(
                since=now - rule.spec.window,
                until=now,
                limit=opts.top,
                names=flt.include,
                event_types=flt.event_types,
            ),
            until=now,
            params=store.index_params,
        )
        out = []
        for s in scores:
            if opts.min_level is not None:
                if not _reaches(s.level, opts.min_level):
                    continue
                bar = f"达到{level_label(opts.min_level)}预警"
            elif opts.min_score is not None and s.score >= opts.min_score:
                passed = "超过" if s.score > opts.min_score else "达到"
                bar = f"{passed}阈值 {opts.min_score:g}"
            else:
                continue
            if s.risk_documents < opts.min_risk_documents:
                continue
            if s.documents < flt.min_documents or (flt.watchlist_only and not s.on_watchlist):
                continue
            headline = (
                f"{s.name} {index_text(s.score, s.level)}，{bar}"
                f"（风险文档 {s.risk_documents} 篇，来源 {s.sources} 个）"
            )
            details = {
                "categories": s.categories,
                "sources": s.sources,
                "stories": s.stories,
                "level": s.level,
            }
            if s.max_yield is not None:
                details["max_yield"] = s.max_yield
            out.append(
                Match(
                    s.name, headline + of_types(flt.event_types), s.score, s.name, details=details
                )
            )
        return out

    def cite(self, store: Store, rule: Rule, match: Match, now: datetime) -> list[DocRef]:
        if match.documents or match.enterprise is None:
            return match.documents
        return examples(
            store,
            since=now - rule.spec.window,
            until=now,
            enterprise=match.enterprise,
            event_types=rule.spec.filters.event_types,
        )


class SpikeOptions(Options):
    spike_height: float = Field(gt=1, description="Alert at this many times the baseline rate.")
    baseline: Duration = Field(timedelta(days=7), description="Period before the window.")
    min_count: int = Field(3, ge=1, description="Ignore keys with fewer hits in the window.")
    alert_on_new: bool = Field(False, description="Also alert when the baseline is zero.")
    top: int = Field(500, ge=1, le=10000, description="Keys examined, most hits first.")


@register
class Spike(RuleType[SpikeOptions]):
    """Hits for a key in the window reach ``spike_height`` times its baseline rate."""

    name = "spike"
    options = SpikeOptions
    group_by = ("enterprise", "risk_enterprise", "term", "category", "source", "event_type")
    filters = frozenset({"include", "exclude", "risk", "min_documents", "event_types"})

    def evaluate(self, store: Store, rule: Rule, opts: SpikeOptions, now: datetime) -> list[Match]:
        flt, window = rule.spec.filters, rule.spec.window
        field = agg(rule.key_field)
        since = now - window
        current = store.count_by(
            field,
            since=since,
            until=now,
            risk=flt.risk,
            event_types=flt.event_types,
            limit=opts.top,
        )
        members: dict[str, list[str]] = {k: [k] for k in current}
        if field in ("enterprise", "risk_enterprise"):  # one key per enterprise
            current, members = _by_identity(current)
        floor = max(opts.min_count, flt.min_documents)
        keys = [k for k, n in current.items() if n >= floor and flt.keeps(k)]
        stored = store.daily_counts(
            field,
            [n for k in keys for n in members[k]],
            since=since - opts.baseline,
            until=since,
            risk=flt.risk,
            event_types=flt.event_types,
        )
        base: dict[str, dict[date, int]] = {}
        for key in keys:
            days = base.setdefault(key, {})
            for name in members[key]:
                for day, n in stored.get(name, {}).items():
                    days[day] = days.get(day, 0) + n
        periods = opts.baseline / window
        out = []
        for key in keys:
            count = current[key]
            expected = sum(base.get(key, {}).values()) / periods
            if expected == 0 and not opts.alert_on_new:
                continue
            ratio = count / expected if expected else float("inf")
            if ratio < opts.spike_height:
                continue
            times = f"{ratio:.1f} 倍" if expected else "此前无记录"
            headline = (
                f"{key}：最近 {format_duration(window)} {count} 篇，"
                f"基线 {expected:.1f} 篇（{times}）"
            )
            enterprise = key if field in ("enterprise", "risk_enterprise") else None
            details = {"count": count, "baseline": round(expected, 2), "field": field}
            out.append(
                Match(
                    key,
                    headline,
                    round(ratio, 2) if expected else None,
                    enterprise,
                    details=details,
                )
            )
        return out

    def cite(self, store: Store, rule: Rule, match: Match, now: datetime) -> list[DocRef]:
        since, field, flt = now - rule.spec.window, rule.key_field, rule.spec.filters
        if field == "term":
            return term_examples(store, match.key, since=since, event_types=flt.event_types)
        return examples(
            store,
            since=since,
            until=now,
            risk=flt.risk,
            event_types=[match.key] if field == "event_type" else flt.event_types,
            category=match.key if field == "category" else None,
            source=match.key if field == "source" else None,
            enterprise=match.key if field in ("enterprise", "risk_enterprise") else None,
        )


class FirstSeenOptions(Options):
    categories: Names = Field(
        default_factory=list,
        description="Only a first document in one of these keyword categories counts.",
    )


@register
class FirstSeen(RuleType[FirstSeenOptions]):
    """A key appears for the first time (optionally: its first hit in given categories)."""

    name = "first_seen"
    options = FirstSeenOptions
    group_by = ("enterprise", "risk_enterprise", "term", "source")
    filters = frozenset({"include", "exclude", "watchlist_only", "event_types"})

    def evaluate(
        self, store: Store, rule: Rule, opts: FirstSeenOptions, now: datetime
    ) -> list[Match]:
        field = agg(rule.key_field)
        since, types = now - rule.spec.window, rule.spec.filters.event_types
        new: dict[str, tuple[datetime, str | None]] = {}
        earlier: set[str] = set()
        wanted: list[str | None] = list(opts.categories) or [None]
        for category in wanted:
            for key, when in _first_seen(store, field, since, now, category, types).items():
                if key not in new or when < new[key][0]:
                    new[key] = (when, category)
            if category is not None and len(opts.categories) > 1:
                earlier.update(
                    store.first_seen(
                        field, since=EVER, until=since, category=category, event_types=types
                    )
                )
        keys = [k for k in new if k not in earlier and rule.spec.filters.keeps(k)]
        if rule.spec.filters.watchlist_only and keys:
            scores = store.enterprise_scores(since=since, until=now, limit=len(keys), names=keys)
            watched = {s.name for s in scores if s.on_watchlist}
            keys = [k for k in keys if k in watched]
        out = []
        for key in keys:
            when, hit = new[key]
            what = f"首次出现「{category_label(hit)}」类信号" if hit else "首次出现"
            if types:  # 首次出现「失联跑路」事件; 首次出现「兑付危机」类信号，属失联跑路事件
                named = "、".join(types)
                what += f"，属{named}事件" if hit else f"「{named}」事件"
            headline = f"{key}：{what}（{when:%m-%d %H:%M} 抓取）"
            enterprise = key if field in ("enterprise", "risk_enterprise") else None
            details = {"first_seen": when.isoformat(), "category": hit}
            out.append(Match(key, headline, None, enterprise, details=details))
        return out

    def cite(self, store: Store, rule: Rule, match: Match, now: datetime) -> list[DocRef]:
        since, field = now - rule.spec.window, rule.key_field
        category, types = match.details.get("category"), rule.spec.filters.event_types
        if field == "term":
            return term_examples(store, match.key, since=since, event_types=types)
        if field == "source":
            return examples(
                store, since=since, until=now, source=match.key, risk=None, event_types=types
            )
        return examples(
            store,
            since=since,
            until=now,
            enterprise=match.key,
            category=category,
            risk=None,
            event_types=types,
        )


class AnyOptions(Options):
    categories: Names = Field(
        default_factory=list,
        min_length=1,
        description="Keyword categories, e.g. enforcement (optional with filters.event_types).",
    )
    limit: int = Field(100, ge=1, le=1000, description="Documents fetched per category per run.")


@register
class AnyHit(RuleType[AnyOptions]):
    """Every document in the given categories and/or event types (one match per document,
    enterprise or source)."""

    name = "any"
    options = AnyOptions
    group_by = ("document", "enterprise", "source")
    filters = frozenset({"include", "exclude", "risk", "event_types"})

    def check(self, spec: RuleSpec, opts: AnyOptions) -> list[tuple[str, str]]:
        if opts.categories or spec.filters.event_types:
            return []
        return [("categories", "规则类型 'any' 必须有此键，除非设置了 filters.event_types")]

    def evaluate(self, store: Store, rule: Rule, opts: AnyOptions, now: datetime) -> list[Match]:
        since, flt = now - rule.spec.window, rule.spec.filters
        hits: dict[str, tuple[DocRef, str, list[str]]] = {}
        wanted: list[str | None] = list(opts.categories) or [None]
        for category in wanted:
            for doc in store.documents(
                since=since,
                until=now,
                category=category,
                risk=flt.risk,
                event_types=flt.event_types,
                limit=opts.limit,
            ):
                label = category or doc.event_type or ""  # what the rule selected it by
                hits.setdefault(doc.id, (DocRef.of(doc), label, doc.enterprises))
        field = rule.key_field
        if field == "document":
            return [
                Match(
                    ref.id,
                    f"[{ref.source}] {ref.title}",
                    ref.risk_score,
                    ents[0] if ents else None,
                    [ref],
                    {"category": cat} if opts.categories else {"event_type": cat},
                )
                for ref, cat, ents in hits.values()
            ]
        groups: dict[str, list[tuple[DocRef, str]]] = {}
        canon = name_groups(sorted({e for _r, _c, ents in hits.values() for e in ents}), ())
        for ref, cat, ents in hits.values():
            keys = list(dict.fromkeys(canon.get(e, e) for e in ents))  # one per enterprise
            for key in (keys or ["-"]) if field == "enterprise" else [ref.source]:
                groups.setdefault(key, []).append((ref, cat))
        out = []
        for key, items in groups.items():
            cats = sorted({c for _, c in items})
            names = "、".join(category_label(c) for c in cats)
            headline = f"{key}：{len(items)} 篇「{names}」类文档"
            enterprise = key if field == "enterprise" and key != "-" else None
            refs = [r for r, _ in items]
            details = {"categories": cats, "documents": len(items)}
            out.append(Match(key, headline, float(len(items)), enterprise, refs[:5], details))
        return out


class FlatlineOptions(Options):
    threshold: int = Field(1, ge=1, description="Alert when a source has fewer documents.")
    sources: Names = Field(
        default_factory=list, description="Sources expected (default: all seen in lookback)."
    )
    lookback: Duration = Field(timedelta(days=7), description="Where expected sources are seen.")


@register
class Flatline(RuleType[FlatlineOptions]):
    """A source produced fewer than ``threshold`` documents in the window (crawler health)."""

    name = "flatline"
    options = FlatlineOptions
    group_by = ("source",)

    def evaluate(
        self, store: Store, rule: Rule, opts: FlatlineOptions, now: datetime
    ) -> list[Match]:
        window = rule.spec.window
        start = now - max(opts.lookback, window)
        current = store.count_by("source", since=now - window, until=now, limit=100000)
        runs = store.crawl_runs(since=start)
        latest: dict[str, CrawlRun] = {}
        for run in runs:  # newest first
            latest.setdefault(run.source, run)
        expected = list(opts.sources)
        if not expected:
            seen = store.count_by("source", since=start, until=now, limit=100000)
            expected = sorted(set(seen) | set(latest))
        out = []
        for source in expected:
            count = current.get(source, 0)
            if count >= opts.threshold:
                continue
            headline = f"{source}：最近 {format_duration(window)} 仅 {count} 篇文档"
            details: dict[str, object] = {"count": count, "threshold": opts.threshold}
            last = latest.get(source)
            if last is not None:
                errors = sum(last.errors.values())
                headline += f"；最近一次抓取 {last.finished_at:%m-%d %H:%M} {crawl_status_label(last.status)}"
                headline += f"，{last.items} 条，错误 {errors}"
                details.update(status=last.status, errors=last.errors)
            out.append(Match(source, headline, float(count), None, details=details))
        return out


def _by_identity(counts: dict[str, int]) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Counts per stored enterprise name merged per enterprise (indexer.identity), with the
    stored names of each (a document names an enterprise under one name only)."""
    canon = name_groups(list(counts), ())
    merged: dict[str, int] = {}
    members: dict[str, list[str]] = {}
    for name, n in counts.items():
        key = canon.get(name, name)
        merged[key] = merged.get(key, 0) + n
        members.setdefault(key, []).append(name)
    return merged, members


def _first_seen(
    store: Store,
    field: AggField,
    since: datetime,
    until: datetime,
    category: str | None,
    event_types: Sequence[str],
) -> dict[str, datetime]:
    """Keys first seen in the window (in documents of ``event_types`` when given);
    enterprises by identity (indexer.identity)."""
    if field in ("enterprise", "risk_enterprise"):
        return first_seen_enterprises(
            store, field, since=since, until=until, category=category, event_types=event_types
        )
    return store.first_seen(
        field, since=since, until=until, category=category, event_types=event_types
    )


def of_types(event_types: Sequence[str]) -> str:
    """What a headline adds when a rule counts only some event types: （涉嫌非法集资、失联跑路事件）."""
    return f"（{'、'.join(event_types)}事件）" if event_types else ""
