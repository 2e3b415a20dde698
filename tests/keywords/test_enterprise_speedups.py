"""The enterprises stage's tuned helpers give exactly what the plain references give.

``tests/keywords/enterprise_reference`` holds the helpers as they were before they
were made faster (per-document tables instead of per-pair scans, bisection instead of
scans of the text); here both run on generated documents and must agree exactly: the
same pairs in the same order, the same floats.  Every text is written for the test
(fictional names).
"""

from __future__ import annotations

import bisect
import random

import pytest

from keywords import Analyzer
from keywords.candidates import Candidate
from keywords.candidates.segmented import _after_keywords, longest_first
from keywords.identity import bracketed, differs, find_products, operates, same_enterprise
from keywords.names import (
    _distinct_chars,
    _tokens,
    _without_places,
    core_tokens,
    distinctive,
    org_suffix,
)
from keywords.pipeline.verdict import Verdict
from keywords.scoring import MentionEvidence, Scored, enterprise_raw
from tests.keywords import enterprise_reference as reference

BRANDS = ["金穗宝", "禾丰贷", "云杉宝", "福满仓", "e路通", "蓝湖鼎盛", "鸿锦"]
OPERATORS = [
    "金穗源投资管理有限公司",
    "禾丰控股集团",
    "云杉信息科技有限公司",
    "蓝湖鼎盛咨询公司",
    "鸿锦国际有限公司",
    "云南鸿锦旅游公司",
    "华信普惠(上海)有限公司",
]
JOINED = [
    "{b}平台运营方为{o}，目前无法提现。",
    "{b}平台的实际运营主体是“{o}”。",
    "{o}旗下的{b}平台逾期兑付。",
    "{o}旗下{b}理财平台被曝资金池运作。",
    "{o}旗下的{p}发布公告。",
    "{p}由{o}运营。",
    "{b}由{o}运营，已停止兑付。",
    "{b}平台系由{o}负责运营。",
    "{o}运营的{b}平台涉嫌非法集资。",
    "{o}（{b}）承诺年化收益18%，保本保息。",
    "{b}({o})近期提现困难。",
    "{o}成都分公司涉嫌集资，{b}总部称不知情。",
    "{o}声明，近期诈骗的{b}与本公司无关。",
    "有人冒用{o}名义推销{b}产品。",
]
RISK = [
    "{b}涉嫌非法吸收公众存款，警方已立案侦查。",
    "投资人反映{o}近期提现困难，老板已经失联！",
    "{b}承诺年化收益18%，稳赚不赔；维权群人数过千。",
    "多名会员称{o}发展下线拉人头返利?",
]
FOUND = [
    "警方通报，上海某投资管理有限公司涉嫌非法吸收公众存款罪。",
    "“{b}”理财平台承诺保本，此后{o}老板失联。",
    "鲁信创投(600783)公告称，{b}系平台已经暴雷。",
    "#{b}#话题下有人投诉惠人贷商务顾问（北京）有限公司虚假宣传。",
    "{b}、聚富蛙、贸金所等多家平台提现困难。",
    "深圳一供应链公司涉嫌集资诈骗，成都有个钱妈妈理财平台跑路。",
    "涉嫌集资诈骗永鑫财富管理有限公司的6人被抓；【{b}】回应。",
    "接手合盘贷的对萨飞金服称，{o}与松鹤康养会员卡无关。",
    "该平台主推“月月盈”“双季丰”等产品，鑫盛宝·季季享年化18%。",
    "青禾康养以销售“颐年居床位”为名吸收资金，ppmoney也被点名。",
]
PLAIN = [
    "{o}今日发布公告称，第三季度营业收入同比增长。",
    "市教育局召开会议，部署秋季开学工作。",
    "气象台预计未来三天以多云天气为主\n最高气温二十八度。",
    "记者从{b}获悉，新门店将于年底开业。",
]


def _documents(count: int, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 8)):
            pool = rng.choice((JOINED, JOINED, FOUND, RISK, PLAIN))
            pattern = rng.choice(pool)
            parts.append(
                pattern.format(
                    b=rng.choice(BRANDS), o=rng.choice(OPERATORS), p=rng.choice(OPERATORS)
                )
            )
        docs.append("".join(parts))
    return docs


DOCS = _documents(400)


def _names(text: str, rng: random.Random) -> list[str]:
    """Some of the names, written in ``text`` or not, with their parts, sorted as the stage does."""
    names = {n for n in BRANDS + OPERATORS if n in text or rng.random() < 0.2}
    names |= {n[:4] for n in names if rng.random() < 0.3}
    return sorted(names)


def test_same_enterprise_is_the_reference() -> None:
    rng = random.Random(3)
    joined = 0
    for text in DOCS:
        names = _names(text, rng)
        got = same_enterprise(text, names)
        assert got == reference.same_enterprise(text, names), text
        joined += len(got)
    assert joined > 500  # the texts join many names, by every kind of link
    kinds = {why for text in DOCS for *_n, why in same_enterprise(text, _names(text, rng))}
    assert kinds == {"operator", "bracket", "contained"}


