"""Watchlist suggestions: the documents behind each, and an entry that pastes into the file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from indexer.sqlite import SQLiteStore
from keywords.watchlist import load_watchlist
from reports import build_brief
from reports.suggestions import entries_yaml
from reports.writer import render_brief
from tests.reports.html import parse
from tests.reports.seed import DAY, HOSTILE_NAME, RISKY, WATCHED, at
from tianluo.app.context import App

EXISTING = """# our watchlist
enterprises:
  - name: 已在册投资有限公司
    aliases: [已在册]
"""


def test_each_suggestion_shows_the_risk_documents_that_name_it(store: SQLiteStore) -> None:
    brief = build_brief(store, DAY, clock=at(DAY + timedelta(days=1), 7))
    assert {s.name for s in brief.suggestions} == {RISKY, HOSTILE_NAME}
    assert WATCHED not in {s.name for s in brief.suggestions}
    for s in brief.suggestions:
        assert s.documents, s.name
        assert len(s.documents) <= 3
        for doc in s.documents:
            assert doc.risk and s.name in doc.enterprises, (s.name, doc.id)
        scores = [d.risk_score for d in s.documents]
        assert scores == sorted(scores, reverse=True)


def test_the_entries_paste_under_enterprises_and_load(store: SQLiteStore, tmp_path: Path) -> None:
    brief = build_brief(store, DAY, clock=at(DAY + timedelta(days=1), 7))
    path = tmp_path / "watchlist.yaml"
    path.write_text(EXISTING + entries_yaml(brief.suggestions), encoding="utf-8")
    loaded = {e.name: e for e in load_watchlist(path).enterprises}
    assert set(loaded) == {"已在册投资有限公司", *(s.name for s in brief.suggestions)}
    for s in brief.suggestions:
        assert list(loaded[s.name].aliases) == s.aliases
        assert s.yaml.startswith("  - name: ")
    assert HOSTILE_NAME in loaded  # the hostile name survives quoting, as data
    assert entries_yaml([]) == ""


def test_the_brief_table_holds_each_entry_and_its_documents(app: App) -> None:
    day, html = render_brief(app, DAY)
    brief = build_brief(app.store, day)
    section = parse(html).get_element_by_id("suggestions")
    headers = [th.text_content() for th in section.xpath(".//thead//th")]
    assert "企业风险指数（0-100）" in headers  # the scale beside the number
    rows = section.xpath(".//tbody/tr")
    assert [r.get("data-name") for r in rows] == [s.name for s in brief.suggestions]
    for s, row in zip(brief.suggestions, rows, strict=True):
        [pre] = row.xpath(".//details[@class='yaml']/pre")
        assert pre.text_content() == s.yaml
        titles = [t.text_content() for t in row.xpath(".//td[@class='evidence']/div")]
        assert len(titles) == len(s.documents) > 0
        for doc, title in zip(s.documents, titles, strict=True):
            assert (doc.title or doc.url) in title and "文档风险分" in title
