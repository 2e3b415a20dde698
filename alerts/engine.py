"""Evaluate every rule, suppress repeats, queue one message per rule per channel, deliver.

``run_alerts(app)`` is the function the scheduler calls.  A rule that raises is
recorded in the history and paused (the others still run); it resumes when its
definition changes or when asked (``tianluo alerts run --resume NAME``).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from alerts.delivery import DeliveryReport, deliver, sync_history
from alerts.model import Alert, Match
from alerts.outbox import Outbox
from alerts.render import Renderer
from alerts.rules import Rule, load_rules, rule_paths
from alerts.rules.loader import LoadResult, Problem
from alerts.state import ALL_KEYS, AlertDB
from indexer.base import AlertRecord, Store
from indexer.context import StoreContext
from tianluo.errors import StoreError
from tianluo.timeutil import aware
from tianluo.timeutil import now as shanghai_now

log = logging.getLogger(__name__)
NO_CHANNEL_NAME = "-"
"""The channel recorded for a rule that names no channel at all."""


@dataclass(slots=True)
class RuleOutcome:
    """What one rule did in one run."""

    rule: str
    matches: int = 0
    fired: list[str] = field(default_factory=list)
    suppressed: int = 0
    alert_id: str | None = None


@dataclass(slots=True)
class RunReport:
    """The result of one ``run_alerts``: per rule, delivery, and every problem."""

    now: datetime
    outcomes: list[RuleOutcome] = field(default_factory=list)
    alerts: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    """Rules that failed in this run (paused, unless the store was at fault)."""
    paused: dict[str, str] = field(default_factory=dict)
    """Rules skipped because they are still paused, with their last error."""
    resumed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Rule files that did not validate (those rules did not run)."""
    delivery: DeliveryReport = field(default_factory=DeliveryReport)

    @property
    def ok(self) -> bool:
        return not (self.errors or self.paused or self.problems)


def new_alert_id(rule: str, now: datetime) -> str:
    """A unique, sortable alert id."""
    return f"{aware(now):%Y%m%dT%H%M%S}-{rule}-{secrets.token_hex(4)}"


