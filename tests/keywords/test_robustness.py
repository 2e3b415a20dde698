"""Odd input never crashes: empty, huge, binary garbage, mixed scripts, full width, emoji."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from keywords import Analyzer


def test_empty(analyzer: Analyzer) -> None:
    result = analyzer.analyze("")
    assert not result.risk and result.score == 0 and result.evidence == []
    assert analyzer.explain("")["hits"] == []


def test_one_megabyte(analyzer: Analyzer) -> None:
    sentence = "平台老板跑路，投资人无法提现，年化收益率18%。普通新闻内容没有风险。"
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    result = analyzer.analyze(text)
    assert result.risk
    assert len(result.evidence) > 1000


def test_one_megabyte_without_punctuation(analyzer: Analyzer) -> None:
    text = "".join(random.Random(3).choice("公司平台跑路投资人提现收益") for _ in range(200_000))
    analyzer.analyze(text)


def test_binary_garbage(analyzer: Analyzer) -> None:
    data = bytes(random.Random(1).randrange(256) for _ in range(50_000))
    analyzer.analyze(data.decode("latin-1"))
    analyzer.analyze(data.decode("utf-8", errors="replace"), title="\x00\x01")


def test_full_width_and_emoji(analyzer: Analyzer) -> None:
    result = analyzer.analyze("ＸＸ平台😱老板跑路🏃，年化收益率１８％！！🔥🔥")
    assert "跑路" in result.terms
    assert result.yield_max == 18.0


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(max_size=20),
    st.sampled_from(["news", "forum", "p2p", "unknown"]),
)
def test_any_text(analyzer: Analyzer, text: str, title: str, source: str) -> None:
    result = analyzer.analyze(text, title=title, source_type=source, entities=[title])
    assert 0 <= result.score <= 100
    for ev in result.evidence:
        assert 0 <= ev.start <= ev.end


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "跑路",
                "警惕",
                "，",
                "。",
                "保本保息",
                "😀",
                "Ａ",
                " ",
                "月息2分",
                "不存在",
                "有限公司",
                "平台",
                "\r\n",
                "骗局",
                "钱",
            ]
        ),
        max_size=60,
    )
)
def test_keyword_soup(analyzer: Analyzer, parts: list[str]) -> None:
    text = "".join(parts)
    result = analyzer.analyze(text)
    assert 0 <= result.score <= 100
    assert all(text[e.start : e.end] for e in result.evidence if e.kind == "term")
