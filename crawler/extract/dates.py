"""Chinese date patterns (kept here as data) and their parsing against crawl time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from tianluo.timeutil import SHANGHAI, aware, now

EARLIEST_YEAR = 1995
_TIME = (
    r"(?:\s*(?:T|日|\s)?\s*(?P<hour>\d{1,2})\s*[:：时]\s*(?P<minute>\d{1,2})\s*分?"
    r"(?:\s*[:：]\s*(?P<second>\d{1,2})\s*秒?|\s*(?P<second2>\d{1,2})\s*秒)?)?(?!\d)"
)
# Absolute patterns: name -> regex with year/month/day and optional hour/minute/second.
ABSOLUTE_PATTERNS: dict[str, re.Pattern[str]] = {
    "ymd_cn": re.compile(
        r"(?<!\d)(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]?"
        + _TIME
    ),
    "ymd_sep": re.compile(
        r"(?<![\d.])(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})" + _TIME
    ),
    "yymd_glued": re.compile(
        r"(?<![\d\-/.])(?P<yy>\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\s*(?P<hour>\d{2}):(?P<minute>\d{2})"
        r"(?::(?P<second>\d{2}))?(?!\d)"
    ),
    "ymd_compact": re.compile(r"(?<!\d)(?P<year>20\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
    "md_cn": re.compile(r"(?<![\d年])(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]" + _TIME),
    "md_dash_time": re.compile(
        r"(?<![\d\-/.])(?P<month>\d{1,2})-(?P<day>\d{2}(?=\d{1,2}:)|\d{1,2}(?=\s))\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})"
        r"(?::(?P<second>\d{2}))?(?!\d)"
    ),
}
# Day words relative to the crawl day.
DAY_WORDS: dict[str, int] = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
DAY_WORD_PATTERN = re.compile(
    r"(?P<word>今天|今日|昨天|昨日|前天)"
    r"(?:\s*(?P<hour>\d{1,2})\s*[:：]\s*(?P<minute>\d{1,2})(?:\s*[:：]\s*(?P<second>\d{1,2}))?)?(?!\d)"
)
# "N units ago" relative to the crawl time.
AGO_UNITS: dict[str, timedelta] = {
    "秒": timedelta(seconds=1),
    "分钟": timedelta(minutes=1),
    "分": timedelta(minutes=1),
    "小时": timedelta(hours=1),
    "个小时": timedelta(hours=1),
    "天": timedelta(days=1),
    "日": timedelta(days=1),
    "周": timedelta(weeks=1),
    "星期": timedelta(weeks=1),
}
AGO_PATTERN = re.compile(
    r"(?<!\d)(?P<count>\d{1,3})\s*(?P<unit>个小时|秒|分钟|分|小时|天|日|周|星期)\s*前"
)
JUST_NOW_PATTERN = re.compile(r"刚刚|刚才")
TIMESTAMP_PATTERN = re.compile(r"^\s*(?P<ts>\d{10}|\d{13})\s*$")


def _crawl(crawl_time: datetime | None) -> datetime:
    """The crawl time as an aware Shanghai datetime (now when not given)."""
    return aware(crawl_time) if crawl_time is not None else now()


def _in_range(value: datetime, crawl: datetime) -> bool:
    """Reject years before 1995 and times more than a day after the crawl."""
    return value.year >= EARLIEST_YEAR and value <= crawl + timedelta(days=1)


def _build(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime | None:
    """A Shanghai datetime, or None for impossible values (month 13, 25:00, Feb 30)."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and 0 <= second <= 59):
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)
    except ValueError:
        return None


def _clock(match: re.Match[str]) -> tuple[int, int, int]:
    """Hour, minute and second of a match, zero when absent."""
    groups = match.groupdict()
    second = groups.get("second") or groups.get("second2")
    return int(groups.get("hour") or 0), int(groups.get("minute") or 0), int(second or 0)


