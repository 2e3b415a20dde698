"""Candidate event subjects of a text: every string that might be the enterprise it is about.

The goal here is recall with short lists; :mod:`keywords.subject` ranks the candidates.
Sources, all found on a private jieba part-of-speech segmentation of the raw text so that
every candidate is a substring of the text exactly as written:

* ``stock``: a name right before a stock code, 宝光股份(600379) (the left edge of a name in
  run-together headlines is unknown, so every edge two to eight characters back is proposed);
* ``suffix``: spans of one to six tokens ending in an enterprise suffix (…有限公司, …集团,
  …股份, …网, …财富, …金融, …银行 ...; 平台 is stripped: 钱妈妈理财平台 -> 钱妈妈理财);
* ``quote``: a short quoted string, “e租宝”, 「砖头网」;
* ``pos``: tokens jieba tags as organisation, proper noun, abbreviation or person (权健), and
  unknown words jieba's HMM invents (names it has never seen);
* ``cue``: one to three tokens before a subject cue (涉嫌, 被, 因, 等, 董事长, 跑路 ...);
* ``short``: a long name without its place prefix or legal suffix (深圳市牛牛通宝…有限公司 ->
  牛牛通宝…), when that short form also occurs on its own;
* ``mention``: names the analyzer already linked or discovered (passed in by the caller).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import jieba
import jieba.posseg

from keywords.namebook import (
    BUSINESS_SUFFIXES,
    CANDIDATE_CUES,
    CANDIDATE_GENERIC,
    CANDIDATE_STRIP_SUFFIXES,
    LEGAL_SUFFIXES,
    PLACE_SUFFIXES,
    STOP_STARTS,
)

NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9*&·]+")
"""Characters a name may hold (*ST本实B, e租宝, 万科A)."""
MAX_CHARS = 30
MAX_TOKENS = 10
HEAD_TOKENS = 3
FUNCTION_CHARS = frozenset("了的在对与和及被是为将把向从由据等让给")
"""Characters jieba's HMM glues to the front of an unknown name (揭露了权健集团 -> 了权 健 集团)."""
STOCK_RE = re.compile(r"[(（](?:\d{6}|\d{4,5}\.?HK|[A-Z]{1,5})[)）]")

STRIP_SUFFIXES = CANDIDATE_STRIP_SUFFIXES
CUES = CANDIDATE_CUES
GENERIC = CANDIDATE_GENERIC
SUFFIX_KINDS = ("legal", "business", "strip")

_CUE_SET = frozenset(CUES)
POS_TAGS = frozenset({"nt", "nz", "nr", "nrt", "nrfg", "j", "eng", "x"})
"""Tags of single tokens proposed on their own (organisation, proper noun, name, abbreviation)."""
START_BREAK_TAGS = frozenset(
    "p c u uj ul uz ud ug uv r rr rz d m mq q t y e o zg df dg f".split()  # noqa: SIM905
)
"""Tags of tokens a name never starts with (prepositions, particles, pronouns, numerals ...)."""
CROSS_BREAK_TAGS = frozenset({"p", "c", "uj", "ul", "uz", "ud", "ug", "uv"})
"""Tags of tokens a name never spans when walking left from its suffix (对, 或, 的 ...)."""


@dataclass(slots=True)
class Candidate:
    """One candidate name, where it occurs in the text and which sources proposed it."""

    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    tags: tuple[str, ...] = ()
    """Part-of-speech tags of the tokens of the first occurrence; empty when it does not
    start and end on token boundaries."""
    words: tuple[str, ...] = ()
    """``L:<word>`` and ``R:<word>``: the tokens just before and after each occurrence."""


@dataclass(frozen=True, slots=True)
class Token:
    """A jieba token with its part-of-speech tag and offsets."""

    word: str
    tag: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _pos_tokenizer() -> jieba.posseg.POSTokenizer:
    """A private part-of-speech tokenizer (jieba's bundled dictionary only)."""
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def pos_tokens(text: str) -> list[Token]:
    """``text`` cut into tagged tokens with character offsets.

    A token jieba's HMM invented that starts with a function character (了权) is split
    in two, so that the name after it can start at a token boundary.
    """
    tokenizer = _pos_tokenizer()
    known = tokenizer.tokenizer.FREQ
    out: list[Token] = []
    offset = 0
    for pair in tokenizer.cut(text):
        word, tag = pair.word, pair.flag
        if len(word) >= 2 and word[0] in FUNCTION_CHARS and not known.get(word):
            out.append(Token(word[0], "u", offset, offset + 1))
            out.append(Token(word[1:], "x", offset + 1, offset + len(word)))
        else:
            out.append(Token(word, tag, offset, offset + len(word)))
        offset += len(word)
    return out


