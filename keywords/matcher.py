"""Find keyword hits: Aho-Corasick candidates confirmed on jieba token boundaries.

A hit is an occurrence of a term form whose start and end are both token
boundaries of the full jieba segmentation of the (normalised) text, i.e. the
form equals one token or a run of consecutive tokens.  Hits nested strictly
inside a longer hit are dropped.  ``reference_hits`` computes the same from a
full segmentation; the bench and tests check the two agree.  Term forms, context
words and exclusions are stored normalised (``keywords.normalize``), the form the
analyzer matches text in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import jieba

from keywords.fastac import WordAutomaton, encode
from keywords.lexicon import BlockSegmenter
from keywords.normalize import normalize
from keywords.schema import Category, KeywordSet, Term

YIELD_TRIGGERS = (
    "年化",
    "月化",
    "日化",
    "周化",
    "年息",
    "月息",
    "日息",
    "天息",
    "周息",
    "利息",
    "返息",
    "收益",
    "回报",
    "利率",
    "返利",
)
"""Every yields pattern contains one of these; yields are parsed only in windows around them."""
_TRIGGERS = frozenset(YIELD_TRIGGERS)
_Roles = tuple[int, tuple[Term, Category] | None, str | None, bool, bool]
"""A word's length, its term and category, the set owning it as an exclusion, whether it
is a yield trigger, whether it is a context word."""


@dataclass(frozen=True, slots=True)
class Hit:
    """A confirmed occurrence of a keyword form."""

    form: str
    term: Term
    category: Category
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Span:
    """A confirmed occurrence of a context word or an exclusion phrase."""

    kind: str
    form: str
    owner: str
    start: int
    end: int


class Matcher:
    """The automaton over every term form, context word and exclusion phrase of some sets."""

    def __init__(self, sets: Iterable[KeywordSet]) -> None:
        self.terms: dict[str, tuple[Term, Category]] = {}
        self.contexts: dict[str, list[str]] = {}
        self.exclusions: dict[str, str] = {}
        for kset in sets:
            for cat in kset.categories:
                for term in cat.terms:
                    for form in term.forms:
                        self.terms.setdefault(normalize(form), (term, cat))
            for ctx in kset.contexts:
                for word in ctx.terms:
                    self.contexts.setdefault(normalize(word), []).append(ctx.id)
            for phrase in kset.exclusions:
                self.exclusions.setdefault(normalize(phrase), kset.id)
        self.max_len = max((len(f) for f in self.terms), default=1)
        self.keywords = frozenset(f for f in {*self.terms, *self.contexts} if len(f) >= 2)
        self.automaton = WordAutomaton(
            {*self.terms, *self.exclusions, *YIELD_TRIGGERS, *self.contexts}
        )
        self._roles: dict[str, _Roles] = {
            form: (
                len(form),
                self.terms.get(form),
                self.exclusions.get(form),
                form in _TRIGGERS,
                form in self.contexts,
            )
            for form in self.automaton.words
        }
        """Each word's length and roles, read with one lookup per occurrence."""

    def words(self) -> set[str]:
        """Every form and context word, for the tokenizer's dictionary."""
        return {*self.terms, *self.contexts}

    def scan(
        self, text: str, seg: BlockSegmenter, encoded: str | None = None
    ) -> tuple[list[Hit], list[Span], list[int]]:
        """Term hits, context/exclusion spans and the positions of yield triggers in ``text``.

        One pass finds every word; context words are confirmed on token boundaries
        only when there is a term hit or a yield trigger, since they matter only near
        those.  ``encoded`` is ``fastac.encode(text)`` when the caller has it.
        """
        hits: list[Hit] = []
        spans: list[Span] = []
        triggered: list[int] = []
        if not text or not len(self.automaton):
            return hits, spans, triggered
        roles, contexts = self._roles, self.contexts
        found: list[tuple[int, str]] = []
        boundary = seg.is_boundary
        for start, form in self.automaton.find(encoded or encode(text)):
            size, term, owner, trigger, context = roles[form]
            if owner is not None:
                spans.append(Span("exclusion", form, owner, start, start + size))
            if term is not None and boundary(start) and boundary(start + size):
                hits.append(Hit(form, term[0], term[1], start, start + size))
            if trigger:
                triggered.append(start)
            if context:
                found.append((start, form))
        if hits or triggered:
            excluded = [(s.start, s.end) for s in spans if s.kind == "exclusion"]
            for start, form in found:
                end = start + len(form)
                if excluded and any(
                    a <= start and end <= b and b - a > end - start for a, b in excluded
                ):
                    continue  # a context word inside an exclusion phrase (不传谣) is none
                if boundary(start) and boundary(end):
                    spans += [Span("context", form, c, start, end) for c in contexts[form]]
        return drop_nested(hits), spans, triggered


def drop_nested(hits: list[Hit]) -> list[Hit]:
    """Drop hits lying strictly inside a longer hit; sort by position."""
    hits = sorted(hits, key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    reach = -1
    for hit in hits:
        if hit.end <= reach and kept and (hit.start, hit.end) != (kept[-1].start, kept[-1].end):
            continue
        kept.append(hit)
        reach = max(reach, hit.end)
    return kept


def reference_hits(tokenizer: jieba.Tokenizer, matcher: Matcher, text: str) -> list[Hit]:
    """The hits full segmentation gives: forms equal to a run of consecutive tokens."""
    tokens = tokenizer.lcut(text)
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    hits: list[Hit] = []
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens) + 1):
            if offsets[j] - offsets[i] > matcher.max_len:
                break
            form = text[offsets[i] : offsets[j]]
            if form in matcher.terms:
                term, cat = matcher.terms[form]
                hits.append(Hit(form, term, cat, offsets[i], offsets[j]))
    return drop_nested(hits)
