"""Is a discovered string a plausible organisation name?  Trim it, judge it, find its brand core.

Rules, on the private tokenizer's jieba tokens and the bundled dictionary's tags:

* only CJK letters, ASCII letters and digits (and a bracketed region inside, 惠人贷（北京）有限公司);
* leading function words, pronouns, determiners and verbs are trimmed (此后, 只见, 人家, 有个,
  一家, 某, 该, 这家, 我们 ...); a place name followed by a determiner (深圳一供应链公司)
  is a description, not a name;
* the part before the organisational suffix needs at least two *distinctive* characters:
  not a place name, not a generic business word (供应链, 投资咨询, 国家, 银行 ...);
* a name without an organisational suffix (a quoted brand, a subject) must end in a word
  the dictionary does not know or tags as a proper noun: 资金周转困难 or 会员卡 are not names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from keywords.lexicon import _base_dictionary, word_tags
from keywords.namebook import (
    ASCII_STOP,
    BRAND_SUFFIXES,
    CORE_BREAKERS,
    GENERIC_HEADS,
    GENERIC_WORDS,
    LEADING_WORDS,
    NAME_BUSINESS_TOKENS,
    ORG_SUFFIXES,
)

_NAME_CHARS = re.compile(
    r"[\u4e00-\u9fa5a-z0-9]+(?:[（(][\u4e00-\u9fa5]{2,6}[）)][\u4e00-\u9fa5]+)?"
)
FUNCTION_TAGS = frozenset(
    [
        "p",
        "c",
        "u",
        "uj",
        "ul",
        "uz",
        "ud",
        "ug",
        "uv",
        "r",
        "rr",
        "rz",
        "d",
        "m",
        "mq",
        "q",
        "t",
        "y",
        "e",
        "o",
        "zg",
        "df",
        "dg",
        "f",
        "v",
        "vd",
        "a",
        "ad",
    ]
)
"""Tags of a leading token that cannot begin a name."""
PROPER_TAGS = frozenset({"nz", "nt", "nrt", "nr", "nrfg", "ns", "j", "eng"})
NON_NAME_HEAD_TAGS = FUNCTION_TAGS | {"vn", "an", "ng", "l", "i"}
"""Tags of a last token that cannot end a suffix-less name."""
PHRASE_TAGS = frozenset({"l", "i"})
"""Idioms and fixed phrases (明文禁止): never part of a name's core."""
RARE_PLACE = 30
"""A word the dictionary tags as a place but rarely sees (兴邦, 永利) is more likely a name."""
_ASCII_BRAND = re.compile(r"[a-z][a-z0-9]{3,19}")
_PLACE_TAIL = re.compile(r"^[\u4e00-\u9fa5]{2,4}(?:省|市|区|县|州)")
_ENUMERATOR = re.compile(r"^[一二三四五六七八九十两几多首其][是则来个位家名种款些批起]")
MIN_DISTINCT = 2


def _tokens(name: str, cut: Callable[[str], list[str]]) -> list[str]:
    return [t for t in cut(name) if t]


def _is_place(token: str, tags: dict[str, str]) -> bool:
    return tags.get(token) == "ns" or bool(_PLACE_TAIL.fullmatch(token))


def trim_leading(name: str, cut: Callable[[str], list[str]]) -> str:
    """``name`` without leading function words, pronouns, determiners and verbs.

    A place name followed by a determiner goes too (深圳一供应链公司 -> 供应链公司, which
    ``plausible`` then rejects as having nothing distinctive).
    """
    tags = word_tags()
    tokens = _tokens(name, cut)
    while len(tokens) > 1:
        first = tokens[0]
        if first in LEADING_WORDS or (first in tags and tags[first] in FUNCTION_TAGS):
            tokens = tokens[1:]
            continue
        if _is_place(first, tags):
            second = tokens[1]
            if second in LEADING_WORDS or tags.get(second) in ("m", "r", "q", "mq"):
                tokens = tokens[2:]  # 成都有个…公司, 深圳一供应链公司: the rest must stand alone
                continue
        break
    return "".join(tokens)


_ORG_ENDINGS = tuple(ORG_SUFFIXES)


@lru_cache(maxsize=1 << 16)
def org_suffix(name: str) -> str:
    """The organisational suffix ``name`` ends in, or ""."""
    if not name.endswith(_ORG_ENDINGS):  # one C-level test for the usual no
        return ""
    return next((s for s in ORG_SUFFIXES if name.endswith(s)), "")


def core_tokens(name: str, cut: Callable[[str], list[str]]) -> list[str]:
    """Tokens of ``name`` before its suffix, without leading place names."""
    suffix = org_suffix(name)
    body = name[: len(name) - len(suffix)] if suffix else name
    return _without_places(_tokens(body, cut))


