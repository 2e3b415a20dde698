"""The channel registry: each kind declares the settings it needs and how it sends."""

from __future__ import annotations

import os
import ssl
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import ClassVar

from alerts.model import Message
from tianluo.errors import ChannelError, ConfigError
from tianluo.settings import ChannelSettings, EnvRef


class Channel(ABC):
    """Sends a rendered message; raises ChannelError unless the receiver accepted it."""

    kind: ClassVar[str]
    required: ClassVar[tuple[str, ...]]
    """ChannelSettings fields this kind cannot work without."""

    def __init__(self, name: str, settings: ChannelSettings) -> None:
        self.name = name
        self.settings = settings

    @abstractmethod
    def send(self, message: Message) -> None:
        """Deliver one message or raise ChannelError saying why not."""

    @property
    def where(self) -> str:
        """The prefix naming this channel in its errors: ``告警通道 'name'（kind）：``."""
        return f"告警通道 {self.name!r}（{self.kind}）："

    def fail(self, reason: str) -> ChannelError:
        return ChannelError(f"{self.where}{reason}")

    def secret(self, value: EnvRef | str | None) -> str | None:
        """A setting that may be an environment reference, resolved now."""
        if isinstance(value, EnvRef):
            try:
                return value.resolve()
            except ConfigError:
                raise self.fail(f"环境变量 {value.env} 未设置") from None
        return value

    def tls_context(self) -> ssl.SSLContext:
        """A verifying TLS context, trusting ``ca_certs`` when it is set."""
        return ssl.create_default_context(cafile=self.settings.ca_certs)


CHANNEL_TYPES: dict[str, type[Channel]] = {}


def register(cls: type[Channel]) -> type[Channel]:
    """Class decorator adding a channel kind to the registry."""
    CHANNEL_TYPES[cls.kind] = cls
    return cls


def missing_settings(settings: ChannelSettings) -> list[str]:
    """The required settings of this channel's kind that are not set."""
    cls = CHANNEL_TYPES[settings.type]
    return [key for key in cls.required if getattr(settings, key) in (None, "", [])]


def unset_secrets(settings: ChannelSettings, environ: Mapping[str, str] | None = None) -> list[str]:
    """The settings of this channel given as ``{env: NAME}`` whose variable is not set."""
    env = os.environ if environ is None else environ
    return [
        key
        for key in type(settings).model_fields
        if isinstance(value := getattr(settings, key), EnvRef) and value.env not in env
    ]


def build_channel(name: str, settings: ChannelSettings) -> Channel:
    """The channel for ``alerts.channels.<name>``; ChannelError when settings are missing."""
    cls = CHANNEL_TYPES[settings.type]
    missing = missing_settings(settings)
    if missing:
        keys = ", ".join(f"alerts.channels.{name}.{k}" for k in missing)
        raise ChannelError(
            f"告警通道 {name!r}（{settings.type}）缺少设置 {keys}；请在配置文件中填写"
        )
    return cls(name, settings)
