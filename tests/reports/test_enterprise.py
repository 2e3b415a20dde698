"""Enterprise and watchlist reports."""

from __future__ import annotations

from datetime import timedelta

from reports import build_enterprise_report, write_enterprise_report
from reports.writer import render_enterprise
from tests.reports.html import assert_inert, parse
from tests.reports.seed import DAY, HOSTILE_EVENT, HOSTILE_NAME, RISKY, SCRIPT, WATCHED, at
from tianluo.app.context import App

END = at(DAY + timedelta(days=1), 7)


def test_one_enterprise(app: App) -> None:
    report = build_enterprise_report(app.store, [RISKY], days=7, until=END)
    assert report.documents == 2 and report.risk_documents == 2
    assert report.max_yield == 18.0
    assert dict(report.sources) == {"news.example.cn": 1, "forum.example.cn": 1}
    assert dict(report.categories) == {"distress": 2, "guarantee": 1}
    assert sum(report.timeline) == 2 and report.timeline[-2] == 2
    assert [s.doc.yield_max for s in report.yields] == [18.0]


def test_watchlist_collects_watched_enterprises(app: App) -> None:
    report = build_enterprise_report(app.store, None, days=30, until=END)
    assert report.watchlist and report.names == [WATCHED]
    assert sum(report.timeline) == 14


def test_written_report_is_inert(app: App) -> None:
    path = write_enterprise_report(app, HOSTILE_NAME, days=30)
    assert path.parent == app.settings.output_path / "enterprises"
    assert "<" not in path.name and "/" not in path.name.replace(".html", "")
    tree = parse(path.read_text(encoding="utf-8"))
    assert_inert(tree)
    for section in ("timeline", "enterprises", "categories", "sources", "yields", "evidence"):
        assert tree.get_element_by_id(section) is not None


def test_evidence_documents_show_their_event_type(app: App) -> None:
    report = build_enterprise_report(app.store, [RISKY, HOSTILE_NAME], days=7, until=END)
    tree = parse(render_enterprise(app.settings, report))
    assert_inert(tree)
    items = list(tree.get_element_by_id("evidence").iter("li"))
    assert len(items) == len(report.evidence) == 3
    for shown, item in zip(report.evidence, items, strict=True):
        chip = item.find_class("event")[0]
        assert chip.text_content() == shown.doc.event_type
        assert chip.get("data-event-type") == shown.doc.event_type
        assert ("warn" in chip.classes) == (shown.doc.event_type != HOSTILE_EVENT)
    assert SCRIPT in HOSTILE_EVENT and not tree.xpath("//script")


def test_an_awareness_piece_is_shown_as_one(app: App) -> None:
    from keywords import Analyzer, AnalyzerConfig, default_set_paths
    from keywords.configure import to_stored
    from tianluo.models import Page
    from tianluo.timeutil import now

    name = "青禾农村商业银行股份有限公司"
    title = "青禾农商银行开展防范非法集资宣传月活动"
    text = f"{name}工作人员向居民讲解：承诺年化20%、保本保息、拉人头返利的，往往是非法集资。"
    analyzer = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    result = analyzer.analyze(text, title=title, entities=[name])
    url = "https://news.example.cn/aware.html"
    page = Page(url, url, "news.example.cn", "news", title, text, now() - timedelta(hours=1))
    app.store.upsert([to_stored(page, result, cluster_id="aware")])
    path = write_enterprise_report(app, name, days=7)
    evidence = parse(path.read_text(encoding="utf-8")).get_element_by_id("evidence")
    assert title[:8] in evidence.text_content()
    [meta] = [m.text_content() for m in evidence.xpath('.//div[@class="doc-meta"]')]
    assert "宣传教育/辟谣类，不计风险" in meta
    assert "承诺收益" not in meta and "风险分" not in meta


def test_the_report_shows_the_index_and_each_component(app: App) -> None:
    from keywords.enterprise_score import COMPONENTS
    from tianluo.labels import INDEX_COMPONENTS, LEVELS

    report = build_enterprise_report(app.store, [RISKY], days=7, until=END)
    [score] = report.scores
    assert 0 < score.score <= 100
    tree = parse(render_enterprise(app.settings, report))
    [block] = tree.get_element_by_id("index").find_class("index-breakdown")
    head = " ".join(block.xpath(".//h3")[0].text_content().split())
    assert f"{RISKY}：企业风险指数 {score.score:.0f}/100 {LEVELS[score.level]}" == head
    rows = block.xpath(".//tbody/tr")
    assert [r.get("data-component") for r in rows] == [c.key for c in COMPONENTS]
    points = 0.0
    for component, row in zip(COMPONENTS, rows, strict=True):
        label, figure, half, got, meaning = [c.text_content().strip() for c in row.xpath("./td")]
        assert (label, meaning) == INDEX_COMPONENTS[component.key]
        value, top = (float(x) for x in got.split(" / "))
        assert top == round(100 * component.weight) and 0 <= value <= top
        assert figure and half
        points += value
    assert abs(points - score.score) <= 1.0  # the rows add up to the index (rounding)
    yield_row = rows[[c.key for c in COMPONENTS].index("yield")]
    assert "最高 18.0%" in yield_row.text_content() and "红线 12%" in yield_row.text_content()
    # the enterprise table reads the index and the level, never a bare 风险分
    table = tree.get_element_by_id("enterprises").text_content()
    assert "企业风险指数" in table and f"{score.score:.0f}/100" in table
    text = tree.text_content()
    assert text.count("风险分") == text.count("文档风险分")