class AlertEngine:
    """Rules, state, outbox and renderer for one application; close it when done."""

    def __init__(self, app: StoreContext) -> None:
        self.app = app
        self.settings = app.settings
        self.db = AlertDB(self.settings.data_path / "alerts.db")
        cfg = self.settings.alerts
        self.outbox = Outbox(
            self.db,
            max_attempts=cfg.max_attempts,
            retry_delay=cfg.retry_delay,
            retry_delay_max=cfg.retry_delay_max,
        )
        self.renderer = Renderer(self.settings)

    @property
    def store(self) -> Store:
        return self.app.store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> AlertEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(self) -> LoadResult:
        return load_rules(rule_paths(self.settings))

    # -- one run ---------------------------------------------------------
    def run(
        self, *, now: datetime | None = None, resume: Iterable[str] = (), resume_all: bool = False
    ) -> RunReport:
        """Evaluate all enabled rules at ``now``, queue alerts, deliver what is due."""
        now = aware(now) if now is not None else shanghai_now()
        report = RunReport(now=now)
        loaded = self.load()
        report.problems = list(loaded.problems)
        self.store.ping()
        wanted = set(resume)
        for rule in loaded.rules:
            if not rule.spec.enabled:
                continue
            status = self.db.status(rule.name)
            if status is not None and status.paused:
                if resume_all or rule.name in wanted or status.digest != rule.digest:
                    self.db.resume(rule.name)
                    report.resumed.append(rule.name)
                else:
                    report.paused[rule.name] = status.error or "已暂停"
                    continue
            try:
                outcome = self.evaluate(rule, now)
            except StoreError as exc:  # the store's fault, not the rule's: do not pause
                report.errors[rule.name] = f"存储出错：{exc}"
                self.db.ran(rule.name, now, ok=False)
                continue
            except Exception as exc:
                log.exception("规则 %s 执行出错", rule.name)
                self.pause(rule, f"{type(exc).__name__}: {exc}", now)
                report.errors[rule.name] = f"{type(exc).__name__}: {exc}"
                self.db.ran(rule.name, now, ok=False)
                continue
            self.db.ran(rule.name, now, ok=True)
            report.outcomes.append(outcome)
            if outcome.alert_id:
                report.alerts.append(outcome.alert_id)
        report.delivery = deliver(self.settings, self.outbox, now)
        sync_history(self.store, self.outbox)
        longest = max((r.spec.realert for r in loaded.rules), default=timedelta(0))
        self.db.forget_before(now - max(longest, timedelta(days=30)))
        return report

    def evaluate(self, rule: Rule, now: datetime) -> RuleOutcome:
        """Run one rule, drop silenced and recently alerted keys, queue what is left."""
        outcome = RuleOutcome(rule.name)
        matches = rule.rule_type.run(self.store, rule, now)
        outcome.matches = len(matches)
        fresh = self.unsuppressed(rule, matches, now)
        outcome.suppressed = len(matches) - len(fresh)
        if fresh:
            alert = self.build_alert(rule, fresh, now)
            self.queue(rule, alert, now)
            outcome.fired = [m.key for m in fresh]
            outcome.alert_id = alert.id
        return outcome

    def unsuppressed(self, rule: Rule, matches: list[Match], now: datetime) -> list[Match]:
        """The matches neither silenced nor inside their realert window."""
        silenced = {s.key for s in self.db.silences(now, rule.name)}
        if ALL_KEYS in silenced:
            return []
        last = self.db.last_alerts(rule.name)
        quiet = rule.spec.realert
        return [
            m
            for m in matches
            if m.key not in silenced and not (m.key in last and now < last[m.key] + quiet)
        ]

    def build_alert(self, rule: Rule, matches: list[Match], now: datetime) -> Alert:
        """Aggregate a rule's matches into one alert, citing documents for those listed."""
        shown = matches[: rule.spec.max_matches]
        rtype = rule.rule_type
        for match in shown:
            match.documents = rtype.cite(self.store, rule, match, now)
        return Alert(
            id=new_alert_id(rule.name, now),
            rule=rule.name,
            title=rule.spec.title or rule.name,
            description=rule.spec.description,
            severity=rule.spec.severity,
            created_at=now,
            matches=shown,
            more=len(matches) - len(shown),
        )

    def queue(self, rule: Rule, alert: Alert, now: datetime) -> None:
        """Write the outbox rows and the realert marks in one transaction."""
        message = self.renderer.render(alert)
        configured = self.settings.alerts.channels
        names = rule.spec.channels or [NO_CHANNEL_NAME]
        channels = {name: name in configured for name in names}
        keys = [m.key for m in alert.matches]
        with self.db.tx() as conn:
            self.outbox.enqueue(conn, alert, message, channels, now)
            self.db.mark_alerted(conn, rule.name, keys, now, alert.id)

    def pause(self, rule: Rule, error: str, now: datetime) -> None:
        """Pause a failing rule and record the failure in the alert history."""
        self.db.pause(rule.name, error, rule.digest, now)
        record = AlertRecord(
            id=f"{now:%Y%m%dT%H%M%S}-{rule.name}-error",
            rule=rule.name,
            key="",
            severity="error",
            channel="",
            title=f"规则 {rule.name} 执行出错，已暂停",
            body=f"{error}\n\n{rule.path}:{rule.line}",
            created_at=now,
            status="rule_error",
            error=error,
        )
        try:
            self.store.record_alert(record)
        except StoreError as exc:
            log.warning("无法在告警历史中记录规则 %s 的失败：%s", rule.name, exc)

    # -- delivery only ---------------------------------------------------
    def retry(self, *, now: datetime | None = None, dead: bool = False) -> DeliveryReport:
        """Send every pending row now, ignoring backoff (``dead``: revive dead rows first)."""
        now = aware(now) if now is not None else shanghai_now()
        if dead:
            self.outbox.revive(now)
        report = deliver(self.settings, self.outbox, now, force=True)
        sync_history(self.store, self.outbox)
        return report


def run_alerts(app: StoreContext, *, now: datetime | None = None) -> RunReport:
    """Evaluate every rule and deliver: the job the scheduler runs."""
    with AlertEngine(app) as engine:
        return engine.run(now=now)
