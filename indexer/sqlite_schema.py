"""The SQLite schema: documents, their multi-valued fields, mentions, FTS5, history."""

from __future__ import annotations

SCHEMA_VERSION = 3
"""1: the first release; 2: docs.event_type; 3: doc_values rows ``enterprise_alias`` (every
name of every enterprise a document names).  sqlite_migrate brings older files up to date."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    source TEXT NOT NULL,
    source_type TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    ts REAL NOT NULL,                 -- crawled_at, epoch seconds
    published_ts REAL,
    content_hash TEXT NOT NULL,
    risk INTEGER NOT NULL,
    risk_score REAL NOT NULL,
    cluster_id TEXT NOT NULL,
    yield_max REAL,
    body TEXT NOT NULL,               -- the whole StoredDocument as JSON
    event_type TEXT                   -- keywords.event_types label; NULL before version 2
);
CREATE INDEX IF NOT EXISTS docs_ts ON docs (ts);
CREATE INDEX IF NOT EXISTS docs_source_ts ON docs (source, ts);
CREATE INDEX IF NOT EXISTS docs_cluster ON docs (cluster_id);
CREATE INDEX IF NOT EXISTS docs_risk_ts ON docs (risk, ts);
CREATE INDEX IF NOT EXISTS docs_event_type_ts ON docs (event_type, ts);

-- one row per value of a multi-valued field (enterprise, risk_enterprise, enterprise_alias,
-- term, category)
CREATE TABLE IF NOT EXISTS doc_values (
    doc_id TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    ts REAL NOT NULL,
    risk INTEGER NOT NULL,
    PRIMARY KEY (doc_id, field, value)
);
CREATE INDEX IF NOT EXISTS doc_values_field ON doc_values (field, value, ts);
CREATE INDEX IF NOT EXISTS doc_values_ts ON doc_values (field, ts);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    on_watchlist INTEGER NOT NULL,
    risk INTEGER NOT NULL,
    score REAL NOT NULL,
    ts REAL NOT NULL,
    source TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    yield_max REAL,
    PRIMARY KEY (doc_id, name)
);
CREATE INDEX IF NOT EXISTS mentions_ts ON mentions (ts, name);
CREATE INDEX IF NOT EXISTS mentions_name ON mentions (name, ts);

CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5 (
    title, content, content='docs', content_rowid='rowid', tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS docs_ai AFTER INSERT ON docs BEGIN
    INSERT INTO docs_fts (rowid, title, content) VALUES (new.rowid, new.title, new.content);
END;
CREATE TRIGGER IF NOT EXISTS docs_ad AFTER DELETE ON docs BEGIN
    INSERT INTO docs_fts (docs_fts, rowid, title, content)
    VALUES ('delete', old.rowid, old.title, old.content);
END;
CREATE TRIGGER IF NOT EXISTS docs_au AFTER UPDATE ON docs BEGIN
    INSERT INTO docs_fts (docs_fts, rowid, title, content)
    VALUES ('delete', old.rowid, old.title, old.content);
    INSERT INTO docs_fts (rowid, title, content) VALUES (new.rowid, new.title, new.content);
END;

-- when each value was first seen, overall (category '') and per category: first_seen()
-- reads this instead of scanning history
CREATE TABLE IF NOT EXISTS firsts (
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    category TEXT NOT NULL,
    ts REAL NOT NULL,
    PRIMARY KEY (field, category, value)
);
CREATE INDEX IF NOT EXISTS firsts_ts ON firsts (field, category, ts);

CREATE TABLE IF NOT EXISTS crawl_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    source TEXT NOT NULL,
    started_ts REAL NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_runs_ts ON crawl_runs (started_ts);

CREATE TABLE IF NOT EXISTS alerts (
    id TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    created_ts REAL NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_rule_ts ON alerts (rule, created_ts);
"""

# The multi-valued fields kept in doc_values, and the StoredDocument attribute of each.
VALUE_FIELDS = {
    "enterprise": "enterprises",
    "risk_enterprise": "risk_enterprises",
    "enterprise_alias": "enterprise_names",
    "term": "terms",
    "category": "categories",
}
