"""Enterprise-name candidates: the one generator discovery and the subject ranker share.

A document's candidates are found once, by :class:`DocNames`, which the match stage puts
in the verdict (``verdict.matched.names``); every later stage reads them from there.  One
record, :class:`Candidate` (name, occurrences, the sources that proposed it), and one
vocabulary, :mod:`keywords.namebook`, for two views of the same text:

* :meth:`DocNames.discovered`: one name per place, its left edge chosen on the
  segmenter's tokens (sources ``found:<pattern>``: a legal or business suffix, a quoted
  brand, a stock code, 系, a #tag#, a list, a subject cue), in windows around the
  evidence of the normalised text.  The framing (names that spare a distress fact) and
  the enterprises stage (names not on the watchlist) read it;
  :mod:`keywords.candidates.segmented`.
* :meth:`DocNames.scanned`: every natural left edge the string scans propose in the lead
  of the body, plus the analyzer's mentions (sources ``suffix:legal``, ``cue``,
  ``stock``, ``quote``, ``head``, ``short``, ``mention0`` ...): recall for the subject
  ranker (:mod:`keywords.subject`), which learns which edge is right;
  :mod:`keywords.candidates.scanned`.

Each view is computed at most once per document (the windows already scanned are
remembered, so the framing's look and the enterprises stage's share the work).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from keywords.candidates.candidate import Candidate, plausible_name, short_forms, suffix_kind
from keywords.candidates.scanned import spot_candidates
from keywords.candidates.segmented import discover, discover_in, longest_first
from keywords.lexicon import BlockSegmenter
from keywords.tagger import Token

__all__ = [
    "Candidate",
    "DocNames",
    "discover",
    "plausible_name",
    "short_forms",
    "spot_candidates",
    "suffix_kind",
]


class DocNames:
    """One document's candidate names, found at most once and shared through the verdict."""

    def __init__(self, seg: BlockSegmenter, keywords: Collection[str]) -> None:
        self.seg = seg
        """The document's segmenter over its normalised text (``seg.text``)."""
        self.keywords = keywords
        """Risk keywords: a name never ends in one (涉嫌集资诈骗永鑫… -> 永鑫…)."""
        self._covered: list[tuple[int, int]] = []
        self._found: list[Candidate] = []
        self._scanned: dict[tuple[str, tuple[str, ...], tuple[Token, ...]], list[Candidate]] = {}

    @property
    def searched(self) -> tuple[tuple[int, int], ...]:
        """The windows :meth:`discovered` has searched so far."""
        return tuple(self._covered)

    def discovered(self, windows: Sequence[tuple[int, int]]) -> list[Candidate]:
        """Segmenter-edged names overlapping ``windows`` of the normalised text, in text
        order (where two overlap, the longer); a window inside one already searched is
        not searched again."""
        text = self.seg.text
        fresh = not self._covered  # the first look: everything found is in ``windows``
        for lo, hi in windows:
            if not any(a <= lo and hi <= b for a, b in self._covered):
                discover_in(text, self.seg, self.keywords, lo, hi, self._found)
                self._covered.append((lo, hi))
        if fresh:
            return longest_first(self._found)
        near = [c for c in self._found if any(c.start < hi and lo < c.end for lo, hi in windows)]
        return longest_first(near)

    def scanned(
        self, text: str, mentions: Sequence[str] = (), tokens: Sequence[Token] = ()
    ) -> list[Candidate]:
        """The string scans' candidates of ``text`` (the body as written, as much of it as
        the subject ranker reads) with the analyzer's ``mentions`` and the LAC tagger's
        ``tokens`` of its start, if any."""
        key = (text, tuple(mentions), tuple(tokens))
        found = self._scanned.get(key)
        if found is None:
            found = self._scanned[key] = spot_candidates(text, mentions, tokens)
        return found
