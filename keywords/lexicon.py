"""A private jieba tokenizer that keeps every keyword and enterprise name whole.

jieba splits text into blocks at every character outside ``BLOCK_CHARS`` and
segments each block on its own, so segmenting one block alone gives exactly the
tokens that segmenting the whole text gives inside that block.  ``BlockSegmenter``
relies on that: it segments only the blocks it is asked about, once each.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import jieba

from keywords.blockcut import cut_block

logging.getLogger("jieba").setLevel(logging.WARNING)
jieba.default_logger.setLevel(logging.WARNING)

BLOCK_RE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+")
"""jieba's own block pattern (``jieba.re_han_default``): it never merges across others."""

_SPLIT_RE = re.compile(f"({BLOCK_RE.pattern})")
MIN_FREQ = 2000
"""Floor for added words so that HMM merges around them do not break them."""


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's bundled dictionary as (prefix-frequency map, total), read once per process."""
    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open("rb") as handle:
        freq, total = jieba.Tokenizer.gen_pfdict(handle)
    return freq, total


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """Part-of-speech tag of each word in jieba's bundled dictionary (v, n, ns, p ...)."""
    path = Path(jieba.__file__).with_name("dict.txt")
    tags: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def build_tokenizer(words: Iterable[str]) -> jieba.Tokenizer:
    """A new private ``jieba.Tokenizer`` with ``words`` added at a frequency that keeps them whole."""
    base, total = _base_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ = dict(base)
    tokenizer.total = total
    tokenizer.initialized = True
    for word in sorted(set(words)):
        if not word or not BLOCK_RE.fullmatch(word):
            continue  # jieba can never keep a word with a separator whole; matched by span instead
        freq = max(tokenizer.suggest_freq(word), MIN_FREQ)
        tokenizer.add_word(word, freq)
    return tokenizer


SHORT_CUT = 32  # strings up to this long (names, short blocks) are memoised by CachedCut


class CachedCut:
    """``tokenizer.lcut`` memoised for short strings, bounded: names and short blocks repeat
    across documents, and discovery segments each candidate name several times.

    A string that is one jieba block (all of it ``BLOCK_RE``: every block the matcher
    segments, most names) skips ``lcut``'s split into blocks (a third of the time on
    short blocks) and is segmented by ``keywords.blockcut.cut_block``, jieba's block
    segmentation computed in one pass (the same tokens, a fifth faster).  Anything
    else goes through ``lcut``.
    """

    def __init__(self, tokenizer: jieba.Tokenizer, size: int = 65536) -> None:
        self.tokenizer = tokenizer
        self._short = lru_cache(maxsize=size)(self._cut)

    def _cut(self, text: str) -> tuple[str, ...]:
        return tuple(self.lcut(text))

    def lcut(self, text: str) -> list[str]:
        """Exactly ``tokenizer.lcut(text)``, not memoised."""
        if BLOCK_RE.fullmatch(text):
            return cut_block(self.tokenizer, text)
        return list(self.tokenizer.lcut(text))

    def clear(self) -> None:
        """Forget every memoised segmentation."""
        self._short.cache_clear()

    def __call__(self, text: str) -> list[str]:
        if len(text) <= SHORT_CUT:
            return list(self._short(text))
        return self.lcut(text)


class BlockSegmenter:
    """Lazily segments the jieba blocks of one text and answers token-boundary questions."""

    def __init__(
        self, tokenizer: jieba.Tokenizer, text: str, cut: Callable[[str], list[str]] | None = None
    ) -> None:
        self.tokenizer = tokenizer
        self.cut: Callable[[str], list[str]] = cut or tokenizer.lcut
        self.text = text
        self._blocks: dict[int, tuple[int, list[str]]] = {}
        self._bounds: dict[int, set[int]] = {}
        self._starts: dict[int, list[int]] = {}
        self._spans: tuple[list[int], list[int]] | None = None

    def _block_spans(self) -> tuple[list[int], list[int]]:
        """Starts and ends of every block of the text, found once on first use."""
        if self._spans is None:
            # split keeps the blocks (one group): separator, block, separator, ... in
            # order, so the running lengths are the edges (no Python loop per block)
            edges = list(accumulate(map(len, _SPLIT_RE.split(self.text)), initial=0))
            self._spans = (edges[1:-1:2], edges[2::2])
        return self._spans

    def block_at(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the jieba block holding ``pos``, or (pos, pos + 1) for a separator."""
        text = self.text
        if pos < 0 or pos >= len(text) or not BLOCK_RE.match(text, pos):
            return pos, pos + 1
        starts, ends = self._block_spans()
        i = bisect.bisect_right(starts, pos) - 1
        return starts[i], ends[i]

    def tokens_of_block(self, pos: int) -> tuple[int, list[str]]:
        """The start and tokens of the block holding ``pos`` (segmented once, then cached)."""
        start, end = self.block_at(pos)
        cached = self._blocks.get(start)
        if cached is None:
            self._segment(start, end)
            cached = self._blocks[start]
        return cached

    def token_starts(self, pos: int) -> tuple[list[int], list[str]]:
        """The start offsets and the tokens of the block holding ``pos`` (found once)."""
        block_start, tokens = self.tokens_of_block(pos)
        starts = self._starts.get(block_start)
        if starts is None:
            offsets = accumulate(map(len, tokens), initial=block_start)
            starts = self._starts[block_start] = list(offsets)[: len(tokens)]
        return starts, tokens

    def _segment(self, start: int, end: int) -> set[int]:
        """Segment the block ``text[start:end]`` (once) and return its token boundaries."""
        cached = self._blocks.get(start)
        if cached is None:
            cached = (start, self.cut(self.text[start:end]))
            self._blocks[start] = cached
        bounds = set(accumulate(map(len, cached[1]), initial=start))
        self._bounds[start] = bounds
        return bounds

    def boundaries_of_block(self, pos: int) -> set[int]:
        """The absolute character offsets where tokens begin or end inside ``pos``'s block."""
        start, end = self.block_at(pos)
        bounds = self._bounds.get(start)
        return bounds if bounds is not None else self._segment(start, end)

    def is_boundary(self, pos: int) -> bool:
        """True when full segmentation of the text would have a token boundary at ``pos``."""
        text = self.text
        if pos <= 0 or pos >= len(text):
            return True
        if not (BLOCK_RE.match(text, pos - 1) and BLOCK_RE.match(text, pos)):
            return True
        starts, ends = self._spans or self._block_spans()
        i = bisect.bisect_right(starts, pos) - 1
        bounds = self._bounds.get(starts[i])
        return pos in (bounds if bounds is not None else self._segment(starts[i], ends[i]))

    def tokens_between(self, start: int, end: int, limit: int) -> int:
        """How many tokens full segmentation puts in ``text[start:end]`` (both boundaries), up to ``limit``."""
        count = 0
        pos = start
        while pos < end and count <= limit:
            if self.text[pos].isspace():
                run = pos
                while run < end and self.text[run].isspace():
                    run += 1
                # jieba yields "\r\n" or each whitespace char as one token
                count += max(1, (run - pos) - self.text.count("\r\n", pos, run))
                pos = run
                continue
            if not BLOCK_RE.match(self.text, pos):
                count += 1
                pos += 1
                continue
            block_start, tokens = self.tokens_of_block(pos)
            offset = block_start
            for token in tokens:
                if offset >= pos and offset + len(token) <= end:
                    count += 1
                offset += len(token)
            pos = min(end, offset)
        return count

    def tokens_in_blocks(self) -> list[str]:
        """All tokens of the blocks segmented so far."""
        return [token for _start, tokens in self._blocks.values() for token in tokens]
