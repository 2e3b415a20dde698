"""Hashed features in numpy: character n-grams of whole batches, and named features.

Both hashes are stable across processes and platforms (no ``hash()``, no jieba):
character n-grams hash the code points with a fixed multiply-xor mix, computed for
every document of a batch at once on one array; a named feature is hashed with
``zlib.crc32`` of its UTF-8 name (remembered, so a feature seen before costs a dict
look-up).  A batch becomes :class:`Rows`, a plain CSR matrix that scores with one
gather-and-sum product and converts to scipy for training.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

_PRIME = np.uint64(0x100000001B3)
_MIX = np.uint64(0xFF51AFD7ED558CCD)
_SEEDS = {
    n: np.uint64((0xCBF29CE484222325 + 0x9E3779B97F4A7C15 * n) % (1 << 64)) for n in range(1, 9)
}
_SHIFT = np.uint64(33)


class _Crc(dict[str, int]):
    """crc32 of every feature name seen: ``self[name]`` hashes a new name (and clears
    the memo past ``_MAX_NAMES``), so a whole batch hashes in one ``map``."""

    def __missing__(self, name: str) -> int:
        if len(self) >= _MAX_NAMES:
            self.clear()
        found = self[name] = zlib.crc32(name.encode("utf-8"))
        return found


_NAMES = _Crc()
_MAX_NAMES = 1 << 18


@dataclass(frozen=True, slots=True)
class Rows:
    """A CSR matrix as three arrays: row ``i`` holds ``indices``/``data`` in
    ``indptr[i]:indptr[i + 1]`` (a column may repeat within a row: the values add)."""

    indptr: NDArray[np.int64]
    indices: NDArray[np.int64]
    data: NDArray[np.float64]
    width: int

    @property
    def count(self) -> int:
        """Number of rows."""
        return len(self.indptr) - 1

    def dot(self, columns: NDArray[np.floating[Any]]) -> NDArray[np.float64]:
        """This matrix times ``columns`` (one row of weights per feature)."""
        if self.count == 1:
            return (self.data @ columns[self.indices].astype(np.float64))[None, :]
        return np.asarray(self.csr() @ columns, dtype=np.float64)

    def beside(self, other: Rows, offset: int) -> Rows:
        """Each row followed by ``other``'s row of the same number (its columns + ``offset``)."""
        n = self.count
        if n == 1:
            indices = np.concatenate((self.indices, other.indices + offset))
            data = np.concatenate((self.data, other.data))
            return Rows(self.indptr + other.indptr, indices, data, offset + other.width)
        owner = np.concatenate(
            (
                np.repeat(np.arange(n), np.diff(self.indptr)),
                np.repeat(np.arange(n), np.diff(other.indptr)),
            )
        )
        order = np.argsort(owner, kind="stable")
        indices = np.concatenate((self.indices, other.indices + offset))[order]
        data = np.concatenate((self.data, other.data))[order]
        return Rows(self.indptr + other.indptr, indices, data, offset + other.width)

    def csr(self) -> sparse.csr_matrix:
        """The matrix as ``scipy.sparse.csr_matrix`` (for scikit-learn)."""
        return sparse.csr_matrix(
            (self.data, self.indices.astype(np.int32), self.indptr.astype(np.int32)),
            shape=(self.count, self.width),
        )


def feature_index(name: str) -> int:
    """The stable hash of a feature name."""
    return _NAMES[name]


