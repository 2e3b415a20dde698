"""Index names, templates and mappings for both engines, built in one place.

Layout (``tianluo`` is the configurable prefix, ``vN`` the mapping version):

* ``tianluo-docs-vN-YYYY.MM``  documents, one index per month of first crawl,
  all behind the read alias ``tianluo-docs`` (added by the index template);
* ``tianluo-alerts-vN``        alert history by alert id, alias ``tianluo-alerts``;
* ``tianluo-crawl-runs-vN``    crawl statistics, alias ``tianluo-crawl-runs``.

Field names are those of ``StoredDocument`` and are documented in docs/fields.md.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tianluo.timeutil import aware

MAPPING_VERSION = 1
SINGLE_FAMILIES = ("alerts", "crawl-runs")

_KW: dict[str, Any] = {"type": "keyword"}
_KW_STORED_ONLY: dict[str, Any] = {"type": "keyword", "index": False, "doc_values": False}
_DATE: dict[str, Any] = {"type": "date", "format": "strict_date_optional_time||epoch_millis"}
# Chinese-aware text with what every node has (the standard tokenizer and the shingle
# filter of the server itself, no analysis plugin): the tokenizer cuts Chinese into
# characters, shingles of two join neighbours into bigrams.  Documents index characters
# and bigrams; queries search bigrams only (a lone character falls back to itself), so a
# `match` for 提现困难 asks for 提现, 现困 and 困难 and never matches a page that merely
# holds 提, 现, 困 and 难 apart, and a page holding the phrase ranks first.
TEXT_ANALYZER = "tianluo_text"
TEXT_SEARCH_ANALYZER = "tianluo_text_search"
_BIGRAMS: dict[str, Any] = {
    "type": "shingle",
    "min_shingle_size": 2,
    "max_shingle_size": 2,
    "token_separator": "",
}
TEXT_ANALYSIS: dict[str, Any] = {
    "filter": {
        "tianluo_bigrams": {**_BIGRAMS, "output_unigrams": True},
        "tianluo_bigrams_only": {
            **_BIGRAMS,
            "output_unigrams": False,
            "output_unigrams_if_no_shingles": True,
        },
    },
    "analyzer": {
        TEXT_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "tianluo_bigrams"],
        },
        TEXT_SEARCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "tianluo_bigrams_only"],
        },
    },
}
# Where the cluster has a Chinese analysis plugin (storage.text_analysis), its tokenizer
# replaces the bigrams under the same analyzer names, so the field mappings never change.
PLUGIN_TOKENIZERS: dict[str, tuple[str, str, str]] = {
    # setting: (tokenizer for indexing, tokenizer for queries, plugin)
    "smartcn": ("smartcn_tokenizer", "smartcn_tokenizer", "analysis-smartcn"),
    "ik": ("ik_max_word", "ik_smart", "analysis-ik"),
}


def text_analysis(kind: str = "bigram") -> dict[str, Any]:
    """The ``analysis`` index settings for ``storage.text_analysis``."""
    if kind == "bigram":
        return copy.deepcopy(TEXT_ANALYSIS)
    index_tokenizer, search_tokenizer, _plugin = PLUGIN_TOKENIZERS[kind]
    return {
        "analyzer": {
            TEXT_ANALYZER: {
                "type": "custom",
                "tokenizer": index_tokenizer,
                "filter": ["lowercase"],
            },
            TEXT_SEARCH_ANALYZER: {
                "type": "custom",
                "tokenizer": search_tokenizer,
                "filter": ["lowercase"],
            },
        }
    }


_TEXT: dict[str, Any] = {
    "type": "text",
    "analyzer": TEXT_ANALYZER,
    "search_analyzer": TEXT_SEARCH_ANALYZER,
}
_OPAQUE: dict[str, Any] = {"type": "object", "enabled": False}

MENTION_ROW_PROPERTIES: dict[str, Any] = {
    "name": _KW,
    "mention": _KW,
    "on_watchlist": {"type": "boolean"},
    "risk": {"type": "boolean"},
    "score": {"type": "float"},
    "crawled_at": _DATE,
    "source": _KW,
    "cluster_id": _KW,
    "categories": _KW,
    "yield_max": {"type": "float"},
}

DOC_PROPERTIES: dict[str, Any] = {
    "id": _KW,
    "url": _KW,
    "source": _KW,
    "source_type": _KW,
    # Chinese-aware (TEXT_ANALYSIS): match and match_phrase both work on bigrams.
    "title": {**_TEXT, "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
    "content": _TEXT,
    "crawled_at": _DATE,
    "published_at": _DATE,
    "content_hash": _KW,
    "author": _KW,
    "origin": _KW,
    "thread_url": _KW,
    "floor": {"type": "integer"},
    "tokens": _KW,
    "risk": {"type": "boolean"},
    "risk_score": {"type": "float"},
    "categories": _KW,
    "terms": _KW,
    "enterprises": _KW,
    "risk_enterprises": _KW,
    # Every name of every enterprise named: canonical names, brands, short forms, aliases.
    "enterprise_aliases": _KW,
    # One nested row per enterprise named, carrying the document fields the enterprise
    # aggregations group by (source, cluster, day), so they run in the engine in one pass.
    "mention_rows": {"type": "nested", "properties": MENTION_ROW_PROPERTIES},
    "mentions": {
        "properties": {
            "name": _KW,
            "mention": _KW,
            "on_watchlist": {"type": "boolean"},
            "risk": {"type": "boolean"},
            "score": {"type": "float"},
            "aliases": _KW,
            "products": _KW,
        }
    },
    "evidence": {
        "properties": {
            "term": _KW,
            "category": _KW,
            "kind": _KW,
            "rule": _KW,
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "snippet": _KW_STORED_ONLY,
            "weight": {"type": "float"},
            "cancelled_by": _KW,
            "in_title": {"type": "boolean"},
            "damped_by": _KW,
        }
    },
    "yields": {"type": "float"},
    "yield_max": {"type": "float"},
    "yield_flag": {"type": "boolean"},
    "awareness": {"type": "boolean"},
    "awareness_reason": _KW,
    "event_type": _KW,
    "cluster_id": _KW,
    "simhash": _KW,
    "extra": _OPAQUE,
}

ALERT_PROPERTIES: dict[str, Any] = {
    "id": _KW,
    "rule": _KW,
    "key": _KW,
    "severity": _KW,
    "channel": _KW,
    "title": {**_TEXT, "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
    "body": _TEXT,
    "created_at": _DATE,
    "status": _KW,
    "sent_at": _DATE,
    "attempts": {"type": "integer"},
    "error": {"type": "text"},
    "documents": _KW,
    "extra": _OPAQUE,
}

CRAWL_RUN_PROPERTIES: dict[str, Any] = {
    "source": _KW,
    "started_at": _DATE,
    "finished_at": _DATE,
    "pages": {"type": "long"},
    "items": {"type": "long"},
    "errors": _OPAQUE,
    "bytes": {"type": "long"},
    "last_success": _DATE,
    "status": _KW,
}

ADDED_DOC_FIELDS: tuple[str, ...] = ("event_type", "enterprise_aliases", "mentions")
"""Document fields added to mapping version 1 after its first release.  They are
additive (old documents simply lack them), so ``init`` puts them on the existing
indices instead of asking for a reindex (``mentions`` gained ``aliases`` and ``products``)."""

_PROPERTIES = {
    "docs": DOC_PROPERTIES,
    "alerts": ALERT_PROPERTIES,
    "crawl-runs": CRAWL_RUN_PROPERTIES,
}


@dataclass(frozen=True, slots=True)
class IndexNames:
    """Every index, alias and template name for one prefix."""

    prefix: str = "tianluo"

    def alias(self, family: str) -> str:
        """The read alias of a family: tianluo-docs, tianluo-mentions ..."""
        return f"{self.prefix}-{family}"

    def index(self, family: str, version: int) -> str:
        """The concrete index of a single-index family."""
        return f"{self.prefix}-{family}-v{version}"

    def docs_index(self, version: int, month: str) -> str:
        """The concrete document index for one month (``YYYY.MM``)."""
        return f"{self.prefix}-docs-v{version}-{month}"

    def docs_pattern(self, version: int) -> str:
        return f"{self.prefix}-docs-v{version}-*"

    @property
    def docs_template(self) -> str:
        return f"{self.prefix}-docs"

    def version_of(self, index: str) -> int:
        """The mapping version in a concrete index name (tianluo-docs-v2-2026.11 -> 2)."""
        rest = index[len(self.prefix) + 1 :]
        for part in rest.split("-"):
            if part.startswith("v") and part[1:].isdigit():
                return int(part[1:])
        raise ValueError(f"index {index!r} has no version part")


def month_of(moment: datetime) -> str:
    """The ``YYYY.MM`` month (Shanghai time) a document's first crawl falls in."""
    local = aware(moment)
    return f"{local.year:04d}.{local.month:02d}"


