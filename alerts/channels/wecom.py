"""The WeCom (企业微信) group robot: a markdown message of at most 4096 bytes."""

from __future__ import annotations

from alerts.channels.base import Channel, register
from alerts.channels.dingtalk import clip
from alerts.channels.http import post_json, robot_errcode
from alerts.model import Message

MAX_BYTES = 4096


@register
class WeComChannel(Channel):
    """Sends ``msgtype: markdown``; HTTP 200 with errcode != 0 is a failure."""

    kind = "wecom"
    required = ("url",)

    def send(self, message: Message) -> None:
        url = self.secret(self.settings.url) or ""
        payload = {
            "msgtype": "markdown",
            "markdown": {"content": clip(message.markdown, MAX_BYTES)},
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
