"""Crawl state in Redis, shared by crawler processes on any number of machines
(``crawl.redis_url``): the same questions as ``crawler.state.CrawlState``, the same answers.

Key layout (``P`` is ``<crawl.redis_prefix>:state``; a URL key is the SHA-1 digest, 20
bytes, of the canonical URL):

==================  ======  ==========================================================
key                 type    content
==================  ======  ==========================================================
``P:pages``         hash    URL key -> 8-byte big-endian stored time (Unix s) + page hash
``P:counts``        hash    source -> pages stored (a page counted once)
``P:stories``       hash    document id -> 8-byte story order + story (cluster) id
``P:sketches``      hash    document id -> packed 32-bit sketch values
``P:band:<key>``    list    document ids sharing a band key, oldest first
``P:story-seq``     string  the last story order given
``P:story-lock``    string  the holder of the lock that makes story assignment atomic
==================  ======  ==========================================================

A page's recrawl deadline is its stored time plus its source's ``recrawl_after``.
"""

from __future__ import annotations

import hashlib
import struct
import time
import uuid
from typing import Any

from crawler.fingerprint import band_keys, similarity
from crawler.state import MIN_SKETCH, NEAR, PER_BAND

# HSET returns 1 for a new field: count a page once per source, in one round trip
_MARK = """
local n = 0
for i = 1, #ARGV, 3 do
  if redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2]) == 1 then
    redis.call('HINCRBY', KEYS[2], ARGV[i + 1], 1)
    n = n + 1
  end
end
return n
"""
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
LOCK_MS = 10_000


def url_key(url: str) -> bytes:
    return hashlib.sha1(url.encode("utf-8")).digest()


class RedisCrawlState:
    """Crawl state under ``<prefix>:state`` in the Redis at ``url``."""

    def __init__(self, url: str, prefix: str = "tianluo") -> None:
        from redis import Redis

        self.client = Redis.from_url(url)
        self.prefix = f"{prefix}:state"
        self._mark = self.client.register_script(_MARK)
        self._unlock = self.client.register_script(_UNLOCK)

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def close(self) -> None:
        self.client.close()

    def _page(self, url: str) -> tuple[float, str] | None:
        value = self.client.hget(self.key("pages"), url_key(url))
        if not isinstance(value, bytes):
            return None
        return struct.unpack(">d", value[:8])[0], value[8:].decode("utf-8")

    def stored_at(self, url: str) -> float | None:
        page = self._page(url)
        return page[0] if page else None

    def content_hash(self, url: str) -> str | None:
        page = self._page(url)
        return page[1] if page else None

    def mark_stored(self, pages: list[tuple[str, str, str]]) -> None:
        if not pages:
            return
        stamp = struct.pack(">d", time.time())
        args: list[Any] = []
        for url, source, page_hash in pages:
            args += [url_key(url), source, stamp + page_hash.encode("utf-8")]
        self._mark(keys=[self.key("pages"), self.key("counts")], args=args)

    def count(self, source: str | None = None) -> int:
        if source:
            return int(self.client.hget(self.key("counts"), source) or 0)
        return int(self.client.hlen(self.key("pages")))

    def cluster_for(self, doc_id: str, sketch: tuple[int, ...]) -> str:
        """The story id of a document: that of the first stored near-duplicate seen by any
        process, else its own (assigned under a lock, so two copies crawled at the same
        moment by two machines still become one story)."""
        known = self._story(doc_id)
        if known is not None:
            return known
        token = uuid.uuid4().hex
        self._lock(token)
        try:
            known = self._story(doc_id)
            if known is not None:
                return known
            cluster = doc_id
            pipe = self.client.pipeline(transaction=True)
            if len(sketch) >= MIN_SKETCH:
                keys = band_keys(sketch)
                cluster = self._nearest(sketch, keys) or doc_id
                for band in keys:
                    pipe.rpush(self.key(f"band:{band}"), doc_id)
                pipe.hset(self.key("sketches"), doc_id, struct.pack(f">{len(sketch)}I", *sketch))
            order = int(self.client.incr(self.key("story-seq")))
            pipe.hset(self.key("stories"), doc_id, struct.pack(">Q", order) + cluster.encode())
            pipe.execute()
            return cluster
        finally:
            self._unlock(keys=[self.key("story-lock")], args=[token])

    def _story(self, doc_id: str) -> str | None:
        value = self.client.hget(self.key("stories"), doc_id)
        return value[8:].decode("utf-8") if isinstance(value, bytes) else None

    def _lock(self, token: str) -> None:
        while not self.client.set(self.key("story-lock"), token, nx=True, px=LOCK_MS):
            time.sleep(0.002)

    def _nearest(self, sketch: tuple[int, ...], keys: list[int]) -> str | None:
        """The oldest story within NEAR of the sketch; PER_BAND oldest candidates a band."""
        pipe = self.client.pipeline(transaction=False)
        for band in keys:
            pipe.lrange(self.key(f"band:{band}"), 0, PER_BAND - 1)
        candidates = list(dict.fromkeys(d for ids in pipe.execute() for d in ids))
        if not candidates:
            return None
        stories = self.client.hmget(self.key("stories"), candidates)
        sketches = self.client.hmget(self.key("sketches"), candidates)
        rows = sorted(
            (struct.unpack(">Q", story[:8])[0], story[8:].decode(), packed)
            for story, packed in zip(stories, sketches, strict=True)
            if story and packed
        )
        mine = set(sketch)
        need = NEAR * len(sketch)
        for _, cluster, packed in rows:  # oldest first: a story keeps its first copy's id
            values = struct.unpack(f">{len(packed) // 4}I", packed)
            if len(mine.intersection(values)) >= need and similarity(sketch, values) >= NEAR:
                return cluster
        return None
