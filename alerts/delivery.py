"""Send due outbox rows through their channels and mirror each state into the Store's history."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from alerts.channels import build_channel
from alerts.outbox import DEAD, SENT, Outbox
from indexer.base import Store
from tianluo.errors import ChannelError, StoreError
from tianluo.settings import Settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DeliveryReport:
    """What one delivery pass did."""

    sent: int = 0
    retrying: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)

    def merge(self, other: DeliveryReport) -> None:
        self.sent += other.sent
        self.retrying += other.retrying
        self.dead += other.dead
        self.errors.extend(other.errors)


def deliver(
    settings: Settings, outbox: Outbox, now: datetime, *, force: bool = False
) -> DeliveryReport:
    """Send every due pending row once; a row is marked sent only when its channel accepted it."""
    report = DeliveryReport()
    for row in outbox.due(now, force=force):
        if not outbox.claim(row):
            continue  # another run holds it, or it was settled meanwhile
        config = settings.alerts.channels.get(row.channel)
        try:
            if config is None:
                raise ChannelError(
                    f"告警通道 {row.channel!r} 已不在 alerts.channels 中；请把它加回配置"
                )
            build_channel(row.channel, config).send(row.message)
        except ChannelError as exc:
            error = str(exc)
        except Exception as exc:  # a broken channel must not lose the row
            log.exception("告警通道 %s 意外出错", row.channel)
            error = f"告警通道 {row.channel!r} 意外出错：{type(exc).__name__}: {exc}"
        else:
            outbox.delivered(row, now)
            report.sent += 1
            log.info("告警 %s 已发送到 %s", row.alert_id, row.channel)
            continue
        outbox.failed(row, error, now)
        if row.status == DEAD:
            report.dead += 1
            report.errors.append(
                f"{row.alert_id} -> {row.channel}：已尝试 {row.attempts} 次，不再重试：{error}"
            )
        else:
            report.retrying += 1
            report.errors.append(
                f"{row.alert_id} -> {row.channel}：{error}（已失败 {row.attempts} 次，稍后重试）"
            )
        log.warning("告警 %s 发送到 %s 失败：%s", row.alert_id, row.channel, error)
    return report


def sync_history(store: Store, outbox: Outbox) -> int:
    """Write outbox rows whose state changed into the Store's alert history; rows left
    unsynced (the store is down) are written on a later run.  Returns rows written."""
    written = 0
    for row in outbox.unsynced():
        try:
            store.record_alert(row.record())
        except StoreError as exc:
            log.warning("告警历史未更新，下次运行时重试：%s", exc)
            break
        outbox.mark_synced(row)
        written += 1
    return written


__all__ = ["SENT", "DeliveryReport", "deliver", "sync_history"]
