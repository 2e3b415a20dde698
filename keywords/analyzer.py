"""The analyzer: keyword hits, contexts, rules, yields and enterprises to a risk decision."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from keywords.context import (
    NAMED_GAP,
    REACH,
    Awareness,
    ByStart,
    Judged,
    awareness_of,
    framing,
    judge,
    lead_end,
    same_sentence,
    yield_context,
)
from keywords.discovery import discover
from keywords.event_types import event_type_from_categories
from keywords.lexicon import BlockSegmenter, CachedCut, build_tokenizer, word_tags
from keywords.loader import load_keyword_sets
from keywords.matcher import Hit, Matcher, Span, normalize
from keywords.names import brand_core
from keywords.normalize import Normalised, normalise
from keywords.schema import KeywordSet
from keywords.scoring import (
    Scored,
    combine,
    enterprise_raw,
    fire_rules,
    live_evidence,
    reach_multiplier,
    squash,
    strongest,
    yield_points,
)
from keywords.watchlist import NameLinker, Watchlist, load_watchlist
from keywords.yields import extract_yields_near
from tianluo.models import EnterpriseMention, Evidence

if TYPE_CHECKING:
    from keywords.reranker import Reranker
    from keywords.subject import SubjectRanker


LEARNED_CHARS = 20_000
"""The learned models read at most this many characters of a document (the rules read it
all): enough to classify any article, and time stays small on a hostile megabyte."""


@dataclass(frozen=True, slots=True)
class AnalyzerConfig:
    """Tunable numbers; the yield line is ``lpr_one_year × yield_multiple`` percent a year."""

    lpr_one_year: float = 3.0
    yield_multiple: float = 4.0
    risk_threshold: float = 40.0
    enterprise_threshold: float = 40.0
    score_scale: float = 10.0
    discover: bool = True
    snippet_chars: int = 20
    reranker: Reranker | None = None
    """Optional learned re-ranker that re-decides ``risk`` and, with an entity model,
    which mentions are at risk and their order (see keywords.reranker)."""
    subject: SubjectRanker | None = None
    """Optional learned event-subject ranker: its best candidate becomes the first mention
    of a risky document or one with evidence (see keywords.subject)."""

    @property
    def yield_line(self) -> float:
        """Annual percentage above which a promised yield is flagged (default 12)."""
        return self.lpr_one_year * self.yield_multiple


@dataclass(slots=True)
class AnalysisResult:
    """One document's analysis.

    Offsets in ``evidence`` are into ``text``; evidence found in the title has
    ``rule == "title"`` and offsets into the title.  ``tokens`` are the jieba
    tokens (two or more characters) of the sentences that hold a hit, a context
    word or a name, plus every linked enterprise name: enough to index the
    evidence without segmenting the whole text.
    """

    risk: bool = False
    score: float = 0.0
    categories: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    mentions: list[EnterpriseMention] = field(default_factory=list)
    yields: list[float] = field(default_factory=list)
    yield_max: float | None = None
    yield_flag: bool = False
    tokens: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    components: dict[str, float] = field(default_factory=dict)
    awareness: bool = False
    """An awareness, education or rebuttal piece (揭秘, 以案说法, 辟谣 …): never a risk hit."""
    awareness_reason: str = ""
    """The framing that made it one, ``context:word`` (title_awareness:以案说法)."""

    def mark_awareness(self, reason: str) -> None:
        """Judge the whole document an awareness piece: no risk, and none of its words count."""
        self.risk, self.score, self.awareness, self.awareness_reason = False, 0.0, True, reason
        self.categories, self.terms, self.yield_flag = [], [], False

    event_type: str | None = None
    """One label of keywords.event_types.EVENT_TYPES (None: not classified)."""


@dataclass(slots=True)
class _Doc:
    """Working state of one analysis."""

    full: str
    base: int
    seg: BlockSegmenter
    judged: list[Judged]
    spans: list[Span]
    scored: list[Scored]
    normed: Normalised
    """The normalised ``full`` (``seg.text``) with its map back: offsets here are into it."""
    yield_triggers: list[int] = field(default_factory=list)
    frame: float = 1.0
    """The strongest damping of the document's framing (awareness title or lead), 1 if none."""
    awareness: Awareness | None = None