def _runs(tokens: Sequence[Token]) -> list[list[Token]]:
    """Maximal runs of tokens made only of name characters."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if NAME_CHARS.fullmatch(token.word):
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _can_start(token: Token, first: bool = False) -> bool:
    """Whether a name may begin with ``token`` (``first``: right after a separator)."""
    if token.word in STOP_STARTS or token.word.isdigit():
        return False
    if first and token.tag in ("m", "q", "r", "t"):
        return True  # 壹佰金融, 天天财富 at the start of a list item
    if token.tag in ("v", "vd", "ad") and len(token.word) >= 2:
        return False  # 通报大志投资…, 认为权健: a verb, not the start of a name
    return token.tag not in START_BREAK_TAGS or token.word == "*"


def suffix_kind(name: str) -> str:
    """``legal``, ``business`` or ``""``: the kind of enterprise suffix ``name`` ends in."""
    if name.endswith(LEGAL_SUFFIXES):
        return "legal"
    if name.endswith(BUSINESS_SUFFIXES):
        return "business"
    return ""


_REGION_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9]+[(（][\u4e00-\u9fff]{2,3}[)）][\u4e00-\u9fffA-Za-z]+"
)


def plausible_name(name: str) -> bool:
    """Cheap filter: 2..30 name characters, not a number, not a generic word."""
    return (
        2 <= len(name) <= MAX_CHARS
        and (NAME_CHARS.fullmatch(name) is not None or _REGION_NAME.fullmatch(name) is not None)
        and not name.isdigit()
        and not re.fullmatch(r"[\d.]+[%a-zA-Z]?|\d+年|\d+月|\d+日", name)
        and name not in GENERIC
    )


class _Collector:
    """Accumulates candidates by name."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.by_name: dict[str, Candidate] = {}

    def add(self, start: int, end: int, source: str) -> None:
        name = self.text[start:end]
        if not plausible_name(name):
            return
        cand = self.by_name.get(name)
        if cand is None:
            cand = self.by_name[name] = Candidate(name)
        cand.sources.add(source)

    def add_name(self, name: str, source: str) -> None:
        if name and name in self.text and plausible_name(name):
            cand = self.by_name.setdefault(name, Candidate(name))
            cand.sources.add(source)


def _clean(tokens: Sequence[Token]) -> bool:
    """No token of a span is a cue word or a function word (对, 或, 的, 被, 涉嫌 ...)."""
    return not any(t.word in _CUE_SET or t.tag in CROSS_BREAK_TAGS for t in tokens)


def _left_spans(run: Sequence[Token], j: int, end: int, source: str, out: _Collector) -> None:
    """Propose ``text[start:end]`` for every start one to MAX_TOKENS tokens back from ``j``."""
    for i in range(j, max(-1, j - MAX_TOKENS), -1):
        start = run[i].start
        if end - start > MAX_CHARS:
            break
        if _can_start(run[i], i == 0) and end - start >= 2:
            out.add(start, end, source)
        if i < j and (run[i].word in _CUE_SET or run[i].tag in CROSS_BREAK_TAGS):
            break


def _from_tokens(text: str, tokens: Sequence[Token], out: _Collector) -> None:
    for run in _runs(tokens):
        for j, token in enumerate(run):
            word = token.word
            upto = text[run[0].start : token.end]
            if upto.endswith(STRIP_SUFFIXES) and j > 0:
                strip = next(s for s in STRIP_SUFFIXES if upto.endswith(s))
                if len(word) > len(strip):  # 理财平台 as one token: keep 理财, cut 平台
                    out.add(token.start, token.end - len(strip), "pos:strip")
                end = token.end - len(strip)
                k = j if len(word) > len(strip) else j - 1
                if k >= 0 and end > run[k].start:
                    _left_spans(run, k, end, "suffix:strip", out)
            kind = suffix_kind(upto)
            if kind:
                _left_spans(run, j, token.end, f"suffix:{kind}", out)
            if token.tag in POS_TAGS or (token.tag == "ns" and len(word) >= 3):
                out.add(token.start, token.end, f"pos:{token.tag}")
                if j > 0 and _can_start(run[j - 1]):
                    out.add(run[j - 1].start, token.end, "pos:pair")
            if j + 1 < len(run) and run[j + 1].word in _CUE_SET and word not in _CUE_SET:
                for i in range(j, max(-1, j - 3), -1):
                    if run[i].word in _CUE_SET or run[i].tag in CROSS_BREAK_TAGS:
                        break
                    if _can_start(run[i], i == 0):
                        out.add(run[i].start, token.end, "cue")
            head = j < HEAD_TOKENS and j + 1 < len(run) and _clean(run[: j + 1])
            if head and _can_start(run[0], True):
                out.add(run[0].start, token.end, "head")
            if word == "系" and j > 0:  # 钱宝系 -> 钱宝
                for i in range(j - 1, max(-1, j - 3), -1):
                    if _can_start(run[i], i == 0):
                        out.add(run[i].start, token.start, "system")
            if j + 1 == len(run) and STOCK_RE.match(text, token.end):
                for start in range(token.end - 2, max(run[0].start, token.end - 8) - 1, -1):
                    out.add(start, token.end, "stock")
        if run and run[-1].end < len(text) and text[run[-1].end] in "，,：:、":
            # a name ending a clause: 某公司，… / 某公司：…
            last = len(run) - 1
            for i in range(last, max(-1, last - 3), -1):
                if not _clean(run[i:]):
                    break
                if _can_start(run[i], i == 0):
                    out.add(run[i].start, run[-1].end, "clause")


