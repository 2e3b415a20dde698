"""The Tianluo objects a Scrapy component needs: settings, store, analyzer, crawl state, sources.

``tianluo crawl`` registers a ready context and names it in the Scrapy settings
(``TIANLUO_CONTEXT``) so
every spider in the process shares one store and one analyzer; ``scrapy crawl``
run by hand builds one from ``TIANLUO_CONFIG`` / ./tianluo.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from crawler.redisstate import RedisCrawlState
from crawler.sources import Source, load_sources
from crawler.state import CrawlState
from tianluo.settings import Settings, load_settings

if TYPE_CHECKING:
    from indexer.base import Store
    from keywords import Analyzer

_CONTEXTS: dict[str, CrawlContext] = {}


def open_state(settings: Settings) -> CrawlState | RedisCrawlState:
    """The crawl state: in Redis with ``crawl.redis_url``, else data_dir/crawl_state.db."""
    crawl = settings.crawl
    if crawl.redis_url:
        return RedisCrawlState(crawl.redis_url, crawl.redis_prefix)
    return CrawlState(settings.data_path / "crawl_state.db")


class Parts(Protocol):
    """What a crawl is handed: settings, a store and an analyzer (the app's ``App`` is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> Store: ...

    @property
    def analyzer(self) -> Analyzer: ...


@dataclass
class OwnParts:
    """Settings, the store and the analyzer, each built once on first use.

    ``scrapy crawl`` run by hand uses it as it is; the app's ``App`` is one too.
    """

    settings: Settings
    keep_last_good: bool = False  # unattended runs fall back to the last good keyword set
    _store: Store | None = field(default=None, repr=False)
    _analyzer: Analyzer | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            from indexer.factory import open_store

            self._store = open_store(self.settings)
        return self._store

    @property
    def analyzer(self) -> Analyzer:
        if self._analyzer is None:
            from keywords.configure import build_analyzer

            self._analyzer = build_analyzer(self.settings, keep_last_good=self.keep_last_good)
        return self._analyzer

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


class CrawlContext:
    """Parts + CrawlState + sources, shared by all crawlers of one process."""

    def __init__(self, app: Parts, sources: list[Source] | None = None) -> None:
        self.app = app
        self.state = open_state(app.settings)
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
        _CONTEXTS[key] = CrawlContext(OwnParts(load_settings(Path(config) if config else None)))
    return _CONTEXTS[key]
