"""``tianluo analyze``: JSON Lines in, one risk judgement per line out, streaming."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from tianluo.app.cli import get_app


def judgement(analyzer: Any, row: dict[str, Any]) -> dict[str, Any]:
    """The output object for one input row."""
    entities = row.get("entities") or []
    if not isinstance(entities, list) or not all(isinstance(e, str) for e in entities):
        raise ValueError('"entities" must be a list of strings')
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    title = row.get("title") or ""
    if not isinstance(title, str):
        raise ValueError('"title" must be a string')
    result = analyzer.analyze(text, title=title, entities=entities)
    return {
        "id": row.get("id"),
        "risk": result.risk,
        "score": round(result.score, 2),
        "categories": list(result.categories),
        "enterprises": [
            {
                "name": m.mention or m.name,
                "canonical": m.name,
                "risk": m.risk,
                "score": round(m.score, 2),
            }
            for m in result.mentions
        ],
        "evidence": [
            {
                "term": e.term,
                "category": e.category,
                "rule": e.rule,
                "start": e.start,
                "end": e.end,
                "snippet": e.snippet,
                "weight": e.weight,
                "cancelled_by": e.cancelled_by,
            }
            for e in result.evidence
        ],
        "yields": list(result.yields),
        "yield_flag": result.yield_flag,
        "awareness": result.awareness,
        "awareness_reason": result.awareness_reason,
        "event_type": result.event_type,
    }


def _rows(stream: IO[str]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})"
            continue
        if not isinstance(row, dict):
            yield number, f"line {number}: expected a JSON object"
            continue
        yield number, row


@click.command()
@click.option(
    "-i",
    "--input",
    "source",
    type=click.File("r", encoding="utf-8"),
    default="-",
    help="JSON Lines file, or - for stdin.",
)
@click.option(
    "-o",
    "--output",
    "target",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Output file, or - for stdout.",
)
@click.pass_context
def analyze(ctx: click.Context, source: IO[str], target: IO[str]) -> None:
    """Judge texts: {"id", "text", "title"?, "entities"?} per line in, one result per line out.

    A bad line gives {"id": null, "error": "..."} in its place, a message on stderr,
    and exit code 1 at the end; the other lines are still judged.
    """
    analyzer = get_app(ctx).analyzer
    bad = 0
    for number, row in _rows(source):
        if isinstance(row, str):
            out: dict[str, Any] = {"id": None, "error": row}
        else:
            try:
                out = judgement(analyzer, row)
            except ValueError as exc:
                out = {"id": row.get("id"), "error": f"line {number}: {exc}"}
        if "error" in out:
            bad += 1
            click.echo(f"error: {out['error']}", err=True)
        target.write(json.dumps(out, ensure_ascii=False) + "\n")
        if target is sys.stdout:
            target.flush()
    if bad:
        ctx.exit(1)
