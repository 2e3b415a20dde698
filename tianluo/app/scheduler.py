"""``tianluo schedule``: crawls, alerts, the daily brief and keyword checks on cron triggers.

APScheduler 3 with a persistent SQLAlchemy job store at data_dir/scheduler.db,
Asia/Shanghai time, coalescing, one instance per job, a misfire grace time and
jitter.  A job that fails is logged and runs again at its next time; SIGTERM and
SIGINT shut the scheduler down and stop any crawl subprocess.

With ``schedule.redis_url`` set, the jobs live in Redis (``<prefix>:scheduler:jobs`` and
``<prefix>:scheduler:run_times``) and only the daemon holding the lease
``<prefix>:scheduler:lease`` runs them (tianluo/app/lease.py): several daemons run each
job once per trigger, and a dead holder's jobs move to a living daemon within
``lease_seconds * 4 / 3``; a trigger missed meanwhile still runs if within
``misfire_grace``.
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
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tianluo.app import jobs
from tianluo.app.lease import Lease, LeaseKeeper
from tianluo.errors import ConfigError
from tianluo.settings import Settings
from tianluo.timeutil import SHANGHAI

log = logging.getLogger(__name__)

CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
KEYWORD_CHECK = "*/5 * * * *"


@dataclass(frozen=True, slots=True)
class JobSpec:
    """One scheduled job: its id, the textual reference of its function and its cron
    (or, for tests, a period in ``seconds``); ``args`` default to ``[config]``."""

    id: str
    func: str
    cron: str
    setting: str
    seconds: float | None = None
    args: tuple[Any, ...] | None = None

    def trigger(self, jitter: int) -> BaseTrigger:
        if self.seconds is not None:
            return IntervalTrigger(seconds=self.seconds, timezone=SHANGHAI)
        return cron_trigger(self.cron, jitter=jitter, setting=self.setting)


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
        log.warning("任务 %s 错过了 %s 的运行", event.job_id, event.scheduled_run_time)
    else:
        log.error("任务 %s 失败：%s；到下一次时间会再运行", event.job_id, event.exception)


def shared_job_store(url: str, prefix: str) -> BaseJobStore:
    """The job store the daemons sharing ``url`` read and update."""
    from apscheduler.jobstores.redis import RedisJobStore
    from redis import Redis

    store = RedisJobStore(jobs_key=f"{prefix}:jobs", run_times_key=f"{prefix}:run_times")
    store.redis = Redis.from_url(url)
    return store


def add_jobs(
    scheduler: BaseScheduler,
    settings: Settings,
    config: str | None,
    specs: list[JobSpec],
    *,
    keep_same: bool = False,
) -> None:
    """Add or replace every job; with ``keep_same`` a stored job with the same function,
    arguments and trigger is left alone, keeping its next run time."""
    for spec in specs:
        trigger = spec.trigger(settings.schedule.jitter)
        args = list(spec.args) if spec.args is not None else [config]
        if keep_same:
            job = scheduler.get_job(spec.id)
            if job is not None and (job.func_ref, list(job.args), str(job.trigger)) == (
                spec.func,
                args,
                str(trigger),
            ):
                continue
        scheduler.add_job(
            spec.func, trigger, args=args, id=spec.id, name=spec.id, replace_existing=True
        )


def build_scheduler(
    settings: Settings,
    config: str | None,
    *,
    specs: list[JobSpec] | None = None,
    scheduler: BaseScheduler | None = None,
    persistent: bool = True,
) -> BaseScheduler:
    """A configured (not started) scheduler with every job added or replaced; a shared
    one (``schedule.redis_url``) gets its jobs when it takes the lease (``run``)."""
    sched = settings.schedule
    scheduler = scheduler or BlockingScheduler()
    shared = persistent and sched.redis_url
    if shared:
        store = shared_job_store(str(sched.redis_url), f"{sched.redis_prefix}:scheduler")
    else:
        store = job_store(settings) if persistent else MemoryJobStore()
    scheduler.configure(
        jobstores={"default": store},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": sched.misfire_grace,
        },
        timezone=SHANGHAI,
    )
    scheduler.add_listener(_log_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    if not shared:
        add_jobs(
            scheduler, settings, config, specs if specs is not None else default_jobs(settings)
        )
    return scheduler


def lease_keeper(
    settings: Settings, config: str | None, scheduler: BaseScheduler, specs: list[JobSpec]
) -> LeaseKeeper:
    """Runs the jobs while this daemon holds the scheduler lease, pauses them otherwise."""
    from redis import Redis

    sched = settings.schedule
    lease = Lease(
        Redis.from_url(str(sched.redis_url)),
        f"{sched.redis_prefix}:scheduler:lease",
        sched.lease_seconds,
    )

    def gained() -> None:
        add_jobs(scheduler, settings, config, specs, keep_same=True)
        scheduler.resume()

    return LeaseKeeper(lease, on_gained=gained, on_lost=scheduler.pause)


def install_signal_handlers(scheduler: BaseScheduler) -> Callable[[], None]:
    """SIGTERM/SIGINT shut the scheduler down (from a helper thread, never inside the handler)."""

    def stop(signum: int, frame: FrameType | None) -> None:
        log.warning("收到 %s，正在停止", signal.Signals(signum).name)
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


def run(settings: Settings, config: str | None, *, specs: list[JobSpec] | None = None) -> None:
    """Run the scheduler in the foreground until SIGTERM or SIGINT."""
    specs = specs if specs is not None else default_jobs(settings)
    scheduler = build_scheduler(settings, config, specs=specs)
    keeper = None
    if settings.schedule.redis_url:
        keeper = lease_keeper(settings, config, scheduler, specs)
        scheduler.add_listener(lambda _: keeper.start(), EVENT_SCHEDULER_STARTED)
        sys.stderr.write(f"waiting for the scheduler lease {keeper.lease.key}\n")
    else:
        scheduler.add_listener(_announce(scheduler), EVENT_SCHEDULER_STARTED)
    restore = install_signal_handlers(scheduler)
    try:
        scheduler.start(paused=keeper is not None)  # blocks until shutdown
    finally:
        if keeper is not None:
            keeper.stop()
        restore()
        jobs.terminate_children()
    log.warning("调度器已停止")
