"""jieba integration: a private tokenizer keeps every term and enterprise name whole."""

from __future__ import annotations

import jieba

from keywords import Analyzer
from keywords.lexicon import BLOCK_RE, CachedCut, build_tokenizer


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
