"""Storage: the one interface every backend implements, and the backends.

Knows nothing of Scrapy.  ``open_store(settings)`` picks the backend named by
``storage.backend`` in tianluo.yaml.
"""

from indexer.base import (
    AggField,
    AlertRecord,
    CrawlRun,
    EnterpriseScore,
    Store,
    Summary,
    UpsertResult,
)

__all__ = [
    "AggField",
    "AlertRecord",
    "CrawlRun",
    "EnterpriseScore",
    "Store",
    "Summary",
    "UpsertResult",
]
