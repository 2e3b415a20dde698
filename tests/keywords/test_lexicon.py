"""jieba integration: a private tokenizer keeps every term and enterprise name whole."""

from __future__ import annotations

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st

from keywords import Analyzer, default_set_paths
from keywords.lexicon import BLOCK_RE, BlockSegmenter, CachedCut, build_tokenizer


def test_terms_stay_whole(analyzer: Analyzer) -> None:
    text = "该平台承诺保本保息稳赚不赔，后来提现困难，老板跑路人去楼空，被以非法吸收公众存款罪立案侦查。"
    tokens = analyzer.tokenizer.lcut(text)
    for term in (
        "保本保息",
        "稳赚不赔",
        "提现困难",
        "跑路",
        "人去楼空",
        "非法吸收公众存款罪",
        "立案侦查",
    ):
        assert term in tokens


def test_every_blockable_form_is_one_token(analyzer: Analyzer) -> None:
    broken = []
    for form in analyzer.matcher.terms:
        if BLOCK_RE.fullmatch(form) and analyzer.tokenizer.lcut(form) != [form]:
            broken.append(form)
    assert broken == []


def test_enterprise_names_stay_whole(watch_analyzer: Analyzer) -> None:
    tokens = watch_analyzer.tokenizer.lcut("投资人说鑫盛宝已经无法提现")
    assert "鑫盛宝" in tokens


def test_private_tokenizer_leaves_global_default_alone() -> None:
    before = dict(jieba.dt.FREQ) if jieba.dt.initialized else None
    tokenizer = build_tokenizer(["鑫鑫鑫投资"])
    assert tokenizer is not jieba.dt
    assert tokenizer.lcut("鑫鑫鑫投资") == ["鑫鑫鑫投资"]
    if before is not None:
        assert "鑫鑫鑫投资" not in jieba.dt.FREQ


def test_cached_cut_segments_like_the_tokenizer_and_stays_bounded(analyzer: Analyzer) -> None:
    cut = CachedCut(analyzer.tokenizer, size=4)
    texts = ["鑫盛宝理财有限公司", "老板跑路人去楼空", "提现困难", "稳赚不赔的高息理财", "公司"]
    long_text = "投资人反映该平台近期提现困难老板已经失联警方已立案侦查" * 3  # not memoised
    for text in [*texts, *texts, long_text]:
        tokens = cut(text)
        assert tokens == analyzer.tokenizer.lcut(text)
        tokens.append("changed")  # a caller's copy: the memo must not see this
    assert cut(texts[-1]) == analyzer.tokenizer.lcut(texts[-1])
    info = cut._short.cache_info()
    assert info.currsize <= 4 and info.hits >= 1
    cut.clear()
    assert cut._short.cache_info().currsize == 0


EVERY_CHARACTER = "".join(map(chr, range(0x10000)))
"""The basic multilingual plane (where both patterns' classes lie), for comparing them."""


def test_the_block_pattern_is_jiebas() -> None:
    # CachedCut sends a string that is one BLOCK_RE block straight to jieba's block
    # segmenter: that is lcut's own path only if lcut splits blocks with the same pattern
    ours = "".join(BLOCK_RE.findall(EVERY_CHARACTER))
    assert ours == "".join(jieba.re_han_default.findall(EVERY_CHARACTER))
    assert len(ours) > 20000


_CUT = CachedCut(Analyzer.from_files(default_set_paths()).tokenizer)
"""The default analyzer's segmenter (hypothesis cannot take a function-scoped fixture)."""

# Characters that make jieba work: keyword and name pieces, runs of one character
# (哈哈哈, ---), letters, digits, the block punctuation (+#&._%-) and separators.
PIECES = [
    *"保本保息稳赚不赔提现困难老板跑路失联鑫盛宝理财有限公司平台年化收益哈嘿的了在是",
    "哈哈哈哈哈哈哈哈哈哈哈哈哈哈",
    "--",
    "---",
    "P2P",
    "app",
    "18%",
    "3.5",
    "#",
    "&",
    "_",
    " ",
    "\r\n",
    "\n",
    "，",
    "。",
    "“",
    "”",
    "（",
    "）",
    "🙂",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=60))
def test_cached_cut_is_lcut_on_any_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    cut = _CUT
    assert cut.lcut(text) == cut.tokenizer.lcut(text)
    assert cut(text) == cut.tokenizer.lcut(text)
    for block in BLOCK_RE.findall(text):
        assert cut(block) == cut.tokenizer.lcut(block)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_block_at_is_the_run_of_block_characters(pieces: list[str]) -> None:
    text = "".join(pieces)
    seg = BlockSegmenter(_CUT.tokenizer, text, _CUT)
    for pos in range(len(text) + 1):
        if pos == len(text) or not BLOCK_RE.match(text[pos]):
            expected = (pos, pos + 1)
        else:
            start = pos
            while start > 0 and BLOCK_RE.match(text[start - 1]):
                start -= 1
            expected = (start, start + len(BLOCK_RE.match(text, start).group()))  # type: ignore[union-attr]
        assert seg.block_at(pos) == expected
