"""Render an alert into its message bodies with Jinja2 (HTML autoescaped).

Templates are looked up first in ``alerts.templates`` (when set) and then in
the built-in ``alerts/templates``, so a deployment can override any of them:
``alert.md.j2`` (DingTalk, WeCom), ``alert.txt.j2`` and ``alert.html.j2`` (e-mail).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from alerts.model import SEVERITY_LABELS, Alert, Match, Message
from tianluo.settings import Settings

BUILTIN = Path(__file__).resolve().parent / "templates"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#<>|!])")


def md(value: object) -> str:
    """Escape text for DingTalk/WeCom markdown so page titles cannot inject links or markup."""
    return _MD_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def md_url(url: str) -> str:
    """A URL that is safe inside ``(...)`` of a markdown link."""
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


class Renderer:
    """Builds the Message for an alert from the configured templates."""

    def __init__(self, settings: Settings) -> None:
        folders = [BUILTIN]
        if settings.alerts.templates:
            folders.insert(0, settings.path(settings.alerts.templates))
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
            autoescape=select_autoescape(enabled_extensions=("html.j2", "html")),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["md"] = md
        self.env.filters["md_url"] = md_url
        self.base_url = settings.public_url

    def enterprise_url(self, name: str) -> str:
        """The enterprise report page served by ``tianluo serve``."""
        return f"{self.base_url}/enterprise/{quote(name, safe='')}"

    def title(self, alert: Alert) -> str:
        label = SEVERITY_LABELS.get(alert.severity, alert.severity)
        count = len(alert.matches) + alert.more
        return f"【天罗·{label}】{alert.title}（{count} 项）"

    def render(self, alert: Alert) -> Message:
        """All bodies of one alert."""
        context: dict[str, Any] = {
            "alert": alert,
            "title": self.title(alert),
            "severity_label": SEVERITY_LABELS.get(alert.severity, alert.severity),
            "base_url": self.base_url,
            "enterprise_url": self.enterprise_url,
        }
        return Message(
            alert_id=alert.id,
            title=context["title"],
            markdown=self.env.get_template("alert.md.j2").render(context).strip() + "\n",
            text=self.env.get_template("alert.txt.j2").render(context).strip() + "\n",
            html=self.env.get_template("alert.html.j2").render(context),
            data=self.data(alert, context["title"]),
        )

    def data(self, alert: Alert, title: str) -> dict[str, Any]:
        """The JSON body of the generic webhook."""
        return {
            "alert_id": alert.id,
            "rule": alert.rule,
            "title": title,
            "severity": alert.severity,
            "description": alert.description,
            "created_at": alert.created_at.isoformat(),
            "matches": [self._match(m) for m in alert.matches],
            "more": alert.more,
        }

    def _match(self, m: Match) -> dict[str, Any]:
        return {
            "key": m.key,
            "headline": m.headline,
            "value": m.value,
            "enterprise": m.enterprise,
            "enterprise_url": self.enterprise_url(m.enterprise) if m.enterprise else None,
            "details": m.details,
            "documents": [
                {
                    "id": d.id,
                    "title": d.title,
                    "url": d.url,
                    "source": d.source,
                    "crawled_at": d.crawled_at.isoformat(),
                    "risk_score": d.risk_score,
                    "event_type": d.event_type,
                }
                for d in m.documents
            ],
        }
