"""``cut_block`` gives jieba's tokens for every block: generated text, ties, new words."""

from __future__ import annotations

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg

from keywords import Analyzer, default_set_paths
from keywords.blockcut import cut_block, hmm_cut
from keywords.lexicon import BLOCK_RE, build_tokenizer

TOKENIZER = Analyzer.from_files(default_set_paths()).tokenizer
"""The default analyzer's tokenizer: jieba's dictionary plus every keyword form."""

# Runs of one character (送送送, 哈哈哈哈哈) make routes of equal probability: jieba
# gives such a tie to the longer first word, and so must cut_block.
TIES = ["送送送", "买买买", "哈哈哈哈哈", "哈哈哈哈哈哈哈", "弹弹弹", "对对对", "嘻嘻嘻嘻"]
PIECES = [
    *"保本保息稳赚不赔提现困难老板跑路失联鑫盛宝理财有限公司平台年化收益的了在是我你他和与或",
    *"龘靐齉爩",  # characters in no dictionary word: the HMM's
    *TIES,
    "P2P",
    "app",
    "18%",
    "3.5",
    "--",
    "#",
    "&",
    "_",
    "非法吸收公众存款",
    "集资诈骗",
]


def jieba_block(tokenizer: jieba.Tokenizer, block: str) -> list[str]:
    tokens: list[str] = tokenizer.lcut(block)
    return tokens


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40))
def test_cut_block_is_jieba_on_generated_blocks(pieces: list[str]) -> None:
    block = "".join(pieces)
    assert BLOCK_RE.fullmatch(block)
    assert cut_block(TOKENIZER, block) == jieba_block(TOKENIZER, block)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4F00), max_size=30))
def test_cut_block_is_jieba_on_random_characters(block: str) -> None:
    if block:
        assert cut_block(TOKENIZER, block) == jieba_block(TOKENIZER, block)


def test_ties_go_where_jieba_puts_them() -> None:
    for block in TIES:
        assert cut_block(TOKENIZER, block) == jieba_block(TOKENIZER, block)
    assert cut_block(TOKENIZER, "送送送") == ["送送", "送"]  # jieba's choice, not 送|送送


def test_added_words_count_as_jieba_counts_them() -> None:
    tokenizer = build_tokenizer(["鑫盛宝理财", "龘靐"])
    for block in ("投资鑫盛宝理财的人", "龘靐齉爩", "齉龘靐"):
        assert cut_block(tokenizer, block) == jieba_block(tokenizer, block)
    assert "龘靐" in cut_block(tokenizer, "齉龘靐")


HAN_PIECES = [*"保本保息稳赚不赔提现困难老板跑路失联的了在是我你他龘靐齉爩", *TIES, "鑫盛宝"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HAN_PIECES), min_size=1, max_size=30))
def test_hmm_cut_is_finalseg_on_generated_runs(pieces: list[str]) -> None:
    run = "".join(pieces)
    tokens: list[str] = []
    hmm_cut(run, tokens)
    assert tokens == list(finalseg.cut(run))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5), min_size=1))
def test_hmm_cut_is_finalseg_on_random_characters(run: str) -> None:
    tokens: list[str] = []
    hmm_cut(run, tokens)
    assert tokens == list(finalseg.cut(run))


def test_hmm_cut_splits_unknown_names_as_jieba() -> None:
    for run in ("龘靐齉爩", "张三李四", "哈", "的的的的的的"):
        tokens: list[str] = []
        hmm_cut(run, tokens)
        assert tokens == list(finalseg.cut(run))
        assert "".join(tokens) == run


MIXED_PIECES = [*"龘靐齉爩鑫盛", "x", "Q", "7", "3.5", "%", "ab", "-", "_", "&"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(MIXED_PIECES), min_size=1, max_size=20))
def test_cut_block_splits_mixed_runs_as_jieba(pieces: list[str]) -> None:
    """Runs of unknown CJK characters, letters and digits go through finalseg's split."""
    block = "".join(pieces)
    assert cut_block(TOKENIZER, block) == jieba_block(TOKENIZER, block)
