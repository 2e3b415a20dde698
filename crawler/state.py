"""Crawl state kept across runs: which pages are stored (with their content hash),
and the SimHash index that groups reprints into stories.

A page counts as done only after its document reached the store, so a crawl
killed at any moment re-fetches what it had not stored and nothing else.
"""

from __future__ import annotations

import sqlite3
import struct
import threading
import time
from pathlib import Path

from crawler.fingerprint import SKETCH, band_keys, similarity

NEAR = 0.5  # estimated Jaccard similarity at which two texts are one story
PER_BAND = 4  # candidates taken from one band key
MIN_SKETCH = SKETCH  # shorter texts (fewer grams than a full sketch) are their own story

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, source TEXT NOT NULL, content_hash TEXT NOT NULL, stored_ts REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    doc_id TEXT PRIMARY KEY, sketch BLOB NOT NULL, cluster_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_bands (band INTEGER NOT NULL, doc_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_bands_band ON story_bands (band);
"""


class CrawlState:
    """Durable crawl state in one SQLite file (WAL: several crawler processes may share it)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=60)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a killed process loses nothing committed; no fsync per commit
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.commit()
            self._db.close()

    def stored_at(self, url: str) -> float | None:
        """When the page at this canonical URL was last stored, or None."""
        with self._lock:
            row = self._db.execute("SELECT stored_ts FROM pages WHERE url = ?", (url,)).fetchone()
        return float(row[0]) if row else None

    def content_hash(self, url: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT content_hash FROM pages WHERE url = ?", (url,)
            ).fetchone()
        return str(row[0]) if row else None

    def mark_stored(self, pages: list[tuple[str, str, str]]) -> None:
        """Record (url, source, content_hash) of pages whose documents are in the store."""
        now = time.time()
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?)",
                [(url, source, h, now) for url, source, h in pages],
            )

    def count(self, source: str | None = None) -> int:
        sql, params = "SELECT COUNT(*) FROM pages", ()  # type: tuple[str, tuple[str, ...]]
        if source:
            sql, params = sql + " WHERE source = ?", (source,)
        with self._lock:
            return int(self._db.execute(sql, params).fetchone()[0])

    def cluster_for(self, doc_id: str, sketch: tuple[int, ...]) -> str:
        """The story id of a document: that of the first stored near-duplicate, else its own.

        Written in the open transaction that ``mark_stored`` commits with the pages.
        """
        with self._lock:
            row = self._db.execute(
                "SELECT cluster_id FROM stories WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            if row:
                return str(row[0])
            cluster = doc_id
            if len(sketch) >= MIN_SKETCH:
                keys = band_keys(sketch)
                cluster = self._nearest(sketch, keys) or doc_id
                self._db.executemany(
                    "INSERT INTO story_bands VALUES (?, ?)", [(k, doc_id) for k in keys]
                )
            self._db.execute(
                "INSERT INTO stories VALUES (?, ?, ?)",
                (doc_id, struct.pack(f">{len(sketch)}I", *sketch), cluster),
            )
            return cluster

    def _nearest(self, sketch: tuple[int, ...], keys: list[int]) -> str | None:
        """The oldest story within NEAR of the sketch.  Each band key contributes at most
        PER_BAND candidates (the oldest), so a band that boilerplate made common costs no
        more than a rare one."""
        one = "SELECT * FROM (SELECT doc_id FROM story_bands WHERE band = ? ORDER BY rowid LIMIT ?)"
        rows = self._db.execute(
            " UNION ALL ".join([one] * len(keys)),
            [value for key in keys for value in (key, PER_BAND)],
        ).fetchall()
        candidates = dict.fromkeys(str(r[0]) for r in rows)
        if not candidates:
            return None
        marks = ",".join("?" * len(candidates))
        rows = self._db.execute(
            f"SELECT cluster_id, sketch FROM stories WHERE doc_id IN ({marks}) ORDER BY rowid",
            list(candidates),
        ).fetchall()
        mine = set(sketch)
        # with a full sketch, similarity <= shared values / SKETCH: most candidates that
        # share only a boilerplate band are rejected by one set intersection
        need = NEAR * len(sketch)
        for cluster, other in rows:  # oldest first: a story keeps its first copy's id
            values = _unpack(other)
            if len(mine.intersection(values)) >= need and similarity(sketch, values) >= NEAR:
                return str(cluster)
        return None


def _unpack(value: bytes | str) -> tuple[int, ...]:
    """A stored sketch: packed 32-bit values (older state files hold comma-separated text)."""
    if isinstance(value, bytes):
        return struct.unpack(f">{len(value) // 4}I", value)
    return tuple(int(v) for v in value.split(",") if v)
