"""Candidates whose left edge the segmenter chooses: one name per place ("discovery").

The view the enterprises stage and the framing read (:meth:`keywords.candidates.DocNames.found`):
names not on the watchlist, found from company-name patterns near the evidence.

A candidate ends in a legal-form suffix (有限公司, 股份有限公司, 集团, 公司), a
financial-business suffix kept as part of the name (金融信息服务, 投资管理,
资产管理, 财富管理, 理财, 财富, 金服, 金融, 银行 ...), or a generic suffix that is
stripped (平台, 理财平台, 网贷平台: "钱妈妈理财平台" proposes 钱妈妈理财), or is a
name followed by a six-digit stock code "鲁信创投(600783)", or a quoted brand
followed by a business word ("“钱妈妈”理财平台").  The left edge is found on
jieba tokens: walking back from the suffix, a function word, verb-like cue or
punctuation ends the name.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from types import MethodType
from weakref import WeakKeyDictionary

from keywords.candidates.candidate import Candidate
from keywords.lexicon import BLOCK_RE, BlockSegmenter, word_tags
from keywords.namebook import (
    DISCOVERY_STRIP_SUFFIXES,
    DISCOVERY_SUFFIXES,
    GENERIC_NAMES,
    NAME_BUSINESS_TOKENS,
    STOP_TOKENS,
    SUBJECT_CUES,
    TAG_TRAILERS,
)
from keywords.names import plausible, trim_leading

NAME_TAGS = frozenset(
    """
    n nr nrt nrfg ns nt nz j x eng an vn ng nl b l i s g z k h tg mg yg
    """.split()  # noqa: SIM905
)
"""Tags of tokens that may be part of a short name; unknown tokens (new words) are too."""
BREAK_TAGS = frozenset(
    """
    p c u uj ul uz ud ug uv r rr rz d m mq q t y e o zg df dg
    """.split()  # noqa: SIM905
)
"""Tags that end a company name when walking back from its suffix (prepositions, particles...)."""
LEAD_TAGS = BREAK_TAGS | {"v", "vd", "a", "ad"}
"""Tags of leading tokens stripped from a candidate (verbs, adverbs)."""

KEEP_SUFFIXES = DISCOVERY_SUFFIXES
STRIP_SUFFIXES = DISCOVERY_STRIP_SUFFIXES
_SUFFIX_RE = re.compile(
    "(" + "|".join(sorted(KEEP_SUFFIXES + STRIP_SUFFIXES, key=len, reverse=True)) + ")"
)
_STOCK_RE = re.compile(r"([\u4e00-\u9fa5a-z]{2,8})\s*[(（]\d{6}[)）]")
_QUOTED_RE = re.compile(
    r"[“\"「《]([\u4e00-\u9fa5a-z0-9]{2,10})[”\"」》](?:理财|平台|网贷|公司|集团|系|案)"
)
_ANY_QUOTED_RE = re.compile(r"[“\"「]([\u4e00-\u9fa5a-z0-9]{2,10})[”\"」]")
_LIST_RE = re.compile(
    r"((?:[\u4e00-\u9fa5a-z0-9]{2,8}、)+[\u4e00-\u9fa5a-z0-9]{2,8})"
    r"等(?:多家|几家|\d+家)?(?:公司|平台|企业|机构|网贷|理财)"
)
_BRACKET_BEFORE_RE = re.compile(r"[（(][\u4e00-\u9fa5]{2,6}[）)]$")
_TAG_RE = re.compile(r"#([\u4e00-\u9fa5a-z0-9]{2,12})#|【([\u4e00-\u9fa5a-z0-9]{2,10})】")
_SUBJECT_CUES = "|".join(SUBJECT_CUES)
_SUBJECT_RE = re.compile(
    r"(?:^|[，。！？；：,.!?;:\s（(“\"、]|[0-9]日|近日|日前|目前)"
    r"([\u4e00-\u9fa5a-z0-9]{2,8}?)"
    rf"(?={_SUBJECT_CUES})"
)
_CUE_AT = re.compile(rf"(?={_SUBJECT_CUES})")
_SUBJECT_BEFORE = 10
"""A subject match starts at most this far before its cue (two-character opener, eight-character name)."""
_SUBJECT_AFTER = max(len(c) for c in _SUBJECT_CUES.split("|"))
_SYSTEM_RE = re.compile(r"([\u4e00-\u9fa5]{2,4})系(?:平台|公司|私募|企业|集团|案|资金)")
_PREFILTERS = {
    _STOCK_RE: re.compile(r"[(（]\d{6}[)）]"),
    _SYSTEM_RE: re.compile(r"系(?:平台|公司|私募|企业|集团|案|资金)"),
    _LIST_RE: re.compile(r"、[^、]{2,8}等(?:多家|几家|\d+家)?(?:公司|平台|企业|机构|网贷|理财)"),
}
"""A literal part each pattern needs: when it is absent the pattern cannot match."""

MAX_NAME = 24
_Trimmed = tuple[int, str] | None


def _left_edge(seg: BlockSegmenter, suffix_start: int) -> int:
    """Where a name ending at ``suffix_start`` begins, walking back over jieba tokens."""
    if suffix_start <= 0:
        return suffix_start
    bracket = _BRACKET_BEFORE_RE.search(seg.text, max(0, suffix_start - 8), suffix_start)
    if bracket is not None and bracket.start() > 0:  # 惠人贷商务顾问（北京）有限公司
        edge = _left_edge(seg, bracket.start())
        return edge if edge < bracket.start() else suffix_start
    starts, tokens = seg.token_starts(suffix_start - 1)
    before = bisect.bisect_left(starts, suffix_start)  # the tokens starting before the suffix
    edge = suffix_start
    held = -1  # where a business-line stop token (担保) began, kept if a name word precedes it
    tags = word_tags()
    for start, token in zip(reversed(starts[:before]), reversed(tokens[:before]), strict=True):
        if start + len(token) > suffix_start:  # the token holds the suffix's first characters
            edge = start
            continue
        if not BLOCK_RE.fullmatch(token):
            break  # punctuation or whitespace ends a name
        if token.isdigit() or suffix_start - start > MAX_NAME:
            break
        if token in STOP_TOKENS:
            if token in NAME_BUSINESS_TOKENS and held < 0:
                held = start
                continue
            break
        if tags.get(token) in BREAK_TAGS:
            break
        edge, held = start, -1
    return edge


def _name_like(seg: BlockSegmenter, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is made of whole tokens none of which is a function word."""
    if not (seg.is_boundary(start) and seg.is_boundary(end)):
        return False
    tags = word_tags()
    starts, tokens = seg.token_starts(start)
    inside = tokens[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    if not inside:
        return False
    for token in inside:
        tag = tags.get(token)
        if token in STOP_TOKENS or (tag is not None and tag not in NAME_TAGS):
            return False
    # a single dictionary word is a common noun (公司, 平台), not a name
    return not (
        len(inside) == 1 and inside[0] in tags and tags[inside[0]] not in ("nz", "nt", "nrt", "j")
    )


def _after_keywords(name: str, keywords: Collection[str]) -> int:
    """Offset just after the last keyword inside ``name`` (涉嫌集资诈骗永鑫… -> 永鑫…), else 0.

    Keywords of two to eleven characters count; with a frozenset of keywords only the
    places where one begins and the lengths some keyword has are tried."""
    firsts, sizes = _keyword_shape(keywords) if isinstance(keywords, frozenset) else (None, None)
    cut = 0
    for i in range(len(name)):
        if firsts is not None and name[i] not in firsts:
            continue
        for j in range(i + 2, min(len(name), i + 12) + 1):
            if (sizes is None or j - i in sizes) and name[i:j] in keywords:
                cut = max(cut, j)
    return cut


@lru_cache(maxsize=8)
def _keyword_shape(keywords: frozenset[str]) -> tuple[frozenset[str], frozenset[int]]:
    """The first characters and the lengths of ``keywords`` (a matcher's keyword set)."""
    return frozenset(k[:1] for k in keywords), frozenset(map(len, keywords))


def _trim(name: str, keywords: Collection[str], cut: Callable[[str], list[str]]) -> _Trimmed:
    """``(lead, name)``: ``name`` without leading keywords, function words and trailers and
    how many characters went from its front; None when what is left is no name."""
    tags = word_tags()
    cut_at = _after_keywords(name, keywords)
    lead = cut_at + len(name[cut_at:]) - len(name[cut_at:].lstrip("#&._%-+*"))
    name = name[lead:].rstrip("#&._%-+*")
    for trailer in TAG_TRAILERS if name.endswith(TAG_TRAILERS) else ():
        if name.endswith(trailer) and len(name) > len(trailer) + 1:
            name = name[: -len(trailer)]
            break
    for token in cut(name)[:-1]:  # 接手合盘贷 -> 合盘贷, 对萨飞… -> 萨飞…
        if token not in STOP_TOKENS and tags.get(token) not in LEAD_TAGS:
            break
        lead += len(token)
        name = name[len(token) :]
    trimmed = trim_leading(name, cut)
    lead += len(name) - len(trimmed) if trimmed else 0
    name = trimmed
    if len(name) < 2 or name in GENERIC_NAMES or name in keywords:
        return None
    if not plausible(name, cut):
        return None
    if tags.get(name, "nz") not in ("nz", "nt", "nrt", "j", "ns"):
        return None  # a dictionary word such as 官方 or 借贷 is not a name
    return lead, name


TRIM_MEMO = 1 << 14
"""Names whose clean-up each segmenter remembers."""
_TRIMS: WeakKeyDictionary[object, Callable[..., _Trimmed]] = WeakKeyDictionary()
"""Per ``cut`` (an analyzer's ``CachedCut``), its memo of :func:`_trim`; weakly held, so
an analyzer built again (after a keyword edit) takes its old memo with it."""


def _memo_for(cut: Callable[[str], list[str]]) -> Callable[..., _Trimmed]:
    ref = weakref.ref(cut)

    def trim(name: str, keywords: Collection[str]) -> _Trimmed:
        live = ref()
        assert live is not None  # the memo lives only as long as its segmenter
        return _trim(name, keywords, live)

    return lru_cache(maxsize=TRIM_MEMO)(trim)


def _trimmed(name: str, keywords: Collection[str], cut: Callable[[str], list[str]]) -> _Trimmed:
    """:func:`_trim`, memoised per segmenter when ``keywords`` can be hashed (the
    matcher's frozenset) and ``cut`` is an object of its own (not a bound method)."""
    if not isinstance(keywords, (frozenset, tuple)) or isinstance(cut, MethodType):
        return _trim(name, keywords, cut)
    try:
        memo = _TRIMS.get(cut)
    except TypeError:  # not weakly referable: no memo
        return _trim(name, keywords, cut)
    if memo is None:
        memo = _TRIMS[cut] = _memo_for(cut)
    return memo(name, keywords)


def _subject_matches(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    """``_SUBJECT_RE.finditer(text, lo, hi)``, run only in short spans ending at a cue.

    Every match ends where a cue begins and starts at most ``_SUBJECT_BEFORE`` before
    it, so scanning the merged spans around the cues gives exactly the same matches.
    """
    spans: list[list[int]] = []
    for cue in _CUE_AT.finditer(text, lo, hi):
        a, b = max(lo, cue.start() - _SUBJECT_BEFORE), min(hi, cue.start() + _SUBJECT_AFTER)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [m for a, b in spans for m in _SUBJECT_RE.finditer(text, a, b)]


def discover(
    text: str,
    seg: BlockSegmenter,
    keywords: Collection[str] = (),
    windows: Sequence[tuple[int, int]] | None = None,
) -> list[Candidate]:
    """Company-like names in normalised ``text`` (or only inside ``windows``), in text order."""
    found: list[Candidate] = []
    for lo, hi in windows if windows is not None else [(0, len(text))]:
        discover_in(text, seg, keywords, lo, hi, found)
    return longest_first(found)


def longest_first(found: Sequence[Candidate]) -> list[Candidate]:
    """Where candidates overlap, the longest (then the earliest) one, in text order."""
    out: list[Candidate] = []
    kept: list[tuple[int, int]] = []  # the spans in ``out``, sorted
    for cand in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        start, end = cand.start, cand.end
        # kept spans do not overlap, so in (start, end) order their ends rise too: of those
        # starting before ``end``, the last has the furthest end
        i = bisect.bisect_left(kept, (end, end))  # kept[:i] start before ``end``
        if i and kept[i - 1][1] > start:
            continue
        out.append(cand)
        bisect.insort(kept, (start, end))
    return sorted(out, key=lambda c: c.start)


def discover_in(
    text: str,
    seg: BlockSegmenter,
    keywords: Collection[str],
    lo: int,
    hi: int,
    found: list[Candidate],
) -> None:
    """Append the candidates whose pattern matches inside ``text[lo:hi]`` to ``found``."""

    def add(name: str, start: int, end: int, pattern: str) -> None:
        trimmed = _trimmed(name, keywords, seg.cut)
        if trimmed is None:
            return
        lead, name = trimmed
        start += lead
        found.append(Candidate(name, [(start, start + len(name))], {"found:" + pattern}))

    def runs(pattern: re.Pattern[str]) -> bool:
        prefilter = _PREFILTERS.get(pattern)
        return prefilter is None or prefilter.search(text, lo, hi) is not None

    for pattern, kind in ((_QUOTED_RE, "quoted"), (_STOCK_RE, "stock"), (_SYSTEM_RE, "system")):
        if not runs(pattern):
            continue
        for match in pattern.finditer(text, lo, hi):
            add(match.group(1), match.start(1), match.end(1), kind)
    for match in _TAG_RE.finditer(text, lo, hi):
        group = 1 if match.group(1) else 2
        name, start = match.group(group), match.start(group)
        add(name, start, start + len(name), "tag")
    for match in _ANY_QUOTED_RE.finditer(text, lo, hi):
        name, start = match.group(1), match.start(1)
        if _name_like(seg, start, start + len(name)):
            add(name, start, start + len(name), "quote")
    for match in _LIST_RE.finditer(text, lo, hi) if runs(_LIST_RE) else ():
        offset = match.start(1)
        for item in match.group(1).split("、"):
            if _name_like(seg, offset, offset + len(item)):
                add(item, offset, offset + len(item), "list")
            offset += len(item) + 1
    for match in _subject_matches(text, lo, hi):
        name, start = match.group(1), match.start(1)
        if _name_like(seg, start, start + len(name)):
            add(name, start, start + len(name), "cue")
    for match in _SUFFIX_RE.finditer(text, lo, hi):
        suffix = match.group(1)
        if suffix in ("贷", "宝", "资本", "基金") and not seg.is_boundary(match.end()):
            continue
        start = _left_edge(seg, match.start())
        if start == match.start():
            continue
        end = match.start() if suffix in STRIP_SUFFIXES else match.end()
        if end - start < 2:
            continue
        add(text[start:end], start, end, "suffix")
