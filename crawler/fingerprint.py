"""Fingerprints for grouping near-duplicate reprints (转载) into one story.

Each text is cut into overlapping character 4-grams (spaces and punctuation
dropped); a gram's CRC-32 is kept when it is 0 modulo ``SAMPLE`` (Broder's
mod-m sampling), so the same grams are kept in every copy of a story whatever
was added around them.  The Jaccard similarity of two sampled sets estimates
the similarity of the whole texts.
"""

from __future__ import annotations

import re
import zlib

GRAM = 4
SAMPLE = 4
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def fingerprint(text: str) -> frozenset[int]:
    """The sampled gram hashes of a text."""
    chars = _NOISE.sub("", text)
    kept = set()
    for i in range(len(chars) - GRAM + 1):
        h = zlib.crc32(chars[i : i + GRAM].encode("utf-8"))
        if h % SAMPLE == 0:
            kept.add(h)
    return frozenset(kept)


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Estimated Jaccard similarity of two texts from their fingerprints."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
