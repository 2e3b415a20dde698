"""The application context handed to every CLI command: settings plus lazily opened parts."""

from __future__ import annotations

from crawler.context import OwnParts


class App(OwnParts):
    """Settings, the store and the analyzer, each built once on first use.

    The same parts a crawl is handed; alerts and reports read only its settings and store.
    """
