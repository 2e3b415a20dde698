"""Write the brief, enterprise reports and the archive index under settings.output_path."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment

from indexer.factory import index_params
from reports.atomic import write_text
from reports.brief import build_brief
from reports.enterprise import EnterpriseReport, build_enterprise_report
from reports.index_view import breakdown, levels_note
from reports.render import environment, render
from tianluo.labels import CATEGORIES
from tianluo.settings import Settings
from tianluo.timeutil import now

if TYPE_CHECKING:
    from indexer.context import StoreContext

log = logging.getLogger(__name__)

BRIEF_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})\.html$")


@dataclass(slots=True)
class ArchiveEntry:
    """One brief in the archive."""

    day: date
    href: str


def report_environment(settings: Settings) -> Environment:
    """The Jinja environment with the configured override folder, if any."""
    folder = settings.reports.templates_dir
    return environment(settings.path(folder) if folder else None)


def category_labels(settings: Settings) -> dict[str, str]:
    """Chinese labels of keyword categories, from the keyword sets when they load."""
    labels = dict(CATEGORIES)
    try:
        from keywords.loader import load_keyword_sets

        for kset in load_keyword_sets(settings.globbed(settings.analysis.keywords)):
            labels.update({c.id: c.label for c in kset.categories})
    except Exception as exc:  # labels are cosmetic: the ids are shown instead
        log.debug("category labels unavailable: %s", exc)
    return labels


def briefs_dir(settings: Settings) -> Path:
    return settings.output_path / "briefs"


def archive_entries(settings: Settings) -> list[ArchiveEntry]:
    """Every brief on disk, newest first."""
    folder = briefs_dir(settings)
    found = []
    for path in folder.glob("*.html") if folder.is_dir() else []:
        match = BRIEF_NAME.match(path.name)
        if match:
            try:
                found.append(ArchiveEntry(date.fromisoformat(match[1]), f"briefs/{path.name}"))
            except ValueError:
                continue
    return sorted(found, key=lambda e: e.day, reverse=True)


def render_brief(
    app: StoreContext, day: date | None = None, *, base_url: str | None = None
) -> tuple[date, str]:
    """The brief of ``day`` (default: today so far) as HTML.

    Links start with ``base_url`` (default: settings.public_url; "" for root-relative links).
    """
    options = app.settings.reports
    brief = build_brief(
        app.store,
        day,
        top=options.top_enterprises,
        documents_per_enterprise=options.documents_per_enterprise,
        distress=options.distress_categories,
        enforcement=options.enforcement_categories,
        silent_hours=options.silent_hours,
    )
    html = render(
        report_environment(app.settings),
        "brief.html",
        brief=brief,
        labels=category_labels(app.settings),
        distress=set(options.distress_categories),
        levels_note=levels_note(index_params(app.settings)),
        base_url=app.settings.public_url if base_url is None else base_url,
    )
    return brief.day, html


def write_daily_brief(app: StoreContext, day: date | None = None) -> Path:
    """Write briefs/YYYY-MM-DD.html (default: today so far) and refresh the archive."""
    day, html = render_brief(app, day)
    path = write_text(briefs_dir(app.settings) / f"{day.isoformat()}.html", html)
    write_archive(app)
    log.info("已生成每日简报：%s", path)
    return path


def render_archive(settings: Settings, *, search: bool = False) -> str:
    """The archive index page as HTML (with a search box when served)."""
    return render(
        report_environment(settings),
        "archive.html",
        entries=archive_entries(settings),
        now=now(),
        search=search,
    )


def write_archive(app: StoreContext) -> Path:
    """Write index.html linking every brief."""
    return write_text(app.settings.output_path / "index.html", render_archive(app.settings))


def render_enterprise(
    settings: Settings, report: EnterpriseReport, *, base_url: str | None = None
) -> str:
    """An enterprise report as HTML; links start with ``base_url`` (as in render_brief)."""
    params = index_params(settings)
    return render(
        report_environment(settings),
        "enterprise.html",
        report=report,
        breakdowns={s.name: breakdown(s, report.until, params) for s in report.scores},
        levels_note=levels_note(params),
        labels=category_labels(settings),
        base_url=settings.public_url if base_url is None else base_url,
    )


def slug(name: str) -> str:
    """A file-name-safe form of an enterprise name, unique by a short hash."""
    cleaned = re.sub(r"[^\w-]+", "_", name, flags=re.UNICODE).strip("_")[:60] or "enterprise"
    return f"{cleaned}-{hashlib.sha1(name.encode()).hexdigest()[:8]}"


def write_enterprise_report(
    app: StoreContext,
    name: str | None,
    days: int = 30,
    *,
    stored: Sequence[str] = (),
    aliases: Sequence[str] = (),
) -> Path:
    """Write the report of one enterprise (None: the whole watchlist) over ``days`` days.

    ``stored``: every name the enterprise is stored under (default: ``name``); ``aliases``
    are shown beside its canonical ``name`` in the title.
    """
    names = None if name is None else list(dict.fromkeys([name, *stored]))
    report = build_enterprise_report(app.store, names, days=days, aliases=aliases)
    stem = "watchlist" if name is None else slug(name)
    filename = f"{stem}-{report.until.date().isoformat()}-{days}d.html"
    path = app.settings.output_path / "enterprises" / filename
    return write_text(path, render_enterprise(app.settings, report))
