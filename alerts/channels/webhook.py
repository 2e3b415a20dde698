"""A generic JSON webhook: the alert as structured data, accepted on any 2xx answer."""

from __future__ import annotations

from alerts.channels.base import Channel, register
from alerts.channels.http import post_json
from alerts.model import Message


@register
class WebhookChannel(Channel):
    """POSTs the alert as JSON; ``X-Tianluo-Alert`` lets the receiver drop duplicates."""

    kind = "webhook"
    required = ("url",)

    def send(self, message: Message) -> None:
        url = self.secret(self.settings.url) or ""
        post_json(
            url,
            message.data,
            timeout=self.settings.timeout,
            context=self.tls_context() if url.startswith("https:") else None,
            headers={"X-Tianluo-Alert": message.alert_id, "Idempotency-Key": message.alert_id},
            where=self.where,
        )