def _absolute(name: str, match: re.Match[str], crawl: datetime) -> datetime | None:
    """Resolve one absolute pattern match; a missing year comes from the crawl time."""
    groups = match.groupdict()
    month, day = int(groups["month"]), int(groups["day"])
    hour, minute, second = _clock(match)
    if groups.get("year"):
        return _build(int(groups["year"]), month, day, hour, minute, second)
    if groups.get("yy"):
        return _build(2000 + int(groups["yy"]), month, day, hour, minute, second)
    value = _build(crawl.year, month, day, hour, minute, second)
    if value is not None and value > crawl + timedelta(days=1):
        value = _build(crawl.year - 1, month, day, hour, minute, second)
    return value


def _relative(match: re.Match[str], crawl: datetime) -> datetime | None:
    """Resolve 昨天 10:15 / 3小时前 / 刚刚 against the crawl time."""
    groups = match.groupdict()
    if "word" in groups:
        day = (crawl - timedelta(days=DAY_WORDS[groups["word"]])).date()
        hour, minute, second = _clock(match)
        return _build(day.year, day.month, day.day, hour, minute, second)
    if "count" in groups:
        return crawl - int(groups["count"]) * AGO_UNITS[groups["unit"]]
    return crawl.replace(microsecond=0)


def iter_dates(
    text: str, *, crawl_time: datetime | None = None, strong_only: bool = False
) -> Iterator[tuple[int, datetime]]:
    """Yield (position, datetime) for every valid date written in ``text``, in text order.

    With ``strong_only``, a month-day without year and without a time (e.g. "9月20日"
    in running prose) is skipped.
    """
    crawl = _crawl(crawl_time)
    found: list[tuple[int, int, datetime]] = []
    taken: list[tuple[int, int]] = []
    for name, pattern in ABSOLUTE_PATTERNS.items():
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            value = _absolute(name, match, crawl)
            taken.append(match.span())
            groups = match.groupdict()
            if strong_only and not (groups.get("year") or groups.get("yy") or groups.get("hour")):
                continue
            if value is not None and _in_range(value, crawl):
                found.append((match.start(), match.end(), value))
    for pattern in (DAY_WORD_PATTERN, AGO_PATTERN, JUST_NOW_PATTERN):
        for match in pattern.finditer(text):
            value = _relative(match, crawl)
            if value is not None and _in_range(value, crawl):
                found.append((match.start(), match.end(), value))
    for start, _end, value in sorted(found, key=lambda item: item[0]):
        yield start, value


def parse_date(
    text: str | None, *, crawl_time: datetime | None = None, strong_only: bool = False
) -> datetime | None:
    """The first valid date written in ``text`` (Chinese, numeric or relative), or None."""
    if not text:
        return None
    dates = iter_dates(text[:2000], crawl_time=crawl_time, strong_only=strong_only)
    return next((value for _pos, value in dates), None)


def parse_machine_date(value: str | None, *, crawl_time: datetime | None = None) -> datetime | None:
    """Parse a meta/JSON-LD/<time> value: ISO 8601, Unix timestamp, or written date."""
    if not value:
        return None
    crawl = _crawl(crawl_time)
    text = value.strip()
    stamp = TIMESTAMP_PATTERN.match(text)
    if stamp:
        seconds = int(stamp.group("ts"))
        parsed: datetime | None = datetime.fromtimestamp(
            seconds / 1000 if len(stamp.group("ts")) == 13 else seconds, SHANGHAI
        )
    else:
        parsed = _iso(text)
    if parsed is not None:
        return parsed if _in_range(parsed, crawl) else None
    return parse_date(text, crawl_time=crawl)


def _iso(text: str) -> datetime | None:
    """Parse ISO 8601 (offset or Z) into Shanghai time; naive values are Shanghai."""
    candidate = text.replace("Z", "+00:00").replace("z", "+00:00")
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", candidate):
        return None
    try:
        return aware(datetime.fromisoformat(candidate))
    except ValueError:
        return None
