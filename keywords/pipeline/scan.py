"""The first two stages: join and normalise the text, then find keyword and context hits."""

from __future__ import annotations

from keywords.candidates import DocNames
from keywords.lexicon import BlockSegmenter, CachedCut
from keywords.matcher import Matcher
from keywords.normalize import normalise
from keywords.pipeline.evolve import evolve
from keywords.pipeline.verdict import Matched, Texts, Verdict


class Normalise:
    """Join title and body (``title\\nbody``) and normalise it for matching, with an offset map."""

    name = "normalise"

    def __call__(self, verdict: Verdict) -> Verdict:
        title, text = verdict.request.title, verdict.request.text
        full = f"{title}\n{text}" if title else text
        base = len(title) + 1 if title else 0
        return evolve(verdict, texts=Texts(full, base, normalise(full)))


class Match:
    """Keyword, context and yield-trigger hits: jieba blocks plus Aho-Corasick."""

    name = "match"

    def __init__(self, matcher: Matcher, cut: CachedCut) -> None:
        self.matcher = matcher
        self.cut = cut

    def __call__(self, verdict: Verdict) -> Verdict:
        norm = verdict.need_texts().norm
        seg = BlockSegmenter(self.cut.tokenizer, norm, self.cut)
        hits, spans, triggered = self.matcher.scan(norm, seg)
        names = DocNames(seg, self.matcher.keywords)
        matched = Matched(seg, tuple(hits), tuple(spans), tuple(triggered), names)
        return evolve(verdict, matched=matched)
