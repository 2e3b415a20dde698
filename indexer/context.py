"""What alerts and reports are handed: the settings and the store, nothing of the app."""

from __future__ import annotations

from typing import Protocol

from indexer.base import Store
from tianluo.settings import Settings


class StoreContext(Protocol):
    """Settings plus an open store; the app layer's ``App`` is one."""

    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> Store: ...
