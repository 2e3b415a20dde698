"""The client edge: the one request method each engine client adapts, and its errors.

Everything above this edge (mappings, queries, the writer, the spool, the
store) is shared by Elasticsearch and OpenSearch; below it only the client
library differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class EngineUnavailable(Exception):
    """The engine could not be reached, timed out, or kept answering 429/5xx."""

    def __init__(self, url: str, detail: str) -> None:
        self.url = url
        self.detail = detail
        super().__init__(f"搜索引擎 {url} 不可用：{detail}")


class EngineHTTPError(Exception):
    """The engine answered a request with an error status."""

    def __init__(self, status: int, path: str, error: Any) -> None:
        self.status = status
        self.path = path
        self.error = error
        super().__init__(f"{path} 返回 HTTP {status}：{error}")

    @property
    def retryable(self) -> bool:
        """429 (too many requests) and 5xx are worth retrying; other errors are not."""
        return self.status == 429 or self.status >= 500


class EngineClient(Protocol):
    """What the shared store needs from a client library: one raw request."""

    url: str
    flavour: str

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        ndjson: bool = False,
    ) -> Any:
        """Send one request; return the decoded JSON body (for HEAD: whether it exists).

        Raises EngineUnavailable on connection failures and timeouts and
        EngineHTTPError on an error status.  ``ndjson`` sends ``body`` (a str)
        as newline-delimited JSON, as _bulk wants.
        """
        ...

    def close(self) -> None:
        """Release connections."""
        ...


def credentials_summary(
    username: str | None, password: str | None, api_key: str | None
) -> dict[str, Any]:
    """Check that the credentials given make sense together; name the problem if not."""
    if api_key and (username or password):
        raise ValueError("API 密钥与用户名和密码只能二选一，不能同时给出")
    if bool(username) != bool(password):
        raise ValueError("用户名密码认证需要同时给出用户名和密码")
    return {"basic_auth": (username, password) if username else None, "api_key": api_key}
