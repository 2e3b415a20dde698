"""The enterprises stage: link watched, given and discovered names; score each mention."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from keywords.context import NAMED_GAP, same_sentence
from keywords.identity import (
    canonical_names,
    find_products,
    name_kind,
    product_owner,
)
from keywords.lexicon import CachedCut
from keywords.matcher import Hit, Matcher
from keywords.names import brand_core
from keywords.normalize import normalize
from keywords.pipeline.evolve import evolve
from keywords.pipeline.rules import windows
from keywords.pipeline.verdict import Verdict
from keywords.scoring import MentionEvidence, enterprise_raw, squash
from keywords.watchlist import NameLinker
from tianluo.models import EnterpriseMention


def about(text: str, span: tuple[int, int], hit: Hit) -> bool:
    """True when ``hit`` lies in ``span``'s sentence within ``NAMED_GAP`` characters."""
    gap = hit.start - span[1] if span[1] <= hit.start else span[0] - hit.end
    lo, hi = min(span[0], hit.start), max(span[1], hit.end)
    return gap <= NAMED_GAP and same_sentence(text, lo, hi)


@dataclass(frozen=True, slots=True)
class Registry:
    """What the enterprises stage reads: the watchlist's names and the analyzer settings."""

    matcher: Matcher
    linker: NameLinker
    watch_names: Collection[str]
    aliases: Mapping[str, Sequence[str]]
    """Watched canonical name -> its other names (aliases, brands) from the watchlist."""
    cut: CachedCut
    discover: bool
    score_scale: float
    enterprise_threshold: float


class Enterprises:
    """Mentions with their own score; at risk when the document is and the mention leads."""

    name = "enterprises"

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def _discovered(self, verdict: Verdict, extra: Sequence[str]) -> list[str]:
        """Names discovery finds near the evidence, as written, not already known."""
        reg, texts, matched = self.registry, verdict.need_texts(), verdict.need_matched()
        found: list[str] = []
        if not (reg.discover and verdict.scored):
            return found
        text = matched.seg.text
        known = reg.linker.link(text, extra)
        near = windows(verdict.scored, len(text))
        for cand in matched.names.discovered(near):
            if any(s < cand.end and cand.start < e for _c, _k, s, e in known):
                continue
            original = texts.normed.source(cand.start, cand.end)
            if normalize(cand.name) in reg.watch_names or original in found:
                continue
            found.append(original)
        return found

    def __call__(self, verdict: Verdict) -> Verdict:
        reg, texts = self.registry, verdict.need_texts()
        text = verdict.need_matched().seg.text
        extra = [e for e in verdict.request.entities if e and e.strip()]
        if not (verdict.scored or extra or reg.watch_names):
            return verdict
        found = self._discovered(verdict, extra)
        # products, fragments and generic words are not enterprises (docs/enterprises.md)
        kinds = {name: name_kind(normalize(name), text) for name in found}
        products = [n for n in found if kinds[n] == "product"]
        products += [
            p
            for p in find_products(text)
            if p not in products and normalize(p) not in reg.watch_names
        ]
        found = [n for n in found if kinds[n] == "organisation"]
        # a discovered full name's brand core (蜀汇鼎丰投资咨询公司 -> 蜀汇鼎丰) links to it here,
        # also when the core was discovered on its own (“伊思多尔”字号)
        cores: dict[str, str] = {}
        for name in found:
            core = brand_core(normalize(name), reg.cut)
            if core and core not in reg.watch_names and core not in cores:
                cores[core] = name
        found = [n for n in found if normalize(n) not in cores]
        # link every occurrence of caller names and discovered names, longest match first
        linked = reg.linker.link(text, [*extra, *found], cores)
        surfaces = {key: name for name, key, _s, _e in reversed(linked)}
        given = {normalize(e) for e in extra}
        identity = canonical_names(text, surfaces, given, reg.watch_names)
        best: dict[str, EnterpriseMention] = {}
        seen: dict[str, tuple[int, int]] = {}  # canonical -> (count, first offset)
        evidence = MentionEvidence(text, verdict.scored)
        spared = [j.hit for j in verdict.judged if j.spared]
        named: set[str] = set()  # enterprises with a distress fact that survived the framing
        for name, _key, start, end in linked:
            canonical = identity.get(name, name)
            if spared and any(about(text, (start, end), h) for h in spared):
                named.add(canonical)
            raw = enterprise_raw(evidence, (start, end))
            ent_score = squash(raw * verdict.multiplier, reg.score_scale)
            count, first = seen.get(canonical, (0, start))
            seen[canonical] = (count + 1, first)
            mention = EnterpriseMention(
                name=canonical,
                mention=texts.normed.source(start, end),
                on_watchlist=normalize(canonical) in reg.watch_names,
                risk=False,
                score=ent_score,
            )
            if canonical not in best or best[canonical].score < ent_score:
                best[canonical] = mention
        _add_aliases(best, linked, identity, texts.normed.source, reg.aliases)
        _add_products(best, text, products, linked, identity)
        # highest score first; ties go to the name mentioned most often, then earliest
        mentions = sorted(
            best.values(), key=lambda m: (-m.score, -seen[m.name][0], seen[m.name][1])
        )
        if verdict.risk and mentions:
            # at risk: above the enterprise line, or close to the top (the document is about it)
            top = mentions[0].score
            for rank, mention in enumerate(mentions):
                mention.risk = (
                    mention.score >= reg.enterprise_threshold
                    or mention.score >= 0.85 * top
                    or rank == 0
                )
                if verdict.frame < 1.0:  # an awareness piece: only named distress makes a risk
                    mention.risk = mention.risk and mention.name in named
        return evolve(verdict, mentions=tuple(mentions), candidates=tuple(found))


Linked = Sequence[tuple[str, str, int, int]]


def _add_aliases(
    best: dict[str, EnterpriseMention],
    linked: Linked,
    identity: Mapping[str, str],
    source: Callable[[int, int], str],
    known: Mapping[str, Sequence[str]],
) -> None:
    """Every name the text uses for each enterprise, and the watchlist's, as aliases."""
    for name, _key, start, end in linked:
        canonical = identity.get(name, name)
        mention = best[canonical]
        for alias in (name, source(start, end)):
            if alias != canonical and alias not in mention.aliases:
                mention.aliases.append(alias)
    for canonical, mention in best.items():
        for alias in known.get(canonical, ()):
            if alias != canonical and alias not in mention.aliases:
                mention.aliases.append(alias)


def _add_products(
    best: dict[str, EnterpriseMention],
    text: str,
    products: Sequence[str],
    linked: Linked,
    identity: Mapping[str, str],
) -> None:
    """Each product under the enterprise the text says sells it."""
    surfaces = {key: identity.get(name, name) for name, key, _s, _e in linked}
    for product in products:
        owner = product_owner(text, normalize(product), sorted(surfaces))
        mention = best.get(surfaces.get(owner, ""))
        if mention is not None and product not in mention.products:
            mention.products.append(product)
