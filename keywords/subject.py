"""Learned event-subject ranker: which enterprise a text is about, found in the text itself.

The document's candidates (:meth:`keywords.candidates.DocNames.scanned`: names the string
scans propose in the text, and the analyzer's mentions; found once per document and
shared through the verdict), with the names the LAC tagger finds in the lead when the
model was trained with it (:mod:`keywords.tagger`, recorded in its metadata);
:func:`keywords.subject_features.candidate_hashes` describes each with hashed features
(``zlib.crc32`` of each feature's name); a logistic regression over them scores them.  No
jieba runs: :meth:`SubjectRanker.rank_many` ranks a batch of documents with one product.

Train with :func:`train_subject_ranker` on ``(text, subject)`` pairs, save with
:meth:`SubjectRanker.to_bytes` (a numpy ``.npz`` archive: hashed weights plus JSON
metadata, no pickle, no text) and load with :meth:`SubjectRanker.from_bytes`.  This
module does no file I/O: callers read and write the bytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from keywords.candidates import Candidate, DocNames, spot_candidates
from keywords.learned_hash import HashedRows
from keywords.npz import write_npz
from keywords.subject_features import DocInfo, candidate_hashes
from keywords.tagger import TAGGER_NAME, NameTagger, Token, available, shared_tagger

if TYPE_CHECKING:
    from keywords.analyzer import AnalysisResult
    from keywords.pipeline.verdict import Verdict

KIND = "tianluo-subject/1"
FEATURE_VERSION = 5
"""Bumped whenever candidate generation or features change: old models are refused."""
DEFAULT_BUCKETS = 1 << 18
MAX_CHARS = 3000
"""Characters of a document :meth:`SubjectRanker.rank` reads by default."""


def doc_info(result: AnalysisResult | Verdict | None) -> DocInfo:
    """The parts of an analysis the features use: live body evidence and mention names."""
    if result is None:
        return DocInfo()
    evidence = tuple(
        ev.start
        for ev in result.evidence
        if ev.cancelled_by is None and ev.label != "title" and ev.weight > 0
    )
    return DocInfo(evidence=evidence, mentions=tuple(m.mention for m in result.mentions))


@dataclass(slots=True)
class SubjectRanker:
    """Logistic-regression weights over hashed candidate features."""

    weights: np.ndarray
    """Dense float32 weights, one per hash bucket."""
    intercept: float = 0.0
    meta: dict[str, Any] | None = None
    tagger: NameTagger | None = None
    """The LAC tagger whose names and word edges the model learned from, or None."""
    _column: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def fingerprint(self) -> dict[str, Any]:
        """The keyword sets and settings the model learned from (``keywords.fingerprint``)."""
        found = (self.meta or {}).get("fingerprint")
        return found if isinstance(found, dict) else {}

    @property
    def column(self) -> np.ndarray:
        """The weights as one float64 column (made once: a product never converts them)."""
        found = self._column
        if found is None or found.shape[0] != self.weights.shape[0]:
            found = self._column = self.weights.astype(np.float64)[:, None]
        return found

    @property
    def buckets(self) -> int:
        """Number of hash buckets."""
        return int(self.weights.shape[0])

    def tokens(self, texts: Sequence[str]) -> list[tuple[Token, ...]]:
        """The tagger's tokens of each text (none without a tagger)."""
        if self.tagger is None:
            return [() for _ in texts]
        return self.tagger.tokens_many(texts)

    def candidates(self, text: str, result: AnalysisResult | None = None) -> list[Candidate]:
        """The candidate names of ``text`` (with the analyzer's mentions when given)."""
        return spot_candidates(text, doc_info(result).mentions, self.tokens([text])[0])

    def rank(
        self, text: str, result: AnalysisResult | None = None, max_chars: int = MAX_CHARS
    ) -> list[tuple[str, float]]:
        """Candidate subjects of ``text`` with their probability, best first.

        Only the first ``max_chars`` characters are read (the cost grows with the number
        of candidates; the subject of a news item is named early).
        """
        return self.rank_many([(text, doc_info(result))], max_chars)[0]

    def rank_many(
        self,
        docs: Sequence[tuple[str, DocInfo]],
        max_chars: int = MAX_CHARS,
        names: Sequence[DocNames] | None = None,
    ) -> list[list[tuple[str, float]]]:
        """:meth:`rank` for each ``(text, DocInfo)``: every candidate of the batch is
        scored in one product.  ``names`` (one per document, from the verdicts) hands
        over the candidates the analysis found, or finds them once for the other stages."""
        rows = HashedRows()
        found: list[list[Candidate]] = []
        tokens = self.tokens([text[:max_chars] for text, _info in docs])
        for i, (text, info) in enumerate(docs):
            text = text[:max_chars]
            info = DocInfo(tuple(p for p in info.evidence if p < len(text)), info.mentions)
            if names is not None:
                cands = names[i].scanned(text, info.mentions, tokens[i])
            else:
                cands = spot_candidates(text, info.mentions, tokens[i])
            found.append(cands)
            candidate_hashes(text, cands, info, rows)
        if not rows.count:
            return [[] for _ in docs]
        z = rows.rows(self.buckets).dot(self.column)[:, 0] + self.intercept
        probs = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        out: list[list[tuple[str, float]]] = []
        at = 0
        for cands in found:
            p = probs[at : at + len(cands)].tolist()
            at += len(cands)
            order = sorted(range(len(cands)), key=lambda i: (-p[i], cands[i].spans[0][0]))
            out.append([(cands[i].name, p[i]) for i in order])
        return out

    def top(self, text: str, result: AnalysisResult | None = None) -> str | None:
        """The best candidate subject, or None when the text has no candidate."""
        ranked = self.rank(text, result)
        return ranked[0][0] if ranked else None

    def to_bytes(self) -> bytes:
        """The model as a compressed ``.npz`` archive (nonzero weights and JSON metadata)."""
        nonzero = np.flatnonzero(self.weights).astype(np.int32)
        meta = {
            "kind": KIND,
            "version": FEATURE_VERSION,
            "buckets": self.buckets,
            **{k: v for k, v in (self.meta or {}).items() if k not in ("kind", "version")},
        }
        return write_npz(
            {
                "meta": np.frombuffer(
                    json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8"), np.uint8
                ),
                "indices": nonzero,
                "values": self.weights[nonzero].astype(np.float32),
                "intercept": np.array([self.intercept], dtype=np.float64),
            }
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> SubjectRanker:
        """Load a model written by :meth:`to_bytes`; ValueError when it is not one."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                meta = json.loads(archive["meta"].tobytes().decode("utf-8"))
                indices = archive["indices"].astype(np.int64)
                values = archive["values"].astype(np.float32)
                intercept = float(archive["intercept"][0])
        except (OSError, ValueError, KeyError, EOFError, IndexError, zipfile.BadZipFile) as exc:
            raise ValueError(
                f"not a Tianluo subject model (unreadable .npz archive): {exc}"
            ) from exc
        if not isinstance(meta, dict) or meta.get("kind") != KIND:
            kind = meta.get("kind") if isinstance(meta, dict) else None
            raise ValueError(f"not a Tianluo subject model: kind {kind!r}, expected {KIND!r}")
        if meta.get("version") != FEATURE_VERSION:
            raise ValueError(
                f"subject model feature version {meta.get('version')!r} does not match "
                f"this code's {FEATURE_VERSION}; retrain it"
            )
        buckets = meta.get("buckets")
        if not isinstance(buckets, int) or buckets <= 0:
            raise ValueError(f"subject model has a bad bucket count {buckets!r}")
        if indices.shape != values.shape or (
            indices.size and (indices.min() < 0 or indices.max() >= buckets)
        ):
            raise ValueError("subject model weights do not fit its bucket count")
        tagger = meta.get("tagger")
        if tagger not in (None, TAGGER_NAME):
            raise ValueError(f"subject model needs an unknown tagger {tagger!r}")
        if tagger is not None:
            available()  # TaggerMissing (a ValueError) says what to install
        weights = np.zeros(buckets, dtype=np.float32)
        weights[indices] = values
        return cls(
            weights=weights,
            intercept=intercept,
            meta=meta,
            tagger=shared_tagger() if tagger is not None else None,
        )


Example = tuple[str, str] | tuple[str, str, float]
"""``(text, subject)`` or ``(text, subject, weight)``; the weight defaults to 1."""


def training_matrix(
    examples: Iterable[Example],
    analyze: Callable[[str], AnalysisResult] | None = None,
    buckets: int = DEFAULT_BUCKETS,
    tagger: NameTagger | None = None,
) -> tuple[Any, np.ndarray, np.ndarray, dict[str, int]]:
    """Hashed features, 0/1 labels and sample weights of every candidate of every text.

    Texts that occur with several subjects (a list of enterprises, each labelled in its
    own row) count once, with every labelled subject as a positive and the largest
    weight of its rows.  The returned stats count distinct texts, texts whose subject
    is among the candidates, and candidates.
    """
    golds: dict[str, set[str]] = {}
    text_weight: dict[str, float] = {}
    for example in examples:
        text, subject = example[0], example[1]
        weight = float(example[2]) if len(example) > 2 else 1.0
        if text and subject:
            golds.setdefault(text, set()).add(subject)
            text_weight[text] = max(weight, text_weight.get(text, 0.0))
    rows = HashedRows()
    labels: list[int] = []
    weights: list[float] = []
    found = 0
    for whole, subjects in golds.items():
        info = doc_info(analyze(whole) if analyze is not None else None)
        text = whole[:MAX_CHARS]  # as ranking reads it
        info = DocInfo(tuple(p for p in info.evidence if p < len(text)), info.mentions)
        tokens = tagger.tokens(text) if tagger is not None else ()
        cands = spot_candidates(text, info.mentions, tokens)
        found += any(c.name in subjects for c in cands)
        candidate_hashes(text, cands, info, rows)
        labels.extend(int(c.name in subjects) for c in cands)
        weights.extend([text_weight[whole]] * len(cands))
    matrix = rows.rows(buckets).csr()
    stats = {"texts": len(golds), "found": found, "candidates": rows.count}
    return matrix, np.asarray(labels, dtype=np.int8), np.asarray(weights), stats


def train_subject_ranker(
    examples: Iterable[Example],
    analyze: Callable[[str], AnalysisResult] | None = None,
    *,
    c: float = 1.0,
    buckets: int = DEFAULT_BUCKETS,
    tagger: NameTagger | None = None,
) -> SubjectRanker:
    """Fit a ranker on ``(text, subject[, weight])``; ``analyze`` gives evidence and mentions.

    Pass the same ``analyze`` (an ``Analyzer.analyze``) at training and ranking time, or
    None at both: the evidence and mention features must mean the same thing.  Texts
    with several subjects should be passed once per subject.  With ``tagger`` the LAC
    names and word edges are features too, and the model records it (a loaded model
    tags with it again).
    """
    from sklearn.linear_model import LogisticRegression

    matrix, labels, weights, stats = training_matrix(examples, analyze, buckets, tagger)
    if labels.size == 0 or labels.min() == labels.max():
        raise ValueError("subject training needs texts whose subject is among the candidates")
    model = LogisticRegression(C=c, max_iter=2000, solver="liblinear", random_state=0)
    model.fit(matrix, labels, sample_weight=weights)
    weights = model.coef_[0].astype(np.float32)
    meta: dict[str, Any] = {"c": c, "analyzer": analyze is not None, **stats}
    if tagger is not None:
        meta["tagger"] = tagger.name
    return SubjectRanker(
        weights=weights, intercept=float(model.intercept_[0]), meta=meta, tagger=tagger
    )
