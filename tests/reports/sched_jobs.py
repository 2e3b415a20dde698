"""Job functions for the scheduler tests, importable by textual reference."""

from __future__ import annotations

import os
import time
from pathlib import Path


def record(path: str | None) -> None:
    """Append a line to the file ``path`` names."""
    assert path is not None
    with Path(path).open("a") as handle:
        handle.write("ran\n")


def fail_once(path: str | None) -> None:
    """Fail on the first run (leaving a marker), succeed afterwards."""
    assert path is not None
    marker = Path(path + ".failed")
    if not marker.exists():
        marker.write_text("x")
        raise RuntimeError("boom")
    record(path)


def stamp(path: str) -> None:
    """Append this process's pid and the time to the file ``path`` names."""
    with Path(path).open("a") as handle:
        handle.write(f"{os.getpid()} {time.time():.3f}\n")