def named_rows(named: Sequence[Mapping[str, float]], buckets: int) -> Rows:
    """One row per dict: each name hashed into ``buckets`` (a power of two), its value kept."""
    sizes = np.fromiter(map(len, named), dtype=np.int64, count=len(named))
    total = int(sizes.sum())
    hashes = np.fromiter(map(_NAMES.__getitem__, chain.from_iterable(named)), np.int64, total)
    data = np.fromiter(chain.from_iterable(f.values() for f in named), np.float64, total)
    indptr = np.zeros(len(named) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    return Rows(indptr, hashes & (buckets - 1), data, buckets)


class HashedRows:
    """Rows of feature hashes built one feature at a time (the names already hashed with
    :func:`feature_index`): what :func:`named_rows` makes of dicts, without the dicts.

    A feature's value is 1 unless set with :meth:`value`; :meth:`rows` masks the hashes
    into the buckets.
    """

    __slots__ = ("ends", "hashes", "valued", "values")

    def __init__(self) -> None:
        self.hashes: list[int] = []
        """Every row's feature hashes, row after row."""
        self.ends: list[int] = [0]
        """Where each row ends in ``hashes`` (after a leading 0)."""
        self.valued: list[int] = []
        """Positions in ``hashes`` whose value is not 1 ..."""
        self.values: list[float] = []
        """... and their values."""

    @property
    def count(self) -> int:
        """Number of rows ended so far."""
        return len(self.ends) - 1

    def value(self, name_hash: int, value: float) -> None:
        """Add one feature with a value other than 1."""
        self.valued.append(len(self.hashes))
        self.values.append(value)
        self.hashes.append(name_hash)

    def end_row(self) -> None:
        """End the current row (the features added since the last one)."""
        self.ends.append(len(self.hashes))

    def rows(self, buckets: int) -> Rows:
        """The rows as :class:`Rows`, each hash masked into ``buckets`` (a power of two)."""
        hashes = np.fromiter(self.hashes, np.int64, len(self.hashes))
        data = np.ones(len(self.hashes), dtype=np.float64)
        data[np.asarray(self.valued, dtype=np.int64)] = self.values
        indptr = np.asarray(self.ends, dtype=np.int64)
        return Rows(indptr, hashes & (buckets - 1), data, buckets)


def char_grams(texts: Sequence[str], low: int, high: int, buckets: int) -> Rows:
    """Character ``low``..``high``-grams of each text, hashed into ``buckets`` (a power of
    two); each row holds log(1 + count) per bucket, L2-normalised, buckets ascending.

    The texts are joined with NUL separators and every gram of the batch gets one key,
    ``document << log2(buckets) | bucket`` (32 bits when the batch fits: they sort about
    twice as fast as 64); a gram across a separator gets the largest key instead, so one
    sort of the batch puts those last, where they are cut (the texts' lengths say how many
    grams are inside one), and run lengths count the rest.
    """
    n = len(texts)
    if not n:
        return Rows(np.zeros(1, dtype=np.int64), np.zeros(0, np.int64), np.zeros(0), buckets)
    clean = [t.replace("\x00", " ") if "\x00" in t else t for t in texts]
    codes = np.frombuffer("\x00".join(clean).encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter(map(len, clean), dtype=np.int64, count=n)
    kind = np.uint32 if n * buckets < 1 << 32 else np.uint64
    sizes = range(low, min(high, len(codes)) + 1)
    keys = _gram_keys(codes.astype(np.uint64), lengths, sizes, buckets, kind)
    keys.sort()
    inside = sum(int(np.maximum(lengths - (size - 1), 0).sum()) for size in sizes)
    found, counts = _runs(keys[:inside])
    shift = buckets.bit_length() - 1
    rows = found >> shift
    data = np.log1p(counts.astype(np.float64))
    norms = np.sqrt(np.bincount(rows, data * data, minlength=n))
    data /= norms[rows]
    indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n)))).astype(np.int64)
    return Rows(indptr, found & (buckets - 1), data, buckets)


def _gram_keys(
    codes: NDArray[np.uint64],
    lengths: NDArray[np.int64],
    sizes: range,
    buckets: int,
    kind: type[np.unsignedinteger[Any]],
) -> NDArray[np.unsignedinteger[Any]]:
    """The key of every gram of every size starting at every position of ``codes`` (texts
    of ``lengths`` joined by one separator each): the largest ``kind`` for a gram that
    holds a separator.  Hashed in two reused arrays, in place."""
    keys = np.empty(sum(len(codes) - size + 1 for size in sizes), dtype=kind)
    owner = np.repeat(
        np.arange(len(lengths), dtype=kind) << kind(buckets.bit_length() - 1), lengths + 1
    )
    separators = np.cumsum(lengths + 1)[:-1] - 1
    mask = kind(buckets - 1)
    hashes, spare = np.empty(len(codes), dtype=np.uint64), np.empty(len(codes), dtype=np.uint64)
    at = 0
    for size in sizes:
        count = len(codes) - size + 1
        h, shifted = hashes[:count], spare[:count]
        np.bitwise_xor(codes[:count], _SEEDS[size], out=h)
        h *= _PRIME
        for k in range(1, size):
            h ^= codes[k : k + count]
            h *= _PRIME
        np.right_shift(h, _SHIFT, out=shifted)
        h ^= shifted
        h *= _MIX
        np.right_shift(h, _SHIFT, out=shifted)
        h ^= shifted
        out = keys[at : at + count]
        out[...] = h  # the low 32 (or 64) bits, which hold the bucket
        out &= mask
        out |= owner[:count]
        across = (separators[:, None] - np.arange(size)).ravel()
        out[across[(across >= 0) & (across < count)]] = np.iinfo(kind).max
        at += count
    return keys


def _runs(ordered: NDArray[np.unsignedinteger[Any]]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The distinct values of a sorted array and how often each occurs (``np.unique``'s
    ``return_counts`` without its sort)."""
    fresh = np.empty(len(ordered), dtype=bool)
    fresh[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=fresh[1:])
    starts = np.flatnonzero(fresh)
    return ordered[starts].astype(np.int64), np.diff(starts, append=len(ordered))
