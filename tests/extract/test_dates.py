"""Chinese date patterns resolved against crawl time, with range guards."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.dates import iter_dates, parse_date, parse_machine_date
from tianluo.timeutil import SHANGHAI

CRAWL = datetime(2024, 6, 1, 12, 0, tzinfo=SHANGHAI)


def sh(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年3月5日 09:30", sh(2024, 3, 5, 9, 30)),
        ("2024年03月05日09:30:15", sh(2024, 3, 5, 9, 30, 15)),
        ("2024-3-5", sh(2024, 3, 5)),
        ("2024-03-05 09:30:00", sh(2024, 3, 5, 9, 30)),
        ("2024/3/5 9:30", sh(2024, 3, 5, 9, 30)),
        ("2024.03.05", sh(2024, 3, 5)),
        ("2024年3月5日9时30分", sh(2024, 3, 5, 9, 30)),
        ("3月5日 09:30", sh(2024, 3, 5, 9, 30)),
        ("12月25日 10:30", sh(2023, 12, 25, 10, 30)),
        ("05-08 14:20", sh(2024, 5, 8, 14, 20)),
        ("发布时间：10-0812:00", sh(2023, 10, 8, 12, 0)),
        ("发布时间：18-03-0823:16", sh(2018, 3, 8, 23, 16)),
        ("昨天 10:15", sh(2024, 5, 31, 10, 15)),
        ("前天", sh(2024, 5, 30)),
        ("今天 08:00", sh(2024, 6, 1, 8, 0)),
        ("3小时前", sh(2024, 6, 1, 9, 0)),
        ("15分钟前", sh(2024, 6, 1, 11, 45)),
        ("刚刚", sh(2024, 6, 1, 12, 0)),
        ("2天前", sh(2024, 5, 30, 12, 0)),
        ("发布时间：2019-08-20 14:22 来源：新华社", sh(2019, 8, 20, 14, 22)),
        ("2024-06-02 08:00", sh(2024, 6, 2, 8, 0)),
    ],
)
def test_written_dates(text: str, expected: datetime) -> None:
    assert parse_date(text, crawl_time=CRAWL) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05 25:00",
        "2024年3月5日 24:30",
        "2024-03-05 09:60",
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "1990-01-01",
        "1994年12月31日",
        "2024-06-03",
        "2030年1月1日",
        "没有日期的文本",
        "",
    ],
)
def test_impossible_or_out_of_range_dates_are_rejected(text: str) -> None:
    assert parse_date(text, crawl_time=CRAWL) is None


def test_later_valid_date_after_a_rejected_one() -> None:
    assert parse_date("2024-03-05 25:00 更新于 2024-03-06 08:00", crawl_time=CRAWL) == sh(
        2024, 3, 6, 8, 0
    )


def test_leap_day_is_valid() -> None:
    assert parse_date("2024-02-29", crawl_time=CRAWL) == sh(2024, 2, 29)


def test_naive_crawl_time_is_shanghai() -> None:
    assert parse_date("3小时前", crawl_time=datetime(2024, 6, 1, 12, 0)) == sh(2024, 6, 1, 9, 0)


def test_results_are_aware_shanghai() -> None:
    value = parse_date("2024-03-05 09:30", crawl_time=CRAWL)
    assert value is not None
    assert value.tzinfo is SHANGHAI


def test_strong_only_skips_yearless_prose_dates() -> None:
    text = "9月20日，活动在常德举行。发布于2019-09-23 14:34"
    found = [value for _pos, value in iter_dates(text, crawl_time=CRAWL, strong_only=True)]
    assert found == [sh(2019, 9, 23, 14, 34)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05T09:30:00+08:00", sh(2024, 3, 5, 9, 30)),
        ("2024-03-05T01:30:00Z", sh(2024, 3, 5, 9, 30)),
        ("2024-03-05T09:30:00", sh(2024, 3, 5, 9, 30)),
        ("2024-03-05 09:30:00", sh(2024, 3, 5, 9, 30)),
        ("1709602200", sh(2024, 3, 5, 9, 30)),
        ("1709602200000", sh(2024, 3, 5, 9, 30)),
        ("2024年3月5日", sh(2024, 3, 5)),
    ],
)
def test_machine_dates(value: str, expected: datetime) -> None:
    assert parse_machine_date(value, crawl_time=CRAWL) == expected


@pytest.mark.parametrize("value", ["", None, "9999999999", "2024-03-05T25:00:00", "not a date"])
def test_bad_machine_dates(value: str | None) -> None:
    assert parse_machine_date(value, crawl_time=CRAWL) is None
