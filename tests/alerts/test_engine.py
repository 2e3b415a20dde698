"""The engine: aggregation, realert, silence, unrouted alerts, failing rules, dry runs."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from alerts.dryrun import replay
from alerts.engine import AlertEngine
from alerts.model import Match
from alerts.rules import RULE_TYPES, Options, Rule, RuleType
from indexer.base import Store
from indexer.sqlite import SQLiteStore
from tests.alerts.conftest import NOW, make_doc, write_rule
from tests.alerts.servers import HTTPReceiver
from tianluo.errors import StoreError

Build = Callable[..., AlertEngine]


class ExplodeOptions(Options):
    pass


class Explode(RuleType[ExplodeOptions]):
    """A rule type that always raises, as a buggy rule would."""

    name = "explode"
    options = ExplodeOptions
    group_by = ("enterprise",)

    def evaluate(
        self, store: Store, rule: Rule, opts: ExplodeOptions, now: datetime
    ) -> list[Match]:
        raise RuntimeError("boom")


@pytest.fixture
def explode_type() -> Iterator[None]:
    RULE_TYPES["explode"] = Explode  # type: ignore[assignment]
    yield
    del RULE_TYPES["explode"]


def seed_risky(store: SQLiteStore) -> None:
    store.upsert(
        [
            make_doc(
                i,
                hours_ago=1,
                risk=True,
                score=12.0,
                title=f"{name}承诺年化 30%",
                enterprises=(name,),
            )
            for i, name in enumerate(["甲公司", "乙公司", "丙公司"])
        ]
    )


def hook(receiver: HTTPReceiver) -> dict[str, object]:
    return {"hook": {"type": "webhook", "url": receiver.url("/hook")}}


def test_matches_aggregate_into_one_message_per_channel(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, http_receiver: HTTPReceiver
) -> None:
    seed_risky(store)
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["hook"])
    report = make_engine(hook(http_receiver)).run(now=NOW)
    assert report.ok and report.delivery.sent == 1
    [got] = http_receiver.state.on("/hook")
    assert {m["key"] for m in got.body["matches"]} == {"甲公司", "乙公司", "丙公司"}
    first = got.body["matches"][0]
    assert first["enterprise_url"].startswith("http://tianluo.test/enterprise/%E")
    assert first["documents"][0]["url"].startswith("https://news-a.example.cn/")
    assert got.headers["X-Tianluo-Alert"] == got.body["alert_id"]
    [record] = store.alert_history()
    assert record.status == "sent" and record.channel == "hook" and len(record.documents) == 3


def test_realert_suppresses_until_the_window_passes(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, http_receiver: HTTPReceiver
) -> None:
    seed_risky(store)
    write_rule(
        rules_dir,
        "score",
        type="threshold",
        min_score=5,
        channels=["hook"],
        realert="6h",
        window="48h",
    )
    engine = make_engine(hook(http_receiver))
    assert engine.run(now=NOW).outcomes[0].fired
    again = engine.run(now=NOW + timedelta(hours=1)).outcomes[0]
    assert again.fired == [] and again.suppressed == 3
    later = engine.run(now=NOW + timedelta(hours=7)).outcomes[0]
    assert len(later.fired) == 3
    assert len(http_receiver.state.on("/hook")) == 2


def test_silence_rule_and_key(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, http_receiver: HTTPReceiver
) -> None:
    seed_risky(store)
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["hook"], window="96h")
    engine = make_engine(hook(http_receiver))
    engine.db.silence("score", "甲公司", NOW + timedelta(hours=24), "known case", NOW)
    outcome = engine.run(now=NOW).outcomes[0]
    assert sorted(outcome.fired) == ["丙公司", "乙公司"] and outcome.suppressed == 1
    engine.db.silence("score", None, NOW + timedelta(days=3), "", NOW)
    quiet = engine.run(now=NOW + timedelta(days=2)).outcomes[0]
    assert quiet.fired == [] and quiet.suppressed == 3
    assert len(http_receiver.state.on("/hook")) == 1


def test_missing_channel_is_kept_in_history_not_an_error(
    store: SQLiteStore, rules_dir: Path, make_engine: Build
) -> None:
    seed_risky(store)
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["duty"])
    report = make_engine().run(now=NOW)
    assert report.ok and report.delivery.errors == []
    [record] = store.alert_history()
    assert record.status == "no_channel" and record.error == "未配置告警通道"
    assert "甲公司" in record.body


def test_failing_rule_is_recorded_and_paused_others_still_run(
    store: SQLiteStore,
    rules_dir: Path,
    make_engine: Build,
    http_receiver: HTTPReceiver,
    explode_type: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    seed_risky(store)
    bad = write_rule(rules_dir, "buggy", type="explode", channels=["hook"])
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["hook"])
    engine = make_engine(hook(http_receiver))
    with caplog.at_level(logging.ERROR, logger="alerts.engine"):
        report = engine.run(now=NOW)
    assert report.errors == {"buggy": "RuntimeError: boom"} and not report.ok
    assert any(r.getMessage().startswith("规则 buggy 执行出错") for r in caplog.records)
    assert [o.rule for o in report.outcomes] == ["score"]
    assert len(http_receiver.state.on("/hook")) == 1
    errors = [r for r in store.alert_history(rule="buggy")]
    assert errors[0].status == "rule_error" and "boom" in errors[0].body
    # still paused on the next run: skipped, reported, not re-raised
    report = engine.run(now=NOW + timedelta(minutes=15))
    assert report.paused == {"buggy": "RuntimeError: boom"} and report.errors == {}
    # resumed by the flag (it raises again and is paused again) ...
    report = engine.run(now=NOW + timedelta(minutes=30), resume=["buggy"])
    assert report.resumed == ["buggy"] and "buggy" in report.errors
    # ... or by editing its file
    bad.write_text(bad.read_text("utf-8").replace("explode", "threshold") + "min_score: 99\n")
    report = engine.run(now=NOW + timedelta(minutes=45))
    assert report.ok and report.resumed == ["buggy"]


def test_dry_run_replays_without_sending_or_touching_state(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, http_receiver: HTTPReceiver
) -> None:
    store.upsert(
        [
            make_doc(1, hours_ago=50, risk=True, score=12, enterprises=("甲公司",)),
            make_doc(2, hours_ago=20, risk=True, score=12, enterprises=("乙公司",)),
        ]
    )
    write_rule(
        rules_dir,
        "score",
        type="threshold",
        min_score=5,
        channels=["hook"],
        window="24h",
        realert="24h",
    )
    engine = make_engine(hook(http_receiver))
    rule = engine.load().get("score")
    assert rule is not None
    firings = replay(engine, rule, days=3, step=timedelta(hours=6), now=NOW)
    fired = [(f.at, m.key) for f in firings for m in f.alert.matches]
    assert [k for _, k in fired] == ["甲公司", "乙公司"]
    assert http_receiver.state.requests == []
    assert engine.db.last_alerts("score") == {} and engine.outbox.rows() == []
    assert store.alert_history() == []
    # the real run still fires: the replay left no realert marks behind
    assert engine.run(now=NOW).outcomes[0].fired == ["乙公司"]


def test_more_matches_than_max_are_counted(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, http_receiver: HTTPReceiver
) -> None:
    seed_risky(store)
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["hook"], max_matches=2)
    make_engine(hook(http_receiver)).run(now=NOW)
    [got] = http_receiver.state.on("/hook")
    assert len(got.body["matches"]) == 2 and got.body["more"] == 1
    assert "（3 项）" in got.body["title"]


def test_a_store_error_is_reported_in_chinese_and_does_not_pause(
    store: SQLiteStore, rules_dir: Path, make_engine: Build, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_rule(rules_dir, "score", type="threshold", min_score=5, channels=["hook"])
    engine = make_engine({})

    def down(rule: Rule, now: datetime) -> None:
        raise StoreError("SQLite 存储 x.db 不可用：disk I/O error")

    monkeypatch.setattr(engine, "evaluate", down)
    report = engine.run(now=NOW)
    assert report.errors == {"score": "存储出错：SQLite 存储 x.db 不可用：disk I/O error"}
    assert report.paused == {}
