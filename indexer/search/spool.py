"""A durable on-disk spool: append-only JSONL segments, replayed in order.

Records are appended to ``NNNNNNNNNNNN.jsonl`` segments and fsynced before
``append`` returns.  ``ack.json`` holds the position (segment, line) up to
which the engine has confirmed records; it is replaced atomically and only
after confirmation, so a crash replays at most one batch again (harmless:
writes are idempotent by id).  Fully acknowledged segments are deleted.
A lock file keeps two processes from appending or replaying at once.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SEGMENT_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SpoolRecord:
    """One spooled write: its kind (doc, alert, crawl_run), body and position."""

    kind: str
    body: dict[str, Any]
    segment: int
    line: int


class Spool:
    """Append-only JSONL spool in one folder."""

    def __init__(self, folder: Path | str, *, segment_bytes: int = SEGMENT_BYTES) -> None:
        self.folder = Path(folder)
        self.segment_bytes = segment_bytes
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OSError(f"无法创建暂存目录 {self.folder}：{exc}") from exc
        self._lock_path = self.folder / "spool.lock"
        self._ack_path = self.folder / "ack.json"

    # -- locking -----------------------------------------------------------
    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the spool's exclusive lock (re-entrant use is not supported)."""
        with open(self._lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- positions -----------------------------------------------------------
    def _segments(self) -> list[int]:
        return sorted(int(p.stem) for p in self.folder.glob("*.jsonl") if p.stem.isdigit())

    def _segment_path(self, number: int) -> Path:
        return self.folder / f"{number:012d}.jsonl"

    def _ack(self) -> tuple[int, int]:
        try:
            data = json.loads(self._ack_path.read_text())
            return int(data["segment"]), int(data["line"])
        except FileNotFoundError:
            return 0, 0
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"暂存确认文件 {self._ack_path} 已损坏：{exc}") from exc

    def _write_ack(self, segment: int, line: int) -> None:
        tmp = self._ack_path.with_suffix(".tmp")
        with open(tmp, "w") as handle:
            json.dump({"segment": segment, "line": line}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self._ack_path)
        _fsync_dir(self.folder)

    # -- writing -------------------------------------------------------------
    def append(self, kind: str, bodies: list[dict[str, Any]]) -> None:
        """Append records durably (fsync) in the order given."""
        if not bodies:
            return
        lines = "".join(
            json.dumps({"kind": kind, "body": b}, ensure_ascii=False, separators=(",", ":")) + "\n"
            for b in bodies
        ).encode("utf-8")
        with self.locked():
            segments = self._segments()
            number = segments[-1] if segments else 1
            path = self._segment_path(number)
            if path.exists():
                _repair_tail(path)
                if path.stat().st_size >= self.segment_bytes:
                    number += 1
                    path = self._segment_path(number)
            new = not path.exists()
            with open(path, "ab", buffering=0) as handle:  # unbuffered: nothing left to flush
                before = handle.tell()
                try:
                    view = memoryview(lines)
                    while view:
                        written = handle.write(view) or 0
                        view = view[written:]
                    os.fsync(handle.fileno())
                except OSError:  # disk full: a batch is spooled whole or not at all
                    os.ftruncate(handle.fileno(), before)
                    raise
            if new:
                _fsync_dir(self.folder)

    # -- reading -------------------------------------------------------------
    def pending(self) -> Iterator[SpoolRecord]:
        """Unacknowledged records, oldest first (call while holding ``locked()``)."""
        ack_segment, ack_line = self._ack()
        for number in self._segments():
            if number < ack_segment:
                continue
            skip = ack_line if number == ack_segment else 0
            with open(self._segment_path(number), "rb") as handle:
                for line_no, raw in enumerate(handle):
                    if line_no < skip:
                        continue
                    if not raw.endswith(b"\n"):
                        break  # a torn final write: never acknowledged to the caller
                    data = json.loads(raw)
                    yield SpoolRecord(data["kind"], data["body"], number, line_no)

    def acknowledge(self, record: SpoolRecord) -> None:
        """Mark everything up to and including ``record`` as confirmed by the engine."""
        self._write_ack(record.segment, record.line + 1)
        for number in self._segments():
            if number >= record.segment:
                break
            self._segment_path(number).unlink()

    def finish(self) -> None:
        """Remove segments that are fully acknowledged (call while holding ``locked()``)."""
        if self.depth_unlocked() == 0:
            for number in self._segments():
                self._segment_path(number).unlink()
            self._ack_path.unlink(missing_ok=True)
            _fsync_dir(self.folder)

    def maybe_pending(self) -> bool:
        """Cheap check: any segment left on disk (finish() removes drained ones)."""
        return bool(self._segments())

    def depth_unlocked(self) -> int:
        return sum(1 for _ in self.pending())

    def depth(self) -> int:
        """How many records wait to be replayed."""
        with self.locked():
            return self.depth_unlocked()


def _repair_tail(path: Path) -> None:
    """Cut a torn last line left by a crash so the next append starts on a fresh line."""
    with open(path, "rb+") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) == b"\n":
            return
        handle.seek(0)
        data = handle.read()
        handle.truncate(data.rfind(b"\n") + 1)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
