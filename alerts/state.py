"""Durable local state in ``<data_dir>/alerts.db``: realert marks, silences, paused rules.

The delivery outbox lives in the same SQLite file (see outbox.py) so that an
alert's outbox rows and its realert marks are written in one transaction: a
crash either keeps both or neither, and an alert is never lost nor doubled.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tianluo.errors import StoreError
from tianluo.timeutil import SHANGHAI, aware

SCHEMA = """
CREATE TABLE IF NOT EXISTS realert (
    rule TEXT NOT NULL, key TEXT NOT NULL, last_at REAL NOT NULL, alert_id TEXT NOT NULL,
    PRIMARY KEY (rule, key));
CREATE TABLE IF NOT EXISTS silences (
    rule TEXT NOT NULL, key TEXT NOT NULL, until REAL NOT NULL, reason TEXT NOT NULL,
    created_at REAL NOT NULL, PRIMARY KEY (rule, key));
CREATE TABLE IF NOT EXISTS rule_status (
    rule TEXT PRIMARY KEY, paused INTEGER NOT NULL DEFAULT 0, error TEXT, digest TEXT,
    paused_at REAL, last_run_at REAL, last_ok_at REAL);
CREATE TABLE IF NOT EXISTS outbox (
    alert_id TEXT NOT NULL, channel TEXT NOT NULL, rule TEXT NOT NULL, severity TEXT NOT NULL,
    keys TEXT NOT NULL, created_at REAL NOT NULL, message TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL, lease_until REAL, last_error TEXT, sent_at REAL,
    synced INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (alert_id, channel));
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS outbox_synced ON outbox (synced);
"""
ALL_KEYS = "*"
"""The key of a silence that covers every key of a rule."""


def ts(value: datetime) -> float:
    return aware(value).timestamp()


def dt(value: float | None) -> datetime | None:
    return datetime.fromtimestamp(value, SHANGHAI) if value is not None else None


@dataclass(slots=True)
class Silence:
    rule: str
    key: str
    until: datetime
    reason: str


@dataclass(slots=True)
class RuleStatus:
    rule: str
    paused: bool
    error: str | None
    digest: str | None
    paused_at: datetime | None
    last_run_at: datetime | None
    last_ok_at: datetime | None


class AlertDB:
    """The alerts state file.  Thread-safe; every write is one transaction."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"无法打开告警状态文件 {path}：{exc}") from None
        self.db.row_factory = sqlite3.Row
        self.lock = threading.RLock()

    def close(self) -> None:
        with self.lock:
            self.db.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction, committed on success and rolled back on error."""
        with self.lock:
            try:
                with self.db:
                    yield self.db
            except sqlite3.OperationalError as exc:
                raise StoreError(f"告警状态文件 {self.path} 出错：{exc}") from None

    def rows(self, sql: str, params: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()

    # -- realert ---------------------------------------------------------
    def last_alerts(self, rule: str) -> dict[str, datetime]:
        """When each key of a rule last alerted."""
        rows = self.rows("SELECT key, last_at FROM realert WHERE rule = ?", (rule,))
        return {r["key"]: datetime.fromtimestamp(r["last_at"], SHANGHAI) for r in rows}

    def mark_alerted(
        self, db: sqlite3.Connection, rule: str, keys: list[str], at: datetime, alert_id: str
    ) -> None:
        """Inside ``tx()``: remember that these keys alerted now."""
        db.executemany(
            "INSERT OR REPLACE INTO realert VALUES (?, ?, ?, ?)",
            [(rule, key, ts(at), alert_id) for key in keys],
        )

    def forget_before(self, at: datetime) -> None:
        """Drop realert marks and silences that can no longer suppress anything."""
        with self.tx() as db:
            db.execute("DELETE FROM realert WHERE last_at < ?", (ts(at),))
            db.execute("DELETE FROM silences WHERE until < ?", (ts(at),))

    # -- silences --------------------------------------------------------
    def silence(
        self, rule: str, key: str | None, until: datetime, reason: str, now: datetime
    ) -> None:
        """Silence a rule (every key, or one) until a time; an earlier ``until`` lifts it."""
        with self.tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO silences VALUES (?, ?, ?, ?, ?)",
                (rule, key or ALL_KEYS, ts(until), reason, ts(now)),
            )

    def silences(self, now: datetime, rule: str | None = None) -> list[Silence]:
        """Silences still in force."""
        sql = "SELECT * FROM silences WHERE until > ?"
        params: tuple[object, ...] = (ts(now),)
        if rule is not None:
            sql += " AND rule = ?"
            params += (rule,)
        rows = self.rows(sql + " ORDER BY rule, key", params)
        return [
            Silence(r["rule"], r["key"], datetime.fromtimestamp(r["until"], SHANGHAI), r["reason"])
            for r in rows
        ]

    # -- rule status -----------------------------------------------------
    def status(self, rule: str) -> RuleStatus | None:
        rows = self.rows("SELECT * FROM rule_status WHERE rule = ?", (rule,))
        return _status(rows[0]) if rows else None

    def statuses(self) -> list[RuleStatus]:
        return [_status(r) for r in self.rows("SELECT * FROM rule_status ORDER BY rule")]

    def pause(self, rule: str, error: str, digest: str, now: datetime) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT INTO rule_status (rule, paused, error, digest, paused_at, last_run_at) "
                "VALUES (?, 1, ?, ?, ?, ?) ON CONFLICT (rule) DO UPDATE SET paused = 1, "
                "error = excluded.error, digest = excluded.digest, "
                "paused_at = excluded.paused_at, last_run_at = excluded.last_run_at",
                (rule, error, digest, ts(now), ts(now)),
            )

    def resume(self, rule: str) -> bool:
        """Un-pause a rule; True when it was paused."""
        with self.tx() as db:
            cur = db.execute(
                "UPDATE rule_status SET paused = 0, error = NULL WHERE rule = ? AND paused = 1",
                (rule,),
            )
            return cur.rowcount > 0

    def ran(self, rule: str, now: datetime, *, ok: bool) -> None:
        with self.tx() as db:
            db.execute(
                "INSERT INTO rule_status (rule, last_run_at, last_ok_at) VALUES (?, ?, ?) "
                "ON CONFLICT (rule) DO UPDATE SET last_run_at = excluded.last_run_at, "
                "last_ok_at = COALESCE(excluded.last_ok_at, rule_status.last_ok_at)",
                (rule, ts(now), ts(now) if ok else None),
            )


def _status(r: sqlite3.Row) -> RuleStatus:
    return RuleStatus(
        r["rule"],
        bool(r["paused"]),
        r["error"],
        r["digest"],
        dt(r["paused_at"]),
        dt(r["last_run_at"]),
        dt(r["last_ok_at"]),
    )