def _without_places(tokens: list[str]) -> list[str]:
    """``tokens`` without leading place names (the last one stays)."""
    tags = word_tags()
    while tokens and _is_place(tokens[0], tags) and len(tokens) > 1:
        tokens = tokens[1:]
    return tokens


def _is_location(token: str, tags: dict[str, str]) -> bool:
    """A place name that locates rather than names: tagged ns and common, or ends in 省/市/区/县/州."""
    if _PLACE_TAIL.fullmatch(token):
        return True
    return tags.get(token) == "ns" and _frequency(token) >= RARE_PLACE


def _frequency(token: str) -> int:
    return _base_dictionary()[0].get(token, 0)


def distinctive(name: str, cut: Callable[[str], list[str]]) -> int:
    """How many characters of the name's core are neither place nor generic business words."""
    return _distinct_chars(name, core_tokens(name, cut))


def _distinct_chars(name: str, core: list[str]) -> int:
    """:func:`distinctive` of ``name`` with its :func:`core_tokens` ``core``."""
    tags = word_tags()
    brand = org_suffix(name) in BRAND_SUFFIXES
    count = 0
    for token in core:
        if token in GENERIC_WORDS or (not brand and _is_location(token, tags)):
            continue
        count += len(token)
    return count


def brand_core(name: str, cut: Callable[[str], list[str]]) -> str:
    """The distinctive leading part of an organisation name: 成都蜀汇鼎丰投资咨询公司 -> 蜀汇鼎丰."""
    if org_suffix(name) in ("", "贷", "宝"):
        return ""  # 鑫盛宝 is itself a brand
    tags = word_tags()
    core = ""
    for token in core_tokens(name, cut):
        if token in GENERIC_WORDS:
            break
        core += token
    if not 2 <= len(core) <= 8 or core == name or tags.get(core, "nz") not in PROPER_TAGS:
        return ""
    return core


def _phrase_core(core: list[str], tags: dict[str, str], registered: bool = False) -> bool:
    """True when the tokens before a suffix read as a phrase: an idiom, a verb or a long common noun.

    A ``registered`` name (…有限公司) names its trade in common nouns (电子商务, 医疗器械),
    so long nouns are allowed there.
    """
    for token in core:
        tag = tags.get(token)
        if token in CORE_BREAKERS or tag in PHRASE_TAGS:
            return True
        if not registered and len(token) >= 4 and tag in ("n", "vn", "v"):
            return True  # 强制措施权威网贷: a four-character common noun is not part of a brand
    return False


def _plausible_ascii(name: str) -> bool:
    """An ASCII brand (ppmoney, visa): a letter first, four or more characters, not a common word."""
    return bool(_ASCII_BRAND.fullmatch(name)) and name not in ASCII_STOP


def plausible(name: str, cut: Callable[[str], list[str]]) -> bool:
    """True when ``name`` (already trimmed) reads as an organisation or brand name."""
    if name.isascii():
        return _plausible_ascii(name)
    if len(name) < 2 or not _NAME_CHARS.fullmatch(name):
        return False
    if name in GENERIC_WORDS or _ENUMERATOR.match(name):
        return False
    tags = word_tags()
    tokens = _tokens(name, cut)
    first = tokens[0]
    if first in LEADING_WORDS or (
        first in tags and tags[first] in FUNCTION_TAGS and len(tokens) > 1
    ):
        return False
    suffix = org_suffix(name)
    if suffix:
        core = core_tokens(name, cut)
        verbs = ("v", "vd", "d", "p", "c", "r", "m")
        if any(
            len(t) >= 2
            and t not in GENERIC_WORDS
            and t not in NAME_BUSINESS_TOKENS  # 云海担保公司: a business line, not a verb
            and tags.get(t) in verbs
            for t in core
        ):
            return False  # 发行理财, 依法取得金融: a verb phrase before the suffix
        if _phrase_core(core, tags, registered=suffix not in BRAND_SUFFIXES):
            return False
        need = 1 if suffix in BRAND_SUFFIXES else MIN_DISTINCT
        return _distinct_chars(name, core) >= need
    if first.isdigit() and len(name) - len(first) < 2:
        return False  # 6人, 3家: a count, not a name
    # no organisational suffix (quoted brand, subject of a sentence): must not end in a
    # verb, adjective or generic product word (资金周转困难, 康养会员卡, 供应链稳盈计划),
    # unless a word the dictionary does not know makes it a coined brand (聚富蛙, 贸金所)
    last = tokens[-1]
    if last in GENERIC_HEADS or _phrase_core(tokens, tags):
        return False
    coined = 3 <= len(name) <= 6 and any(t not in tags for t in tokens if not t.isdigit())
    if last in tags and tags[last] in NON_NAME_HEAD_TAGS and not coined:
        return False
    # no suffix: the core is the name's tokens without leading places
    return _distinct_chars(name, _without_places(tokens)) >= MIN_DISTINCT
