"""POST JSON to a webhook with urllib: status checked, URL secrets kept out of errors."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from tianluo.errors import ChannelError


def redact(url: str) -> str:
    """The URL without query or credentials (robot URLs carry an access token)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def post_json(
    url: str,
    payload: dict[str, Any],
    *,
    timeout: float,
    context: ssl.SSLContext | None = None,
    headers: dict[str, str] | None = None,
    where: str = "",
) -> tuple[int, str]:
    """POST ``payload``; return (status, body).  ChannelError on any non-2xx or network error."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", "Tianluo-alerts/0.1")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    target = redact(url)
    try:
        with urllib.request.urlopen(request, timeout=timeout, context=context) as response:
            status = response.status
            text = response.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip()
        exc.close()
        raise ChannelError(f"{where}{target} 返回 HTTP {exc.code}：{detail}") from None
    except urllib.error.URLError as exc:
        raise ChannelError(f"{where}无法连接 {target}：{exc.reason}") from None
    except (OSError, ValueError) as exc:
        raise ChannelError(f"{where}无法连接 {target}：{exc}") from None
    if not 200 <= status < 300:
        raise ChannelError(f"{where}{target} 返回 HTTP {status}")
    return status, text


def robot_errcode(text: str, where: str) -> None:
    """DingTalk and WeCom answer HTTP 200 with ``errcode``; non-zero is a refusal."""
    try:
        data = json.loads(text)
    except ValueError:
        raise ChannelError(f"{where}返回的不是 JSON：{text[:200]!r}") from None
    if not isinstance(data, dict):
        raise ChannelError(f"{where}返回了意外的 JSON：{text[:200]!r}")
    code = data.get("errcode")
    if code != 0:
        raise ChannelError(f"{where}拒收消息：errcode {code}，errmsg {data.get('errmsg')!r}")
