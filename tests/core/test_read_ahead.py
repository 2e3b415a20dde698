"""``read_ahead`` batches what is waiting and never waits for a batch to fill."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tianluo.app.cli.batching import read_ahead


def test_every_item_in_order_in_batches_no_larger_than_asked() -> None:
    batches = []
    for batch in read_ahead(range(1000), 64):
        batches.append(batch)
        time.sleep(0.01)  # analysing: the reader fills the queue meanwhile
    assert [i for b in batches for i in b] == list(range(1000))
    assert all(1 <= len(b) <= 64 for b in batches)
    assert max(len(b) for b in batches) > 1  # items read ahead are handed on together


def test_a_writer_that_waits_for_an_answer_gets_it() -> None:
    answered = threading.Event()

    def slow() -> Iterator[str]:
        yield "first"
        assert answered.wait(10), "read_ahead waited for more before answering"
        yield "second"

    seen = []
    for batch in read_ahead(slow(), 64):
        seen.append(batch)
        answered.set()
    assert seen == [["first"], ["second"]]


def test_a_read_error_comes_after_the_items_before_it() -> None:
    def broken() -> Iterator[int]:
        yield 1
        yield 2
        raise OSError("disk gone")

    got: list[int] = []
    with pytest.raises(OSError, match="disk gone"):
        for batch in read_ahead(broken(), 8):
            got += batch
    assert got == [1, 2]
