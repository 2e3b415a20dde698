"""Reports: the daily brief, enterprise reports, the archive, the web view and the scheduler."""

from __future__ import annotations

from reports.brief import Brief, build_brief
from reports.enterprise import EnterpriseReport, build_enterprise_report
from reports.writer import write_archive, write_daily_brief, write_enterprise_report

__all__ = [
    "Brief",
    "EnterpriseReport",
    "build_brief",
    "build_enterprise_report",
    "write_archive",
    "write_daily_brief",
    "write_enterprise_report",
]