def test_pair_tests_are_the_reference_ones() -> None:
    rng = random.Random(4)
    for text in DOCS[:150]:
        names = _names(text, rng)
        for a in names:
            for b in names:
                assert operates(text, a, b) == reference.operates(text, a, b), (text, a, b)
                assert bracketed(text, a, b) == reference.bracketed(text, a, b), (text, a, b)
                if a in b:
                    assert differs(text, a, b) == reference.differs(text, a, b), (text, a, b)


@pytest.fixture(scope="module")
def verdicts(analyzer: Analyzer) -> list[Verdict]:
    return [analyzer.run(text) for text in DOCS]


def test_enterprise_raw_is_the_reference(verdicts: list[Verdict]) -> None:
    compared = 0
    for verdict in verdicts:
        text = verdict.need_matched().seg.text
        scored = list(verdict.scored)
        evidence = MentionEvidence(text, scored)
        spans = [(s, s + len(n)) for n in BRANDS + OPERATORS for s in _starts(text, n)]
        spans += [(s, s + 3) for s in range(0, len(text), 37)]
        for span in spans:
            assert enterprise_raw(evidence, span) == reference.enterprise_raw(text, span, scored)
            compared += 1
    assert compared > 3000
    assert sum(bool(v.scored) for v in verdicts) > 200  # most documents have evidence


def test_enterprise_raw_on_random_evidence() -> None:
    """Shared labels, one key under two components, weights that tie: still the same floats."""
    rng = random.Random(8)
    text = "".join(rng.choice("金穗宝涉嫌非法集资，。！\n") for _ in range(900))
    for _ in range(60):
        scored = []
        for _ in range(rng.randint(1, 40)):
            start = rng.randrange(880)
            scored.append(
                Scored(
                    rng.choice(["高息", "跑路", "a:b", "b"]),
                    rng.choice(["distress", "yield", "fraud"]),
                    rng.choice(["feature", "feature", "feature", "yield"]),
                    rng.choice(["term", "title", "a", "a:b"]),
                    start,
                    start + rng.randint(1, 6),
                    rng.choice([1.0, 2.0, 2.5, rng.random() * 4]),
                )
            )
        evidence = MentionEvidence(text, scored)
        for start in range(0, 890, 23):
            span = (start, start + rng.randint(2, 8))
            assert enterprise_raw(evidence, span) == reference.enterprise_raw(text, span, scored)


def test_enterprise_raw_without_evidence() -> None:
    evidence = MentionEvidence("金穗宝今日开业。", [])
    assert enterprise_raw(evidence, (0, 3)) == reference.enterprise_raw("金穗宝", (0, 3), []) == 0


def _starts(text: str, name: str) -> list[int]:
    out = []
    start = text.find(name)
    while start >= 0:
        out.append(start)
        start = text.find(name, start + 1)
    return out


def test_token_starts_are_the_walked_offsets(verdicts: list[Verdict]) -> None:
    """``_left_edge`` and ``_name_like`` bisect ``token_starts`` where they walked the block."""
    for verdict in verdicts[:150]:
        seg = verdict.need_matched().seg
        for pos in range(len(seg.text)):
            starts, tokens = seg.token_starts(pos)
            walked = reference.offsets(seg, pos)
            assert list(zip(starts, tokens, strict=True)) == walked
            for edge in range(walked[0][0], walked[-1][0] + 2):
                before = bisect.bisect_left(starts, edge)
                assert tokens[:before] == [t for s, t in walked if s < edge]


def test_longest_first_is_the_reference(verdicts: list[Verdict]) -> None:
    rng = random.Random(7)
    for verdict in verdicts:
        names = verdict.need_matched().names
        found = names.discovered([(0, len(names.seg.text))])
        found += [Candidate("x", [(s, s + rng.randint(0, 9))]) for s in rng.sample(range(200), 30)]
        rng.shuffle(found)
        assert longest_first(found) == reference.longest_first(found)


def test_keyword_cuts_products_and_name_cores_are_the_reference_ones(
    verdicts: list[Verdict],
) -> None:
    keywords = verdicts[0].need_matched().names.keywords
    assert isinstance(keywords, frozenset)
    cut = verdicts[0].need_matched().seg.cut
    suffixless = 0
    for number, verdict in enumerate(verdicts):
        text = verdict.need_matched().seg.text
        assert find_products(text) == reference.find_products(text)
        for start in range(0, len(text) - 2, 5):
            name = text[start : start + 14]
            assert _after_keywords(name, keywords) == reference.after_keywords(name, keywords)
            if number < 10:  # not a frozenset: every place and length is tried
                assert _after_keywords(name, sorted(keywords)) == reference.after_keywords(
                    name, keywords
                )
            core = core_tokens(name, cut)
            assert _distinct_chars(name, core) == distinctive(name, cut)
            if not org_suffix(name):  # plausible's core of a name without a suffix
                assert core == _without_places(_tokens(name, cut))
                suffixless += 1
    assert sum(bool(find_products(v.need_matched().seg.text)) for v in verdicts) > 50
    assert suffixless > 1000
