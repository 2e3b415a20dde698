"""Fingerprints for grouping near-duplicate reprints (转载) into one story.

A text is cut into overlapping character 4-grams (spaces and punctuation
dropped) and each gram hashed with CRC-32.  The ``SKETCH`` smallest hashes form
a bottom-k sketch: the similarity of two sketches estimates the Jaccard
similarity of the whole texts, whatever was added around the story (a
reprint's header, an editor's note).  Pairs of consecutive sketch values are
band keys: two texts that share a band key are candidates, so finding the
earlier copies of a story is one indexed look-up, not a scan.
"""

from __future__ import annotations

import re
import zlib

GRAM = 4
SKETCH = 24
BAND = 2
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def fingerprint(text: str) -> tuple[int, ...]:
    """The bottom-k sketch of a text: its ``SKETCH`` smallest gram hashes, ascending."""
    chars = _NOISE.sub("", text)
    hashes = {zlib.crc32(chars[i : i + GRAM].encode("utf-8")) for i in range(len(chars) - GRAM + 1)}
    return tuple(sorted(hashes)[:SKETCH])


def band_keys(sketch: tuple[int, ...]) -> list[int]:
    """Candidate keys: each run of ``BAND`` consecutive sketch values, hashed to 63 bits."""
    keys = []
    for i in range(0, len(sketch) - BAND + 1, BAND):
        part = ",".join(str(v) for v in sketch[i : i + BAND]).encode()
        keys.append(zlib.crc32(part, i) << 31 | zlib.crc32(part))
    return keys


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two texts from their sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:SKETCH]
    shared = set(a) & set(b)
    return sum(1 for v in union if v in shared) / len(union)
