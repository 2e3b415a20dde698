"""Aho-Corasick candidates confirmed on block windows equal full-segmentation hits."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from keywords import Analyzer
from keywords.lexicon import BlockSegmenter
from keywords.matcher import normalize, reference_hits

FILLER = [
    "公司",
    "今天",
    "投资",
    "平台",
    "收益",
    "我们",
    "银行",
    "存款",
    "利息",
    "发展",
    "提现",
    "，",
    "。",
    " ",
    "\n",
    "a",
    "1",
    "%",
    "（",
    "、",
    "“",
    "高",
    "返",
    "不",
    "下",
    "线",
]


def _same(analyzer: Analyzer, text: str) -> None:
    norm = normalize(text)
    fast, _, _ = analyzer.matcher.scan(norm, BlockSegmenter(analyzer.tokenizer, norm))
    full = reference_hits(analyzer.tokenizer, analyzer.matcher, norm)
    assert [(h.start, h.end, h.form) for h in fast] == [(h.start, h.end, h.form) for h in full]


def test_windowed_hits_equal_full_segmentation_on_generated_text(analyzer: Analyzer) -> None:
    rng = random.Random(4)
    forms = sorted(analyzer.matcher.terms)
    for _ in range(300):
        parts = [
            rng.choice(forms) if rng.random() < 0.3 else rng.choice(FILLER)
            for _ in range(rng.randint(1, 40))
        ]
        _same(analyzer, "".join(parts))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from([*FILLER, "跑路", "提现困难", "高息", "返利", "发展下线", "逾期"]),
        max_size=30,
    )
)
def test_windowed_hits_equal_full_segmentation_property(
    analyzer: Analyzer, parts: list[str]
) -> None:
    _same(analyzer, "".join(parts))


def test_term_inside_a_longer_word_is_not_a_hit(analyzer: Analyzer) -> None:
    result = analyzer.analyze("他每天往返利川和恩施之间。")
    assert "返利" not in result.terms


def test_nested_hits_keep_the_longest(analyzer: Analyzer) -> None:
    result = analyzer.analyze("公司涉嫌非法吸收公众存款罪")
    assert result.terms == ["非法吸收公众存款"]
    assert [e.term for e in result.evidence if e.kind == "term"] == ["非法吸收公众存款"]
