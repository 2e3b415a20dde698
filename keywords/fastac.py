"""Aho-Corasick over a byte view of the text, so large word lists stay fast.

pyahocorasick looks a node's children up one by one.  Chinese word lists give
the root hundreds of children (thousands for a watchlist), so every character
of plain text costs a scan of all of them.  Matching the big-endian UTF-32
bytes of the text instead (as a latin-1 string, made in C) bounds a node's
children by 256 and keeps most nodes tiny; a match counts only when it starts
on a character boundary (a multiple of 4), and offsets map back exactly.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

WIDTH = 4
"""Bytes per character in the encoded view."""


def encode(text: str) -> str:
    """The encoded view of ``text``: four latin-1 characters per character."""
    return text.encode("utf-32-be", "surrogatepass").decode("latin-1")


class WordAutomaton:
    """All occurrences (overlapping ones too) of a fixed set of words in a text."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w)
        self._automaton = ahocorasick.Automaton()
        for word in self.words:  # the word, and how far before a match's end it starts
            self._automaton.add_word(encode(word), (word, WIDTH * len(word) - 1))
        if self.words:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.words)

    def find(self, encoded: str) -> list[tuple[int, str]]:
        """``(start, word)`` of every occurrence in the text whose ``encode`` is ``encoded``."""
        if not self.words or not encoded:
            return []
        out = []
        for end_index, (word, back) in self._automaton.iter(encoded):
            start = end_index - back
            if not start % WIDTH:
                out.append((start // WIDTH, word))
        return out
