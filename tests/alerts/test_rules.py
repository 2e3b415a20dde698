"""Each rule type against a seeded SQLiteStore, windows judged by crawl time."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from alerts.rules import Rule, load_rules
from indexer.base import CrawlRun
from indexer.sqlite import SQLiteStore
from tests.alerts.conftest import NOW, make_doc, write_rule
from tianluo.models import StoredDocument


def rule(folder: Path, name: str, **spec: object) -> Rule:
    result = load_rules([write_rule(folder, name, **spec)])
    assert result.problems == []
    return result.rules[0]


def run(r: Rule, store: SQLiteStore) -> dict[str, str]:
    return {m.key: m.headline for m in r.rule_type.run(store, r, NOW)}


def three_sites_of_jia() -> list[StoredDocument]:
    """Three risk documents about 甲公司 on three sites in the last hours."""
    cases = ("complaints", "enforcement", "promise_return")
    return [
        make_doc(
            i,
            hours_ago=i,
            source=f"news-{i}",
            risk=True,
            score=80.0,
            categories=cases,
            enterprises=("甲公司",),
        )
        for i in range(1, 4)
    ]


def test_threshold_fires_on_score_and_honours_filters(store: SQLiteStore, rules_dir: Path) -> None:
    store.upsert(
        [
            *three_sites_of_jia(),
            make_doc(10, hours_ago=2, risk=True, score=30.0, enterprises=("乙公司",)),
            make_doc(11, hours_ago=30, risk=True, score=90.0, enterprises=("丙公司",)),
        ]
    )
    index = {s.name: s for s in store.enterprise_scores(since=NOW - timedelta(hours=24), until=NOW)}
    jia, yi = index["甲公司"], index["乙公司"]
    assert 40 < jia.score <= 100 and 0 < yi.score < 40
    r = rule(rules_dir, "t", type="threshold", min_score=40, window="24h")
    found = run(r, store)
    assert list(found) == ["甲公司"]  # 乙 too low; 丙 outside the window
    level = {"red": "红色", "orange": "橙色", "yellow": "黄色"}[jia.level]
    assert found["甲公司"] == (
        f"甲公司 风险指数 {jia.score:.0f}（{level}），超过阈值 40（风险文档 3 篇，来源 3 个）"
    )
    exact = rule(rules_dir, "t1", type="threshold", min_score=jia.score, window="24h")
    assert "，达到阈值" in run(exact, store)["甲公司"]
    excluded = rule(rules_dir, "t2", type="threshold", min_score=1, filters={"exclude": ["甲公司"]})
    assert list(run(excluded, store)) == ["乙公司"]
    assert "（未达预警等级）" in run(excluded, store)["乙公司"]
    watched = rule(rules_dir, "t3", type="threshold", min_score=1, filters={"watchlist_only": True})
    assert run(watched, store) == {}


def test_threshold_by_level_fires_at_that_level_or_graver(
    store: SQLiteStore, rules_dir: Path
) -> None:
    store.upsert(
        [
            *three_sites_of_jia(),
            make_doc(10, hours_ago=2, risk=True, score=30.0, enterprises=("乙公司",)),
        ]
    )
    index = {s.name: s for s in store.enterprise_scores(since=NOW - timedelta(hours=24), until=NOW)}
    jia, yi = index["甲公司"], index["乙公司"]
    assert jia.level != "none" and yi.level == "none"
    label = {"red": "红色", "orange": "橙色", "yellow": "黄色"}[jia.level]
    for n, written in enumerate((jia.level, label, label[0])):
        found = run(rule(rules_dir, f"l{n}", type="threshold", min_level=written), store)
        assert list(found) == ["甲公司"]  # 乙 has no level
        assert found["甲公司"].startswith(
            f"甲公司 风险指数 {jia.score:.0f}（{label}），达到{label}预警"
        )
    graver = {"yellow": "orange", "orange": "red"}.get(jia.level)
    if graver is not None:  # a level above 甲's: nothing reaches it
        assert run(rule(rules_dir, "l-graver", type="threshold", min_level=graver), store) == {}
    assert list(run(rule(rules_dir, "l-y", type="threshold", min_level="黄色"), store)) == [
        "甲公司"
    ]


def test_threshold_needs_exactly_one_bar(rules_dir: Path) -> None:
    for spec in ({}, {"min_score": 50, "min_level": "红色"}):
        result = load_rules([write_rule(rules_dir, "bad", type="threshold", **spec)])
        assert result.rules == [] and "必须设置 min_score（0-100）或 min_level" in str(
            result.problems
        )
    result = load_rules([write_rule(rules_dir, "bad2", type="threshold", min_level="紫色")])
    assert result.rules == [] and "不是风险等级：请用 红色、橙色 或 黄色" in str(result.problems)


def test_threshold_counts_only_the_event_types_it_names(
    store: SQLiteStore, rules_dir: Path
) -> None:
    jia = [replace(d, event_type="涉嫌非法集资") for d in three_sites_of_jia()]
    yi = [
        make_doc(
            10 + i,
            hours_ago=i,
            source=f"forum-{i}",
            risk=True,
            score=80.0,
            categories=("complaints",),
            enterprises=("乙公司",),
            event_type="失联跑路",
        )
        for i in range(1, 3)
    ]
    store.upsert([*jia, *yi])
    everyone = rule(rules_dir, "t", type="threshold", min_score=1, window="24h")
    assert set(run(everyone, store)) == {"甲公司", "乙公司"}
    runaway = rule(
        rules_dir,
        "t2",
        type="threshold",
        min_score=1,
        window="24h",
        filters={"event_types": ["失联跑路", "提现困难/兑付危机"]},
    )
    found = {m.key: m for m in runaway.rule_type.run(store, runaway, NOW)}
    assert list(found) == ["乙公司"]
    assert found["乙公司"].headline.endswith("（失联跑路、提现困难/兑付危机事件）")
    assert "风险文档 2 篇" in found["乙公司"].headline
    cited = runaway.rule_type.cite(store, runaway, found["乙公司"], NOW)
    assert cited and {c.id for c in cited} <= {d.id for d in yi}
    fundraising = rule(
        rules_dir,
        "t3",
        type="threshold",
        min_score=1,
        window="24h",
        filters={"event_types": ["涉嫌非法集资"]},
    )
    assert list(run(fundraising, store)) == ["甲公司"]


def test_late_document_is_judged_by_crawl_time(store: SQLiteStore, rules_dir: Path) -> None:
    late = make_doc(
        1, hours_ago=1, risk=True, score=20.0, enterprises=("甲公司",), published_days_ago=40
    )
    store.upsert([late])
    r = rule(rules_dir, "t", type="threshold", min_score=10, window="2h")
    assert list(run(r, store)) == ["甲公司"]


def test_spike_against_baseline(store: SQLiteStore, rules_dir: Path) -> None:
    docs = []
    # baseline: one risk doc a day for 7 days before the window, for both
    for day in range(1, 8):
        docs.append(
            make_doc(
                100 + day,
                hours_ago=24 * day + 1,
                risk=True,
                score=1.0,
                enterprises=("甲公司", "乙公司"),
            )
        )
    # window (6h): 甲 has 6 docs (spike), 乙 has 1
    docs += [
        make_doc(i, hours_ago=i / 2, risk=True, score=1.0, enterprises=("甲公司",))
        for i in range(1, 7)
    ]
    docs.append(make_doc(50, hours_ago=1, risk=True, score=1.0, enterprises=("乙公司",)))
    store.upsert(docs)
    r = rule(
        rules_dir,
        "s",
        type="spike",
        group_by="risk_enterprise",
        window="6h",
        spike_height=3,
        min_count=3,
        filters={"risk": True},
    )
    found = run(r, store)
    assert list(found) == ["甲公司"]  # baseline 7 per week = 0.25 per 6h; 6 >= 3 x 0.25
    matches = r.rule_type.run(store, r, NOW)
    assert r.rule_type.cite(store, r, matches[0], NOW), "cites the documents"
    new_only = rule(
        rules_dir, "s2", type="spike", group_by="source", window="6h", spike_height=3, min_count=1
    )
    assert set(run(new_only, store)) == {"news-a"}


def test_spike_ignores_new_keys_unless_asked(store: SQLiteStore, rules_dir: Path) -> None:
    store.upsert([make_doc(i, hours_ago=1, source="new-site") for i in range(5)])
    quiet = rule(rules_dir, "s", type="spike", group_by="source", window="6h", spike_height=3)
    assert run(quiet, store) == {}
    loud = rule(
        rules_dir,
        "s2",
        type="spike",
        group_by="source",
        window="6h",
        spike_height=3,
        alert_on_new=True,
    )
    assert "此前无记录" in run(loud, store)["new-site"]


def test_first_seen_distress_for_watchlisted_enterprise(
    store: SQLiteStore, rules_dir: Path
) -> None:
    store.upsert(
        [
            # 甲: watchlisted, mentioned for weeks, first distress hit now
            make_doc(1, hours_ago=24 * 20, enterprises=("甲公司",), watch=("甲公司",)),
            make_doc(
                2,
                hours_ago=1,
                risk=True,
                score=5,
                categories=("distress",),
                enterprises=("甲公司",),
                watch=("甲公司",),
            ),
            # 乙: watchlisted, but its first distress hit was last week (in another category)
            make_doc(
                3,
                hours_ago=24 * 7,
                risk=True,
                score=5,
                categories=("overdue",),
                enterprises=("乙公司",),
                watch=("乙公司",),
            ),
            make_doc(
                4,
                hours_ago=1,
                risk=True,
                score=5,
                categories=("distress",),
                enterprises=("乙公司",),
                watch=("乙公司",),
            ),
            # 丙: first distress now, but not on the watchlist
            make_doc(
                5,
                hours_ago=1,
                risk=True,
                score=5,
                categories=("distress",),
                enterprises=("丙公司",),
            ),
        ]
    )
    r = rule(
        rules_dir,
        "f",
        type="first_seen",
        window="2h",
        categories=["distress", "overdue"],
        filters={"watchlist_only": True},
    )
    found = run(r, store)
    assert list(found) == ["甲公司"]
    assert "「兑付危机」" in found["甲公司"] and "distress" not in found["甲公司"]
    everyone = rule(rules_dir, "f2", type="first_seen", window="2h", categories=["distress"])
    assert set(run(everyone, store)) == {"甲公司", "乙公司", "丙公司"}
    brand_new = rule(rules_dir, "f3", type="first_seen", window="2h")
    assert set(run(brand_new, store)) == {"丙公司"}  # 甲 and 乙 were mentioned before


def test_first_seen_in_some_event_types(store: SQLiteStore, rules_dir: Path) -> None:
    store.upsert(
        [
            # 甲: reported for weeks as fundraising; its first runaway report is now
            make_doc(
                1, hours_ago=24 * 20, risk=True, enterprises=("甲公司",), event_type="涉嫌非法集资"
            ),
            make_doc(2, hours_ago=1, risk=True, enterprises=("甲公司",), event_type="失联跑路"),
            # 乙: a runaway report last week and another now: not new
            make_doc(
                3, hours_ago=24 * 7, risk=True, enterprises=("乙公司",), event_type="失联跑路"
            ),
            make_doc(4, hours_ago=1, risk=True, enterprises=("乙公司",), event_type="失联跑路"),
            # 丙: new now, but in another event type
            make_doc(5, hours_ago=1, risk=True, enterprises=("丙公司",), event_type="涉嫌传销"),
        ]
    )
    runaway = rule(
        rules_dir,
        "f",
        type="first_seen",
        group_by="risk_enterprise",
        window="2h",
        filters={"event_types": ["失联跑路"]},
    )
    found = {m.key: m for m in runaway.rule_type.run(store, runaway, NOW)}
    assert list(found) == ["甲公司"]
    assert found["甲公司"].headline.startswith("甲公司：首次出现「失联跑路」事件（")
    cited = runaway.rule_type.cite(store, runaway, found["甲公司"], NOW)
    assert [c.id for c in cited] == [
        store.documents(event_types=["失联跑路"], enterprise="甲公司")[0].id
    ]
    anything = rule(rules_dir, "f2", type="first_seen", group_by="risk_enterprise", window="2h")
    assert set(run(anything, store)) == {"丙公司"}
    by_source = rule(
        rules_dir,
        "f3",
        type="first_seen",
        group_by="source",
        window="2h",
        filters={"event_types": ["涉嫌传销"]},
    )
    assert set(run(by_source, store)) == {"news-a"}
    later = make_doc(  # 甲's second runaway report names a distress signal
        6,
        hours_ago=0.5,
        risk=True,
        categories=("distress",),
        enterprises=("甲公司",),
        event_type="失联跑路",
    )
    store.upsert([later])
    signal = rule(
        rules_dir,
        "f4",
        type="first_seen",
        group_by="risk_enterprise",
        window="2h",
        categories=["distress"],
        filters={"event_types": ["失联跑路"]},
    )
    headline = run(signal, store)["甲公司"]
    assert headline.startswith("甲公司：首次出现「兑付危机」类信号，属失联跑路事件（")


def test_any_lists_every_enforcement_document(store: SQLiteStore, rules_dir: Path) -> None:
    store.upsert(
        [
            make_doc(
                1,
                hours_ago=1,
                title="警方对某平台立案侦查",
                categories=("enforcement",),
                enterprises=("甲公司",),
                risk=True,
                score=3,
            ),
            make_doc(2, hours_ago=1.5, title="某公司资产被查封", categories=("enforcement",)),
            make_doc(3, hours_ago=1, title="普通新闻"),
            make_doc(4, hours_ago=5, title="旧的查封消息", categories=("enforcement",)),
        ]
    )
    r = rule(rules_dir, "a", type="any", window="2h", categories=["enforcement"])
    found = r.rule_type.run(store, r, NOW)
    assert sorted(m.headline for m in found) == [
        "[news-a] 某公司资产被查封",
        "[news-a] 警方对某平台立案侦查",
    ]
    assert all(len(m.documents) == 1 for m in found)
    by_ent = rule(
        rules_dir, "a2", type="any", window="2h", categories=["enforcement"], group_by="enterprise"
    )
    assert set(run(by_ent, store)) == {"甲公司", "-"}


def test_any_by_event_type(store: SQLiteStore, rules_dir: Path) -> None:
    store.upsert(
        [
            make_doc(1, hours_ago=1, title="老板跑路", event_type="失联跑路", risk=True, score=5),
            make_doc(
                2,
                hours_ago=1.5,
                title="提现困难",
                event_type="提现困难/兑付危机",
                categories=("distress",),
                enterprises=("甲公司",),
                risk=True,
                score=4,
            ),
            make_doc(3, hours_ago=1, title="高息揽储", event_type="涉嫌非法集资", risk=True),
            make_doc(4, hours_ago=1, title="普通新闻", event_type="其他"),
            make_doc(5, hours_ago=1, title="旧库里的文章"),  # stored before event types
            make_doc(6, hours_ago=5, title="早先的跑路消息", event_type="失联跑路"),
        ]
    )
    wanted = {"event_types": ["失联跑路", "提现困难/兑付危机"]}
    r = rule(rules_dir, "e", type="any", window="2h", filters=wanted)
    found = r.rule_type.run(store, r, NOW)
    assert {m.headline: m.details for m in found} == {
        "[news-a] 老板跑路": {"event_type": "失联跑路"},
        "[news-a] 提现困难": {"event_type": "提现困难/兑付危机"},
    }
    both = rule(rules_dir, "e2", type="any", window="2h", categories=["distress"], filters=wanted)
    assert [m.headline for m in both.rule_type.run(store, both, NOW)] == ["[news-a] 提现困难"]
    grouped = rule(rules_dir, "e3", type="any", window="2h", group_by="source", filters=wanted)
    assert run(grouped, store) == {"news-a": "news-a：2 篇「失联跑路、提现困难/兑付危机」类文档"}


def test_spike_by_event_type(store: SQLiteStore, rules_dir: Path) -> None:
    docs = [  # baseline: one 失联跑路 and one 涉嫌传销 document a day for 7 days
        make_doc(100 + 10 * d + k, hours_ago=24 * d + 1, risk=True, event_type=kind)
        for d in range(1, 8)
        for k, kind in enumerate(("失联跑路", "涉嫌传销"))
    ]
    docs += [  # window (6h): four of each, from site news-b; 失联跑路 also two from news-c
        make_doc(n, hours_ago=1, risk=True, event_type=kind, source=site)
        for n, (kind, site) in enumerate(
            [("失联跑路", "news-b")] * 4
            + [("涉嫌传销", "news-b")] * 4
            + [("失联跑路", "news-c")] * 2
        )
    ]
    store.upsert(docs)
    by_type = rule(
        rules_dir, "s1", type="spike", group_by="event_type", window="6h", spike_height=3
    )
    found = {m.key: m for m in by_type.rule_type.run(store, by_type, NOW)}
    assert set(found) == {"失联跑路", "涉嫌传销"}  # 6 and 4 against a baseline of 0.25
    cited = by_type.rule_type.cite(store, by_type, found["涉嫌传销"], NOW)
    cited_ids = {c.id for c in cited}
    assert cited_ids and cited_ids <= {d.id for d in docs if d.event_type == "涉嫌传销"}
    only = rule(
        rules_dir,
        "s2",
        type="spike",
        group_by="source",
        window="6h",
        spike_height=3,
        alert_on_new=True,
        filters={"event_types": ["失联跑路"]},
    )
    assert {k: v.split("：")[1] for k, v in run(only, store).items()} == {
        "news-b": "最近 6h 4 篇，基线 0.0 篇（此前无记录）",
    }


def test_flatline_finds_silent_source(store: SQLiteStore, rules_dir: Path) -> None:
    store.upsert(
        [
            make_doc(1, hours_ago=1, source="alive"),
            make_doc(2, hours_ago=48, source="silent"),
        ]
    )
    store.record_crawl_run(
        CrawlRun(
            "silent",
            NOW.replace(hour=3),
            NOW.replace(hour=4),
            pages=10,
            items=0,
            errors={"http_403": 10},
            status="failed",
        )
    )
    r = rule(rules_dir, "fl", type="flatline", window="12h", lookback="7d")
    found = run(r, store)
    assert list(found) == ["silent"]
    assert "失败" in found["silent"] and "错误 10" in found["silent"]
    explicit = rule(rules_dir, "fl2", type="flatline", window="12h", sources=["alive", "never"])
    assert list(run(explicit, store)) == ["never"]


def test_alert_keys_are_one_per_enterprise(store: SQLiteStore, rules_dir: Path) -> None:
    # one page writes the short form, another the full name: one enterprise, one key
    store.upsert(
        [
            make_doc(
                1,
                hours_ago=1,
                categories=("enforcement",),
                enterprises=("蓝湖鼎盛",),
                risk=True,
                score=4.0,
            ),
            make_doc(
                2,
                hours_ago=1,
                categories=("enforcement",),
                enterprises=("蓝湖鼎盛咨询有限公司",),
                risk=True,
                score=4.0,
            ),
        ]
    )
    by_ent = rule(
        rules_dir, "a", type="any", window="2h", categories=["enforcement"], group_by="enterprise"
    )
    found = {m.key: m for m in by_ent.rule_type.run(store, by_ent, NOW)}
    assert (
        list(found) == ["蓝湖鼎盛咨询有限公司"]
        and len(found["蓝湖鼎盛咨询有限公司"].documents) == 2
    )
    threshold = rule(rules_dir, "t", type="threshold", min_score=1, window="24h")
    assert list(run(threshold, store)) == ["蓝湖鼎盛咨询有限公司"]
    spike = rule(
        rules_dir,
        "s",
        type="spike",
        window="2h",
        spike_height=2,
        alert_on_new=True,
        min_count=2,  # each name alone has one document: only the enterprise has two
        group_by="risk_enterprise",
    )
    assert list(run(spike, store)) == ["蓝湖鼎盛咨询有限公司"]


def test_a_known_enterprise_under_a_new_name_is_not_first_seen(
    store: SQLiteStore, rules_dir: Path
) -> None:
    store.upsert(
        [
            make_doc(1, hours_ago=30, risk=True, score=3.0, enterprises=("蓝湖鼎盛",)),
            make_doc(2, hours_ago=1, risk=True, score=3.0, enterprises=("蓝湖鼎盛咨询有限公司",)),
            make_doc(3, hours_ago=1, risk=True, score=3.0, enterprises=("青杉汇通",)),
            make_doc(4, hours_ago=1.5, risk=True, score=3.0, enterprises=("青杉汇通投资有限公司",)),
        ]
    )
    r = rule(rules_dir, "f", type="first_seen", window="2h", group_by="risk_enterprise")
    found = r.rule_type.run(store, r, NOW)
    # 蓝湖鼎盛 was seen a day ago; the two names of 青杉汇通 are one new enterprise
    assert [m.key for m in found] == ["青杉汇通投资有限公司"]
