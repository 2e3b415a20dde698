"""Everything a Chinese reader sees is Chinese: the brief, the enterprise and watchlist
reports and every alert message of a real demo run are scanned for keys that were shown
instead of their label (``yield``, ``empty_page``, ``http_404``, ``distress`` ...)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from alerts.dryrun import replay
from alerts.engine import AlertEngine
from tianluo import labels
from tianluo.app.cli import main
from tianluo.app.context import App
from tianluo.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    *labels.CATEGORIES,
    *labels.CRAWL_ERRORS,
    *labels.CRAWL_STATUS,
    *labels.SEVERITIES,
    *labels.LEVELS,
    *labels.INDEX_COMPONENTS,
}
URL = re.compile(r"https?://[^\s)）\]]+")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
WORD = re.compile(r"(?<![\w.:/%-])[A-Za-z][A-Za-z0-9_]*(?![\w.:/-])")


class VisibleText(HTMLParser):
    """Text and the attributes a reader sees (title, alt, placeholder, aria-label)."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if name in ("title", "alt", "placeholder", "aria-label") and value:
                self.chunks.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.chunks.append(data)


def untranslated(text: str) -> set[str]:
    """Words of ``text`` that are label keys or look like one (snake_case); URLs are skipped."""
    text = URL.sub(" ", text)
    return {w for w in WORD.findall(text) if w in KEYS or SNAKE.match(w)}


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.chunks)


def test_the_scanner_finds_what_the_issue_found() -> None:
    assert untranslated("收益 yield 18% · 首次出现「distress」类信号") == {"yield", "distress"}
    assert untranslated(visible("<td>empty_page</td><td title='http_404'>x</td>")) == {
        "empty_page",
        "http_404",
    }
    assert untranslated("demo-news https://a.cn/x_y.html#post_12 HTTP 404 robots.txt") == set()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("demo")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tianluo", "demo", "--workdir", str(work), "--port", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return work / "tianluo.yaml"


def test_briefs_and_reports_show_no_keys(demo: Path) -> None:
    for args in (["report", "enterprise", "鑫盛源财富管理有限公司"], ["report", "watchlist"]):
        try:
            main(["-c", str(demo), *args])
        except SystemExit as exc:
            pytest.fail(f"{args} exited {exc.code}")
    pages = sorted((demo.parent / "out").rglob("*.html"))
    assert len(pages) >= 4  # archive, brief, enterprise, watchlist
    found = {p.name: untranslated(visible(p.read_text(encoding="utf-8"))) for p in pages}
    assert {name: keys for name, keys in found.items() if keys} == {}


def test_alert_messages_show_no_keys(demo: Path) -> None:
    settings = load_settings(demo)
    checked = 0
    with AlertEngine(App(settings)) as engine:
        for rule in engine.load().rules:
            for firing in replay(engine, rule, days=3650, step=rule.spec.window):
                message = engine.renderer.render(firing.alert)
                for body in (message.title, message.text, message.markdown, visible(message.html)):
                    # the footer names the rule by its id, for `tianluo alerts silence RULE`
                    body = body.replace(rule.name, "")
                    assert untranslated(body) == set(), (rule.name, body)
                checked += 1
    assert checked >= 3


def test_the_table_covers_the_shipped_keyword_set() -> None:
    from keywords import default_set_paths
    from keywords.loader import load_keyword_sets

    for kset in load_keyword_sets(default_set_paths()):
        for category in kset.categories:
            assert labels.CATEGORIES.get(category.id) == category.label, category.id
    assert labels.crawl_error_label("http_404") == "页面不存在（HTTP 404）"
    assert labels.crawl_error_label("http_599") == "服务器返回错误（HTTP 599）"
    assert labels.crawl_error_label("empty_page") == "空白页面"
    assert labels.crawl_status_label("failed") == "失败"


def test_an_event_type_is_its_own_label() -> None:
    assert labels.category_label("失联跑路") == "失联跑路"
    assert labels.category_label("distress") == "兑付危机"
    assert labels.category_label("made_up") == "其他类别（made_up）"
