"""`tianluo extract` on empty, binary and non-HTML input: a message saying what it is, exit 2."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from crawler.extract.sniff import not_html_reason
from tests.cli import run_main as run

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "为空"),
        (b"   \n\t ", "为空"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (gzip.compress(b"<html><body>x</body></html>"), "gzip"),
        (bytes(range(256)) * 8, "二进制"),
        ("只是一段纯文本，没有任何标签。\n".encode() * 5, "纯文本"),
    ],
)
def test_cli_refuses_non_html(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    code, out, err = run(capsys, "extract", str(path))
    assert code == 2
    assert out == ""
    assert words in err and "page.html" in err
    assert "Traceback" not in err


def test_random_bytes_are_binary() -> None:
    reason = not_html_reason(os.urandom(4096))
    assert reason is not None


@pytest.mark.parametrize("name", ["news_portal.html", "gbk_government.html"])
def test_real_pages_pass(name: str) -> None:
    assert not_html_reason((GOLDEN / name).read_bytes()) is None


def test_utf16_page_passes() -> None:
    assert not_html_reason("<html><body><p>你好</p></body></html>".encode("utf-16")) is None


def test_cli_still_extracts_a_page(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(GOLDEN / "news_portal.html"))
    assert code == 0 and "央行" in out
