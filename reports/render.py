"""The Jinja2 environment: autoescape on, an override folder first, then the package templates."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

from keywords.event_types import FUNDRAISING_TYPES
from reports import highlight, svg
from tianluo.labels import crawl_error_label, crawl_status_label, level_label
from tianluo.timeutil import SHANGHAI

WEEKDAYS = "一二三四五六日"


def shanghai_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A datetime shown in Asia/Shanghai (empty for None)."""
    return value.astimezone(SHANGHAI).strftime(fmt) if value else ""


def chinese_date(value: date) -> str:
    """2025-06-10 as 2025年6月10日（星期二）."""
    return f"{value.year}年{value.month}月{value.day}日（星期{WEEKDAYS[value.weekday()]}）"


def safe_url(value: str | None) -> str | None:
    """The URL when it is plain http(s), else None (never a javascript: or data: link)."""
    if not value:
        return None
    text = value.strip()
    if any(ord(c) < 32 for c in text):
        return None
    parts = urlsplit(text)
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def signed(value: float | None, digits: int = 0) -> str:
    """A change with its sign: +3, -1.5, ±0; an em dash when there is nothing to compare."""
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    return f"{value:+.{digits}f}"


def path_segment(value: str) -> str:
    """Quote a value for use as one URL path segment."""
    return quote(value, safe="")


def is_fundraising(value: str | None) -> bool:
    """Jinja test ``is fundraising``: an event type that is fundraising risk."""
    return value in FUNDRAISING_TYPES


def environment(override: Path | None = None) -> Environment:
    """The report environment; templates in ``override`` replace the package's own."""
    loaders: list[Any] = []
    if override is not None:
        loaders.append(FileSystemLoader(str(override)))
    loaders.append(PackageLoader("reports", "templates"))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        shtime=shanghai_time,
        cndate=chinese_date,
        safe_url=safe_url,
        signed=signed,
        segment=path_segment,
        crawl_error=crawl_error_label,
        crawl_status=crawl_status_label,
        level=level_label,
        highlight_title=highlight.highlight_title,
        highlight_excerpt=highlight.highlight_excerpt,
    )
    env.tests["fundraising"] = is_fundraising
    env.globals.update(sparkline=svg.sparkline, bar_chart=svg.bar_chart, columns=svg.columns)
    return env


def render(env: Environment, name: str, **context: Any) -> str:
    """Render one template to a string."""
    return env.get_template(name).render(**context)
