"""Normalisation before matching: width, traditional characters, spaced-out evasions.

Every form must match the same terms as the plain form, and evidence offsets must
point at the characters of the original text that a reader would highlight.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keywords import Analyzer, AnalyzerConfig
from keywords.normalize import SEPARATORS, collapse, normalise, normalize, to_simplified

Writer = Callable[[str, str], Path]

PLAIN = "某公司涉嫌非法集资，警方已立案侦查。"


def _terms(analyzer: Analyzer, text: str, title: str = "") -> list[str]:
    return analyzer.analyze(text, title=title).terms


def _term_span(analyzer: Analyzer, text: str, term: str) -> str:
    """The original characters of the one evidence item for ``term``."""
    (ev,) = [e for e in analyzer.analyze(text).evidence if e.term == term and e.label == "term"]
    assert 0 <= ev.start < ev.end <= len(text)
    return text[ev.start : ev.end]


# --- the function itself -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ｐ２Ｐ平台", "p2p平台"),
        ("年化１２％", "年化12%"),
        ("年化１２．５％－１５％", "年化12.5%-15%"),
        ("ＡＢＣ\u3000ｘｙｚ", "abc xyz"),
        ("非法集資", "非法集资"),
        ("龐氏騙局", "庞氏骗局"),
        ("頭髮乾燥，乾坤未定", "头发干燥，乾坤未定"),
        ("憑藉反覆宣傳", "凭借反复宣传"),
    ],
)
def test_width_and_traditional_keep_length(text: str, expected: str) -> None:
    normed = normalise(text)
    assert normed.text == expected
    assert normed.origin is None  # one character for one: offsets are unchanged
    assert normed.span(1, 3) == (1, 3)


@pytest.mark.parametrize(
    "sep", [" ", "  ", "\u3000", "\u00a0", "-", " - ", "·", "•", "・", "*", "_", ".", "/", "|"]
)
def test_each_separator_collapses(sep: str) -> None:
    spaced = sep.join("非法集资")
    text = f"他们{spaced}。"
    normed = normalise(text)
    assert normed.text == "他们非法集资。"
    start = normed.text.index("非法集资")
    lo, hi = normed.span(start, start + 4)
    assert text[lo:hi] == spaced
    assert normed.source(start, start + 4) == spaced


@pytest.mark.parametrize("sep", ["~", "～", "—", "＊", "／", "｜", "＿", "－", "．", "+", "#", "="])
def test_more_separators_collapse(sep: str) -> None:
    assert normalize(sep.join("非法集资")) == "非法集资"


def test_zero_width_characters_go_anywhere() -> None:
    text = "非法\u200b集资，涉嫌\u200d非\ufeff法"
    normed = normalise(text)
    assert normed.text == "非法集资，涉嫌非法"
    assert normed.source(0, 4) == "非法\u200b集资"


def test_offset_map_of_a_collapsed_run() -> None:
    text = "甲说：非 法 集 资！"
    normed = normalise(text)
    assert normed.text == "甲说：非法集资！"
    assert list(normed.origin or []) == [0, 1, 2, 3, 5, 7, 9, 10]
    assert normed.span(3, 7) == (3, 10)  # the run, inner spaces included
    assert normed.span(4, 5) == (5, 6)  # one character inside it
    assert normed.span(7, 8) == (10, 11)
    assert normed.span(8, 8) == (11, 11)  # the end of the text
    assert normed.position(4) == 4 and normed.position(5) == 4 and normed.position(10) == 7


def test_mixed_forms() -> None:
    text = "Ｐ２Ｐ平台搞非－法－集－資和龐 氏 騙 局"
    assert normalize(text) == "p2p平台搞非法集资和庞氏骗局"


@pytest.mark.parametrize(
    "text",
    [
        "2019-06-05 10:30",
        "a. b",
        "好。 然后他说",
        "北京 上海 广州",
        "北京 - 上海 - 广州",
        "3.5% 至 4.2%",
        "see http://example.com/a-b_c.html or mail a.b@c.d",
        "(文/图 刘玺东 易赛)",
        "第一章 总 则",
        "**南生论坛** 和 **南生运营**",
        "非法 集资",  # two words, not a spaced-out run
        "中 国",  # two single characters are not enough
        "唐纳德·特朗普",
        "普通新闻：公司营业收入同比增长。\n第二段",
    ],
)
def test_normal_text_is_left_alone(text: str) -> None:
    normed = normalise(text)
    assert normed.text == text
    assert normed.origin is None


def test_upper_case_ascii_folds_to_lower() -> None:
    assert normalize("A. B, CEO") == "a. b, ceo"


def test_newline_never_separates() -> None:
    assert normalize("非\n法\n集\n资") == "非\n法\n集\n资"
    assert normalize("平 安 大\n华 财 富") == "平安大\n华财富"


def test_odd_input() -> None:
    assert normalise("").text == ""
    assert normalise("\ud800集資\udfff").text == "\ud800集资\udfff"  # lone surrogates stay
    assert to_simplified("集資\x00龐氏") == "集资\x00庞氏"
    assert collapse("no separators here") == ("no separators here", None)


# --- through the analyzer ------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        "非法集資",
        "非 法 集 资",
        "非-法-集-资",
        "非.法.集.资",
        "非*法*集*资",
        "非·法·集·资",
        "非_法_集_资",
        "非/法/集/资",
        "非|法|集|资",
        "非~法~集~资",
        "非\u3000法\u3000集\u3000资",
        "非\u200b法\u200b集\u200b资",
        "非－法－集－資",
        "非 法 集 資",
    ],
)
def test_every_form_matches_the_plain_term(analyzer: Analyzer, form: str) -> None:
    text = PLAIN.replace("非法集资", form)
    plain = analyzer.analyze(PLAIN)
    result = analyzer.analyze(text)
    assert "非法集资" in plain.terms
    assert result.terms == plain.terms
    assert result.score == pytest.approx(plain.score)
    assert form in _term_span(analyzer, text, "非法集资")  # the spelled form, all of it
    for ev in result.evidence:
        assert text[ev.start : ev.end] in ev.snippet


def test_traditional_term_offsets(analyzer: Analyzer) -> None:
    text = "這是一個龐氏騙局，平台老闆已經跑路。"
    assert {"庞氏骗局", "跑路"} <= set(_terms(analyzer, text))
    assert _term_span(analyzer, text, "庞氏骗局") == "龐氏騙局"
    assert _term_span(analyzer, text, "跑路") == "跑路"


def test_offsets_after_a_collapsed_run(analyzer: Analyzer) -> None:
    text = "该平台非 法 集 资多年，现在老板跑路了。"
    assert _term_span(analyzer, text, "跑路") == "跑路"


def test_title_evidence_points_into_the_original_title(analyzer: Analyzer) -> None:
    title = "關於龐 氏 騙 局的通報"
    text = "某公司涉嫌非 法 集 资，平台老板跑路。"
    result = analyzer.analyze(text, title=title)
    (in_title,) = [e for e in result.evidence if e.label == "title"]
    assert title[in_title.start : in_title.end] == "龐 氏 騙 局"
    body = {e.term: text[e.start : e.end] for e in result.evidence if e.label == "term"}
    assert body["跑路"] == "跑路"
    assert "非 法 集 资" in body["非法集资"]


def test_full_width_yield(analyzer: Analyzer) -> None:
    text = "该平台承诺年化收益率１８％，另有产品年化１２．５％－１５％。"
    result = analyzer.analyze(text)
    assert result.yields == analyzer.analyze("承诺年化收益率18%，另有产品年化12.5%-15%").yields
    assert result.yields[:2] == [18.0, 12.5]
    assert result.yield_flag
    (ev,) = [e for e in result.evidence if e.rule == "yield_above_line"]
    assert text[ev.start : ev.end] == "年化收益率１８％"
    assert text[ev.start : ev.end] in ev.snippet


def test_spaced_yield_keeps_offsets(analyzer: Analyzer) -> None:
    text = "他说：这 个 平 台很好，承诺年化收益率１８％。"
    (ev,) = [e for e in analyzer.analyze(text).evidence if e.rule == "yield_above_line"]
    assert text[ev.start : ev.end] == "年化收益率１８％"


def test_watched_name_mention_keeps_the_original_spelling(watch_analyzer: Analyzer) -> None:
    text = "鑫 盛 源 平台老闆跑路，投資人無法提現。"
    result = watch_analyzer.analyze(text)
    (mention,) = [m for m in result.mentions if m.name == "鑫盛源财富管理有限公司"]
    assert mention.mention == "鑫 盛 源"
    assert mention.on_watchlist


def test_explain_offsets_are_original(analyzer: Analyzer) -> None:
    text = "某公司涉嫌非 法 集 资，平台老板跑路。"
    hits = {h["term"]: h for h in analyzer.explain(text)["hits"]}
    assert text[hits["跑路"]["start"] : hits["跑路"]["end"]] == "跑路"
    assert "非 法 集 资" in text[hits["非法集资"]["start"] : hits["非法集资"]["end"]]


def test_traditional_and_full_width_keyword_forms(write: Writer) -> None:
    category = "{id: d, label: 兑付危机, description: 测试, weight: 2, terms: [龐氏騙局, ＸＹ爆雷]}"
    path = write(f"id: demo\nlabel: 演示\ncategories: [{category}]\n", "set.yaml")
    analyzer = Analyzer.from_files([path], None, AnalyzerConfig())
    text = "这是庞氏骗局，xy爆雷了。"
    assert set(_terms(analyzer, text)) == {"龐氏騙局", "ＸＹ爆雷"}


# --- properties ----------------------------------------------------------------------

PIECES = [
    "非法集资",
    "非 法 集 资",
    "非-法-集-资",
    "龐氏騙局",
    "Ｐ２Ｐ",
    "年化收益１８％",
    "跑路",
    "平台",
    "老闆",
    "，",
    "。",
    " ",
    "  ",
    "-",
    ".",
    "\u200b",
    "\u3000",
    "\n",
    "2019-06-05",
    "a",
    "Z",
    "甲",
    "乙",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=80))
def test_offsets_always_map_inside_the_original(text: str) -> None:
    normed = normalise(text)
    size = len(normed.text)
    assert size <= len(text)
    if normed.origin is None:
        assert size == len(text)
    else:
        origin = list(normed.origin)
        assert len(origin) == size
        assert all(0 <= a < b < len(text) for a, b in pairwise(origin))
        assert all(0 <= o < len(text) for o in origin)
        dropped = set(range(len(text))) - set(origin)
        assert all(text[i] in SEPARATORS for i in dropped)  # only separators are deleted
    for start in range(size + 1):
        for end in range(start, min(size, start + 6) + 1):
            lo, hi = normed.span(start, end)
            assert 0 <= lo <= hi <= len(text)
            if end > start:
                assert hi > lo
        assert normed.position(normed.start(start)) == start


SIMPLE = "公司平台投资人老板理财收益风险银行提现报道记者今天我们他的了是在有"
SAFE = SIMPLE + "abcxyz0123456789，。！？：；（）、“”%\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(SAFE), max_size=200))
def test_nothing_to_normalise_is_unchanged(text: str) -> None:
    normed = normalise(text)
    assert normed.text == text
    assert normed.origin is None


WORD = st.text(alphabet=st.sampled_from(SIMPLE), min_size=2, max_size=5)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=12), st.sampled_from([" ", "-", "/", "·", " | "]))
def test_separated_words_are_unchanged(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert normalise(text).text == text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=25).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
)
def test_analyzer_evidence_lies_in_the_original(analyzer: Analyzer, text: str, title: str) -> None:
    result = analyzer.analyze(text, title=title)
    for ev in result.evidence:
        assert 0 <= ev.start <= ev.end <= max(len(text), len(title))
        if ev.kind == "term":
            spelled = (title if ev.in_title else text)[ev.start : ev.end]
            assert spelled and spelled[0] not in SEPARATORS and spelled[-1] not in SEPARATORS
            assert spelled in ev.snippet
