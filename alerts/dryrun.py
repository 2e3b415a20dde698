"""``alerts test``: what a rule would have fired over past data, with realert applied in memory.

Nothing is written: no outbox rows, no realert marks, no history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from alerts.engine import AlertEngine
from alerts.model import Alert, Message
from alerts.outbox import NO_CHANNEL_ERROR
from alerts.rules import Rule
from tianluo.timeutil import aware
from tianluo.timeutil import now as shanghai_now


@dataclass(slots=True)
class Firing:
    """One evaluation that would have sent an alert."""

    at: datetime
    alert: Alert
    suppressed: int


def evaluation_times(start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    """Evaluation instants ``end, end - step, ...`` after ``start``, oldest first."""
    times, t = [], end
    while t > start:
        times.append(t)
        t -= step
    return times[::-1] or [end]


def replay(
    engine: AlertEngine,
    rule: Rule,
    *,
    days: float,
    step: timedelta | None = None,
    now: datetime | None = None,
) -> list[Firing]:
    """Evaluate ``rule`` at each step over the last ``days`` days, as the scheduler would."""
    end = aware(now) if now is not None else shanghai_now()
    step = step or rule.spec.window
    last: dict[str, datetime] = {}
    firings = []
    rtype = rule.rule_type
    for at in evaluation_times(end - timedelta(days=days), end, step):
        matches = rtype.run(engine.store, rule, at)
        fresh = [m for m in matches if not (m.key in last and at < last[m.key] + rule.spec.realert)]
        if not fresh:
            continue
        for m in fresh:
            last[m.key] = at
        alert = engine.build_alert(rule, fresh, at)
        firings.append(Firing(at, alert, len(matches) - len(fresh)))
    return firings


def send_test(engine: AlertEngine, rule: Rule, alert: Alert) -> dict[str, str]:
    """Send one alert straight to the rule's channels, marked as a test; per channel 'ok' or why not.

    Test messages skip the outbox: they are not alerts, and nothing is recorded.
    """
    from alerts.channels import build_channel
    from tianluo.errors import ChannelError

    message: Message = engine.renderer.render(alert)
    message.title = f"[测试] {message.title}"
    message.markdown = f"**[测试消息 / test]**\n\n{message.markdown}"
    message.text = f"[测试消息 / test]\n\n{message.text}"
    results = {}
    for name in rule.spec.channels:
        config = engine.settings.alerts.channels.get(name)
        if config is None:
            results[name] = NO_CHANNEL_ERROR
            continue
        try:
            build_channel(name, config).send(message)
            results[name] = "ok"
        except ChannelError as exc:
            results[name] = str(exc)
    return results
