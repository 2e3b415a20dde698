"""The optional learned re-ranker: a document model and an optional key-entity model.

The rules stay the explanation; the re-ranker re-decides ``risk`` from the
rules' features plus hashed character n-grams of the text (``keywords.learned``, no
jieba),
and, with an entity model, which enterprise mentions the risk is about
(features from ``keywords.learned_features``).  Pass it as
``AnalyzerConfig(reranker=...)``.

It is bytes in and out (``to_bytes``/``from_bytes``): a compressed ``.npz``
archive (``keywords.npz``) of weight arrays plus a JSON metadata string, loaded with
``allow_pickle=False``.  This package reads and writes no model files; the app
(``keywords.configure``) and the training command (``tianluo keywords
train-reranker``) do.  The weights hold hashed features only, no text.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from keywords.learned import LinearModel
from keywords.learned_features import EntityView, doc_features, entity_views
from keywords.npz import write_npz

if TYPE_CHECKING:
    from keywords.analyzer import AnalysisResult

KIND = "tianluo-reranker"
VERSION = 5
"""5: stable numpy character hashing, no jieba word features (4: class names of
multi-class models and the training fingerprint in the metadata)."""
DOC_PROBABILITY = "doc_probability"
"""Named entity feature: the document model's probability."""


def entity_inputs(
    views: Sequence[EntityView], doc_probability: float
) -> tuple[list[dict[str, float]], list[str]]:
    """Named features (with the document probability) and contexts for the entity model."""
    named = [{**v.named, DOC_PROBABILITY: doc_probability} for v in views]
    return named, [v.context for v in views]


@dataclass(frozen=True, slots=True)
class Reranker:
    """A document model, an optional key-entity model and free-form training notes."""

    doc: LinearModel
    entity: LinearModel | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> dict[str, Any]:
        """The keyword sets and settings the model learned from (``keywords.fingerprint``)."""
        found = self.info.get("fingerprint")
        return found if isinstance(found, dict) else {}

    @property
    def threshold(self) -> float:
        """Document probability from which ``risk`` is true."""
        return self.doc.threshold

    def probability(self, text: str, result: AnalysisResult) -> float:
        """Probability that the document (title and text joined) is a risk signal."""
        return float(self.doc.probabilities([doc_features(result)], [text])[0])

    def entity_probabilities(
        self,
        text: str,
        title: str,
        names: Sequence[str],
        result: AnalysisResult,
        doc_probability: float,
    ) -> dict[str, float]:
        """Probability that the risk is about each name (empty without an entity model)."""
        if self.entity is None or not names:
            return {}
        views = entity_views(text, title, names, result)
        named, contexts = entity_inputs(views, doc_probability)
        scores = self.entity.probabilities(named, contexts)
        return {v.name: float(p) for v, p in zip(views, scores, strict=True)}

    def to_bytes(self) -> bytes:
        """A compressed ``.npz`` archive: weight arrays and a JSON ``meta`` string."""
        meta: dict[str, Any] = {
            "kind": KIND,
            "version": VERSION,
            "doc": self.doc.meta(),
            "info": self.info,
        }
        arrays = self.doc.to_arrays("doc")
        if self.entity is not None:
            meta["entity"] = self.entity.meta()
            arrays.update(self.entity.to_arrays("entity"))
        arrays["meta"] = np.array(json.dumps(meta, ensure_ascii=False, sort_keys=True))
        return write_npz(arrays)

    @classmethod
    def from_bytes(cls, data: bytes) -> Reranker:
        """Rebuild from ``to_bytes`` output; ``ValueError`` saying what is wrong otherwise."""
        if not data.startswith(b"PK"):  # np.load would try other formats, pickle among them
            raise ValueError("not a re-ranker model archive (not an .npz file)")
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                arrays = {key: archive[key] for key in archive.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise ValueError(f"not a re-ranker model archive ({exc})") from None
        if "meta" not in arrays:
            raise ValueError("not a re-ranker model archive (no metadata)")
        try:
            meta = json.loads(str(arrays["meta"]))
        except json.JSONDecodeError as exc:
            raise ValueError(f"re-ranker metadata is not JSON ({exc})") from None
        if not isinstance(meta, dict) or meta.get("kind") != KIND:
            raise ValueError(f"not a {KIND} model")
        if meta.get("version") != VERSION:
            raise ValueError(
                f"{KIND} version {meta.get('version')} is not supported (expected {VERSION}); "
                "train the model again"
            )
        doc = LinearModel.from_arrays(arrays, "doc", meta.get("doc") or {})
        entity = None
        if "entity" in meta:
            entity = LinearModel.from_arrays(arrays, "entity", meta["entity"] or {})
        info = meta.get("info")
        return cls(doc, entity, info if isinstance(info, dict) else {})
