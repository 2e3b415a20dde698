"""Open the store that ``storage.backend`` names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from indexer.base import Store
from keywords.enterprise_score import IndexParams
from tianluo.settings import Settings, resolve

if TYPE_CHECKING:
    pass


def index_params(settings: Settings) -> IndexParams:
    """The enterprise risk index's parameters: the yield line and the level thresholds."""
    analysis, levels = settings.analysis, settings.risk_index
    return IndexParams(
        yield_base=analysis.lpr_one_year,
        yield_line=analysis.lpr_one_year * analysis.yield_multiple,
        red=levels.red,
        orange=levels.orange,
        yellow=levels.yellow,
    )


def open_store(settings: Settings) -> Store:
    """Build the configured backend; raises StoreError naming the backend when it fails."""
    storage = settings.storage
    if storage.backend == "sqlite":
        from indexer.sqlite import SQLiteStore

        return SQLiteStore(
            settings.data_path / storage.sqlite_path, index_params=index_params(settings)
        )
    options: dict[str, Any] = {
        "index_prefix": storage.index_prefix,
        "username": storage.username,
        "password": resolve(storage.password),
        "api_key": resolve(storage.api_key),
        "ca_certs": storage.ca_certs,
        "verify_certs": storage.verify_certs,
        "spool_dir": settings.data_path / "spool",
        "batch_size": storage.batch_size,
        "text_analysis": storage.text_analysis,
        "index_params": index_params(settings),
    }
    if storage.backend == "elasticsearch":
        from indexer.search.es import ElasticsearchStore

        return ElasticsearchStore(storage.url, **options)
    from indexer.search.opensearch import OpenSearchStore

    return OpenSearchStore(storage.url, **options)
