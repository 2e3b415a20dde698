"""Train the learned re-rankers from the FinESE and FinNSP development data.

    tianluo keywords train-reranker --data /work/shared/data --output var/reranker

reads ``finese/train.json`` and ``finnsp/train.json`` (formats in the data
README), runs the rules-only analyzer over every row and fits, with
scikit-learn, one re-ranker per data set (``keywords.reranker``):

- ``events.npz``: event-type model trained on the FinESE event types mapped onto
  the documented set (``keywords.event_types``); its risk probability is the mass
  of the fundraising-risk types.
- ``finnsp.npz``: document model for negative news plus the key-entity model,
  trained on the candidate entities of the negative rows and of the rows the
  document model comes near flagging.

Thresholds come from 5-fold out-of-fold probabilities on the train split only
(rows with the same text, and the entities of one row, share a fold).
Rows are sorted by id, every random choice is seeded and BLAS/OpenMP run on one
thread (LAC's onnxruntime too), so the same data gives byte-identical finnsp.npz, subject.npz
and subject_fast.npz; events.npz keeps
its thresholds and figures but its final multinomial fit is not yet bit-stable
(docs/models.md, Known problems).  Each model records the fingerprint of the keyword sets and
settings it learned from (``keywords.fingerprint``).
The data stays where it is: the models hold hashed weights, no text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from keywords.event_types import FUNDRAISING_TYPES, from_finese
from keywords.learned import HashSpec

if TYPE_CHECKING:
    from keywords import AnalysisResult, Analyzer
    from keywords.learned import Fitted
    from keywords.learned_combine import Combiner
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker

RISK_TYPES = frozenset(
    {
        "涉嫌非法集资",
        "涉嫌传销",
        "涉嫌欺诈",
        "提现困难",
        "失联跑路",
        "歇业停业",
        "投诉维权",
        "资金账户风险",
    }
)
"""FinESE event types that are fundraising risk (the data README's list)."""


DOC_SPEC = HashSpec(text_features=1 << 16)
"""Document features: rule features and character 1-3-grams (both document models share
them, so a document is vectorised once; 2^16 buckets keep the 21-class event model at a
few MB)."""
ENTITY_SPEC = HashSpec(text_features=1 << 16)
"""Entity features: named features and character 1-3-grams of the masked contexts."""


NEAR_FLAGGED = 0.5
"""Rows that are not negative train the entity model (all "no") when their out-of-fold
document probability reaches this share of the document threshold (chosen out-of-fold)."""


class TrainingDataError(ValueError):
    """The training data is missing or not in the expected format."""


@dataclass(frozen=True, slots=True)
class NspRow:
    """One FinNSP row: title, text, candidate entities, negative flag and key entities."""

    id: str
    title: str
    text: str
    entities: list[str]
    negative: bool
    keys: set[str]

    @property
    def body(self) -> str:
        """What the analyzer reads as the text (the title when the text is empty)."""
        return self.text or self.title

    @property
    def use_title(self) -> str:
        """The title, unless the body already holds it."""
        return self.title if self.title and self.title not in self.body else ""

    @property
    def full(self) -> str:
        """Title and body as the analyzer joins them."""
        return f"{self.use_title}\n{self.body}" if self.use_title else self.body


def _read_rows(path: Path, width: int) -> list[list[str]]:
    if not path.is_file():
        raise TrainingDataError(f"{path}: 训练数据文件不存在")
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TrainingDataError(f"{path}: 不是可读取的 JSON（{exc}）") from None
    if not isinstance(rows, list):
        raise TrainingDataError(f"{path}: 应为由数据行组成的 JSON 数组")
    if rows and isinstance(rows[0], list) and rows[0][:1] == ["id"]:
        rows = rows[1:]
    for number, row in enumerate(rows, 1):
        if not (
            isinstance(row, list) and len(row) == width and all(isinstance(v, str) for v in row)
        ):
            raise TrainingDataError(f"{path}: 第 {number} 行不是由 {width} 个字符串组成的列表")
    if not rows:
        raise TrainingDataError(f"{path}: 没有数据行")
    return rows


def load_finese(path: Path) -> list[tuple[str, str, str, str]]:
    """FinESE rows ``(id, text, event_type, subject)``; ``TrainingDataError`` when malformed."""
    return [(r[0], r[1], r[2], r[3]) for r in _read_rows(path, 4)]


def load_finnsp(path: Path) -> list[NspRow]:
    """FinNSP rows (header dropped); ``TrainingDataError`` when malformed."""
    out: list[NspRow] = []
    for row_id, title, text, entity, negative, keys in _read_rows(path, 6):
        entities = [e for e in entity.split(";") if e.strip()]
        gold = {k for k in keys.split(";") if k.strip()}
        out.append(NspRow(row_id, title, text, entities, negative == "1", gold))
    return out


def analyze_nsp(analyzer: Analyzer, row: NspRow) -> AnalysisResult:
    """The analyzer's result for a FinNSP row, as the evaluation computes it."""
    return analyzer.analyze(row.body, title=row.use_title, entities=row.entities)


def drop_contained(names: set[str]) -> set[str]:
    """Names not contained in another of ``names`` (the task's rule)."""
    return {n for n in names if not any(n != o and n in o for o in names)}


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@dataclass(frozen=True, slots=True)
class DocRun:
    """What training a document model leaves for the combiner: the rules' results, the
    texts as the stage reads them, and the fit with its out-of-fold probabilities."""

    results: list[AnalysisResult]
    texts: list[str]
    fitted: Fitted


def train_finese(
    analyzer: Analyzer,
    rows: Sequence[tuple[str, str, str, str]],
    *,
    folds: int = 5,
    spec: HashSpec = DOC_SPEC,
) -> tuple[Reranker, dict[str, Any]]:
    """Document model on the event types; figures are out-of-fold on ``rows``."""
    model, figures, _run = _train_finese(analyzer, rows, folds=folds, spec=spec)
    return model, figures


def _train_finese(
    analyzer: Analyzer,
    rows: Sequence[tuple[str, str, str, str]],
    *,
    folds: int,
    spec: HashSpec,
) -> tuple[Reranker, dict[str, Any], DocRun]:
    from keywords.learned import f1_at, fit
    from keywords.learned_features import doc_features
    from keywords.reranker import Reranker

    results = [analyzer.analyze(text) for _i, text, _k, _s in rows]
    truth = np.array([kind in RISK_TYPES for _i, _t, kind, _s in rows])
    texts = [text for _i, text, _k, _s in rows]
    fitted = fit(
        [doc_features(r) for r in results],
        texts,
        [from_finese(kind) for _i, _t, kind, _s in rows],
        sorted(FUNDRAISING_TYPES),
        spec=spec,
        folds=folds,
        groups=texts,
    )
    rules = np.array([r.risk for r in results], dtype=float)
    flagged = fitted.oof >= fitted.model.threshold
    tp = int((flagged & truth).sum())
    figures = {
        "rows": len(rows),
        "threshold": fitted.model.threshold,
        "oof_precision": round(tp / max(1, int(flagged.sum())), 4),
        "oof_recall": round(tp / max(1, int(truth.sum())), 4),
        "oof_f1": round(f1_at(truth, fitted.oof, fitted.model.threshold), 4),
        "rules_f1": round(f1_at(truth, rules, 0.5), 4),
    }
    info = {"data": "finese", "train": figures, "fingerprint": _fingerprint(analyzer)}
    return Reranker(fitted.model, None, info), figures, DocRun(results, texts, fitted)


def _entity_samples(
    rows: Sequence[NspRow],
    results: Sequence[AnalysisResult],
    doc_probability: NDArray[np.float64],
    keep: Callable[[int], bool],
) -> tuple[list[int], list[str], list[dict[str, float]], list[str], list[bool]]:
    from keywords.learned_features import entity_views
    from keywords.reranker import entity_inputs

    index: list[int] = []
    names: list[str] = []
    named: list[dict[str, float]] = []
    contexts: list[str] = []
    labels: list[bool] = []
    for i, (row, result) in enumerate(zip(rows, results, strict=True)):
        if not keep(i):
            continue
        views = entity_views(row.body, row.use_title, row.entities, result)
        feats, ctx = entity_inputs(views, float(doc_probability[i]))
        index += [i] * len(views)
        names += [v.name for v in views]
        named += feats
        contexts += ctx
        labels += [row.negative and v.name in row.keys for v in views]
    return index, names, named, contexts, labels


def composite(
    rows: Sequence[NspRow],
    doc_risk: NDArray[np.bool_],
    chosen: Sequence[set[str]],
) -> dict[str, float]:
    """Negative F1, key-entity F1 and 0.4/0.6 composite, as the competition scores them."""
    tp = fp = fn = etp = efp = efn = 0
    for row, risk, keys in zip(rows, doc_risk, chosen, strict=True):
        tp += row.negative and risk
        fp += (not row.negative) and risk
        fn += row.negative and not risk
        predicted = drop_contained(keys) if risk else set()
        gold = row.keys if row.negative else set()
        etp += len(predicted & gold)
        efp += len(predicted - gold)
        efn += len(gold - predicted)
    neg, ent = f1(int(tp), int(fp), int(fn)), f1(etp, efp, efn)
    return {
        "negative_f1": round(neg, 4),
        "key_entity_f1": round(ent, 4),
        "composite": round(0.4 * neg + 0.6 * ent, 4),
    }


def train_finnsp(
    analyzer: Analyzer,
    rows: Sequence[NspRow],
    *,
    folds: int = 5,
    doc_spec: HashSpec = DOC_SPEC,
    entity_spec: HashSpec = ENTITY_SPEC,
) -> tuple[Reranker, dict[str, Any]]:
    """Document and key-entity models; the entity threshold maximises the composite."""
    model, figures, _run = _train_finnsp(
        analyzer, rows, folds=folds, doc_spec=doc_spec, entity_spec=entity_spec
    )
    return model, figures


def _train_finnsp(
    analyzer: Analyzer,
    rows: Sequence[NspRow],
    *,
    folds: int,
    doc_spec: HashSpec,
    entity_spec: HashSpec,
) -> tuple[Reranker, dict[str, Any], DocRun]:
    from keywords.learned import best_threshold, fit
    from keywords.learned_features import doc_features
    from keywords.reranker import Reranker

    results = [analyze_nsp(analyzer, row) for row in rows]
    doc = fit(
        [doc_features(r) for r in results],
        [row.full for row in rows],
        [row.negative for row in rows],
        spec=doc_spec,
        folds=folds,
        groups=[row.full for row in rows],
    )
    doc_p = doc.oof  # out-of-fold: the entity model learns from honest document scores
    doc_risk = doc_p >= doc.model.threshold
    # the entity model learns from the negative rows and from the other rows the document
    # model comes near flagging (all their entities are "no"): at run time it sees both
    near = NEAR_FLAGGED * doc.model.threshold
    index, names, named, contexts, labels = _entity_samples(
        rows, results, doc_p, lambda i: rows[i].negative or doc_p[i] >= near
    )
    entity = fit(
        named, contexts, labels, spec=entity_spec, folds=folds, groups=[str(i) for i in index]
    )
    pairs = [
        (i, name, p)
        for i, name, p in zip(index, names, entity.oof, strict=True)
        if doc_risk[i] or rows[i].negative
    ]

    def score(threshold: float) -> float:
        chosen: list[set[str]] = [set() for _ in rows]
        for i, name, p in pairs:
            if p >= threshold:
                chosen[i].add(name)
        return composite(rows, doc_risk, chosen)["composite"]

    threshold = best_threshold(np.array(labels), entity.oof, score) if folds >= 2 else 0.5
    model = replace(entity.model, threshold=threshold)
    chosen: list[set[str]] = [set() for _ in rows]
    for i, name, p in pairs:
        if p >= threshold:
            chosen[i].add(name)
    rules_keys = [
        {m.name for m in r.mentions if m.risk} & set(row.entities)
        for row, r in zip(rows, results, strict=True)
    ]
    figures = {
        "rows": len(rows),
        "doc_threshold": doc.model.threshold,
        "entity_threshold": threshold,
        "oof": composite(rows, doc_risk, chosen),
        "rules": composite(rows, np.array([r.risk for r in results]), rules_keys),
    }
    info = {"data": "finnsp", "train": figures, "fingerprint": _fingerprint(analyzer)}
    run = DocRun(results, [row.full for row in rows], doc)
    return Reranker(doc.model, model, info), figures, run


def train_combiner(
    events: Reranker,
    negative: Reranker,
    ese: DocRun,
    nsp: DocRun,
    ese_truth: NDArray[np.bool_],
    nsp_truth: NDArray[np.bool_],
    *,
    folds: int = 3,
) -> tuple[Combiner, dict[str, Any]]:
    """The stacker over both document models, on out-of-fold probabilities of each model
    on its own rows and the other model's probabilities (it never saw those rows)."""
    from keywords.learned_combine import Layout, combine_features, fit_combiner
    from keywords.learned_features import doc_features

    def vectors(model: Reranker, run: DocRun) -> Any:
        return model.doc.spec.vectorize([doc_features(r) for r in run.results], run.texts)

    ese_classes = ese.fitted.oof_classes
    if ese_classes is None:
        ese_classes = events.doc.class_probabilities(vectors(events, ese))
    classes = events.doc.classes
    layout = Layout(
        COMBINE_LAYOUT,
        tuple(j for j, c in enumerate(classes) if from_finese(c) in FUNDRAISING_TYPES),
        tuple(
            sorted({ev.category for run in (ese, nsp) for r in run.results for ev in r.evidence})
        ),
    )
    blocks = [
        combine_features(
            ese_classes,
            negative.doc.yes_probabilities(vectors(negative, ese)),
            np.array([r.score for r in ese.results]),
            layout,
            [r.evidence for r in ese.results],
        ),
        combine_features(
            events.doc.class_probabilities(vectors(events, nsp)),
            nsp.fitted.oof,
            np.array([r.score for r in nsp.results]),
            layout,
            [r.evidence for r in nsp.results],
        ),
    ]
    x = np.vstack(blocks)
    labels = np.concatenate((ese_truth, nsp_truth))
    sets = ["finese"] * len(ese_truth) + ["finnsp"] * len(nsp_truth)
    return fit_combiner(
        x,
        labels,
        sets,
        sorted(FUNDRAISING_TYPES),
        folds=max(2, folds),
        layout=layout,
        trees=COMBINE_TREES,
    )


COMBINE_LAYOUT = 2
"""The stacker's feature layout (``keywords.learned_combine.Layout``) training writes."""

COMBINE_TREES = True
"""Boosted trees as the stacker (train-split 3-fold CV: FinESE risk F1 0.775 against the
logistic regression's 0.763 on the same columns, FinNSP negative about the same)."""


SUBJECT_RISK_WEIGHT = 3.0
"""Training weight of subject examples whose row is a fundraising risk (chosen on a train
holdout): the brief cares most about who a risk story is about."""


def train_subject(
    analyzer: Analyzer, rows: Sequence[Sequence[str]], *, c: float = 1.0, tagger: bool = True
) -> tuple[SubjectRanker, dict[str, Any]]:
    """The event-subject ranker, from the FinESE rows ``[id, text, type, subject]`` that
    name a subject; ``tagger``: with the LAC tagger's names and word edges."""
    from keywords.subject import train_subject_ranker
    from keywords.tagger import shared_tagger

    examples = [
        (text, subject, SUBJECT_RISK_WEIGHT if kind in RISK_TYPES else 1.0)
        for _i, text, kind, subject in rows
        if subject and subject != "NaN"
    ]
    ranker = train_subject_ranker(
        examples, analyzer.analyze, c=c, tagger=shared_tagger() if tagger else None
    )
    ranker.meta = {**(ranker.meta or {}), "fingerprint": _fingerprint(analyzer)}
    return ranker, {"rows": len(examples)}


def _fingerprint(analyzer: Analyzer) -> dict[str, Any]:
    from keywords.fingerprint import fingerprint

    return fingerprint(analyzer.sets, analyzer.config)


def train_all(
    data: Path, output: Path, *, log: Callable[[str], None] = lambda _m: None, folds: int = 3
) -> dict[str, Any]:
    """Train the event model, the re-ranker and the subject rankers from ``data``; write
    ``output/events.npz``, ``finnsp.npz``, ``subject.npz`` and ``subject_fast.npz``."""
    import sklearn.linear_model  # noqa: F401  (load its OpenMP runtime before limiting it)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # one BLAS and OpenMP thread: sums in one order, same bytes
        return _train_all(data, output, log=log, folds=folds)


def _train_all(
    data: Path, output: Path, *, log: Callable[[str], None], folds: int
) -> dict[str, Any]:
    from keywords import Analyzer, AnalyzerConfig, default_set_paths

    ese = sorted(load_finese(data / "finese" / "train.json"))
    nsp = sorted(load_finnsp(data / "finnsp" / "train.json"), key=lambda r: r.id)
    analyzer = Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())
    output.mkdir(parents=True, exist_ok=True)
    summary: dict[str, Any] = {}

    def timed(name: str, job: Callable[[], Any]) -> Any:
        started = time.monotonic()
        log(f"正在训练 {name} ……")
        out = job()
        summary[name] = {"seconds": round(time.monotonic() - started, 1)}
        return out

    events, ese_fig, ese_run = timed(
        "events", lambda: _train_finese(analyzer, ese, folds=folds, spec=DOC_SPEC)
    )
    negative, nsp_fig, nsp_run = timed(
        "finnsp",
        lambda: _train_finnsp(
            analyzer, nsp, folds=folds, doc_spec=DOC_SPEC, entity_spec=ENTITY_SPEC
        ),
    )
    combiner, combine_fig = timed(
        "combiner",
        lambda: train_combiner(
            events,
            negative,
            ese_run,
            nsp_run,
            np.array([kind in RISK_TYPES for _i, _t, kind, _s in ese]),
            np.array([row.negative for row in nsp]),
            folds=folds,
        ),
    )
    events = replace(
        events, info={**events.info, "combine": combiner.to_dict(), "combine_train": combine_fig}
    )
    subject, subject_fig = timed("subject", lambda: train_subject(analyzer, ese))
    fast, fast_fig = timed("subject_fast", lambda: train_subject(analyzer, ese, tagger=False))
    figures = {"events": ese_fig, "finnsp": nsp_fig, "combiner": combine_fig}
    figures["subject"], figures["subject_fast"] = subject_fig, fast_fig
    models = (("events", events), ("finnsp", negative), ("subject", subject))
    for name, model in (*models, ("subject_fast", fast)):
        path = output / f"{name}.npz"
        path.write_bytes(model.to_bytes())
        summary[name].update(figures[name], bytes=path.stat().st_size)
        log(f"已写出 {path}（{summary[name]['bytes']} 字节）：{summary[name]}")
    summary["combiner"].update(combine_fig)
    return summary
