"""The embedded default store: one SQLite file with FTS5 (trigram) full-text search.

Writes are idempotent by document id; a document whose content hash is
unchanged is left alone, a changed one replaces the stored version together
with its field values and enterprise mentions.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from indexer.base import (
    AggField,
    AlertRecord,
    CrawlRun,
    EnterpriseScore,
    Store,
    Summary,
    UpsertResult,
    unknown_agg_field,
)
from indexer.sqlite_migrate import migrate
from indexer.sqlite_schema import SCHEMA, SCHEMA_VERSION, VALUE_FIELDS
from keywords.enterprise_score import (
    COMPLAINT_CATEGORIES,
    DEFAULT_PARAMS,
    ENFORCEMENT_CATEGORIES,
    IndexParams,
    RiskInputs,
    assess,
    sql_risk_index,
    story_strength,
    whole_seconds,
)
from tianluo.errors import StoreError
from tianluo.models import StoredDocument
from tianluo.timeutil import SHANGHAI, aware

DOC_COLUMNS = {"source": "source", "cluster": "cluster_id", "event_type": "event_type"}
"""Aggregation fields kept as a column of ``docs`` (the others live in doc_values)."""


def _ts(value: datetime | None) -> float | None:
    return aware(value).timestamp() if value is not None else None


def _dt(value: float) -> datetime:
    return datetime.fromtimestamp(value, SHANGHAI)


def _window(
    since: datetime | None, until: datetime | None, column: str = "ts"
) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if since is not None:
        clauses.append(f"{column} >= ?")
        params.append(_ts(since))
    if until is not None:
        clauses.append(f"{column} < ?")
        params.append(_ts(until))
    return (" AND ".join(clauses) or "1"), params


def _event_types(where: str, params: list[Any], wanted: Sequence[str]) -> tuple[str, list[Any]]:
    """``where`` narrowed to documents of one of the ``wanted`` event types (if any)."""
    if not wanted:
        return where, params
    marks = ",".join("?" * len(wanted))
    return f"{where} AND d.event_type IN ({marks})", [*params, *wanted]


def _docs_of_types(
    wanted: Sequence[str], since: datetime | None, until: datetime | None, column: str = "doc_id"
) -> tuple[str, list[Any]]:
    """`` AND column IN (documents of the ``wanted`` event types in the window)``; the window
    inside the subquery keeps it on the (event_type, ts) index."""
    marks = ",".join("?" * len(wanted))
    inner, inner_params = _window(since, until)
    clause = f" AND {column} IN (SELECT id FROM docs WHERE event_type IN ({marks}) AND {inner})"
    return clause, [*wanted, *inner_params]


class SQLiteStore(Store):
    """The Store on one SQLite file (WAL mode; safe to share between threads)."""

    backend = "sqlite"

    def __init__(self, path: Path | str, *, index_params: IndexParams = DEFAULT_PARAMS) -> None:
        self.path = Path(path)
        self.index_params = index_params
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"无法打开 SQLite 存储 {path}：{exc}") from None
        self._db.row_factory = sqlite3.Row
        # The enterprise risk index's one definition, callable from SQL
        # (keywords.enterprise_score): ranking and LIMIT stay in SQL.
        self._db.create_function("story_strength", 1, story_strength, deterministic=True)
        self._db.create_function("risk_index", 8, sql_risk_index(index_params), deterministic=True)
        self._lock = threading.RLock()
        self.init()

    # -- lifecycle -------------------------------------------------------
    def init(self) -> None:
        with self._tx() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: survives a killed process
            db.execute("PRAGMA foreign_keys=ON")
            migrate(db, str(self.path))
            db.executescript(SCHEMA)
            db.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(SCHEMA_VERSION),),
            )

    def ping(self) -> None:
        try:
            with self._lock:
                self._db.execute("SELECT 1").fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"SQLite 存储 {self.path} 不可用：{exc}") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                with self._db:
                    yield self._db
            except sqlite3.OperationalError as exc:
                raise StoreError(f"SQLite 存储 {self.path} 出错：{exc}") from None

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                raise StoreError(f"SQLite 存储 {self.path} 出错：{exc}") from None

    # -- documents -------------------------------------------------------
    def upsert(self, docs: Sequence[StoredDocument]) -> UpsertResult:
        result = UpsertResult()
        if not docs:
            return result
        known = self.content_hashes(d.id for d in docs)
        with self._tx() as db:
            for doc in docs:
                previous = known.get(doc.id)
                if previous == doc.content_hash:
                    result.unchanged += 1
                    continue
                self._write(db, doc, replace=previous is not None)
                known[doc.id] = doc.content_hash
                if previous is None:
                    result.created += 1
                else:
                    result.updated += 1
        return result

    def _write(self, db: sqlite3.Connection, doc: StoredDocument, *, replace: bool) -> None:
        ts = _ts(doc.crawled_at)
        row = (
            doc.url,
            doc.source,
            doc.source_type,
            doc.title,
            doc.content,
            ts,
            _ts(doc.published_at),
            doc.content_hash,
            int(doc.risk),
            doc.risk_score,
            doc.cluster_id,
            doc.yield_max,
            json.dumps(doc.to_dict(), ensure_ascii=False),
            doc.event_type,
        )
        if replace:
            db.execute("DELETE FROM doc_values WHERE doc_id = ?", (doc.id,))
            db.execute("DELETE FROM mentions WHERE doc_id = ?", (doc.id,))
            db.execute(
                "UPDATE docs SET url=?, source=?, source_type=?, title=?, content=?, ts=?,"
                " published_ts=?, content_hash=?, risk=?, risk_score=?, cluster_id=?,"
                " yield_max=?, body=?, event_type=? WHERE id=?",
                (*row, doc.id),
            )
        else:
            db.execute(
                "INSERT INTO docs (id, url, source, source_type, title, content, ts,"
                " published_ts, content_hash, risk, risk_score, cluster_id, yield_max, body,"
                " event_type) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.id, *row),
            )
        values = [
            (doc.id, field, value, ts, int(doc.risk))
            for field, attr in VALUE_FIELDS.items()
            for value in dict.fromkeys(getattr(doc, attr))
        ]
        db.executemany("INSERT OR IGNORE INTO doc_values VALUES (?,?,?,?,?)", values)
        pairs = [(field, value) for _, field, value, _, _ in values]
        pairs += [("source", doc.source), ("cluster", doc.cluster_id)]
        if doc.event_type is not None:
            pairs.append(("event_type", doc.event_type))
        db.executemany(
            "INSERT INTO firsts VALUES (?, ?, ?, ?) ON CONFLICT (field, category, value) "
            "DO UPDATE SET ts = MIN(ts, excluded.ts)",
            [
                (field, value, category, ts)
                for field, value in pairs
                for category in ("", *dict.fromkeys(doc.categories))
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO mentions VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    doc.id,
                    m.name,
                    int(m.on_watchlist),
                    int(m.risk),
                    m.score,
                    ts,
                    doc.source,
                    doc.cluster_id,
                    doc.yield_max,
                )
                for m in doc.mentions
            ],
        )

    def get(self, doc_id: str) -> StoredDocument | None:
        rows = self._rows("SELECT body FROM docs WHERE id = ?", (doc_id,))
        return StoredDocument.from_dict(json.loads(rows[0]["body"])) if rows else None

    def content_hashes(self, ids: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._rows(
                f"SELECT id, content_hash FROM docs WHERE id IN ({marks})", chunk
            ):
                found[row["id"]] = row["content_hash"]
        return found

    def count(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        risk: bool | None = None,
    ) -> int:
        where, params = _window(since, until)
        if risk is not None:
            where += " AND risk = ?"
            params.append(int(risk))
        return int(self._rows(f"SELECT COUNT(*) FROM docs WHERE {where}", params)[0][0])

    def documents(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        enterprise: str | None = None,
        category: str | None = None,
        source: str | None = None,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
        limit: int = 50,
    ) -> list[StoredDocument]:
        where, params = _window(since, until, "d.ts")
        if risk is not None:
            where += " AND d.risk = ?"
            params.append(int(risk))
        if source is not None:
            where += " AND d.source = ?"
            params.append(source)
        where, params = _event_types(where, params, event_types)
        inner, inner_params = _window(since, until)
        for field, value in (("enterprise_alias", enterprise), ("category", category)):
            if value is not None:  # the window inside the subquery keeps it on the index
                where += (
                    " AND d.id IN (SELECT doc_id FROM doc_values"
                    f" WHERE field = ? AND value = ? AND {inner})"
                )
                params += [field, value, *inner_params]
        sql = (
            f"SELECT d.body FROM docs d WHERE {where} ORDER BY d.risk_score DESC, d.ts DESC LIMIT ?"
        )
        rows = self._rows(sql, [*params, limit])
        return [StoredDocument.from_dict(json.loads(r["body"])) for r in rows]

    def search(
        self,
        text: str,
        *,
        enterprise: str | None = None,
        since: datetime | None = None,
        event_types: Sequence[str] = (),
        limit: int = 20,
    ) -> list[StoredDocument]:
        text = text.strip()
        if not text:
            return []
        where, params = _window(since, None, "d.ts")
        where, params = _event_types(where, params, event_types)
        if enterprise is not None:
            where += (
                " AND d.id IN (SELECT doc_id FROM doc_values"
                " WHERE field='enterprise_alias' AND value=?)"
            )
            params.append(enterprise)
        if len(text) >= 3:
            phrase = '"' + text.replace('"', '""') + '"'
            sql = (
                "SELECT d.body FROM docs_fts f JOIN docs d ON d.rowid = f.rowid "
                f"WHERE docs_fts MATCH ? AND {where} ORDER BY bm25(docs_fts, 5.0, 1.0) LIMIT ?"
            )
            rows = self._rows(sql, [phrase, *params, limit])
        else:  # trigram FTS needs three characters; short words fall back to a scan
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            sql = (
                "SELECT d.body FROM docs d WHERE (d.title LIKE ? ESCAPE '\\' OR "
                f"d.content LIKE ? ESCAPE '\\') AND {where} ORDER BY d.ts DESC LIMIT ?"
            )
            rows = self._rows(sql, [like, like, *params, limit])
        return [StoredDocument.from_dict(json.loads(r["body"])) for r in rows]

    # -- aggregations ----------------------------------------------------
    def summary(self, *, since: datetime, until: datetime) -> Summary:
        where, params = _window(since, until)
        docs = self._rows(
            f"SELECT COUNT(*), COALESCE(SUM(risk), 0), COUNT(DISTINCT source) FROM docs WHERE {where}",
            params,
        )[0]
        ents = self._rows(
            "SELECT COUNT(DISTINCT name), COUNT(DISTINCT CASE WHEN risk THEN name END) "
            f"FROM mentions WHERE {where}",
            params,
        )[0]
        return Summary(
            documents=int(docs[0]),
            risk_documents=int(docs[1]),
            sources=int(docs[2]),
            enterprises=int(ents[0]),
            risk_enterprises=int(ents[1]),
        )

    def _agg_source(self, agg: AggField) -> tuple[str, str, list[Any]]:
        """(table, value column, extra params) for one aggregation field."""
        if agg in DOC_COLUMNS:
            return "docs", DOC_COLUMNS[agg], []
        if agg not in VALUE_FIELDS:
            raise StoreError(unknown_agg_field(agg))
        return "doc_values", "value", [agg]

    def _agg_where(
        self,
        agg: AggField,
        since: datetime | None,
        until: datetime | None,
        risk: bool | None,
        event_types: Sequence[str],
    ) -> tuple[str, str, str, list[Any]]:
        """(table, value column, where clause, its params) of one aggregation's rows."""
        table, column, extra = self._agg_source(agg)
        where, params = _window(since, until)
        if extra:
            where += " AND field = ?"
            params += extra
        if risk is not None:
            where += " AND risk = ?"
            params.append(int(risk))
        if event_types:
            marks = ",".join("?" * len(event_types))
            if table == "docs":
                where += f" AND event_type IN ({marks})"
                params += list(event_types)
            else:
                narrow, narrow_params = _docs_of_types(event_types, since, until)
                where += narrow
                params += narrow_params
        return table, column, where, params

    def count_by(
        self,
        agg: AggField,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
        limit: int = 100,
    ) -> dict[str, int]:
        table, column, where, params = self._agg_where(agg, since, until, risk, event_types)
        sql = (
            f"SELECT {column} AS v, COUNT(*) AS n FROM {table} WHERE {where} "
            f"AND {column} IS NOT NULL "
            "GROUP BY v ORDER BY n DESC, v LIMIT ?"
        )
        return {r["v"]: int(r["n"]) for r in self._rows(sql, [*params, limit])}

    def first_seen(
        self,
        agg: AggField,
        *,
        since: datetime,
        until: datetime,
        category: str | None = None,
        event_types: Sequence[str] = (),
    ) -> dict[str, datetime]:
        if event_types:
            return self._first_of_types(agg, since, until, category, event_types)
        self._agg_source(agg)  # validates the field name
        rows = self._rows(
            "SELECT value, ts FROM firsts WHERE field = ? AND category = ? AND ts >= ? AND ts < ? "
            "ORDER BY ts",
            [agg, category or "", _ts(since), _ts(until)],
        )
        return {r["value"]: _dt(r["ts"]) for r in rows}

    def _first_of_types(
        self,
        agg: AggField,
        since: datetime,
        until: datetime,
        category: str | None,
        event_types: Sequence[str],
    ) -> dict[str, datetime]:
        """first_seen over the documents of some event types: the firsts table does not
        keep them apart, so this takes each value's earliest such document from history."""
        table, column, extra = self._agg_source(agg)
        marks = ",".join("?" * len(event_types))
        if table == "docs":
            rows = f"SELECT {column} AS value, ts FROM docs d WHERE {column} IS NOT NULL"
        else:
            rows = "SELECT v.value, v.ts FROM doc_values v JOIN docs d ON d.id = v.doc_id"
            rows += " WHERE v.field = ?"
        rows += f" AND d.event_type IN ({marks})"
        params: list[Any] = [*extra, *event_types]
        if category:
            rows += (
                " AND d.id IN (SELECT doc_id FROM doc_values"
                " WHERE field = 'category' AND value = ?)"
            )
            params.append(category)
        sql = (
            f"SELECT value, MIN(ts) AS ts FROM ({rows}) GROUP BY value "
            "HAVING MIN(ts) >= ? AND MIN(ts) < ? ORDER BY ts"
        )
        found = self._rows(sql, [*params, _ts(since), _ts(until)])
        return {r["value"]: _dt(r["ts"]) for r in found}

    def daily_counts(
        self,
        agg: AggField,
        keys: Sequence[str],
        *,
        since: datetime,
        until: datetime,
        risk: bool | None = None,
        event_types: Sequence[str] = (),
    ) -> dict[str, dict[date, int]]:
        if not keys:
            return {}
        table, column, where, params = self._agg_where(agg, since, until, risk, event_types)
        marks = ",".join("?" * len(keys))
        sql = (
            f"SELECT {column} AS v, date(ts, 'unixepoch', '+8 hours') AS day, COUNT(*) AS n "
            f"FROM {table} WHERE {where} AND {column} IN ({marks}) GROUP BY v, day"
        )
        out: dict[str, dict[date, int]] = {k: {} for k in keys}
        for r in self._rows(sql, [*params, *keys]):
            out[r["v"]][date.fromisoformat(r["day"])] = int(r["n"])
        return out

    def enterprise_scores(
        self,
        *,
        since: datetime,
        until: datetime,
        limit: int = 20,
        names: Sequence[str] = (),
        event_types: Sequence[str] = (),
    ) -> list[EnterpriseScore]:
        where, params = _window(since, until)
        if names:
            where += f" AND name IN ({','.join('?' * len(names))})"
            params += list(names)
        if event_types:
            narrow, narrow_params = _docs_of_types(event_types, since, until)
            where += narrow
            params += narrow_params
        complaint = ",".join("?" * len(COMPLAINT_CATEGORIES))
        enforcement = ",".join("?" * len(ENFORCEMENT_CATEGORIES))
        sql = f"""
            WITH m AS (SELECT * FROM mentions WHERE {where}),
            per_story AS (
                SELECT name, cluster_id,
                       MAX(CASE WHEN risk THEN score ELSE 0 END) AS top,
                       COUNT(*) AS docs, SUM(risk) AS risk_docs, MAX(on_watchlist) AS watched,
                       MAX(yield_max) AS max_yield
                FROM m GROUP BY name, cluster_id),
            per_name AS (
                SELECT name, COUNT(DISTINCT source) AS sources,
                       COUNT(DISTINCT CASE WHEN risk THEN source END) AS risk_sources,
                       MAX(CASE WHEN risk THEN yield_max END) AS risk_yield,
                       MAX(CASE WHEN risk THEN ts END) AS last_risk
                FROM m GROUP BY name),
            per_category AS (
                SELECT m.name, COUNT(DISTINCT v.value) AS categories,
                       COUNT(DISTINCT CASE WHEN v.value IN ({complaint})
                                      THEN m.cluster_id END) AS complaints,
                       COUNT(DISTINCT CASE WHEN v.value IN ({enforcement})
                                      THEN m.cluster_id END) AS enforcement
                FROM m JOIN doc_values v ON v.doc_id = m.doc_id AND v.field = 'category'
                WHERE m.risk = 1 GROUP BY m.name),
            totals AS (
                SELECT name, SUM(story_strength(top)) AS strength,
                       SUM(docs) AS docs, SUM(risk_docs) AS risk_docs,
                       SUM(CASE WHEN top > 0 THEN 1 ELSE 0 END) AS stories,
                       MAX(watched) AS watched, MAX(max_yield) AS max_yield
                FROM per_story GROUP BY name)
            SELECT t.*, n.sources, n.risk_sources, n.risk_yield, n.last_risk,
                   COALESCE(c.categories, 0) AS n_categories,
                   COALESCE(c.complaints, 0) AS complaints,
                   COALESCE(c.enforcement, 0) AS enforcement,
                   risk_index(t.strength, c.categories, n.risk_yield, c.complaints,
                              n.risk_sources, n.last_risk, c.enforcement, ?) AS idx
            FROM totals t JOIN per_name n ON n.name = t.name
            LEFT JOIN per_category c ON c.name = t.name
            ORDER BY idx DESC, risk_docs DESC, t.name LIMIT ?"""
        end = _ts(until) or 0.0
        rows = self._rows(
            sql, [*params, *COMPLAINT_CATEGORIES, *ENFORCEMENT_CATEGORIES, end, limit]
        )
        scores = []
        for r in rows:
            inputs = RiskInputs(
                strength=float(r["strength"] or 0.0),
                categories=int(r["n_categories"]),
                max_yield=r["risk_yield"],
                complaints=int(r["complaints"]),
                sources=int(r["risk_sources"]),
                last_risk=whole_seconds(r["last_risk"]),
                enforcement=int(r["enforcement"]),
            )
            found = assess(inputs, end, self.index_params)
            scores.append(
                EnterpriseScore(
                    name=r["name"],
                    score=found.index,
                    documents=int(r["docs"]),
                    risk_documents=int(r["risk_docs"] or 0),
                    sources=int(r["sources"]),
                    stories=int(r["stories"]),
                    on_watchlist=bool(r["watched"]),
                    max_yield=r["max_yield"],
                    level=found.level,
                    inputs=inputs,
                    components=found.components,
                )
            )
        self._add_categories(scores, since, until, event_types)
        return scores

    def _add_categories(
        self,
        scores: list[EnterpriseScore],
        since: datetime,
        until: datetime,
        event_types: Sequence[str],
    ) -> None:
        if not scores:
            return
        by_name = {s.name: s for s in scores}
        where, params = _window(since, until, "m.ts")
        if event_types:
            narrow, narrow_params = _docs_of_types(event_types, since, until, "m.doc_id")
            where += narrow
            params += narrow_params
        marks = ",".join("?" * len(by_name))
        sql = (
            "SELECT m.name, v.value, COUNT(*) AS n FROM mentions m INDEXED BY mentions_name "
            "JOIN doc_values v "
            "ON v.doc_id = m.doc_id AND v.field = 'category' "
            f"WHERE {where} AND m.risk = 1 AND m.name IN ({marks}) GROUP BY m.name, v.value"
        )
        for r in self._rows(sql, [*params, *by_name]):
            by_name[r["name"]].categories[r["value"]] = int(r["n"])

    def cluster_reach(self, cluster_ids: Sequence[str]) -> dict[str, int]:
        ids = [c for c in dict.fromkeys(cluster_ids) if c]
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        sql = (
            "SELECT cluster_id, COUNT(DISTINCT source) AS n FROM docs "
            f"WHERE cluster_id IN ({marks}) GROUP BY cluster_id"
        )
        return {r["cluster_id"]: int(r["n"]) for r in self._rows(sql, ids)}

    # -- crawl health and alert history ------------------------------------
    def record_crawl_run(self, run: CrawlRun) -> None:
        body = asdict(run)
        for key in ("started_at", "finished_at", "last_success"):
            body[key] = body[key].isoformat() if body[key] else None
        with self._tx() as db:
            db.execute(
                "INSERT INTO crawl_runs (source, started_ts, body) VALUES (?, ?, ?)",
                (run.source, _ts(run.started_at), json.dumps(body, ensure_ascii=False)),
            )

    def crawl_runs(self, *, since: datetime | None = None) -> list[CrawlRun]:
        where, params = _window(since, None, "started_ts")
        rows = self._rows(
            f"SELECT body FROM crawl_runs WHERE {where} ORDER BY started_ts DESC, id DESC", params
        )
        runs = []
        for r in rows:
            body = json.loads(r["body"])
            for key in ("started_at", "finished_at", "last_success"):
                body[key] = aware(datetime.fromisoformat(body[key])) if body[key] else None
            runs.append(CrawlRun(**body))
        return runs

    def record_alert(self, alert: AlertRecord) -> None:
        body = asdict(alert)
        for key in ("created_at", "sent_at"):
            body[key] = body[key].isoformat() if body[key] else None
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO alerts (id, rule, created_ts, body) VALUES (?, ?, ?, ?)",
                (alert.id, alert.rule, _ts(alert.created_at), json.dumps(body, ensure_ascii=False)),
            )

    def alert_history(self, *, rule: str | None = None, limit: int = 50) -> list[AlertRecord]:
        where, params = ("rule = ?", [rule]) if rule else ("1", [])
        rows = self._rows(
            f"SELECT body FROM alerts WHERE {where} ORDER BY created_ts DESC LIMIT ?",
            [*params, limit],
        )
        out = []
        for r in rows:
            body = json.loads(r["body"])
            for key in ("created_at", "sent_at"):
                body[key] = aware(datetime.fromisoformat(body[key])) if body[key] else None
            out.append(AlertRecord(**body))
        return out
