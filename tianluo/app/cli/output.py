"""Plain-text tables for the CLI (one screen, aligned, CJK-aware widths)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tianluo.labels import crawl_error_label

if TYPE_CHECKING:
    from crawler.runner import SourceResult


def width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(size - width(text), 0)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    sizes = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(pad(c, sizes[i]) for i, c in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return "\n".join(lines)


def print_crawl_results(results: Sequence[SourceResult]) -> None:
    rows = []
    for r in results:
        errors = (
            "，".join(f"{crawl_error_label(k)} {v}" for k, v in sorted(r.errors.items())) or "-"
        )
        rows.append(
            [
                r.source,
                r.pages,
                r.documents,
                r.created,
                r.updated,
                r.unchanged,
                r.skipped,
                r.risk_hits,
                errors,
            ]
        )
    click.echo(
        table(
            ["来源", "页面", "文档", "新增", "更新", "未变", "跳过", "风险命中", "错误"],
            rows,
        )
    )
