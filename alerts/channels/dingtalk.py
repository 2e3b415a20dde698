"""The DingTalk group robot: a markdown message, optionally signed with the robot's secret."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from alerts.channels.base import Channel, register
from alerts.channels.http import post_json, robot_errcode
from alerts.model import Message

MAX_BYTES = 18000
"""DingTalk caps a markdown text at about 20000 bytes."""


def sign(secret: str, timestamp_ms: int) -> str:
    """The ``sign`` parameter: base64 HMAC-SHA256 of ``"{timestamp}\\n{secret}"``, URL-encoded."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode("utf-8"), to_sign, hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode("ascii"))


def signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """The robot URL with ``&timestamp=...&sign=...`` appended."""
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={sign(secret, timestamp_ms)}"


def clip(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` UTF-8 bytes, marking the cut."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 40].decode("utf-8", "ignore") + "\n\n……（已截断）"


@register
class DingTalkChannel(Channel):
    """Sends ``msgtype: markdown``; HTTP 200 with errcode != 0 is a failure."""

    kind = "dingtalk"
    required = ("url",)

    def send(self, message: Message) -> None:
        url = self.secret(self.settings.url) or ""
        secret = self.secret(self.settings.secret)
        if secret:
            url = signed_url(url, secret, int(time.time() * 1000))
        payload = {
            "msgtype": "markdown",
            "markdown": {"title": message.title, "text": clip(message.markdown, MAX_BYTES)},
        }
        where = self.where
        _, text = post_json(
            url,
            payload,
            timeout=self.settings.timeout,
            context=self.tls_context() if url.startswith("https:") else None,
            where=where,
        )
        robot_errcode(text, where)
