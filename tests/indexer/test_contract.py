"""The Store contract, run on every backend: SQLite, OpenSearch, and Elasticsearch if set."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from indexer.base import AlertRecord, CrawlRun, Store
from keywords.enterprise_score import (
    COMPLAINT_CATEGORIES,
    ENFORCEMENT_CATEGORIES,
    IndexParams,
    RiskInputs,
    assess,
    story_strength,
)
from tests.indexer.seed import T0, corpus, make_doc
from tianluo.models import Evidence, content_hash
from tianluo.timeutil import SHANGHAI

DAY = timedelta(days=1)
START = datetime(2026, 3, 2, tzinfo=SHANGHAI)
END = START + 4 * DAY


def seeded(store: Store) -> list:
    docs = corpus()
    result = store.upsert(docs)
    assert (result.created, result.updated, result.unchanged, result.failed) == (8, 0, 0, [])
    return docs


def ids(docs: list) -> list[int]:
    return [int(d.url.rsplit("/", 1)[-1]) for d in docs]


def edited(doc, content: str, **changes):
    return replace(doc, content=content, content_hash=content_hash(doc.title, content), **changes)


# -- documents -----------------------------------------------------------------
def test_upsert_is_idempotent_and_get_round_trips(store: Store) -> None:
    docs = seeded(store)
    again = store.upsert(docs)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 8)
    assert store.count() == 8
    assert store.get(docs[0].id) == docs[0]
    assert store.get("no-such-id") is None


def test_changed_content_hash_updates(store: Store) -> None:
    docs = seeded(store)
    changed = edited(docs[0], "更正：甲金融已退还投资款。")
    result = store.upsert([changed, *docs[1:]])
    assert (result.created, result.updated, result.unchanged) == (0, 1, 7)
    assert store.get(changed.id) == changed
    assert store.content_hashes([changed.id, docs[1].id, "missing"]) == {
        changed.id: changed.content_hash,
        docs[1].id: docs[1].content_hash,
    }
    assert store.count() == 8


def test_same_id_twice_in_one_call(store: Store) -> None:
    doc = corpus()[0]
    second = edited(doc, "第二个版本")
    result = store.upsert([doc, second, second])
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert store.get(doc.id) == second
    assert store.count() == 1


def test_update_in_a_later_month_keeps_one_copy(store: Store) -> None:
    early = make_doc(
        99,
        at=datetime(2026, 2, 27, 12, 0, tzinfo=SHANGHAI),
        title="二月旧闻",
        enterprises=(("甲金融", True, 1.0),),
    )
    store.upsert([early])
    late = edited(
        early,
        "三月更新：甲金融换成乙理财",
        crawled_at=T0,
        enterprises=["乙理财"],
        risk_enterprises=["乙理财"],
        mentions=[replace(early.mentions[0], name="乙理财", mention="乙理财")],
    )
    assert store.upsert([late]).updated == 1
    assert store.count() == 1
    assert store.count(since=START) == 1
    assert store.count(until=START) == 0
    assert store.get(early.id) == late
    assert store.count_by("enterprise") == {"乙理财": 1}
    names = [s.name for s in store.enterprise_scores(since=START - 30 * DAY, until=END)]
    assert names == ["乙理财"]


def test_windows_are_half_open_on_crawled_at(store: Store) -> None:
    seeded(store)
    assert store.count(since=T0, until=T0 + 2 * DAY) == 5
    assert store.count(since=T0 + 2 * DAY) == 3
    assert store.count(until=T0) == 0
    assert store.count(since=T0, until=T0) == 0
    assert store.count(risk=True) == 6
    assert store.count(risk=False, since=T0 + DAY) == 2


def test_documents_order_and_filters(store: Store) -> None:
    seeded(store)
    assert ids(store.documents(limit=3)) == [7, 8, 1]
    assert ids(store.documents(enterprise="乙理财")) == [3, 5]
    assert ids(store.documents(category="高息")) == [7, 8]
    assert ids(store.documents(source="news-a", risk=False)) == [6, 4]
    assert ids(store.documents(since=T0 + 2 * DAY)) == [7, 8, 6]
    assert ids(store.documents(event_types=["提现困难/兑付危机"])) == [3, 5]
    assert ids(store.documents(event_types=["失联跑路", "涉嫌非法集资"], limit=3)) == [7, 8, 1]
    assert ids(store.documents(event_types=["涉嫌传销"])) == []


def test_search_chinese_phrase(store: Store) -> None:
    seeded(store)
    assert sorted(ids(store.search("非法集资"))) == [1, 2]
    assert ids(store.search("高息揽储")) == [7, 8]  # title matches rank first
    assert sorted(ids(store.search("集资", enterprise="甲金融"))) == [1, 2]
    assert ids(store.search("非法集资", since=T0 + timedelta(hours=1))) == [2]
    assert ids(store.search("丁资本", event_types=["失联跑路"])) == [8]
    assert store.search("非法集资", event_types=["涉嫌传销"]) == []
    assert store.search("资集") == []  # the characters, but not as a phrase
    assert store.search("  ") == []


def test_an_enterprise_is_found_by_any_of_its_names(store: Store) -> None:
    docs = seeded(store)
    doc = make_doc(
        50,
        at=T0,
        title="庚源宝提现困难",
        content="庚源宝平台运营方为庚源财富管理有限公司，投资人无法提现。",
        enterprises=(("庚源财富管理有限公司", True, 70.0),),
    )
    doc.mentions[0].aliases = ["庚源宝", "庚源"]
    doc.mentions[0].mention = "庚源宝"
    doc.enterprise_aliases = ["庚源财富管理有限公司", "庚源宝", "庚源"]
    store.upsert([doc])
    for name in ("庚源财富管理有限公司", "庚源宝", "庚源"):
        assert ids(store.documents(enterprise=name)) == [50], name
        assert ids(store.search("无法提现", enterprise=name)) == [50], name
    assert store.count_by("enterprise")["庚源财富管理有限公司"] == 1  # one canonical name
    assert "庚源宝" not in store.count_by("enterprise")
    assert store.count_by("enterprise_alias")["庚源宝"] == 1
    assert store.get(doc.id) == doc  # aliases round-trip
    # a record made without enterprise_aliases is still found by its names
    plain = sorted(ids([d for d in docs if "甲金融" in d.enterprises]))
    assert plain and all(not d.enterprise_aliases for d in docs)
    assert sorted(ids(store.documents(enterprise="甲金融"))) == plain


# -- aggregations ----------------------------------------------------------------
def test_summary(store: Store) -> None:
    seeded(store)
    summary = store.summary(since=T0, until=T0 + 2 * DAY)
    assert (summary.documents, summary.risk_documents, summary.sources) == (5, 4, 3)
    assert (summary.enterprises, summary.risk_enterprises) == (3, 2)


def test_count_by(store: Store) -> None:
    seeded(store)
    enterprises = store.count_by("enterprise")
    assert enterprises == {"甲金融": 3, "丁资本": 2, "乙理财": 2, "丙科技": 1}
    assert list(enterprises) == ["甲金融", "丁资本", "乙理财", "丙科技"]
    assert store.count_by("enterprise", limit=1) == {"甲金融": 3}
    assert store.count_by("risk_enterprise") == {"甲金融": 2, "乙理财": 2, "丁资本": 2}
    assert store.count_by("source") == {"news-a": 3, "news-b": 3, "forum-c": 2}
    assert store.count_by("category", risk=True) == {"非法集资": 3, "逾期": 2, "高息": 2}
    terms = store.count_by("term", since=T0, until=T0 + DAY)
    assert terms == {"非法集资": 2, "报案": 1, "逾期": 1, "提现困难": 1}
    event_types = store.count_by("event_type")  # doc 6 has none (stored before event types)
    assert event_types == {"涉嫌非法集资": 3, "提现困难/兑付危机": 2, "业绩下滑": 1, "失联跑路": 1}
    assert store.count_by("event_type", risk=False) == {"业绩下滑": 1}
    distress = ["提现困难/兑付危机", "失联跑路"]
    assert store.count_by("enterprise", event_types=distress) == {
        "乙理财": 2,
        "丁资本": 1,
        "甲金融": 1,
    }
    assert store.count_by("source", event_types=["涉嫌非法集资"], since=T0 + DAY) == {"forum-c": 1}
    clusters = store.count_by("cluster")
    assert (clusters["c1"], clusters["c5"], clusters["c2"]) == (2, 2, 1)


def test_first_seen(store: Store) -> None:
    seeded(store)
    since, until = T0 + DAY, T0 + 3 * DAY
    assert store.first_seen("enterprise", since=since, until=until) == {
        "丙科技": T0 + DAY,
        "丁资本": T0 + 2 * DAY + timedelta(hours=1),
    }
    assert store.first_seen("enterprise", category="高息", since=since, until=until) == {
        "丁资本": T0 + 2 * DAY + timedelta(hours=1)
    }
    sources = store.first_seen("source", since=T0 + timedelta(hours=1), until=T0 + DAY)
    assert sources == {"news-b": T0 + timedelta(hours=2), "forum-c": T0 + timedelta(hours=3)}
    assert store.first_seen("event_type", since=since, until=until) == {
        "业绩下滑": T0 + DAY,
        "失联跑路": T0 + 2 * DAY + timedelta(hours=15, minutes=30),
    }


def test_first_seen_among_some_event_types(store: Store) -> None:
    seeded(store)
    since, until = T0 + DAY, T0 + 3 * DAY
    distress = ["提现困难/兑付危机", "失联跑路"]
    # 丁资本 is first seen at doc 7 (涉嫌非法集资); its first distress document is doc 8
    ding = {"丁资本": T0 + 2 * DAY + timedelta(hours=15, minutes=30)}
    assert store.first_seen("enterprise", since=since, until=until, event_types=distress) == ding
    # 乙理财 and 甲金融 had a distress document (doc 3) before the window: not new
    everything = store.first_seen("enterprise", since=T0, until=END, event_types=distress)
    assert everything == {
        **ding,
        "乙理财": T0 + 3 * timedelta(hours=1),
        "甲金融": T0 + 3 * timedelta(hours=1),
    }
    high = store.first_seen(
        "enterprise", category="高息", since=T0, until=END, event_types=["失联跑路"]
    )
    assert high == ding
    assert store.first_seen("risk_enterprise", since=T0, until=END, event_types=["涉嫌传销"]) == {}
    sources = store.first_seen("source", since=since, until=until, event_types=distress)
    assert sources == {"news-b": T0 + DAY + timedelta(hours=5)}  # forum-c's was doc 3


def test_daily_counts_use_shanghai_days(store: Store) -> None:
    seeded(store)
    counts = store.daily_counts("enterprise", ["甲金融", "丁资本", "无名"], since=START, until=END)
    assert counts == {
        "甲金融": {date(2026, 3, 2): 3},
        "丁资本": {date(2026, 3, 4): 1, date(2026, 3, 5): 1},
        "无名": {},
    }
    risky = store.daily_counts("enterprise", ["丙科技"], since=START, until=END, risk=True)
    assert risky == {"丙科技": {}}
    assert store.daily_counts("term", [], since=START, until=END) == {}
    fundraising = store.daily_counts("event_type", ["涉嫌非法集资"], since=START, until=END)
    assert fundraising == {"涉嫌非法集资": {date(2026, 3, 2): 2, date(2026, 3, 4): 1}}
    ding = store.daily_counts(
        "risk_enterprise", ["丁资本"], since=START, until=END, event_types=["失联跑路"]
    )
    assert ding == {"丁资本": {date(2026, 3, 5): 1}}


def test_enterprise_scores(store: Store) -> None:
    seeded(store)
    scores = store.enterprise_scores(since=START, until=END)
    assert [s.name for s in scores] == ["丁资本", "甲金融", "乙理财", "丙科技"]
    ding, jia, yi, bing = scores
    # the figures, checked by hand against tests/indexer/seed.py (risk mentions only)
    hours = timedelta(hours=1)
    assert jia.inputs == RiskInputs(0.04, 1, 18.0, 0, 2, (T0 + 2 * hours).timestamp(), 0)
    assert yi.inputs.strength == pytest.approx(0.045)
    assert replace(yi.inputs, strength=0.045) == RiskInputs(
        0.045, 1, 12.0, 0, 2, (T0 + DAY + 5 * hours).timestamp(), 0
    )
    assert ding.inputs == RiskInputs(
        0.05, 2, 25.0, 0, 2, (T0 + 2 * DAY + 15.5 * hours).timestamp(), 0
    )
    assert bing.inputs == RiskInputs()
    for s in scores:
        expected = assess(s.inputs, END.timestamp())
        assert (s.score, s.level) == (expected.index, expected.level)
        assert s.components == pytest.approx(expected.components)
        assert 0 <= s.score <= 100
    assert (bing.score, bing.level) == (0.0, "none")
    assert ding.score > jia.score > yi.score > 0
    assert (jia.documents, jia.risk_documents, jia.sources, jia.stories) == (3, 2, 3, 1)
    assert (jia.on_watchlist, yi.on_watchlist) == (True, False)
    assert (jia.max_yield, yi.max_yield, ding.max_yield, bing.max_yield) == (18.0, 12.0, 25.0, None)
    assert jia.categories == {"非法集资": 2}
    assert ding.categories == {"非法集资": 1, "高息": 2}
    assert bing.categories == {}
    assert (yi.stories, bing.stories, bing.risk_documents) == (2, 0, 0)
    assert [s.name for s in store.enterprise_scores(since=START, until=END, limit=2)] == [
        "丁资本",
        "甲金融",
    ]
    only = store.enterprise_scores(since=START, until=END, names=["乙理财"])
    assert [(s.name, s.score) for s in only] == [("乙理财", yi.score)]


def test_enterprise_scores_of_some_event_types(store: Store) -> None:
    seeded(store)
    everything = {s.name: s for s in store.enterprise_scores(since=START, until=END)}
    distress = ["提现困难/兑付危机", "失联跑路"]
    scores = store.enterprise_scores(since=START, until=END, event_types=distress)
    by_name = {s.name: s for s in scores}
    assert sorted(by_name) == ["丁资本", "乙理财", "甲金融"]  # 丙科技 has no such document
    for s in scores:
        expected = assess(s.inputs, END.timestamp())
        assert (s.score, s.level) == (expected.index, expected.level)
    # every document naming 乙理财 is a distress one: its figures are the same
    yi = by_name["乙理财"]
    assert (yi.score, yi.inputs, yi.documents) == (
        everything["乙理财"].score,
        everything["乙理财"].inputs,
        everything["乙理财"].documents,
    )
    ding = by_name["丁资本"]  # doc 8 only: no yield, 高息 only
    assert (ding.documents, ding.risk_documents, ding.max_yield) == (1, 1, None)
    assert ding.categories == {"高息": 1}
    assert ding.inputs.strength == pytest.approx(story_strength(4.5))
    assert 0 < ding.score < everything["丁资本"].score
    jia = by_name["甲金融"]  # named in doc 3, not at risk there
    assert (jia.documents, jia.risk_documents, jia.score) == (1, 0, 0.0)
    only = store.enterprise_scores(since=START, until=END, names=["丁资本"], event_types=distress)
    assert [(s.name, s.score) for s in only] == [("丁资本", ding.score)]
    assert store.enterprise_scores(since=START, until=END, event_types=["涉嫌传销"]) == []


def test_cluster_reach(store: Store) -> None:
    seeded(store)
    assert store.cluster_reach(["c1", "c5", "c2", "c9", ""]) == {"c1": 2, "c5": 2, "c2": 1}
    assert store.cluster_reach([]) == {}


# -- crawl runs and alerts ---------------------------------------------------------
def test_crawl_runs(store: Store) -> None:
    first = CrawlRun(
        "news-a",
        T0,
        T0 + timedelta(minutes=3),
        pages=10,
        items=8,
        errors={"timeout": 2},
        bytes=12345,
        last_success=T0 + timedelta(minutes=3),
    )
    second = CrawlRun(
        "forum-c", T0 + DAY, T0 + DAY + timedelta(minutes=1), pages=2, status="failed"
    )
    store.record_crawl_run(first)
    store.record_crawl_run(second)
    assert store.crawl_runs() == [second, first]
    assert store.crawl_runs(since=T0 + timedelta(hours=1)) == [second]


def test_alert_history_upserts_by_id(store: Store) -> None:
    alert = AlertRecord(
        id="a1",
        rule="spike",
        key="甲金融",
        severity="high",
        channel="email",
        title="甲金融舆情激增",
        body="过去一小时 12 篇",
        created_at=T0,
        status="pending",
        documents=["d1", "d2"],
        extra={"count": 12},
    )
    store.record_alert(alert)
    sent = replace(alert, status="sent", sent_at=T0 + timedelta(minutes=1), attempts=1)
    store.record_alert(sent)
    other = replace(
        alert, id="a2", rule="new_term", created_at=T0 + DAY, status="failed", error="SMTP 550"
    )
    store.record_alert(other)
    assert store.alert_history() == [other, sent]
    assert store.alert_history(rule="spike") == [sent]
    assert store.alert_history(limit=1) == [other]


CATEGORY_POOL = [
    *COMPLAINT_CATEGORIES[:2],
    *ENFORCEMENT_CATEGORIES,
    "distress",
    "promise_return",
    "high_yield",
    "pyramid",
]


def varied_corpus(rng: random.Random) -> list:
    """Sixty documents naming five enterprises, with categories, yields and reprints."""
    names = ["甲金融", "乙理财", "丙科技", "丁资本", "戊财富"]
    docs = []
    for n in range(60):
        mentioned = rng.sample(names, rng.randint(1, 3))
        docs.append(
            make_doc(
                100 + n,
                at=T0 + timedelta(hours=rng.randint(0, 70), seconds=rng.randint(0, 3599)),
                source=rng.choice(["news-a", "news-b", "news-c", "forum-d", "p2p-e"]),
                enterprises=tuple(
                    (name, rng.random() < 0.5, round(rng.uniform(5, 95), 1)) for name in mentioned
                ),
                categories=tuple(rng.sample(CATEGORY_POOL, rng.randint(0, 3))),
                cluster=f"k{rng.randint(0, 14)}",
                yield_max=rng.choice([None, None, 6.0, 15.0, 36.0]),
            )
        )
    return docs


def expected_inputs(docs: list) -> dict[str, RiskInputs]:
    """RiskInputs per enterprise, counted document by document (no store)."""
    tops: dict[str, dict[str, float]] = {}
    found: dict[str, dict[str, set]] = {}
    yields: dict[str, float] = {}
    last: dict[str, float] = {}
    for doc in docs:
        for m in doc.mentions:
            tops.setdefault(m.name, {})
            if not m.risk:
                continue
            tops[m.name][doc.cluster_id] = max(tops[m.name].get(doc.cluster_id, 0.0), m.score)
            sets = found.setdefault(m.name, {"cats": set(), "src": set(), "c": set(), "e": set()})
            sets["cats"] |= set(doc.categories)
            sets["src"].add(doc.source)
            if set(doc.categories) & set(COMPLAINT_CATEGORIES):
                sets["c"].add(doc.cluster_id)
            if set(doc.categories) & set(ENFORCEMENT_CATEGORIES):
                sets["e"].add(doc.cluster_id)
            if doc.yield_max is not None:
                yields[m.name] = max(yields.get(m.name, 0.0), doc.yield_max)
            last[m.name] = max(last.get(m.name, 0.0), doc.crawled_at.timestamp())
    out = {}
    for name, by_cluster in tops.items():
        sets = found.get(name, {"cats": set(), "src": set(), "c": set(), "e": set()})
        out[name] = RiskInputs(
            strength=sum(story_strength(t) for t in by_cluster.values()),
            categories=len(sets["cats"]),
            max_yield=yields.get(name),
            complaints=len(sets["c"]),
            sources=len(sets["src"]),
            last_risk=last.get(name),
            enforcement=len(sets["e"]),
        )
    return out


def test_enterprise_scores_follow_the_one_definition(store: Store) -> None:
    """Every backend computes keywords.enterprise_score's index and level, on a varied corpus."""
    docs = varied_corpus(random.Random(7))
    assert store.upsert(docs).created == len(docs)
    until = T0 + 4 * DAY
    expected = {
        name: assess(inputs, until.timestamp()) for name, inputs in expected_inputs(docs).items()
    }
    got = store.enterprise_scores(since=T0, until=until, limit=10)
    assert {s.name: s.score for s in got} == {n: e.index for n, e in expected.items()}
    assert {s.name: s.level for s in got} == {n: e.level for n, e in expected.items()}
    assert len({s.level for s in got}) >= 2  # the corpus reaches more than one level
    for s in got:
        assert s.components == pytest.approx(expected[s.name].components, abs=1e-6)
    assert [s.score for s in got] == sorted((s.score for s in got), reverse=True)


