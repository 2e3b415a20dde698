"""The fast feature code gives exactly what the plain reference loops give.

The shipped models were trained on the features of ``tests/keywords/feature_reference``'s
loops; the package computes them faster (bisect tables, numpy gaps, memoised names).
Here both run on a few hundred generated documents and must agree feature by feature,
in the same order, with the same values, and the models' scores must be the same floats.
Every text is written for the test.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from keywords import Analyzer
from keywords.candidates import Candidate
from keywords.candidates.scanned import spot_candidates
from keywords.configure import build_analyzer
from keywords.learned_features import entity_views
from keywords.learned_hash import HashedRows, Rows, char_grams, named_rows
from keywords.pipeline.learned import LEARNED_CHARS
from keywords.pipeline.verdict import Verdict
from keywords.reranker import entity_inputs
from keywords.subject import MAX_CHARS, SubjectRanker, doc_info
from keywords.subject_features import DocInfo, candidate_hashes
from keywords.tagger import shared_tagger
from tests.keywords import feature_reference as reference
from tianluo.settings import load_settings

NAMES = [
    "鑫汇财富投资管理有限公司",
    "鑫汇财富",
    "恒远商贸有限公司",
    "恒远",
    "金盾理财平台",
    "聚鑫宝",
    "华信普惠(上海)有限公司",
    "ABC金服",
    "蓝海控股集团",
    "e路通APP",
    "“福满仓”",
    "《理财周刊》",
]
RISK = [
    "{n}涉嫌非法吸收公众存款，警方已立案侦查。",
    "投资人反映{n}近期提现困难，老板已经失联。",
    "{n}承诺年化收益18%，保本保息，稳赚不赔。",
    "据{n}报道，多名会员发展下线拉人头返利。",
    "@{n} 的客服称兑付将延期，维权群人数过千。",
    "{n}旗下{m}被曝资金池运作，已经暴雷跑路。",
    "#{n}#话题下有人投诉{m}虚假宣传高息揽储。",
]
PLAIN = [
    "{n}今日发布公告称，第三季度营业收入同比增长。",
    "市教育局召开会议，部署秋季开学工作。",
    "{n}与{m}签署战略合作协议，共建产业园。",
    "气象台预计未来三天以多云天气为主；最高气温二十八度！",
    "记者从{n}获悉，新门店将于年底开业?",
    "球队在主场以二比一战胜对手，暂列积分榜第三位。",
]


def _documents(count: int, seed: int = 11) -> list[tuple[str, str]]:
    """(title, text) pairs: a few risk and plain sentences naming the made-up enterprises."""
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 6)):
            pattern = rng.choice(RISK if rng.random() < 0.5 else PLAIN)
            parts.append(pattern.format(n=rng.choice(NAMES), m=rng.choice(NAMES)))
        title = rng.choice(["", "", rng.choice(NAMES) + "回应质疑", "关于" + rng.choice(NAMES)])
        docs.append((title, "".join(parts)))
    return docs


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    config = tmp_path_factory.mktemp("identity") / "tianluo.yaml"
    config.write_text("analysis:\n  models: shipped\n", encoding="utf-8")
    return build_analyzer(load_settings(config, environ={}))


@pytest.fixture(scope="module")
def verdicts(shipped: Analyzer) -> list[Verdict]:
    return [shipped.run(text, title=title) for title, text in _documents(300)]


def _same_rows(a: Rows, b: Rows) -> bool:
    return (
        a.width == b.width
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.array_equal(a.data, b.data)
    )


def _subject_inputs(verdict: Verdict) -> tuple[str, list[Candidate], DocInfo]:
    text = (verdict.request.text or "")[:MAX_CHARS]
    info = doc_info(verdict)
    info = DocInfo(tuple(p for p in info.evidence if p < len(text)), info.mentions)
    tokens = shared_tagger().tokens(text)  # the shipped ranker tags the lead
    return text, spot_candidates(text, info.mentions, tokens), info


def _hashed(text: str, cands: list[Candidate], info: DocInfo, buckets: int) -> Rows:
    rows = HashedRows()
    candidate_hashes(text, cands, info, rows)
    return rows.rows(buckets)


def _reference_rows(text: str, cands: list[Candidate], info: DocInfo, buckets: int) -> Rows:
    return reference.named_rows(reference.candidate_features(text, cands, info), buckets)


def test_candidate_hashes_are_the_reference_features(verdicts: list[Verdict]) -> None:
    compared = 0
    for buckets in (1 << 18, 1 << 32):  # 1 << 32: the whole crc32 of every name
        for verdict in verdicts:
            text, cands, info = _subject_inputs(verdict)
            fast, slow = (
                _hashed(text, cands, info, buckets),
                _reference_rows(text, cands, info, buckets),
            )
            assert _same_rows(fast, slow), text
            compared += len(cands)
    assert compared > 2000  # the generated texts propose many candidates


def test_candidate_hashes_in_one_batch_are_the_reference_rows(verdicts: list[Verdict]) -> None:
    rows = HashedRows()
    named: list[dict[str, float]] = []
    for verdict in verdicts:
        text, cands, info = _subject_inputs(verdict)
        candidate_hashes(text, cands, info, rows)
        named += reference.candidate_features(text, cands, info)
    assert rows.count == len(named)
    assert _same_rows(rows.rows(1 << 18), reference.named_rows(named, 1 << 18))
    assert _same_rows(HashedRows().rows(16), reference.named_rows([], 16))


def test_candidate_hashes_on_odd_texts() -> None:
    """Edges of the text, repeated names and contexts, no evidence, mentions or risk words."""
    for text in (
        "恒远商贸有限公司今日开业。",
        "甲乙丙丁",
        "蓝海控股集团与蓝海控股集团合作，蓝海控股",
        "蓝海控股涉嫌诈骗，蓝海控股涉嫌集资，“蓝海控股”",
        "ABC金服、e路通、*ST新材(600123)被立案。ABC金服",
        "（北京）饭饭投资管理(嘉兴)有限公司跑路\n饭饭投资管理(嘉兴)有限公司",
    ):
        for info in (
            DocInfo(),
            DocInfo((0, 3), ("蓝海控股",)),
            DocInfo((5,), ("不在文中", "ABC金服")),
        ):
            cands = spot_candidates(text, info.mentions)
            for buckets in (1 << 12, 1 << 32):
                fast, slow = (
                    _hashed(text, cands, info, buckets),
                    _reference_rows(text, cands, info, buckets),
                )
                assert _same_rows(fast, slow), text


def test_named_rows_are_the_reference_rows(verdicts: list[Verdict]) -> None:
    rows = [f for v in verdicts for f in reference.candidate_features(*_subject_inputs(v))]
    for buckets in (1 << 12, 1 << 18):
        assert _same_rows(named_rows(rows, buckets), reference.named_rows(rows, buckets))
    assert _same_rows(named_rows([], 16), reference.named_rows([], 16))
    assert _same_rows(named_rows([{}, {"a": 2}], 16), reference.named_rows([{}, {"a": 2}], 16))


ODD_TEXTS = [
    "",
    "a",
    "ab\x00c",
    "\x00\x00",
    " ",
    "平台跑路了",
    "😀提现😀",
    "ABC金服 e路通APP",
    "ab" * 700,
]
"""Texts at the edges of ``char_grams``: empty, shorter than a gram, NUL inside, astral
code points, one long repeat."""


def test_char_grams_are_the_reference_grams(verdicts: list[Verdict]) -> None:
    texts = [v.need_texts().full[:LEARNED_CHARS] for v in verdicts]
    news = ["".join(texts[i : i + 30])[:LEARNED_CHARS] for i in range(0, len(texts), 30)]
    batches = [texts[i : i + 64] for i in range(0, len(texts), 64)]
    batches += [news, news[:1], texts[:1], ODD_TEXTS, [*ODD_TEXTS, *texts[:20]], [""]]
    for batch in batches:
        for low, high, buckets in ((1, 3, 1 << 16), (2, 4, 1 << 10), (1, 1, 1), (3, 5, 1 << 20)):
            fast = char_grams(batch, low, high, buckets)
            assert _same_rows(fast, reference.char_grams(batch, low, high, buckets))
    wide = [*ODD_TEXTS, *news]  # len(wide) << 30 keys need 64 bits
    assert _same_rows(char_grams(wide, 1, 3, 1 << 30), reference.char_grams(wide, 1, 3, 1 << 30))
    assert _same_rows(char_grams([], 1, 3, 1 << 16), reference.char_grams([], 1, 3, 1 << 16))


def test_subject_scores_are_the_reference_scores(
    shipped: Analyzer, verdicts: list[Verdict]
) -> None:
    ranker = shipped.config.subject
    assert isinstance(ranker, SubjectRanker)
    docs = [(v.request.text or "", doc_info(v)) for v in verdicts]
    ranked = ranker.rank_many(docs)
    for verdict, got in zip(verdicts, ranked, strict=True):
        text, cands, info = _subject_inputs(verdict)
        if not cands:
            assert got == []
            continue
        rows = reference.named_rows(reference.candidate_features(text, cands, info), ranker.buckets)
        z = rows.dot(ranker.column)[:, 0] + ranker.intercept
        probs = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        assert sorted(got) == sorted((c.name, float(p)) for c, p in zip(cands, probs, strict=True))


def test_entity_views_and_scores_are_the_reference_ones(
    shipped: Analyzer, verdicts: list[Verdict]
) -> None:
    reranker = shipped.config.reranker
    assert reranker is not None and reranker.entity is not None
    compared = 0
    for verdict in verdicts:
        texts = verdict.need_texts()
        body = texts.full[texts.base : texts.base + LEARNED_CHARS]
        names = [*(m.name for m in verdict.mentions), "恒远", "不在文中的名字", ""]
        result = verdict.result()
        fast = entity_views(body, texts.title, names, result)
        slow = reference.entity_views(body, texts.title, names, result)
        assert [(v.name, list(v.named.items()), v.context) for v in fast] == [
            (name, list(named.items()), context) for name, named, context in slow
        ]
        named, contexts = entity_inputs(fast, verdict.probability)
        slow_named = [{**n, "doc_probability": verdict.probability} for _, n, _ in slow]
        assert np.array_equal(
            reranker.entity.probabilities(named, contexts),
            reranker.entity.probabilities(slow_named, [c for _, _, c in slow]),
        )
        compared += len(fast)
    assert compared > 600
