"""The engine mappings (no engine needed): every record field is mapped, event_type aggregatable."""

from __future__ import annotations

from indexer.search.mappings import ADDED_DOC_FIELDS, DOC_PROPERTIES, added_docs_mapping, mappings
from indexer.search.queries import AGG_FIELDS
from tianluo.models import StoredDocument


def test_every_stored_field_is_mapped() -> None:
    assert set(StoredDocument.__dataclass_fields__) <= set(DOC_PROPERTIES)


def test_event_type_is_an_aggregatable_keyword() -> None:
    assert mappings("docs")["properties"]["event_type"] == {"type": "keyword"}
    assert AGG_FIELDS["event_type"] == "event_type"


def test_event_type_is_put_on_indices_created_before_it() -> None:
    assert "event_type" in ADDED_DOC_FIELDS  # init puts these on existing version-1 indices
    assert added_docs_mapping()["properties"]["event_type"] == {"type": "keyword"}


def test_enterprise_names_are_keywords_put_on_older_indices() -> None:
    docs = mappings("docs")["properties"]
    assert docs["enterprise_aliases"] == {"type": "keyword"}
    assert docs["mentions"]["properties"]["aliases"] == {"type": "keyword"}
    assert docs["mentions"]["properties"]["products"] == {"type": "keyword"}
    added = added_docs_mapping()["properties"]
    assert added["enterprise_aliases"] == {"type": "keyword"}
    assert "aliases" in added["mentions"]["properties"]
    assert AGG_FIELDS["enterprise_alias"] == "enterprise_aliases"
