"""Candidates found with string scans only (no jieba): every natural left edge of a name.

The subject ranker's view of a document's candidates (:meth:`keywords.candidates.DocNames.scanned`):
every name-like span a scan of the text proposes (the ranker learns which left edge is
right from the characters around it).  Sources:

* ``suffix:legal`` / ``suffix:business`` / ``suffix:strip``: spans ending in an enterprise
  suffix (…有限公司, …集团, …银行, …网, …宝 ...; a trailing 平台 or APP is left out), every
  left edge two to ``LEFT_LEGAL`` (``LEFT_BUSINESS``) characters back inside the run of
  name characters;
* ``cue``: spans right before a subject cue (涉嫌, 被, 跑路, 旗下 ...);
* ``stock``: spans right before a stock code, 宝光股份(600379);
* ``system``: the name before 系 (钱宝系 -> 钱宝);
* ``quote``: a short quoted string, “e租宝”, 「砖头网」, 《…》;
* ``head``: the first characters of a clause near the start of the text;
* ``short``: a long name without its place prefix or legal suffix, when that form also
  occurs on its own;
* ``mention`` / ``mention0``: names the analyzer linked or discovered;
* ``lac:ORG`` / ``lac:nz``: words the LAC tagger (:mod:`keywords.tagger`) tagged as an
  organisation or another proper noun, when the document's tokens are given.

With tokens, every kept candidate that lies in the tagged lead also gets one ``edge:``
source saying which of its edges fall between LAC's words (``edge:se`` both, ``edge:s``
the start, ``edge:e`` the end, ``edge:`` neither): a name cut mid-word is rarely right.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from functools import lru_cache

from keywords.candidates.candidate import (
    GENERIC,
    STOCK_RE,
    Candidate,
    plausible_name,
    short_forms,
)
from keywords.namebook import (
    BUSINESS_SUFFIXES,
    CANDIDATE_STRIP_SUFFIXES,
    LEGAL_SUFFIXES,
    PROVINCES,
    SCAN_BAD_START,
    SCAN_CUES,
    SCAN_EDGE_AFTER,
    SCAN_NAME_PARTS,
)
from keywords.tagger import NAME_TAGS, Token

RUN_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9*&·]+")
"""A run of characters a name may hold."""
LEFT_LEGAL = 18
LEFT_BUSINESS = 8
LEFT_CUE = 8
SCAN_CHARS = 600
"""Characters scanned for names: the subject of a report is named in its title and lead."""
MAX_CANDIDATES = 24
"""Candidates kept per text (the first occurring; the analyzer's mentions are always kept):
the ranker's cost grows with them, and a subject is named early."""
MENTION_SOURCES = frozenset({"mention", "mention0"})
HEAD_CHARS = 40
"""Clauses starting this early propose their first two to five characters."""
STRIP = CANDIDATE_STRIP_SUFFIXES
SUFFIX_RE = re.compile(
    "|".join(
        re.escape(s) for s in sorted({*LEGAL_SUFFIXES, *BUSINESS_SUFFIXES}, key=len, reverse=True)
    )
)
STRIP_RE = re.compile("|".join(STRIP))
CUE_RE = re.compile("|".join(sorted(SCAN_CUES, key=len, reverse=True)))
NAME_PARTS = SCAN_NAME_PARTS
REGION_RE = re.compile(
    r"[(（][\u4e00-\u9fff]{2,3}[)）][\u4e00-\u9fffA-Za-z]{0,14}?(?:有限责任公司|股份有限公司|有限公司|公司)"
)
"""A bracketed region inside a registered name: 饭饭投资管理(嘉兴)有限公司."""
LIST_RE = re.compile(
    r"(?<=、)[\u4e00-\u9fffA-Za-z0-9]{2,12}?(?:(?=等)|(?![\u4e00-\u9fffA-Za-z0-9]))"
)
"""An item after a 、 of a list (爱钱帮、金联储、礼德财富): the whole run up to the next separator,
or up to the 等 that closes the list (宜聚网、中融投等众多平台)."""
QUOTE_RE = re.compile(r"[“\"「『《]([^”\"」』》]{2,16})[”\"」』》]")
EDGE_AFTER = SCAN_EDGE_AFTER
BAD_START = SCAN_BAD_START


_plausible = lru_cache(maxsize=1 << 16)(plausible_name)


class _Found:
    def __init__(self, text: str) -> None:
        self.text = text
        self.by_name: dict[str, Candidate] = {}

    def add(self, start: int, end: int, source: str) -> None:
        if end - start < 2 or self.text[start] in BAD_START:
            return
        self.add_name(self.text[start:end], source)

    def add_name(self, name: str, source: str) -> None:
        cand = self.by_name.get(name)
        if cand is None:
            if not _plausible(name):
                return
            cand = self.by_name[name] = Candidate(name)
        cand.sources.add(source)

    def edges(self, low: int, end: int, source: str, blocked: frozenset[int]) -> None:
        """Spans ``[start, end)`` with a natural left edge between ``low`` and ``end - 2``:
        two to four characters back, the run's start, or right after a function
        character, a place (省, 市 ...) or a cue word; never across a cue word."""
        text, add_name = self.text, self.add_name
        for start in range(end - 2, low - 1, -1):
            if start in blocked:
                break
            if (
                end - start <= 4
                or start == low
                or text[start - 1] in EDGE_AFTER
                or (start - 1) in blocked
                or _ascii_start(text, start)
                or text[max(0, start - 2) : start] in PROVINCES
                or text[max(0, start - 3) : start] in PROVINCES
            ) and text[start] not in BAD_START:
                add_name(text[start:end], source)


def _ascii_start(text: str, at: int) -> bool:
    """A Latin name or *ST right after Chinese characters: 变更|AETOS, 停产|*ST新材."""
    char = text[at]
    return (char == "*" or (char.isascii() and char.isalpha())) and not text[at - 1].isascii()


def _run_start(starts: list[int], ends: list[int], at: int) -> int:
    """Start of the run holding position ``at`` (or ``at`` itself outside every run)."""
    i = bisect_right(starts, at) - 1
    return starts[i] if i >= 0 and at <= ends[i] else at


@lru_cache(maxsize=1 << 14)
def _forms(name: str) -> tuple[str, ...]:
    """:func:`short_forms` of ``name`` that are not generic words, in the set's order."""
    return tuple(form for form in short_forms(name) if form not in GENERIC)


def _short_forms(found: _Found) -> None:
    text = found.text
    for name in list(found.by_name):
        for form in _forms(name):
            if text.count(form) > text.count(name):
                found.add_name(form, "short")


def _tagged(found: _Found, tokens: Sequence[Token]) -> tuple[frozenset[int], int]:
    """Add the tagger's names; the offsets between its words and the length it tagged."""
    at = 0
    bounds = {0}
    for word, tag in tokens:
        if tag in NAME_TAGS:
            found.add_name(word, "lac:" + tag)
        at += len(word)
        bounds.add(at)
    return frozenset(bounds), at


def _edge_source(bounds: frozenset[int], start: int, end: int) -> str:
    return "edge:" + ("s" if start in bounds else "") + ("e" if end in bounds else "")


def spot_candidates(
    text: str, mentions: Iterable[str] = (), tokens: Sequence[Token] = ()
) -> list[Candidate]:
    """Candidates in ``text`` in order of first occurrence, each with all its occurrences
    in ``text``; names are proposed from its first ``SCAN_CHARS`` characters (and the
    analyzer's mentions wherever they are).  ``tokens`` are the LAC tagger's words of the
    start of ``text`` (:meth:`keywords.tagger.NameTagger.tokens`), or none."""
    full, text = text, text[:SCAN_CHARS]
    found = _Found(text)
    runs = [(m.start(), m.end()) for m in RUN_RE.finditer(text)]
    starts = [s for s, _e in runs]
    ends = [e for _s, e in runs]
    cues = [(m.start(), m.end()) for m in CUE_RE.finditer(text)]
    blocked = frozenset(p for s, e in cues if text[s:e] not in NAME_PARTS for p in range(s, e))
    legal_ends = [m.end() for m in SUFFIX_RE.finditer(text) if m.group() in LEGAL_SUFFIXES]
    for m in SUFFIX_RE.finditer(text):
        end = m.end()
        legal = m.group() in LEGAL_SUFFIXES
        if not legal and any(end < e <= end + LEFT_BUSINESS for e in legal_ends):
            continue  # inside a registered name: 佰财金融|信息服务有限公司
        back = LEFT_LEGAL if legal else LEFT_BUSINESS
        low = max(_run_start(starts, ends, m.start()), end - back)
        found.edges(low, end, "suffix:legal" if legal else "suffix:business", blocked)
    for m in STRIP_RE.finditer(text):
        low = max(_run_start(starts, ends, m.start()), m.start() - LEFT_BUSINESS)
        found.edges(low, m.start(), "suffix:strip", blocked)
    for at, _end in cues:
        low = max(_run_start(starts, ends, at), at - LEFT_CUE)
        found.edges(low, at, "cue", blocked)
    for m in STOCK_RE.finditer(text):
        at = m.start()
        found.edges(max(_run_start(starts, ends, at - 1), at - LEFT_CUE), at, "stock", blocked)
    for m in re.finditer("系", text):
        at = m.start()
        found.edges(max(_run_start(starts, ends, at - 1), at - 4), at, "system", blocked)
    for m in LIST_RE.finditer(text):  # 爱钱帮、金联储、礼德财富: every item of a list
        found.add(m.start(), m.end(), "list")
        first = m.start() - 1  # the 、 after the list's first item
        if first >= 2 and text[first - 1] != "、" and RUN_RE.match(text, first - 1):
            low = max(_run_start(starts, ends, first - 1), first - LEFT_BUSINESS)
            found.edges(low, first, "list", blocked)
    for m in REGION_RE.finditer(text):
        low = max(_run_start(starts, ends, m.start() - 1), m.start() - LEFT_LEGAL)
        for start in range(m.start() - 2, low - 1, -1):
            found.add(start, m.end(), "suffix:region")
    for m in QUOTE_RE.finditer(text):
        inner = m.group(1).strip()
        begin = m.start(1) + m.group(1).find(inner)
        found.add(begin, begin + len(inner), "quote")
    for start, end in runs:
        if start > HEAD_CHARS:
            break
        for size in range(2, min(5, end - start) + 1):
            found.add(start, start + size, "head")
    found.text = full
    for rank, name in enumerate(mentions):
        if name and name in full:
            found.add_name(name, "mention0" if rank == 0 else "mention")
    bounds, tagged = _tagged(found, tokens) if tokens else (frozenset(), 0)
    _short_forms(found)
    firsts = {name: full.find(name) for name in found.by_name}
    ranked = sorted(found.by_name.values(), key=lambda c: firsts[c.name])
    kept = [c for i, c in enumerate(ranked) if i < MAX_CANDIDATES or c.sources & MENTION_SOURCES]
    for cand in kept:
        name, size = cand.name, len(cand.name)
        at = firsts[name]
        if at + size <= tagged:
            cand.sources.add(_edge_source(bounds, at, at + size))
        while at >= 0:
            cand.spans.append((at, at + size))
            at = full.find(name, at + size)
    return kept
