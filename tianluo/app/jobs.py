"""The scheduled jobs.  Module-level functions, so the persistent job store can name them.

Each job takes the configuration file path (a string, or None for the default)
and builds its own App: a job never shares state with the scheduler process.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

from tianluo.app.context import App
from tianluo.errors import ConfigError
from tianluo.settings import load_settings
from tianluo.timeutil import now

log = logging.getLogger(__name__)

CRAWL_TIMEOUT = 6 * 3600
_children: set[subprocess.Popen[bytes]] = set()
_children_lock = threading.Lock()


def _app(config: str | None) -> App:
    return App(load_settings(Path(config) if config else None))


def crawl_command(config: str | None) -> list[str]:
    """The crawl subprocess: a fresh interpreter, since the Twisted reactor cannot restart."""
    command = [sys.executable, "-m", "tianluo"]
    if config:
        command += ["-c", config]
    return [*command, "crawl"]


def run_crawl(config: str | None = None) -> int:
    """Run one crawl in a subprocess; a non-zero exit raises so the failure is logged."""
    command = crawl_command(config)
    log.info("开始采集：%s", " ".join(command))
    process = subprocess.Popen(command, env=dict(os.environ))
    with _children_lock:
        _children.add(process)
    try:
        code = process.wait(timeout=CRAWL_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise RuntimeError(f"crawl exceeded {CRAWL_TIMEOUT} s and was killed") from None
    finally:
        with _children_lock:
            _children.discard(process)
    if code != 0:
        raise RuntimeError(f"crawl exited with status {code}: {' '.join(command)}")
    return code


def terminate_children(timeout: float = 30.0) -> None:
    """Stop running crawl subprocesses (on scheduler shutdown)."""
    with _children_lock:
        running = list(_children)
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()


def run_alerts(config: str | None = None) -> None:
    """Evaluate the alert rules once."""
    evaluate = importlib.import_module("alerts").run_alerts  # imported when the job runs

    app = _app(config)
    try:
        evaluate(app)
    finally:
        app.close()


def run_daily_brief(config: str | None = None) -> str:
    """Write the brief of the previous (complete) Shanghai day and refresh the archive."""
    from reports.writer import write_daily_brief

    app = _app(config)
    try:
        return str(write_daily_brief(app, (now() - timedelta(days=1)).date()))
    finally:
        app.close()


def keyword_fingerprint(paths: list[Path]) -> str:
    """A hash of the keyword and watchlist files' names and contents."""
    digest = hashlib.sha1()
    for path in sorted(paths):
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def check_keywords(config: str | None = None) -> bool:
    """Notice changed keyword files, validate them, and log what the next crawl will use."""
    settings = load_settings(Path(config) if config else None)
    paths = settings.globbed(settings.analysis.keywords)
    if settings.analysis.watchlist:
        paths.append(settings.path(settings.analysis.watchlist))
    state = settings.data_path / "keywords.sha1"
    current = keyword_fingerprint(paths)
    previous = state.read_text().strip() if state.is_file() else None
    if current == previous:
        return False
    from keywords.loader import validate

    problems = validate(settings.globbed(settings.analysis.keywords))
    if problems:  # the state is not updated, so the check fails again until the files are fixed
        raise ConfigError(problems)
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(current + "\n")
    log.info("关键词文件有改动（%d 个文件）；下一次采集使用新的关键词", len(paths))
    return True
