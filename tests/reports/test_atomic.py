"""Atomic writes leave the old file or the new one, never a partial file or a temp file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports.atomic import write_text


def test_replaces_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "briefs" / "a.html"
    write_text(target, "old")
    write_text(target, "新")
    assert target.read_text(encoding="utf-8") == "新"
    assert [p.name for p in target.parent.iterdir()] == ["a.html"]


def test_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    write_text(target, "old")
    with pytest.raises(UnicodeEncodeError):
        write_text(target, "bad \udc80 surrogate")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]