def _windows(scored: Sequence[Scored | Hit], size: int) -> list[tuple[int, int]]:
    """Merged character windows of ``REACH`` around the evidence: where discovery looks."""
    out: list[tuple[int, int]] = []
    for item in sorted(scored, key=lambda s: s.start):
        lo, hi = max(0, item.start - REACH), min(size, item.end + REACH)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


_REFERENT_RE = re.compile(
    r"(?:该|这家|那家|此|这个|那个)(?:平台|公司|企业|机构|集团|网贷平台|理财平台)"
)
"""A definite reference to one enterprise (该平台跑路): a fact about it, like a name."""
FRAMED_SHARE = 0.6
"""Share of the risk line that damped evidence of a framed document may reach at most."""


def _about(text: str, span: tuple[int, int], hit: Hit) -> bool:
    """True when ``hit`` lies in ``span``'s sentence within ``NAMED_GAP`` characters."""
    gap = hit.start - span[1] if span[1] <= hit.start else span[0] - hit.end
    lo, hi = min(span[0], hit.start), max(span[1], hit.end)
    return gap <= NAMED_GAP and same_sentence(text, lo, hi)


class Analyzer:
    """Immutable after construction and safe to share between threads."""

    def __init__(
        self,
        sets: Sequence[KeywordSet],
        watchlist: Watchlist | None = None,
        config: AnalyzerConfig | None = None,
    ) -> None:
        self.sets = list(sets)
        self.watchlist = watchlist or Watchlist()
        self.config = config or AnalyzerConfig()
        self.matcher = Matcher(self.sets)
        self.contexts = {c.id: c for s in self.sets for c in s.contexts}
        self.rules = [r for s in self.sets for r in s.rules]
        self.components = {c.id: c.component for s in self.sets for c in s.categories}
        self.watch_names = self.watchlist.names()
        self.linker = NameLinker(self.watch_names)
        self.tokenizer = build_tokenizer([*self.matcher.words(), *self.watch_names])
        self.cut = CachedCut(self.tokenizer)
        word_tags()  # load the part-of-speech table now, not on the first document

    @classmethod
    def from_files(
        cls,
        keyword_paths: Sequence[Path],
        watchlist_path: Path | None = None,
        config: AnalyzerConfig | None = None,
    ) -> Analyzer:
        """Load keyword sets and an optional watchlist; ``ConfigError`` on any bad file."""
        sets = load_keyword_sets(keyword_paths)
        watchlist = load_watchlist(watchlist_path) if watchlist_path else None
        return cls(sets, watchlist, config)

    @property
    def categories(self) -> list[dict[str, Any]]:
        """Category metadata for reports: id, label, description, weight, distress, enforcement."""
        return [
            {
                "id": c.id,
                "label": c.label,
                "description": c.description,
                "weight": c.weight,
                "component": c.component,
                "distress": c.distress,
                "enforcement": c.enforcement,
                "set": c.set_id,
                "terms": len(c.terms),
            }
            for s in self.sets
            for c in s.categories
        ]

    def _source_weight(self, source_type: str) -> float:
        weights = [s.source_weights.get(source_type, 1.0) for s in self.sets]
        return max(weights, default=1.0)

    def _scan(self, text: str, title: str, entities: Sequence[str] = ()) -> _Doc:
        full = f"{title}\n{text}" if title else text
        base = len(title) + 1 if title else 0
        normed = normalise(full)
        norm, title_len = normed.text, normed.position(len(title))
        seg = BlockSegmenter(self.tokenizer, norm, self.cut)
        hits, spans, triggered = self.matcher.scan(norm, seg)
        lead = lead_end(norm, normed.position(base))
        framed = framing(spans, self.contexts, title_len, lead, hits, norm)
        frame = min((self.contexts[s.owner].factor for s in framed), default=1.0)
        if not hits:
            aware = awareness_of(norm, lead, framed, [], spans, self.contexts)
            return _Doc(full, base, seg, [], spans, [], normed, triggered, frame, aware)
        names: list[tuple[int, int]] = []
        if any(self.contexts[s.owner].spare_named for s in framed) and any(
            h.category.distress or h.category.enforcement for h in hits
        ):
            names = self._name_spans(norm, seg, hits, entities)
        judged = judge(hits, spans, self.contexts, seg, framed, title_len, names)
        live = live_evidence(judged)
        live += fire_rules(self.rules, live, judged, seg, self.components)
        aware = awareness_of(norm, lead, framed, judged, spans, self.contexts)
        return _Doc(full, base, seg, judged, spans, live, normed, triggered, frame, aware)

    def _name_spans(
        self, text: str, seg: BlockSegmenter, hits: Sequence[Hit], entities: Sequence[str]
    ) -> list[tuple[int, int]]:
        """Spans of watched, given and discovered names near the hits (framed documents only)."""
        spans = [(s, e) for _c, _k, s, e in self.linker.link(text, entities)]
        spans += [m.span() for m in _REFERENT_RE.finditer(text)]
        if self.config.discover:
            windows = _windows(hits, len(text))
            spans += [(c.start, c.end) for c in discover(text, seg, self.matcher.keywords, windows)]
        return spans

    def _yields(self, doc: _Doc) -> tuple[list[float], list[Scored]]:
        """All yields, and evidence for those above the line outside awareness sentences."""
        values: list[float] = []
        scored: list[Scored] = []
        line = self.config.yield_line
        cancelling = ByStart(  # contexts for some categories only judge yields if they list it
            s
            for s in doc.spans
            if s.kind == "context"
            and self.contexts[s.owner].mode == "cancel"
            and not self.contexts[s.owner].categories
        )
        for value, start, end in extract_yields_near(doc.seg.text, doc.yield_triggers):
            if yield_context(doc.seg, doc.spans, self.contexts, start, end):
                continue  # a market rate (大额存单利率2.6%), not a promise
            values.append(value)
            if value <= line:
                continue
            near = cancelling.between(start - REACH, end + REACH)
            if any(same_sentence(doc.seg.text, c.start, start) for c in near):
                continue
            scored.append(
                Scored(
                    f"{value:g}%",
                    "yield",
                    "yield",
                    "yield_above_line",
                    start,
                    end,
                    yield_points(value, line) * doc.frame,
                    doc.frame,
                )
            )
        return values, scored

    def _components(self, doc: _Doc, scored: list[Scored]) -> dict[str, float]:
        """Per-component totals; in a framed document the damped evidence is capped.

        An awareness piece lists every keyword, so even damped hits add up: together
        they may bring at most ``FRAMED_SHARE`` of the risk line.  Evidence the framing
        left whole (distress next to a named enterprise) counts in full.
        """
        if doc.frame >= 1.0:
            return combine(scored)
        kept = combine(s for s in scored if s.factor >= 1.0)
        damped = combine(s for s in scored if s.factor < 1.0)
        line = -self.config.score_scale * math.log(1.0 - min(self.config.risk_threshold, 99) / 100)
        total = sum(damped.values())
        ratio = min(1.0, FRAMED_SHARE * line / total) if total > 0 else 1.0
        return {k: kept.get(k, 0.0) + damped.get(k, 0.0) * ratio for k in {*kept, *damped}}

    def analyze(
        self,
        text: str,
        *,
        title: str = "",
        source_type: str = "news",
        entities: Sequence[str] = (),
        reach: int = 1,
    ) -> AnalysisResult:
        """Analyze one document; never raises on odd text (empty, binary, huge, emoji)."""
        doc = self._scan(text or "", title or "", entities)
        yields, yield_scored = self._yields(doc)
        scored = doc.scored + sorted(yield_scored, key=lambda s: -s.weight)[:1]
        components = self._components(doc, scored)
        multiplier = self._source_weight(source_type) * reach_multiplier(reach)
        components["reach"] = round(multiplier, 3)
        raw = sum(v for k, v in components.items() if k != "reach") * multiplier
        score = squash(raw, self.config.score_scale)
        result = AnalysisResult(
            risk=score >= self.config.risk_threshold,
            score=score,
            components=components,
            yields=yields,
        )
        result.yield_max = max(yields) if yields else None
        result.yield_flag = bool(yield_scored)
        result.categories = list(
            dict.fromkeys(s.category for s in sorted(scored, key=lambda s: -s.weight))
        )
        result.terms = list(dict.fromkeys(s.term for s in scored if s.rule in ("term", "title")))
        result.evidence = self._evidence(doc, scored)
        reranker = self.config.reranker
        probability = 0.0
        if reranker is not None:
            probability = reranker.probability(doc.full[:LEARNED_CHARS], result)
            result.components["reranker"] = round(probability, 4)
            result.risk = probability >= reranker.threshold
        if doc.awareness is not None:  # after any model: the judgement of the whole document
            result.mark_awareness(doc.awareness.reason)
        self._enterprises(doc, scored, result, entities, multiplier)
        if reranker is not None and reranker.entity is not None and result.mentions:
            self._rerank_mentions(doc, result, entities, probability)
        if self.config.subject is not None and (result.risk or result.evidence or result.mentions):
            self._lead_with_subject(text, result)
        result.tokens = self._tokens(doc, result)
        # rules-only fallback until the event-type model exists (see keywords/event_types.py)
        result.event_type = event_type_from_categories(result.categories, risk=result.risk)
        return result

    def _enterprises(
        self,
        doc: _Doc,
        scored: list[Scored],
        result: AnalysisResult,
        entities: Sequence[str],
        multiplier: float,
    ) -> None:
        text = doc.seg.text
        extra = [e for e in entities if e and e.strip()]
        if not (scored or extra or self.watch_names):
            return
        found: list[str] = []
        if self.config.discover and scored:
            known = self.linker.link(text, extra)
            for cand in discover(text, doc.seg, self.matcher.keywords, _windows(scored, len(text))):
                if any(s < cand.end and cand.start < e for _c, _k, s, e in known):
                    continue
                original = doc.normed.source(cand.start, cand.end)
                if normalize(cand.name) in self.watch_names or original in found:
                    continue
                found.append(original)
        # a discovered full name's brand core (蜀汇鼎丰投资咨询公司 -> 蜀汇鼎丰) links to it here,
        # also when the core was discovered on its own (“伊思多尔”字号)
        cores: dict[str, str] = {}
        for name in found:
            core = brand_core(normalize(name), self.cut)
            if core and core not in self.watch_names and core not in cores:
                cores[core] = name
        found = [n for n in found if normalize(n) not in cores]
        result.candidates = found
        # link every occurrence of caller names and discovered names, longest match first
        linked = self.linker.link(text, [*extra, *found], cores)
        best: dict[str, EnterpriseMention] = {}
        seen: dict[str, tuple[int, int]] = {}  # canonical -> (count, first offset)
        index = ByStart(scored)
        far = strongest(scored)
        spared = [j.hit for j in doc.judged if j.spared]
        named: set[str] = set()  # enterprises with a distress fact that survived the framing
        for canonical, _key, start, end in linked:
            if spared and any(_about(text, (start, end), h) for h in spared):
                named.add(canonical)
            raw = enterprise_raw(text, (start, end), index, far)
            ent_score = squash(raw * multiplier, self.config.score_scale)
            count, first = seen.get(canonical, (0, start))
            seen[canonical] = (count + 1, first)
            mention = EnterpriseMention(
                name=canonical,
                mention=doc.normed.source(start, end),
                on_watchlist=normalize(canonical) in self.watch_names,
                risk=False,
                score=ent_score,
            )
            if canonical not in best or best[canonical].score < ent_score:
                best[canonical] = mention
        # highest score first; ties go to the name mentioned most often, then earliest
        result.mentions = sorted(
            best.values(), key=lambda m: (-m.score, -seen[m.name][0], seen[m.name][1])
        )
        if result.risk and result.mentions:
            # at risk: above the enterprise line, or close to the top (the document is about it)
            top = result.mentions[0].score
            for rank, mention in enumerate(result.mentions):
                mention.risk = (
                    mention.score >= self.config.enterprise_threshold
                    or mention.score >= 0.85 * top
                    or rank == 0
                )
                if doc.frame < 1.0:  # an awareness piece: only named distress makes a risk
                    mention.risk = mention.risk and mention.name in named

    def _rerank_mentions(
        self, doc: _Doc, result: AnalysisResult, entities: Sequence[str], probability: float
    ) -> None:
        """Let the entity model decide which mentions are at risk, most likely first."""
        reranker = self.config.reranker
        if reranker is None or reranker.entity is None:
            return
        title = doc.full[: doc.base - 1] if doc.base else ""
        names = [*(e for e in entities if e and e.strip()), *(m.name for m in result.mentions)]
        chances = reranker.entity_probabilities(
            doc.full[doc.base : doc.base + LEARNED_CHARS], title, names, result, probability
        )
        line = reranker.entity.threshold
        for mention in result.mentions:
            mention.risk = result.risk and chances.get(mention.name, 0.0) >= line
        result.mentions.sort(key=lambda m: -chances.get(m.name, 0.0))

    def _lead_with_subject(self, text: str, result: AnalysisResult) -> None:
        """Put the subject ranker's best candidate first (added when discovery missed it)."""
        ranker = self.config.subject
        if ranker is None:
            return
        ranked = ranker.rank(text or "", result)  # body text: evidence offsets are body offsets
        if not ranked:
            return
        name, chance = ranked[0]
        lead = next((m for m in result.mentions if m.mention == name), None)
        if lead is None:
            lead = EnterpriseMention(
                name=name,
                mention=name,
                on_watchlist=normalize(name) in self.watch_names,
                risk=result.risk,
                score=max((m.score for m in result.mentions), default=result.score),
            )
        else:
            result.mentions.remove(lead)
        lead.risk = lead.risk or result.risk
        result.mentions.insert(0, lead)
        result.components["subject"] = round(chance, 4)

    def _locate(self, doc: _Doc, start: int, end: int) -> tuple[int, int, str]:
        """Original offsets relative to the body (or the title for title evidence), a snippet."""
        start, end = doc.normed.span(start, end)
        width = self.config.snippet_chars
        snippet = doc.full[max(0, start - width) : end + width].replace("\n", " ")
        if start < doc.base:
            return start, min(end, doc.base - 1), snippet
        return start - doc.base, end - doc.base, snippet

    def _evidence(self, doc: _Doc, scored: list[Scored]) -> list[Evidence]:
        out: list[Evidence] = []
        for item in doc.judged:
            hit = item.hit
            start, end, snippet = self._locate(doc, hit.start, hit.end)
            rule = "title" if item.in_title else "term"
            if item.damped_by:
                rule += f" damped by {item.damped_by}"
            weight = hit.category.weight * hit.term.weight * item.factor
            out.append(
                Evidence(
                    hit.term.term,
                    hit.category.id,
                    rule,
                    start,
                    end,
                    snippet,
                    round(weight, 3),
                    item.cancelled_by,
                )
            )
        for extra in scored:
            if extra.rule in ("term", "title"):
                continue
            start, end, snippet = self._locate(doc, extra.start, extra.end)
            out.append(
                Evidence(
                    extra.term,
                    extra.category,
                    extra.rule,
                    start,
                    end,
                    snippet,
                    round(extra.weight, 3),
                    None,
                )
            )
        return out

    def _tokens(self, doc: _Doc, result: AnalysisResult) -> list[str]:
        tokens = [t for t in doc.seg.tokens_in_blocks() if len(t) >= 2 and not t.isspace()]
        tokens += [m.name for m in result.mentions]
        return list(dict.fromkeys(tokens))

    def explain(
        self, text: str, *, title: str = "", source_type: str = "news", entities: Sequence[str] = ()
    ) -> dict[str, Any]:
        """Tokens, hits, rules, cancellations and scores for ``tianluo keywords test``."""
        doc = self._scan(text or "", title or "", entities)
        result = self.analyze(text, title=title, source_type=source_type, entities=entities)
        return {
            "tokens": self.tokenizer.lcut(doc.seg.text),
            "hits": [
                {
                    "term": j.hit.term.term,
                    "form": j.hit.form,
                    "category": j.hit.category.id,
                    "start": doc.normed.start(j.hit.start) - doc.base,
                    "end": doc.normed.end(j.hit.end) - doc.base,
                    "in_title": j.in_title,
                    "factor": j.factor,
                    "cancelled_by": j.cancelled_by,
                    "damped_by": j.damped_by,
                }
                for j in doc.judged
            ],
            "rules": [
                {"rule": e.rule, "terms": e.term, "weight": e.weight}
                for e in result.evidence
                if e.rule not in ("term", "title") and not e.rule.startswith(("term ", "title "))
            ],
            "cancellations": [
                {"term": e.term, "reason": e.cancelled_by}
                for e in result.evidence
                if e.cancelled_by
            ],
            "contexts": [
                {"context": s.owner, "word": s.form, "start": doc.normed.start(s.start) - doc.base}
                for s in doc.spans
                if s.kind == "context"
            ],
            "yields": result.yields,
            "yield_line": self.config.yield_line,
            "components": result.components,
            "score": result.score,
            "risk": result.risk,
            "awareness": result.awareness_reason,
            "mentions": [
                {"name": m.name, "mention": m.mention, "score": m.score, "risk": m.risk}
                for m in result.mentions
            ],
            "candidates": result.candidates,
        }
