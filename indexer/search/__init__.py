"""Search-engine storage: Elasticsearch and OpenSearch behind the one Store interface.

Mappings and query bodies are built once (mappings.py, queries.py) and shared;
the two backends differ only in their client edge (es.py, opensearch.py).
"""

from indexer.search.client import EngineHTTPError, EngineUnavailable
from indexer.search.es import ElasticsearchStore
from indexer.search.mappings import MAPPING_VERSION, IndexNames
from indexer.search.opensearch import OpenSearchStore
from indexer.search.spool import Spool
from indexer.search.store import EngineStore
from indexer.search.writer import EngineUpsertResult, RetryPolicy

__all__ = [
    "MAPPING_VERSION",
    "ElasticsearchStore",
    "EngineHTTPError",
    "EngineStore",
    "EngineUnavailable",
    "EngineUpsertResult",
    "IndexNames",
    "OpenSearchStore",
    "RetryPolicy",
    "Spool",
]
