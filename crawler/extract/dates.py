"""Chinese date patterns (kept here as data) and their parsing against crawl time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from tianluo.numerals import CN_DIGITS
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
    "mdy_us": re.compile(
        r"(?<![\d/.])(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"
        r"(?:\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?)?"
        r"(?!\d)"
    ),
    "en_month": re.compile(
        r"(?<![A-Za-z])(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+"
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)"
    ),
    "md_ordinal_y": re.compile(
        r"(?<!\d)(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})(?:st|nd|rd|th),?\s*(?P<year>\d{4})(?!\d)"
    ),
    "yymd_glued": re.compile(
        r"(?<![\d\-/.])(?P<yy>\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})"
        r"(?::(?P<second>\d{2}))?(?!\d)"
    ),
    "ymd_compact": re.compile(r"(?<!\d)(?P<year>20\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
    "md_cn": re.compile(r"(?<![\d年])(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]" + _TIME),
    "md_dash_time": re.compile(
        r"(?<![\d\-/.])(?P<month>\d{1,2})-(?P<day>\d{2}(?=\d{1,2}:)|\d{1,2}(?=\s))\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})"
        r"(?::(?P<second>\d{2}))?(?!\d)"
    ),
}
EN_MONTHS = {
    name: number
    for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}
CN_DATE_NUMBER = re.compile(r"[〇零○一二三四五六七八九十]{1,4}(?=\s*[年月日号])")
# Dates in URL paths: /2012-06-05/, /201206/t20120605_, /2024/0510/, /20240509/.
URL_DATE_PATTERNS = (
    re.compile(
        r"/(?P<year>(?:19|20)\d{2})[-_/]?(?P<month>[01]\d)[-_/]?(?P<day>[0-3]\d)(?:[/_.]|$)"
    ),
    re.compile(r"[/_]t(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)_"),
    re.compile(r"/(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})/(?P<day>\d{1,2})/"),
)
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
    """Hour, minute and second of a match, zero when absent (12-hour clocks with AM/PM)."""
    groups = match.groupdict()
    second = groups.get("second") or groups.get("second2")
    hour = int(groups.get("hour") or 0)
    ampm = (groups.get("ampm") or "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return hour, int(groups.get("minute") or 0), int(second or 0)


def _cn_number(word: str) -> str:
    """二〇一二 -> 2012 (digit by digit), 十一 -> 11, 二十五 -> 25."""
    if "十" not in word:
        return "".join(str(CN_DIGITS[char]) for char in word)
    tens, _, units = word.partition("十")
    return str((CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0))


def cn_numerals_to_digits(text: str) -> str:
    """Rewrite Chinese numerals before 年/月/日 as digits (二〇一二年六月 -> 2012年6月)."""
    return CN_DATE_NUMBER.sub(lambda match: _cn_number(match.group(0)), text)


def date_from_url(url: str | None) -> datetime | None:
    """The publish day written in a URL path, or None."""
    if not url:
        return None
    for pattern in URL_DATE_PATTERNS:
        match = pattern.search(url)
        if match:
            value = _build(int(match["year"]), int(match["month"]), int(match["day"]))
            if value is not None:
                return value
    return None


def _absolute(name: str, match: re.Match[str], crawl: datetime) -> datetime | None:
    """Resolve one absolute pattern match; a missing year comes from the crawl time."""
    groups = match.groupdict()
    month = EN_MONTHS[groups["mon"]] if groups.get("mon") else int(groups["month"])
    day = int(groups["day"])
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
    if CN_DATE_NUMBER.search(text):
        text = cn_numerals_to_digits(text)  # same length or shorter: positions stay in order
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
