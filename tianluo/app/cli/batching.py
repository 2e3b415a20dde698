"""``read_ahead``: items of a stream in batches of those already waiting, never waiting for more."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


_END = object()


@dataclass(slots=True)
class _Pump(Generic[T]):
    items: Iterable[T]
    line: queue.Queue[object]

    def __call__(self) -> None:
        try:
            for item in self.items:
                self.line.put(item)
        except BaseException as exc:  # handed to the reading thread, raised there
            self.line.put(_Failed(exc))
        finally:
            self.line.put(_END)


def read_ahead(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Batches of at most ``size`` items, in order.

    A thread reads ``items`` ahead (at most ``4 × size`` held); each batch is the next
    item, waited for, plus those already read, up to ``size``.  So a file is handed on
    in full batches while a writer that sends one line and waits for the answer gets a
    batch of one at once.  An error raised while reading is raised here, after the
    items read before it.
    """
    line: queue.Queue[object] = queue.Queue(maxsize=4 * size)
    threading.Thread(target=_Pump(items, line), name="read-ahead", daemon=True).start()
    done = False
    while not done:
        batch: list[T] = []
        item = line.get()
        while True:
            if item is _END:
                done = True
                break
            if isinstance(item, _Failed):
                if batch:
                    yield batch
                raise item.error
            batch.append(item)  # type: ignore[arg-type]
            if len(batch) >= size:
                break
            try:
                item = line.get_nowait()
            except queue.Empty:
                break
        if batch:
            yield batch
