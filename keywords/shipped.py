"""The learned models shipped with the package (keywords/models/*.npz) and their settings keys.

Trained by ``tianluo keywords train-reranker`` on the development data (docs/models.md);
weights of hashed features only, no text.  They are on by default: the app loads them
with ``analysis.models: shipped`` (the default; ``fast`` swaps in the subject ranker
that does not run the LAC tagger, ``none`` is rules only); each ``analysis.<key>`` names
a file that replaces one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keywords.analyzer import AnalyzerConfig

MODELS_DIR = Path(__file__).parent / "models"

SHIPPED: dict[str, str] = {
    "event_model": "events.npz",
    "reranker": "finnsp.npz",
    "subject_model": "subject.npz",
}
"""Settings key (under ``analysis``) -> shipped file name."""
FAST: dict[str, str] = {"subject_model": "subject_fast.npz"}
"""What ``analysis.models: fast`` ships instead: the subject ranker trained without the
LAC tagger (faster on risk hits, less accurate; docs/models.md)."""


def shipped_model(key: str, *, fast: bool = False) -> Path:
    """The shipped file for the settings key ``analysis.<key>`` (``fast``: of
    ``analysis.models: fast``)."""
    return MODELS_DIR / (FAST.get(key, SHIPPED[key]) if fast else SHIPPED[key])


def model_config(folder: Path | None = None, **numbers: Any) -> AnalyzerConfig:
    """An ``AnalyzerConfig`` with the shipped models, or those of the same names in
    ``folder`` (``ValueError``/``OSError`` when one cannot be read)."""
    from keywords.analyzer import AnalyzerConfig
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker

    def read(key: str) -> bytes:
        return (folder / SHIPPED[key] if folder is not None else shipped_model(key)).read_bytes()

    return AnalyzerConfig(
        events=Reranker.from_bytes(read("event_model")),
        reranker=Reranker.from_bytes(read("reranker")),
        subject=SubjectRanker.from_bytes(read("subject_model")),
        **numbers,
    )
