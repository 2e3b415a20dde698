"""Running the ``tianluo`` command from tests: in process (with capsys) or as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tianluo.app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``tianluo ARGS`` in this process: (exit code, stdout, stderr)."""
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return int(code or 0), out, err


def run_tianluo(
    *args: str, cwd: Path = ROOT, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m tianluo ARGS`` in ``cwd``, with this checkout first on the path and no
    TIANLUO_CONFIG from the caller's environment."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TIANLUO_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "tianluo", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
