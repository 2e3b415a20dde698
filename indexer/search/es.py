"""Elasticsearch 8 and 9 through the official ``elasticsearch`` 8.x client."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import elastic_transport
from elasticsearch import ApiError, Elasticsearch

from indexer.search.client import EngineHTTPError, EngineUnavailable, credentials_summary
from indexer.search.store import ConnectedStore

_JSON = {"accept": "application/json", "content-type": "application/json"}
_NDJSON = {"accept": "application/json", "content-type": "application/x-ndjson"}


class ElasticsearchClient:
    """The client edge for Elasticsearch (compatibility headers make ES 9 answer too)."""

    flavour = "elasticsearch"

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        api_key: str | None = None,
        ca_certs: str | Path | None = None,
        verify_certs: bool = True,
        timeout: float = 30.0,
    ) -> None:
        self.url = url
        auth = credentials_summary(username, password, api_key)
        options: dict[str, Any] = {
            "request_timeout": timeout,
            "max_retries": 0,  # the writer retries with its own backoff
            "retry_on_timeout": False,
            "verify_certs": verify_certs,
        }
        if ca_certs:
            options["ca_certs"] = str(ca_certs)
        if auth["basic_auth"]:
            options["basic_auth"] = auth["basic_auth"]
        if auth["api_key"]:
            options["api_key"] = auth["api_key"]
        self._client = Elasticsearch(url, **options)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        ndjson: bool = False,
    ) -> Any:
        try:
            response = self._client.perform_request(
                method, path, params=params, headers=_NDJSON if ndjson else _JSON, body=body
            )
        except ApiError as exc:
            raise EngineHTTPError(exc.meta.status, path, exc.body) from None
        except elastic_transport.TransportError as exc:
            raise EngineUnavailable(self.url, f"{type(exc).__name__}: {exc.message}") from None
        if method == "HEAD":
            return 200 <= response.meta.status < 300
        return response.body

    def close(self) -> None:
        self._client.close()


class ElasticsearchStore(ConnectedStore):
    """The Store on Elasticsearch 8 or 9."""

    backend = "elasticsearch"
    client_class = ElasticsearchClient
