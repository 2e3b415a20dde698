"""The scheduler: triggers on fixed clocks, jobs run through APScheduler, SIGTERM exits 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from tianluo.app import jobs
from tianluo.app.scheduler import JobSpec, build_scheduler, cron_trigger
from tianluo.errors import ConfigError
from tianluo.settings import Settings
from tianluo.timeutil import SHANGHAI

ROOT = Path(__file__).resolve().parents[2]


def sh(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


def test_cron_in_shanghai_time() -> None:
    trigger = cron_trigger("30 7 * * *")
    assert trigger.get_next_fire_time(None, sh(2025, 6, 10, 7, 31)) == sh(2025, 6, 11, 7, 30)
    every_two = cron_trigger("0 */2 * * *")
    assert every_two.get_next_fire_time(None, sh(2025, 6, 10, 23, 1)) == sh(2025, 6, 11, 0, 0)


def test_weekday_numbers_follow_crontab() -> None:
    monday = cron_trigger("0 9 * * 1")  # 2025-06-09 is a Monday
    assert monday.get_next_fire_time(None, sh(2025, 6, 7)) == sh(2025, 6, 9, 9)
    sunday = cron_trigger("0 9 * * 0")
    assert sunday.get_next_fire_time(None, sh(2025, 6, 7)) == sh(2025, 6, 8, 9)


def test_jitter_stays_within_bounds() -> None:
    trigger = cron_trigger("0 8 * * *", jitter=30)
    for _ in range(20):
        fire = trigger.get_next_fire_time(None, sh(2025, 6, 10, 7))
        assert sh(2025, 6, 10, 8) <= fire <= sh(2025, 6, 10, 8, 0, 30)


@pytest.mark.parametrize("expr", ["* * *", "61 * * * *", "0 25 * * *"])
def test_bad_cron_names_the_setting(expr: str) -> None:
    with pytest.raises(ConfigError, match=r"schedule\.crawl"):
        cron_trigger(expr, setting="schedule.crawl")


def test_persistent_store_and_job_options(tmp_path: Path) -> None:
    settings = Settings(base_dir=str(tmp_path))
    scheduler = build_scheduler(settings, "cfg.yaml", scheduler=BackgroundScheduler())
    scheduler.start(paused=True)
    try:
        jobs_ = {j.id: j for j in scheduler.get_jobs()}
        assert set(jobs_) == {"crawl", "alerts", "daily_brief", "keywords"}
        crawl = jobs_["crawl"]
        assert crawl.func_ref == "tianluo.app.jobs:run_crawl" and crawl.args == ("cfg.yaml",)
        assert crawl.coalesce and crawl.max_instances == 1
        assert crawl.misfire_grace_time == settings.schedule.misfire_grace
        assert crawl.trigger.jitter == settings.schedule.jitter
    finally:
        scheduler.shutdown()
    assert (tmp_path / "var" / "scheduler.db").is_file()
    again = build_scheduler(settings, "cfg.yaml", scheduler=BackgroundScheduler())
    again.start(paused=True)  # jobs are replaced, not duplicated
    try:
        assert len(again.get_jobs()) == 4
    finally:
        again.shutdown()


def _run_now(scheduler: BackgroundScheduler, job_id: str) -> JobExecutionEvent:
    done = threading.Event()
    seen: list[JobExecutionEvent] = []

    def listener(event: JobExecutionEvent) -> None:
        if event.job_id == job_id:
            seen.append(event)
            done.set()

    scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.get_job(job_id).modify(next_run_time=datetime.now(SHANGHAI))
    scheduler.wakeup()
    assert done.wait(30)
    scheduler.remove_listener(listener)
    return seen[0]


def test_failed_job_is_logged_and_runs_next_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = str(tmp_path / "runs.txt")
    specs = [JobSpec("flaky", "tests.reports.sched_jobs:fail_once", "0 3 * * *", "schedule")]
    scheduler = build_scheduler(
        Settings(base_dir=str(tmp_path)),
        out,
        specs=specs,
        scheduler=BackgroundScheduler(),
        persistent=False,
    )
    scheduler.start()
    try:
        first = _run_now(scheduler, "flaky")
        assert first.exception is not None and first.code == EVENT_JOB_ERROR
        assert scheduler.running and scheduler.get_job("flaky") is not None
        second = _run_now(scheduler, "flaky")
        assert second.exception is None
    finally:
        scheduler.shutdown()
    assert Path(out).read_text() == "ran\n"
    assert any("任务 flaky 失败：boom" in r.getMessage() for r in caplog.records)


def test_crawl_job_runs_a_subprocess_and_raises_on_failure(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("storage: [oops\n")
    command = jobs.crawl_command(str(config))
    assert command[:3] == [sys.executable, "-m", "tianluo"] and command[-1] == "crawl"
    with pytest.raises(RuntimeError, match="exited with status 2"):
        jobs.run_crawl(str(config))


def test_sigterm_stops_the_daemon(tmp_path: Path) -> None:
    config = tmp_path / "tianluo.yaml"
    config.write_text(
        "schedule:\n  crawl: '0 3 1 1 *'\n  alerts: '0 3 1 1 *'\n  daily_brief: '0 3 1 1 *'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tianluo", "-c", str(config), "schedule"],
        cwd=tmp_path,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        lines = []
        for line in process.stderr:
            lines.append(line)
            if "scheduler running" in line:
                break
        assert any(line.startswith("scheduled crawl:") for line in lines), lines
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()
    assert (tmp_path / "var" / "scheduler.db").is_file()
