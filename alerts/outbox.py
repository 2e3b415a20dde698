"""The delivery outbox: one row per (alert, channel), written before any send.

A row is ``pending`` until its channel accepts the message (``sent``), or until
``alerts.max_attempts`` sends failed (``dead``); a rule's channel that is not
configured gives a ``no_channel`` row.  Failed sends wait ``retry_delay`` seconds,
doubled after each failure up to ``retry_delay_max``.  A row is claimed with a
lease before it is sent, so two overlapping runs never send it twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from alerts.model import Alert, Message
from alerts.state import AlertDB, dt, ts
from indexer.base import AlertRecord

PENDING, SENT, DEAD, NO_CHANNEL = "pending", "sent", "dead", "no_channel"
NO_CHANNEL_ERROR = "未配置告警通道"
"""The error recorded for a rule's channel that is not in alerts.channels."""
LEASE_SECONDS = 300.0


@dataclass(slots=True)
class OutboxRow:
    """One alert for one channel, with its delivery state."""

    alert_id: str
    channel: str
    rule: str
    severity: str
    keys: list[str]
    created_at: datetime
    message: Message
    status: str
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    sent_at: datetime | None = None
    documents: list[str] = field(default_factory=list)

    @property
    def history_id(self) -> str:
        return f"{self.alert_id}:{self.channel}"

    def record(self) -> AlertRecord:
        """The row as the Store's user-visible alert history entry."""
        return AlertRecord(
            id=self.history_id,
            rule=self.rule,
            key=", ".join(self.keys)[:500],
            severity=self.severity,
            channel=self.channel,
            title=self.message.title,
            body=self.message.markdown,
            created_at=self.created_at,
            status=self.status,
            sent_at=self.sent_at,
            attempts=self.attempts,
            error=self.last_error,
            documents=self.documents,
            extra={"alert_id": self.alert_id, "keys": self.keys},
        )


class Outbox:
    """Queue, claim and settle deliveries in the alerts state file."""

    def __init__(
        self, db: AlertDB, *, max_attempts: int, retry_delay: float, retry_delay_max: float
    ) -> None:
        self.db = db
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.retry_delay_max = retry_delay_max

    def enqueue(
        self,
        conn: sqlite3.Connection,
        alert: Alert,
        message: Message,
        channels: dict[str, bool],
        now: datetime,
    ) -> None:
        """Inside ``db.tx()``: one row per channel (``channels`` maps name -> configured)."""
        for name, configured in channels.items():
            status, error = (PENDING, None) if configured else (NO_CHANNEL, NO_CHANNEL_ERROR)
            conn.execute(
                "INSERT OR IGNORE INTO outbox (alert_id, channel, rule, severity, keys, created_at,"
                " message, status, next_attempt_at, last_error) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    alert.id,
                    name,
                    alert.rule,
                    alert.severity,
                    json.dumps({"keys": alert.keys, "documents": alert.document_ids}),
                    ts(alert.created_at),
                    json.dumps(message.to_dict(), ensure_ascii=False, default=str),
                    status,
                    ts(now),
                    error,
                ),
            )

    def due(self, now: datetime, *, force: bool = False) -> list[OutboxRow]:
        """Pending rows whose next attempt is due (``force``: every pending row)."""
        sql = "SELECT * FROM outbox WHERE status = ? AND (lease_until IS NULL OR lease_until < ?)"
        params: tuple[object, ...] = (PENDING, time.time())
        if not force:
            sql += " AND next_attempt_at <= ?"
            params += (ts(now),)
        return [_row(r) for r in self.db.rows(sql + " ORDER BY created_at", params)]

    def claim(self, row: OutboxRow) -> bool:
        """Take a lease on a pending row; False when another run holds or settled it."""
        wall = time.time()
        with self.db.tx() as conn:
            cur = conn.execute(
                "UPDATE outbox SET lease_until = ? WHERE alert_id = ? AND channel = ? "
                "AND status = ? AND (lease_until IS NULL OR lease_until < ?)",
                (wall + LEASE_SECONDS, row.alert_id, row.channel, PENDING, wall),
            )
            return cur.rowcount == 1

    def delivered(self, row: OutboxRow, now: datetime) -> None:
        """The channel accepted the message."""
        row.status, row.attempts, row.sent_at, row.last_error = SENT, row.attempts + 1, now, None
        self._save(row)

    def failed(self, row: OutboxRow, error: str, now: datetime) -> None:
        """A send failed: schedule the next attempt, or give up after max_attempts."""
        row.attempts += 1
        row.last_error = error
        if row.attempts >= self.max_attempts:
            row.status = DEAD
        else:
            delay = min(self.retry_delay * 2 ** (row.attempts - 1), self.retry_delay_max)
            row.next_attempt_at = now + timedelta(seconds=delay)
        self._save(row)

    def _save(self, row: OutboxRow) -> None:
        with self.db.tx() as conn:
            conn.execute(
                "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,"
                " sent_at = ?, lease_until = NULL, synced = 0 WHERE alert_id = ? AND channel = ?",
                (
                    row.status,
                    row.attempts,
                    ts(row.next_attempt_at or row.created_at),
                    row.last_error,
                    ts(row.sent_at) if row.sent_at else None,
                    row.alert_id,
                    row.channel,
                ),
            )

    def revive(self, now: datetime) -> int:
        """Make dead rows pending again with a fresh attempt budget."""
        with self.db.tx() as conn:
            cur = conn.execute(
                "UPDATE outbox SET status = ?, attempts = 0, next_attempt_at = ?, synced = 0 "
                "WHERE status = ?",
                (PENDING, ts(now), DEAD),
            )
            return cur.rowcount

    def unsynced(self) -> list[OutboxRow]:
        """Rows whose latest state is not yet in the Store's alert history."""
        return [_row(r) for r in self.db.rows("SELECT * FROM outbox WHERE synced = 0")]

    def mark_synced(self, row: OutboxRow) -> None:
        with self.db.tx() as conn:
            conn.execute(
                "UPDATE outbox SET synced = 1 WHERE alert_id = ? AND channel = ? "
                "AND status = ? AND attempts = ?",
                (row.alert_id, row.channel, row.status, row.attempts),
            )

    def rows(self, *, status: str | None = None) -> list[OutboxRow]:
        """Every row (optionally of one status), oldest first."""
        if status is None:
            return [_row(r) for r in self.db.rows("SELECT * FROM outbox ORDER BY created_at")]
        return [
            _row(r)
            for r in self.db.rows(
                "SELECT * FROM outbox WHERE status = ? ORDER BY created_at", (status,)
            )
        ]


def _row(r: sqlite3.Row) -> OutboxRow:
    keys = json.loads(r["keys"])
    created = dt(r["created_at"])
    assert created is not None
    return OutboxRow(
        alert_id=r["alert_id"],
        channel=r["channel"],
        rule=r["rule"],
        severity=r["severity"],
        keys=keys["keys"],
        created_at=created,
        message=Message.from_dict(json.loads(r["message"])),
        status=r["status"],
        attempts=r["attempts"],
        next_attempt_at=dt(r["next_attempt_at"]),
        last_error=r["last_error"],
        sent_at=dt(r["sent_at"]),
        documents=keys["documents"],
    )
