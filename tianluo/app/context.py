"""The application context handed to every CLI command: settings plus lazily opened parts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tianluo.settings import Settings

if TYPE_CHECKING:
    from indexer.base import Store
    from keywords import Analyzer


@dataclass
class App:
    """Settings, the store and the analyzer, each built once on first use."""

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
