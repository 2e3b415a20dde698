"""`tianluo analyze` decodes each line on its own: bad bytes cost one line, never the run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli import run_main as run

ROOT = Path(__file__).resolve().parents[2]
RISKY = "某平台承诺年化收益率30%，保本保息，近日出现提现困难，老板已失联跑路。"


def good(ident: str, text: str = RISKY) -> bytes:
    return json.dumps({"id": ident, "text": text}, ensure_ascii=False).encode("utf-8")


def test_bad_bytes_cost_one_line_each(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [
        b"\xef\xbb\xbf" + good("bom-at-start"),  # the UTF-8 signature some editors write
        json.dumps({"id": "gbk", "text": "保本保息"}, ensure_ascii=False).encode("gbk"),
        good("a"),
        b"\x00\xff\xfe\x80\x81 binary",
        b'{"id": "surrogate", "text": "a\\ud800b"}',
        b"\xef\xbb\xbf" + good("bom-inside"),
        good("pair", "\\ud83d\\ude00 保本保息").replace(b"\\\\", b"\\"),
        good("b", "今天天气晴朗。"),
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\r\n".join(lines) + b"\n")
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "analyze", "-i", str(source), "-o", str(target))
    assert code == 1
    assert "Traceback" not in err
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(out) == len(lines)
    assert [o.get("line") for o in out if "error" in o] == [2, 4, 5, 6]
    assert [o["id"] for o in out if "error" not in o] == ["bom-at-start", "a", "pair", "b"]
    assert "不是 UTF-8" in out[1]["error"] and "iconv" in out[1]["error"]
    assert "不是 UTF-8" in out[3]["error"]
    assert "落单的代理项" in out[4]["error"]
    assert "字节顺序标记" in out[5]["error"]
    assert out[0]["risk"] is True and out[6]["score"] > 0
    for number in (2, 4, 5, 6):
        assert f"第 {number} 行：" in err


def test_output_is_flushed_as_it_goes(tmp_path: Path) -> None:
    """A killed run keeps every judgement already made (the file was once empty)."""
    target = tmp_path / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tianluo", "analyze", "-o", str(target)],
        stdin=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None
    try:
        for ident in ("x", "y"):
            proc.stdin.write(good(ident) + b"\n")
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if target.exists() and target.read_bytes().count(b"\n") >= 2:
                break
            time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdin.close()
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in out] == ["x", "y"]
