"""The enterprises stage's tuned helpers give exactly what the plain references give.

``tests/keywords/enterprise_reference`` holds the helpers as they were before they
were made faster (per-document tables instead of per-pair scans, bisection instead of
scans of the text); here both run on generated documents and must agree exactly: the
same pairs in the same order, the same floats.  Every text is written for the test
(fictional names).
"""

from __future__ import annotations

import random

import pytest

from keywords import Analyzer
from keywords.identity import bracketed, differs, operates, same_enterprise
from keywords.pipeline.verdict import Verdict
from keywords.scoring import MentionEvidence, enterprise_raw
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
            pool = rng.choice((JOINED, JOINED, RISK, PLAIN))
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
