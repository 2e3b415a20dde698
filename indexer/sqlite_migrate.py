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


_INSERT_ALIAS = (
    "INSERT OR IGNORE INTO doc_values (doc_id, field, value, ts, risk) "
    "SELECT d.id, 'enterprise_alias', {value}, d.ts, d.risk FROM docs d, {source} "
    "WHERE {value} IS NOT NULL"
)
ALIAS_ROWS_SQL = [
    _INSERT_ALIAS.format(value="e.value", source="json_each(d.body, '$.enterprises') e"),
    _INSERT_ALIAS.format(
        value="json_extract(m.value, '$.mention')", source="json_each(d.body, '$.mentions') m"
    ),
    _INSERT_ALIAS.format(
        value="a.value",
        source="json_each(d.body, '$.mentions') m, json_each(m.value, '$.aliases') a",
    ),
]
"""Schema 3: every name a stored document gives an enterprise, as ``enterprise_alias`` rows."""


def _version(db: sqlite3.Connection) -> int:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.Error:
        return 0
    return int(row[0]) if row else 0


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
    if _version(db) < 3:
        for sql in ALIAS_ROWS_SQL:
            db.execute(sql)
        added.append("enterprise_alias rows")
    if added:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
        log.info("SQLite 存储 %s：已迁移到第 %d 版表结构（新增 %s）", path, SCHEMA_VERSION, added)
    return added
