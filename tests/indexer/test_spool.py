"""The on-disk spool: order, acknowledgement, torn writes, segment rollover."""

from __future__ import annotations

from pathlib import Path

from indexer.search.spool import Spool


def bodies(start: int, stop: int) -> list[dict]:
    return [{"n": n, "text": f"第{n}条"} for n in range(start, stop)]


def test_pending_in_order_across_segments(tmp_path: Path) -> None:
    spool = Spool(tmp_path, segment_bytes=200)
    for n in range(0, 30, 5):
        spool.append("doc", bodies(n, n + 5))
    spool.append("alert", [{"id": "a1"}])
    assert len(list(tmp_path.glob("*.jsonl"))) > 1
    with spool.locked():
        records = list(spool.pending())
    assert [r.body.get("n") for r in records[:-1]] == list(range(30))
    assert (records[-1].kind, records[-1].body) == ("alert", {"id": "a1"})
    assert spool.depth() == 31


def test_acknowledged_records_are_not_replayed_again(tmp_path: Path) -> None:
    spool = Spool(tmp_path, segment_bytes=200)
    spool.append("doc", bodies(0, 20))
    with spool.locked():
        records = list(spool.pending())
        spool.acknowledge(records[11])
    reopened = Spool(tmp_path, segment_bytes=200)  # a new process sees the same position
    with reopened.locked():
        assert [r.body["n"] for r in reopened.pending()] == list(range(12, 20))
        spool.acknowledge(list(reopened.pending())[-1])
        reopened.finish()
    assert reopened.depth() == 0
    assert not reopened.maybe_pending()
    assert list(tmp_path.glob("*.jsonl")) == []


def test_torn_last_line_is_ignored_and_repaired(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append("doc", bodies(0, 3))
    segment = next(tmp_path.glob("*.jsonl"))
    with open(segment, "ab") as handle:
        handle.write(b'{"kind":"doc","body":{"n":')  # a crash in the middle of a write
    assert spool.depth() == 3
    spool.append("doc", bodies(3, 5))
    with spool.locked():
        assert [r.body["n"] for r in spool.pending()] == [0, 1, 2, 3, 4]


def test_unicode_survives(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.append("doc", [{"title": "甲金融涉嫌非法集资\u2028换行"}])
    with spool.locked():
        assert next(spool.pending()).body == {"title": "甲金融涉嫌非法集资\u2028换行"}