_REGION_RE = re.compile(
    r"[(（][\u4e00-\u9fff]{2,3}[)）][\u4e00-\u9fffA-Za-z]{0,14}?(?:有限责任公司|股份有限公司|有限公司|公司)"
)
"""A bracketed region inside a registered name: 饭饭投资管理(嘉兴)有限公司."""


def _from_regions(text: str, tokens: Sequence[Token], out: _Collector) -> None:
    """Registered names with a bracketed region, left edges on token boundaries."""
    runs = {run[-1].end: run for run in _runs(tokens)}
    for match in _REGION_RE.finditer(text):
        end = match.end()
        run = runs.get(match.start())
        if run is not None:
            for i in range(len(run) - 1, max(-1, len(run) - 1 - MAX_TOKENS), -1):
                if end - run[i].start > MAX_CHARS or not _clean(run[i:]):
                    break
                if _can_start(run[i], i == 0):
                    out.add(run[i].start, end, "suffix:region")


_QUOTE_RE = re.compile(r"[“\"「『《]([^”\"」』》]{2,16})[”\"」』》]")


def short_forms(name: str) -> set[str]:
    """A long name's short forms: without its legal suffix, without its place prefix, or
    both (empty for names under five characters)."""
    if len(name) < 5:
        return set()
    forms = {name}
    for suffix in LEGAL_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            forms.add(name[: -len(suffix)])
            break
    for form in list(forms):
        for place in PLACE_SUFFIXES:
            cut = form.find(place)
            if 2 <= cut <= 4 and len(form) - cut - len(place) >= 2:
                forms.add(form[cut + len(place) :])
                break
    return forms - {name}


def _shorten(out: _Collector) -> None:
    """Short forms of long names (no place prefix, no legal suffix) that occur in the text."""
    text = out.text
    for name in list(out.by_name):
        for form in short_forms(name):
            if text.count(form) > text.count(name):
                out.add_name(form, "short")


def find_candidates(
    text: str,
    mentions: Iterable[str] = (),
    tokens: Sequence[Token] | None = None,
) -> list[Candidate]:
    """Candidates in ``text`` in order of first occurrence, each with all its occurrences.

    ``mentions`` are names found by other means (the analyzer's linked and discovered
    enterprises); those that occur in ``text`` are kept with source ``mention``.
    """
    if tokens is None:
        tokens = pos_tokens(text)
    out = _Collector(text)
    _from_tokens(text, tokens, out)
    if "(" in text or "（" in text:
        _from_regions(text, tokens, out)
    for match in _QUOTE_RE.finditer(text):
        inner = match.group(1).strip()
        start = match.start(1) + match.group(1).find(inner)
        out.add(start, start + len(inner), "quote")
    for rank, name in enumerate(mentions):
        out.add_name(name, "mention0" if rank == 0 else "mention")
    _shorten(out)
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    for cand in out.by_name.values():
        start = text.find(cand.name)
        while start >= 0:
            cand.spans.append((start, start + len(cand.name)))
            start = text.find(cand.name, start + len(cand.name))
        first, last = starts.get(cand.spans[0][0]), ends.get(cand.spans[0][1])
        if first is not None and last is not None:
            cand.tags = tuple(t.tag for t in tokens[first : last + 1])
        words: list[str] = []
        for start, end in cand.spans[:5]:
            before, after = ends.get(start), starts.get(end)
            if before is not None:
                words.append("L:" + tokens[before].word)
            if after is not None:
                words.append("R:" + tokens[after].word)
        cand.words = tuple(words)
    return sorted(out.by_name.values(), key=lambda c: c.spans[0][0] if c.spans else 0)
