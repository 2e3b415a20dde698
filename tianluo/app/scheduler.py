"""``tianluo schedule``: crawls, alerts, the daily brief and keyword checks on cron triggers.

APScheduler 3 with a persistent SQLAlchemy job store at data_dir/scheduler.db,
Asia/Shanghai time, coalescing, one instance per job, a misfire grace time and
jitter.  A job that fails is logged and runs again at its next time; SIGTERM and
SIGINT shut the scheduler down and stop any crawl subprocess.
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MISSED,
    EVENT_SCHEDULER_STARTED,
    JobExecutionEvent,
    SchedulerEvent,
)
from apscheduler.jobstores.base import BaseJobStore
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from tianluo.app import jobs
from tianluo.errors import ConfigError
from tianluo.settings import Settings
from tianluo.timeutil import SHANGHAI

log = logging.getLogger(__name__)

CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
KEYWORD_CHECK = "*/5 * * * *"


@dataclass(frozen=True, slots=True)
class JobSpec:
    """One scheduled job: its id, the textual reference of its function and its cron."""

    id: str
    func: str
    cron: str
    setting: str


def default_jobs(settings: Settings) -> list[JobSpec]:
    """The crawl, alerts, daily-brief and keyword-reload jobs from settings.schedule."""
    sched = settings.schedule
    return [
        JobSpec("crawl", f"{jobs.__name__}:run_crawl", sched.crawl, "schedule.crawl"),
        JobSpec("alerts", f"{jobs.__name__}:run_alerts", sched.alerts, "schedule.alerts"),
        JobSpec(
            "daily_brief",
            f"{jobs.__name__}:run_daily_brief",
            sched.daily_brief,
            "schedule.daily_brief",
        ),
        JobSpec("keywords", f"{jobs.__name__}:check_keywords", KEYWORD_CHECK, "schedule"),
    ]


def _weekday_names(field: str) -> str:
    """Crontab day-of-week numbers (0 or 7 = Sunday) as names APScheduler reads correctly."""
    return re.sub(r"\d+", lambda m: CRON_DAYS[int(m[0])] if int(m[0]) < 8 else m[0], field)


def cron_trigger(expr: str, *, jitter: int = 0, setting: str = "schedule") -> CronTrigger:
    """A Shanghai-time CronTrigger from a five-field crontab (Sunday is 0 or 7, as in cron)."""
    fields = expr.split()
    if len(fields) != 5:
        raise ConfigError.single(
            "configuration", None, setting, f"cron {expr!r} must have 5 fields: m h dom mon dow"
        )
    minute, hour, day, month, dow = fields
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_weekday_names(dow),
            timezone=SHANGHAI,
            jitter=jitter or None,
        )
    except ValueError as exc:
        raise ConfigError.single(
            "configuration", None, setting, f"bad cron {expr!r}: {exc}"
        ) from None


def job_store(settings: Settings) -> BaseJobStore:
    """The persistent job store at data_dir/scheduler.db."""
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    path = settings.data_path / "scheduler.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLAlchemyJobStore(url=f"sqlite:///{path}")


def _log_event(event: JobExecutionEvent) -> None:
    if event.code == EVENT_JOB_MISSED:
        log.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)
    else:
        log.error(
            "job %s failed: %s; it runs again at its next time", event.job_id, event.exception
        )


def build_scheduler(
    settings: Settings,
    config: str | None,
    *,
    specs: list[JobSpec] | None = None,
    scheduler: BaseScheduler | None = None,
    persistent: bool = True,
) -> BaseScheduler:
    """A configured (not started) scheduler with every job added or replaced."""
    sched = settings.schedule
    scheduler = scheduler or BlockingScheduler()
    scheduler.configure(
        jobstores={"default": job_store(settings) if persistent else MemoryJobStore()},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": sched.misfire_grace,
        },
        timezone=SHANGHAI,
    )
    scheduler.add_listener(_log_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    for spec in specs if specs is not None else default_jobs(settings):
        scheduler.add_job(
            spec.func,
            cron_trigger(spec.cron, jitter=sched.jitter, setting=spec.setting),
            args=[config],
            id=spec.id,
            name=spec.id,
            replace_existing=True,
        )
    return scheduler


def install_signal_handlers(scheduler: BaseScheduler) -> Callable[[], None]:
    """SIGTERM/SIGINT shut the scheduler down (from a helper thread, never inside the handler)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        log.warning("received %s; shutting down", signal.Signals(signum).name)
        threading.Thread(target=scheduler.shutdown, kwargs={"wait": False}, daemon=True).start()

    previous: dict[int, Any] = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.signal(sig, stop)

    def restore() -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)

    return restore


def _announce(scheduler: BaseScheduler) -> Callable[[SchedulerEvent], None]:
    def started(event: SchedulerEvent) -> None:
        for job in scheduler.get_jobs():
            when = job.next_run_time.isoformat() if job.next_run_time else "paused"
            sys.stderr.write(f"scheduled {job.id}: next run {when}\n")
        sys.stderr.write("scheduler running; stop with SIGTERM or Ctrl-C\n")
        sys.stderr.flush()

    return started


def run(settings: Settings, config: str | None) -> None:
    """Run the scheduler in the foreground until SIGTERM or SIGINT."""
    scheduler = build_scheduler(settings, config)
    scheduler.add_listener(_announce(scheduler), EVENT_SCHEDULER_STARTED)
    restore = install_signal_handlers(scheduler)
    try:
        scheduler.start()  # blocks until shutdown
    finally:
        restore()
        jobs.terminate_children()
    log.warning("scheduler stopped")
