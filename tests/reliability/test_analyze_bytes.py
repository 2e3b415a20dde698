"""Bad-byte lines into `tianluo analyze`: each costs its own line, every good line is kept,
and no input gives a traceback."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tianluo.app.cli import main

TEXTS = ["保本保息，年化收益率18%", "今天天气晴朗", "平台提现困难，老板跑路", "警惕非法集资😀"]


def bad_lines(rng: random.Random, count: int) -> list[bytes]:
    """Lines no decoder should accept: GBK, binary, truncated UTF-8, BOMs, lone surrogates."""
    makers: list[Callable[[], bytes]] = [
        lambda: json.dumps({"id": "g", "text": rng.choice(TEXTS)}, ensure_ascii=False).encode(
            "gbk", "replace"
        ),
        lambda: (
            b"\x80"
            + bytes(
                rng.choice([*range(0, 10), *range(11, 13), *range(14, 256)])
                for _ in range(rng.randint(1, 200))
            )
        ),
        lambda: (
            json.dumps({"id": "t", "text": rng.choice(TEXTS)}, ensure_ascii=False).encode()[:-3]
            + b"\xe4\xbf"
        ),
        lambda: b"\xef\xbb\xbf" + json.dumps({"id": "bom", "text": rng.choice(TEXTS)}).encode(),
        lambda: (
            b'{"id": "s", "text": "x\\u' + rng.choice([b"d800", b"dbff", b"dc00", b"dfff"]) + b'"}'
        ),
        lambda: b'{"id": "k", "\\udc80": 1, "text": "y"}',
    ]
    return [rng.choice(makers)() for _ in range(count)]


def test_bad_byte_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, figure: Callable[[str, object], None]
) -> None:
    rng = random.Random(17)
    bad = bad_lines(rng, 600)
    lines: list[tuple[str | None, bytes]] = [(None, b) for b in bad]
    for i in range(300):
        ident = f"good-{i}"
        row = {"id": ident, "text": rng.choice(TEXTS)}
        lines.insert(rng.randrange(1, len(lines)), (ident, json.dumps(row).encode()))
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(raw for _, raw in lines) + b"\n")
    target = tmp_path / "out.jsonl"
    try:
        code = main(["analyze", "-i", str(source), "-o", str(target)])
    except SystemExit as exc:
        code = exc.code
    _, err = capsys.readouterr()
    out = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert code == 1
    assert len(out) == len(lines)
    kept = [o["id"] for o in out if "error" not in o]
    assert kept == [ident for ident, _ in lines if ident is not None]
    errors = [o for o in out if "error" in o]
    assert [o["line"] for o in errors] == [n for n, (i, _) in enumerate(lines, 1) if i is None]
    tracebacks = err.count("Traceback")
    assert tracebacks == 0
    figure("analyze bad-byte lines tried", len(bad))
    figure("analyze good lines kept", f"{len(kept)}/300")
    figure("analyze tracebacks", tracebacks)
