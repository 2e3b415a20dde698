"""Read article fields from JSON-LD <script> blocks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

MAX_JSONLD_CHARS = 200_000
MAX_NODES = 200


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    """Yield every dict in ``data`` (lists and @graph included), breadth first, bounded."""
    queue: list[Any] = [data]
    seen = 0
    while queue and seen < MAX_NODES:
        item = queue.pop(0)
        seen += 1
        if isinstance(item, dict):
            yield item
            queue.extend(value for value in item.values() if isinstance(value, dict | list))
        elif isinstance(item, list):
            queue.extend(item)


def jsonld_objects(root: HtmlElement) -> list[dict[str, Any]]:
    """All JSON objects found in the page's ld+json scripts (invalid JSON is skipped)."""
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = (script.text or "")[:MAX_JSONLD_CHARS]
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(_walk(data))
    return objects


def _name(value: Any) -> str | None:
    """A person/organization name from a string, dict or list value."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [name for name in (_name(item) for item in value) if name]
        return "、".join(names) or None
    return None


def jsonld_field(objects: list[dict[str, Any]], key: str) -> str | None:
    """The first non-empty value of ``key`` (names resolved for author/publisher)."""
    for obj in objects:
        if key not in obj:
            continue
        value = _name(obj[key]) if key in {"author", "publisher"} else obj[key]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


# schema.org types of an author that is not a person (the site or its publisher).
NOT_PERSON_TYPES = frozenset(["Organization", "NewsMediaOrganization", "Corporation", "WebSite"])


def _person_names(value: Any) -> list[str]:
    """The people a JSON-LD author value names: a string, a Person, or a list of them;
    an Organization is nobody's byline."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        kind = value.get("@type")
        kinds = set(kind) if isinstance(kind, list) else {kind}
        if kinds & NOT_PERSON_TYPES:
            return []
        return _person_names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _person_names(item)]
    return []


def jsonld_author(objects: list[dict[str, Any]]) -> str | None:
    """The first JSON-LD author that names people, several joined by spaces (王乐文 方敏)."""
    for obj in objects:
        names = _person_names(obj.get("author"))
        if names:
            return " ".join(names)
    return None
