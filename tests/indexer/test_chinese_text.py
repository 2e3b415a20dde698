"""Chinese-aware text on the real engines: a `match` for a Chinese phrase searches its
bigrams, so scattered characters never match and the phrase ranks first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from indexer.search import EngineStore
from indexer.search.mappings import (
    PLUGIN_TOKENIZERS,
    TEXT_ANALYZER,
    TEXT_SEARCH_ANALYZER,
    text_analysis,
)
from tests.indexer.conftest import drop_indices
from tests.indexer.seed import T0, make_doc
from tianluo.errors import StoreError

pytestmark = pytest.mark.engine

PHRASE_TWICE = "投资人反映平台提现困难，客服称提现困难将在三日内解决。"
PHRASE_ONCE = "平台公告称近期出现提现困难，正在处理。"
HALF = "社区为困难群众发放慰问金。"  # only the bigram 困难
SCATTERED = "提交材料后现金被困在账户，难以取出。"  # 提, 现, 困, 难 apart


@pytest.fixture()
def texts(engine: EngineStore) -> dict[str, str]:
    """Document id of each text, all indexed on the engine."""
    named = {"twice": PHRASE_TWICE, "once": PHRASE_ONCE, "half": HALF, "scattered": SCATTERED}
    docs = {
        name: make_doc(n, at=T0, content=text, title=f"测试{n}")
        for n, (name, text) in enumerate(named.items())
    }
    engine.upsert(list(docs.values()))
    return {doc.id: name for name, doc in docs.items()}


def search(engine: EngineStore, query: dict[str, Any]) -> list[tuple[str, float]]:
    answer = engine.client.request(
        "POST", f"/{engine.names.alias('docs')}/_search", body={"query": query, "size": 10}
    )
    return [(hit["_id"], hit["_score"]) for hit in answer["hits"]["hits"]]


def analyze(engine: EngineStore, analyzer: str, text: str) -> list[str]:
    index = engine.names.alias("docs")
    answer = engine.client.request(
        "POST", f"/{index}/_analyze", body={"analyzer": analyzer, "text": text}
    )
    return [token["token"] for token in answer["tokens"]]


def test_query_side_is_bigrams(engine: EngineStore) -> None:
    assert analyze(engine, TEXT_SEARCH_ANALYZER, "提现困难") == ["提现", "现困", "困难"]
    assert analyze(engine, TEXT_SEARCH_ANALYZER, "提") == ["提"]  # a lone character
    assert set(analyze(engine, TEXT_ANALYZER, "提现")) == {"提", "现", "提现"}


def test_match_never_matches_scattered_characters(
    engine: EngineStore, texts: dict[str, str]
) -> None:
    hits = [texts[i] for i, _ in search(engine, {"match": {"content": "提现困难"}})]
    assert "scattered" not in hits
    assert hits[:2] == ["twice", "once"]  # the phrase first, more often higher
    assert hits[2:] == ["half"]  # shares one bigram of four characters


def test_match_with_all_bigrams_and_match_phrase_find_only_the_phrase(
    engine: EngineStore, texts: dict[str, str]
) -> None:
    strict = {"match": {"content": {"query": "提现困难", "operator": "and"}}}
    assert {texts[i] for i, _ in search(engine, strict)} == {"twice", "once"}
    phrase = {"match_phrase": {"content": "提现困难"}}
    assert {texts[i] for i, _ in search(engine, phrase)} == {"twice", "once"}


def test_single_character_still_finds_its_documents(
    engine: EngineStore, texts: dict[str, str]
) -> None:
    hits = {texts[i] for i, _ in search(engine, {"match": {"content": "难"}})}
    assert hits == {"twice", "once", "half", "scattered"}


@pytest.mark.parametrize("kind", ["smartcn", "ik"])
def test_a_plugin_analysis_the_cluster_lacks_is_named(
    engine: EngineStore, tmp_path: Path, kind: str
) -> None:
    """storage.text_analysis smartcn/ik on a node without the plugin: a clear error naming
    the setting and the plugin, and nothing half-created under the prefix."""
    connected: Any = type(engine)  # OpenSearchStore or ElasticsearchStore: built from a URL
    other: EngineStore = connected(
        engine.client.url,
        index_prefix=f"{engine.names.prefix}x",
        spool_dir=tmp_path / "spool2",
        replicas=0,
        text_analysis=kind,
    )
    try:
        with pytest.raises(StoreError) as raised:
            other.init()
        message = str(raised.value)
        assert f"{other.backend}（{engine.client.url}）" in message
        assert f"storage.text_analysis 为 '{kind}'" in message
        assert PLUGIN_TOKENIZERS[kind][2] in message
        assert "storage.text_analysis: bigram" in message
        indices = other.client.request(
            "GET", f"/_cat/indices/{other.names.prefix}-*", params={"format": "json"}
        )
        assert indices == []
    finally:
        drop_indices(other)
        other.close()


def test_plugin_analysis_keeps_the_analyzer_names() -> None:
    """Switching storage.text_analysis changes tokenizers, never the fields' analyzers."""
    for kind in ("bigram", "smartcn", "ik"):
        analyzers = text_analysis(kind)["analyzer"]
        assert set(analyzers) == {TEXT_ANALYZER, TEXT_SEARCH_ANALYZER}
    assert text_analysis("ik")["analyzer"][TEXT_ANALYZER]["tokenizer"] == "ik_max_word"
    assert text_analysis("ik")["analyzer"][TEXT_SEARCH_ANALYZER]["tokenizer"] == "ik_smart"
