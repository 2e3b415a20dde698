"""Alerts: rules over the Store, suppression, durable delivery to e-mail and chat robots.

``run_alerts(app)`` evaluates every rule and delivers; the scheduler calls it.
"""

from alerts.engine import AlertEngine, RuleOutcome, RunReport, run_alerts
from alerts.model import Alert, DocRef, Match, Message

__all__ = [
    "Alert",
    "AlertEngine",
    "DocRef",
    "Match",
    "Message",
    "RuleOutcome",
    "RunReport",
    "run_alerts",
]
