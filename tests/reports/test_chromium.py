"""The brief in real headless Chromium: it renders, logs no errors, and hostile text never runs."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reports import write_daily_brief
from tests.reports.cdp import Browser, find_chromium
from tests.reports.seed import DAY, HOSTILE_NAME, JS_URL, ONERROR, SCRIPT
from tianluo.app.context import App

pytestmark = pytest.mark.chromium

TRAPS = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push([name, ...args.map(String)]); };
}
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    b = Browser(find_chromium())
    yield b
    b.close()


def test_brief_renders_without_errors_and_payloads_stay_text(
    browser: Browser, app: App, tmp_path: Path
) -> None:
    path = write_daily_brief(app, DAY)
    browser.events.clear()
    for domain in ("Page", "Runtime", "Log"):
        browser.page(f"{domain}.enable")
    browser.page("Page.addScriptToEvaluateOnNewDocument", source=TRAPS)
    browser.page("Page.navigate", url=path.resolve().as_uri())
    browser.wait_for("Page.loadEventFired")
    probe = browser.page(
        "Runtime.evaluate",
        expression="JSON.stringify({ran: window.__ran, text: document.body.innerText,"
        " scripts: document.scripts.length, images: document.images.length})",
    )
    state = json.loads(probe["result"]["value"])
    assert state["ran"] == []
    assert state["scripts"] == 0 and state["images"] == 0
    for payload in (SCRIPT, ONERROR, JS_URL, HOSTILE_NAME):
        assert payload in state["text"]
    wide = browser.screenshot(tmp_path / "brief.png", 1100)
    phone = browser.screenshot(tmp_path / "brief-phone.png", 390, mobile=True)
    for shot in (wide, phone):
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 20_000
    assert browser.errors() == []
    keep = os.environ.get("TIANLUO_TEST_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for shot in (wide, phone):
            shutil.copy(shot, Path(keep) / shot.name)