def index_settings(shards: int, replicas: int | None, text: str = "bigram") -> dict[str, Any]:
    """Index settings shared by all families (``text``: storage.text_analysis)."""
    settings: dict[str, Any] = {
        "number_of_shards": shards,
        "refresh_interval": "1s",
        "analysis": text_analysis(text),
    }
    if replicas is not None:
        settings["number_of_replicas"] = replicas
    return settings


def mappings(family: str, version: int = MAPPING_VERSION) -> dict[str, Any]:
    """The mapping of one family; unknown fields are kept in _source but not indexed.

    A fresh copy each call: callers may edit the body they send without touching the table.
    """
    return {
        "dynamic": False,
        "_meta": {"tianluo_mapping_version": version, "family": family},
        "properties": copy.deepcopy(_PROPERTIES[family]),
    }


def docs_template(
    names: IndexNames,
    version: int,
    *,
    shards: int = 1,
    replicas: int | None = None,
    text: str = "bigram",
) -> dict[str, Any]:
    """The composable index template for monthly document indices of one version."""
    return {
        "index_patterns": [names.docs_pattern(version)],
        "priority": 200,
        "_meta": {"tianluo_mapping_version": version},
        "template": {
            "settings": index_settings(shards, replicas, text),
            "mappings": mappings("docs", version),
            "aliases": {names.alias("docs"): {}},
        },
    }


def single_index_body(
    names: IndexNames,
    family: str,
    version: int,
    *,
    shards: int = 1,
    replicas: int | None = None,
    with_alias: bool = True,
    text: str = "bigram",
) -> dict[str, Any]:
    """The create-index body of a single-index family (alerts, crawl runs)."""
    body: dict[str, Any] = {
        "settings": index_settings(shards, replicas, text),
        "mappings": mappings(family, version),
    }
    if with_alias:
        body["aliases"] = {names.alias(family): {"is_write_index": True}}
    return body


def added_docs_mapping() -> dict[str, Any]:
    """The PUT _mapping body that adds ``ADDED_DOC_FIELDS`` to existing document indices."""
    return {"properties": {name: DOC_PROPERTIES[name] for name in ADDED_DOC_FIELDS}}


def docs_index_body(
    version: int, *, shards: int = 1, replicas: int | None = None, text: str = "bigram"
) -> dict[str, Any]:
    """An explicit create body for a document index (used by reindex, without the alias)."""
    return {
        "settings": index_settings(shards, replicas, text),
        "mappings": mappings("docs", version),
    }
