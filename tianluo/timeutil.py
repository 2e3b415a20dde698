"""Time helpers: every stored time is timezone-aware, in Asia/Shanghai."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    """The current time in Asia/Shanghai."""
    return datetime.now(SHANGHAI)


def aware(value: datetime) -> datetime:
    """Return ``value`` in Asia/Shanghai; a naive value is taken as Shanghai time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=SHANGHAI)
    return value.astimezone(SHANGHAI)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The half-open interval [start, end) of one Shanghai calendar day."""
    start = datetime.combine(day, time.min, tzinfo=SHANGHAI)
    return start, start + timedelta(days=1)


def parse_iso(value: str | None) -> datetime | None:
    """Parse an ISO 8601 string into an aware Shanghai datetime, or None."""
    if not value:
        return None
    return aware(datetime.fromisoformat(value))


def parse_duration(text: str) -> timedelta:
    """Parse ``30m``, ``24h``, ``7d`` or ``2w`` into a timedelta.

    Raises ValueError with the accepted forms when the text is not one of them.
    """
    units = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
    text = text.strip()
    number, unit = text[:-1], text[-1:]
    if unit not in units or not number.isdigit():
        raise ValueError(f"时长 {text!r} 无效：请写整数加单位 s、m、h、d 或 w，例如 24h")
    return timedelta(**{units[unit]: int(number)})
