"""The Tianluo objects a Scrapy component needs: one App, crawl state and sources per process.

``tianluo crawl`` registers a ready context and names it in the Scrapy settings
(``TIANLUO_CONTEXT``) so
every spider in the process shares one store and one analyzer; ``scrapy crawl``
run by hand builds one from ``TIANLUO_CONFIG`` / ./tianluo.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.sources import Source, load_sources
from crawler.state import CrawlState
from tianluo.app import App
from tianluo.settings import load_settings

_CONTEXTS: dict[str, CrawlContext] = {}


class CrawlContext:
    """App + CrawlState + sources, shared by all crawlers of one process."""

    def __init__(self, app: App, sources: list[Source] | None = None) -> None:
        self.app = app
        self.state = CrawlState(app.settings.data_path / "crawl_state.db")
        self._sources = {s.name: s for s in (sources or [])}

    def source(self, name: str) -> Source:
        if name not in self._sources:
            self._sources.update({s.name: s for s in load_sources(self.app.settings)})
        if name not in self._sources:
            from tianluo.errors import InputError

            known = ", ".join(sorted(self._sources)) or "none configured"
            raise InputError(f"unknown source {name!r} (known: {known})")
        return self._sources[name]


def register(context: CrawlContext) -> str:
    """Make a context findable from Scrapy settings (which are deep-copied, so hold a key)."""
    key = f"context-{id(context)}"
    _CONTEXTS[key] = context
    return key


def context_from(settings: Any) -> CrawlContext:
    """The CrawlContext named by ``TIANLUO_CONTEXT``, or one built from ``TIANLUO_CONFIG``."""
    key = settings.get("TIANLUO_CONTEXT")
    if key and key in _CONTEXTS:
        return _CONTEXTS[key]
    config = settings.get("TIANLUO_CONFIG")
    key = f"config-{config or ''}"
    if key not in _CONTEXTS:
        _CONTEXTS[key] = CrawlContext(App(load_settings(Path(config) if config else None)))
    return _CONTEXTS[key]
