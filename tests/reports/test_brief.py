"""The daily brief: figures from the seeded store, sections, and inert hostile text."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from indexer.sqlite import SQLiteStore
from reports import build_brief, write_daily_brief
from tests.reports.html import assert_inert, parse
from tests.reports.seed import (
    CALM,
    DAY,
    HOSTILE_EVENT,
    HOSTILE_NAME,
    JS_URL,
    ONERROR,
    RISKY,
    SCRIPT,
    WATCHED,
    at,
)
from tianluo.app.context import App

SECTIONS = (
    "figures",
    "top",
    "signals",
    "new",
    "categories",
    "event-types",
    "suggestions",
    "health",
)


def test_figures_against_the_day_before(store: SQLiteStore) -> None:
    brief = build_brief(store, DAY, clock=at(DAY + timedelta(days=1), 7, 30))
    figures = {f.key: (f.value, f.previous) for f in brief.figures}
    assert figures == {
        "documents": (5, 2),
        "risk_documents": (4, 1),
        "risk_enterprises": (3, 1),
        "sources": (4, 1),
    }
    assert not brief.partial


def test_top_enterprises_trend_and_reach(store: SQLiteStore) -> None:
    brief = build_brief(store, DAY, clock=at(DAY + timedelta(days=1), 7))
    names = [t.score.name for t in brief.top]
    assert names[0] == RISKY
    assert set(names) == {RISKY, WATCHED, HOSTILE_NAME}
    risky = brief.top[0]
    assert risky.previous_score is None and risky.change is None
    assert [s.reach for s in risky.documents] == [2, 2]  # story-a carried by two sites
    watched = next(t for t in brief.top if t.score.name == WATCHED)
    assert len(watched.trend) == 14
    assert watched.trend[-1] == 1 and watched.trend[-2] == 1 and watched.trend[0] == 1
    assert watched.change == 0


def test_signals_suggestions_and_health(store: SQLiteStore) -> None:
    brief = build_brief(store, DAY, clock=at(DAY + timedelta(days=1), 7))
    assert {(s.name, s.category) for s in brief.first_signals} == {
        (RISKY, "distress"),
        (HOSTILE_NAME, "enforcement"),
    }
    assert RISKY in {s.name for s in brief.new_enterprises}
    assert WATCHED not in {s.name for s in brief.new_enterprises}
    assert CALM not in {s.name for s in brief.new_enterprises}  # new today, but no risk hit
    assert {s.name for s in brief.suggestions} == {RISKY, HOSTILE_NAME}  # WATCHED is listed
    assert dict(brief.categories)["distress"] == 2
    health = brief.health
    assert [r.source for r in health.failed] == ["p2p.example.cn"]
    assert {s.source for s in health.silent} == {"p2p.example.cn", f"silent{SCRIPT}.example.cn"}
    assert dict(health.errors) == {"http_503": 4, "timeout": 2}


def test_event_types_of_the_day(store: SQLiteStore) -> None:
    brief = build_brief(store, DAY, clock=at(DAY + timedelta(days=1), 7))
    assert dict(brief.event_types) == {
        "提现困难/兑付危机": 1,
        "失联跑路": 1,
        "涉嫌非法集资": 1,  # the one of the day before is not counted
        HOSTILE_EVENT: 1,
        "其他": 1,
    }


def test_rendered_brief_shows_event_types(app: App) -> None:
    tree = parse(write_daily_brief(app, DAY).read_text(encoding="utf-8"))
    assert_inert(tree)
    shown = {}
    for item in tree.get_element_by_id("top").iter("li"):
        chips = item.find_class("event")
        assert len(chips) == 1, item.text_content()  # every listed document has its type
        title = item.find_class("doc-title")[0].text_content()
        shown[title] = (chips[0].text_content(), "warn" in chips[0].classes)
    risky = {t: v for t, v in shown.items() if "兑付困难" in t or "保本保息" in t}
    assert set(risky.values()) == {("提现困难/兑付危机", True), ("失联跑路", True)}
    assert next(v for t, v in shown.items() if "立案调查" in t) == (HOSTILE_EVENT, False)
    section = tree.get_element_by_id("event-types")
    rows = {
        row.find_class("chip")[0].text_content(): int(row.find_class("num")[0].text_content())
        for row in section.iter("tr")
        if row.find_class("chip")
    }
    assert rows == {
        "提现困难/兑付危机": 1,
        "失联跑路": 1,
        "涉嫌非法集资": 1,
        HOSTILE_EVENT: 1,
        "其他": 1,
    }
    warned = {c.text_content() for c in section.find_class("warn")}
    assert warned == {"提现困难/兑付危机", "失联跑路", "涉嫌非法集资"}


def test_partial_day_compares_the_same_hours(store: SQLiteStore) -> None:
    brief = build_brief(store, DAY, clock=at(DAY, 10))
    assert brief.partial and brief.until == at(DAY, 10)
    figures = {f.key: (f.value, f.previous) for f in brief.figures}
    assert figures["documents"] == (1, 0)


def test_rendered_brief_is_complete_and_inert(app: App) -> None:
    path = write_daily_brief(app, DAY)
    assert path == app.settings.output_path / "briefs" / "2025-06-10.html"
    text = path.read_text(encoding="utf-8")
    tree = parse(text)
    assert_inert(tree)
    for section in SECTIONS:
        assert tree.get_element_by_id(section) is not None, section
    body = tree.text_content()
    for payload in (SCRIPT, ONERROR, JS_URL, HOSTILE_NAME):
        assert payload in body  # shown as text
    kpis = {
        k.get("data-key"): k.find_class("value")[0].text_content() for k in tree.find_class("kpi")
    }
    assert kpis == {
        "documents": "5",
        "risk_documents": "4",
        "risk_enterprises": "3",
        "sources": "4",
    }
    top = [e.get("data-name") for e in tree.get_element_by_id("top").find_class("ent")]
    assert top[0] == RISKY and HOSTILE_NAME in top
    marks = [m.text_content() for m in tree.iter("mark")]
    assert "逾期兑付" in marks and "保本保息" in marks
    assert tree.xpath("//svg[contains(@class, 'spark')]")
    assert tree.xpath("//section[@id='categories']//svg//rect")
    assert not tree.xpath("//a[starts-with(@href, 'javascript')]")
    assert "<style>" in text and "http://" not in text.split("<body>")[0].replace(
        "http://www.w3.org", ""
    )


def test_archive_links_every_brief(app: App) -> None:
    write_daily_brief(app, DAY - timedelta(days=1))
    write_daily_brief(app, DAY)
    tree = parse((app.settings.output_path / "index.html").read_text(encoding="utf-8"))
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert hrefs[:2] == ["briefs/2025-06-10.html", "briefs/2025-06-09.html"]


def test_a_day_without_crawls_does_not_look_normal(tmp_path: Path) -> None:
    from tianluo.settings import Settings

    store = SQLiteStore(tmp_path / "empty.db")
    app = App(Settings(base_dir=str(tmp_path), data_dir="var", output_dir="out"), _store=store)
    try:
        health = parse(write_daily_brief(app, DAY).read_text(encoding="utf-8"))
        text = health.get_element_by_id("health").text_content()
    finally:
        store.close()
    assert "全部信息源运行正常" not in text
    assert "当日没有运行任何采集" in text


def test_a_normal_day_says_so(app: App) -> None:
    text = parse(write_daily_brief(app, DAY).read_text(encoding="utf-8"))
    health = text.get_element_by_id("health").text_content()
    assert "当日没有运行任何采集" not in health


def test_a_thin_day_says_the_data_may_be_incomplete(app: App, store: SQLiteStore) -> None:
    from indexer.base import CrawlRun
    from tests.reports.seed import make_doc

    after = DAY + timedelta(days=1)  # the seeded day had 5 documents
    start = at(after, 8)
    store.record_crawl_run(
        CrawlRun("news.example.cn", start, start + timedelta(minutes=5), pages=3, items=1)
    )
    store.upsert([make_doc(900, title="一篇", content="当日唯一的文档。", crawled_at=start)])
    tree = parse(write_daily_brief(app, after).read_text(encoding="utf-8"))
    health = tree.get_element_by_id("health").text_content()
    assert "不到前一日（5 篇）的一半" in health and "全部信息源运行正常" not in health


def test_top_and_suggestions_show_the_index_and_its_level(app: App) -> None:
    from reports.writer import render_brief
    from tianluo.labels import LEVELS

    day, html = render_brief(app, DAY)
    brief = build_brief(app.store, day)
    tree = parse(html)
    for item in brief.top:
        s = item.score
        assert 0 < s.score <= 100
        [block] = [
            e
            for e in tree.get_element_by_id("top").find_class("ent")
            if e.get("data-name") == s.name
        ]
        head = block.find_class("score")[0].text_content()
        assert f"企业风险指数 {s.score:.0f}/100" in " ".join(head.split())
        [chip] = block.find_class("level")
        assert chip.get("data-level") == s.level and chip.text_content() == LEVELS[s.level]
    rows = tree.get_element_by_id("suggestions").xpath(".//tbody/tr")
    assert len(rows) == len(brief.suggestions) > 0
    for suggestion, row in zip(brief.suggestions, rows, strict=True):
        cells = [c.text_content().strip() for c in row.xpath("./td")]
        index = suggestion.score
        assert cells[1:3] == [f"{index.score:.0f}", LEVELS[index.level]]
    # one label per scale: a bare 风险分 is always a document's (文档风险分)
    text = tree.text_content()
    assert "风险分" in text and text.count("风险分") == text.count("文档风险分")
    assert "70 及以上红色、50 及以上橙色、30 及以上黄色" in text
