"""Alert channels: e-mail, generic webhook, DingTalk robot and WeCom robot."""

from alerts.channels import dingtalk, email, webhook, wecom  # noqa: F401  (register kinds)
from alerts.channels.base import (
    CHANNEL_TYPES,
    Channel,
    build_channel,
    missing_settings,
    register,
    unset_secrets,
)

__all__ = [
    "CHANNEL_TYPES",
    "Channel",
    "build_channel",
    "missing_settings",
    "register",
    "unset_secrets",
]