def test_levels_follow_the_configured_thresholds(
    store: Store, request: pytest.FixtureRequest, tmp_path
) -> None:
    """A store built with other thresholds and another yield line computes with them."""
    params = IndexParams(yield_base=1.0, yield_line=2.0, red=40.0, orange=20.0, yellow=10.0)
    kind = request.node.callspec.params["store"]
    if kind == "sqlite":
        from indexer.sqlite import SQLiteStore

        other: Store = SQLiteStore(tmp_path / "other.db", index_params=params)
    else:
        from tests.indexer.conftest import engine_store

        other = engine_store(kind, tmp_path / "spool-other", index_params=params)
        other.init()
    try:
        docs = varied_corpus(random.Random(11))
        other.upsert(docs)
        until = T0 + 4 * DAY
        inputs = expected_inputs(docs)
        got = other.enterprise_scores(since=T0, until=until, limit=10)
        for s in got:
            want = assess(inputs[s.name], until.timestamp(), params)
            assert (s.score, s.level) == (want.index, want.level)
        assert {s.level for s in got} <= {"red", "orange"}
    finally:
        if kind != "sqlite":
            from tests.indexer.conftest import drop_indices

            drop_indices(other)  # type: ignore[arg-type]
        other.close()


def test_typed_evidence_round_trips(store: Store) -> None:
    doc = corpus()[0]
    evidence = [
        Evidence("保本保息", "promise_return", "term", 2, 6, "某平台保本保息", 1.2, in_title=True),
        Evidence(
            "跑路", "distress", "term", 5, 7, "老板跑路", 0.4, damped_by="title_awareness:揭秘"
        ),
        Evidence("骗局", "complaints", "term", 0, 2, "骗局", 0.0, cancelled_by="awareness:揭秘"),
        Evidence("保本保息+年化收益", "promise_return", "rule", 1, 9, "…", 0.75, rule="high_yield"),
        Evidence("30%", "yield", "yield", 3, 6, "收益30%", 2.0, rule="yield_above_line"),
    ]
    typed = replace(doc, evidence=evidence)
    store.upsert([typed])
    assert store.get(doc.id) == typed
