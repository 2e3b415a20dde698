"""OpenSearch 2 and 3 through ``opensearch-py`` (the elasticsearch client refuses OpenSearch)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import opensearchpy
from opensearchpy import OpenSearch

from indexer.search.client import EngineHTTPError, EngineUnavailable, credentials_summary
from indexer.search.store import ConnectedStore

_NDJSON = {"content-type": "application/x-ndjson"}


class OpenSearchClient:
    """The client edge for OpenSearch."""

    flavour = "opensearch"

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
            "timeout": timeout,
            "max_retries": 0,  # the writer retries with its own backoff
            "retry_on_timeout": False,
            "verify_certs": verify_certs,
            "ssl_show_warn": verify_certs,
        }
        if ca_certs:
            options["ca_certs"] = str(ca_certs)
        if auth["basic_auth"]:
            options["http_auth"] = auth["basic_auth"]
        if auth["api_key"]:
            options["headers"] = {"authorization": f"ApiKey {auth['api_key']}"}
        self._client = OpenSearch(url, **options)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        ndjson: bool = False,
    ) -> Any:
        query = {k: _param(v) for k, v in (params or {}).items()}
        try:
            return self._client.transport.perform_request(
                method, path, params=query, body=body, headers=_NDJSON if ndjson else None
            )
        except (opensearchpy.ConnectionError, opensearchpy.ConnectionTimeout) as exc:
            raise EngineUnavailable(self.url, f"{type(exc).__name__}: {exc}") from None
        except opensearchpy.TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 0
            if not status:
                raise EngineUnavailable(self.url, str(exc)) from None
            raise EngineHTTPError(status, path, exc.info or exc.error) from None

    def close(self) -> None:
        self._client.close()


def _param(value: Any) -> Any:
    """Query parameters as the engine spells them (booleans lower-case)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class OpenSearchStore(ConnectedStore):
    """The Store on OpenSearch 2 or 3."""

    backend = "opensearch"
    client_class = OpenSearchClient
