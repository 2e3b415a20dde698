"""Bring an SQLite store file written by an older Tianluo up to the current schema.

Each step is additive (a new column, filled from the JSON body every row keeps), so
nothing stored is lost and a file is migrated in place the first time it is opened.
"""

from __future__ import annotations

import logging
import sqlite3

from indexer.sqlite_schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

# column -> (its SQL type, the JSON path in ``body`` that fills it)
ADDED_DOC_COLUMNS: dict[str, tuple[str, str]] = {
    "event_type": ("TEXT", "$.event_type"),
}


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def migrate(db: sqlite3.Connection, path: str) -> list[str]:
    """Add the document columns an existing file lacks; return the names added.

    Run before the schema script, whose indexes name the new columns.  A new file
    (no ``docs`` table yet) needs nothing.
    """
    existing = _columns(db, "docs")
    if not existing:
        return []
    added = []
    for column, (sql_type, json_path) in ADDED_DOC_COLUMNS.items():
        if column in existing:
            continue
        db.execute(f"ALTER TABLE docs ADD COLUMN {column} {sql_type}")
        db.execute(
            f"UPDATE docs SET {column} = json_extract(body, ?) "
            "WHERE json_extract(body, ?) IS NOT NULL",
            (json_path, json_path),
        )
        added.append(column)
    if added:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        log.info("SQLite store %s: migrated to schema %d (added %s)", path, SCHEMA_VERSION, added)
    return added
