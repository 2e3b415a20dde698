"""One identity per enterprise across stored documents: resolve a name, merge ranked rows.

Each document already names every enterprise once, by its canonical name, with its aliases
(keywords.identity).  Across documents the same enterprise can still be stored under two
names: one article writes only 蜀汇鼎丰, another the full 蜀汇鼎丰投资咨询公司.  The rule
here is the analysis rule applied to the store (docs/enterprises.md): a stored name that is
an alias of another, or is contained in another, is the same enterprise, unless both are
different watchlist enterprises.  The canonical name is the watchlist's, else the longest
registered name (…有限公司, …公司), else the longest.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from indexer.base import AggField, EnterpriseScore, Store
from keywords.enterprise_score import DEFAULT_PARAMS, IndexParams, RiskInputs, assess
from keywords.identity import Groups, ambiguous, is_registered
from tianluo.timeutil import SHANGHAI

EVER = datetime(2000, 1, 1, tzinfo=SHANGHAI)
"""Before any stored document."""
SCAN = 2000
"""Stored names and aliases read when resolving a name or suggesting close ones."""


@dataclass(frozen=True, slots=True)
class Identity:
    """One enterprise: its canonical name, the names it is stored under, every alias."""

    canonical: str
    stored: tuple[str, ...]
    aliases: tuple[str, ...]


def _canonical(names: Collection[str], watched: Collection[str]) -> str:
    return max(names, key=lambda n: (n in watched, is_registered(n), len(n), n))


def groups(names: Sequence[str], watched: Collection[str]) -> dict[str, str]:
    """Stored name -> canonical name of its group, by containment (not two watched names)."""
    found = Groups(names)
    for short in names:
        if len(short) < 2 or ambiguous(short, names):
            continue  # part of two different longer names: it joins neither
        for long in names:
            if short == long or short not in long:
                continue
            one, other = found.members(short), found.members(long)
            if one != other and sum(n in watched for n in (*one, *other)) <= 1:
                found.join(short, long)  # never two watchlist enterprises
    return {n: _canonical(group, watched) for group in found.groups() for n in group}


def merge_scores(
    scores: Sequence[EnterpriseScore],
    watched: Collection[str] = (),
    *,
    until: datetime | None = None,
    params: IndexParams = DEFAULT_PARAMS,
) -> tuple[list[EnterpriseScore], dict[str, list[str]]]:
    """Rows of one enterprise merged into one, riskiest first; and canonical -> stored names.

    Documents, stories and categories add up (a document names an enterprise once); so do
    the index's story strength, complaint and enforcement stories; its yield, reach, latest
    risk time and category count are the largest of the rows.  The risk index and level of
    a merged row are computed again from those inputs (at ``until``, default: the latest
    risk time), so they stay on the 0-100 scale.
    """
    watched = set(watched) | {s.name for s in scores if s.on_watchlist}
    canon = groups([s.name for s in scores], watched)
    merged: dict[str, EnterpriseScore] = {}
    members: dict[str, list[str]] = {}
    for s in scores:
        key = canon[s.name]
        members.setdefault(key, []).append(s.name)
        have = merged.get(key)
        if have is None:
            merged[key] = replace(s, name=key, categories=dict(s.categories))
            continue
        have.documents += s.documents
        have.risk_documents += s.risk_documents
        have.stories += s.stories
        have.sources = max(have.sources, s.sources)
        have.on_watchlist = have.on_watchlist or s.on_watchlist
        for category, count in s.categories.items():
            have.categories[category] = have.categories.get(category, 0) + count
        if s.max_yield is not None:
            have.max_yield = max(have.max_yield or 0.0, s.max_yield)
        have.inputs = _joined(have.inputs, s.inputs)
        at = until.timestamp() if until is not None else (have.inputs.last_risk or 0.0)
        found = assess(have.inputs, at, params)
        have.score, have.level, have.components = found.index, found.level, found.components
    ranked = sorted(merged.values(), key=lambda s: (-s.score, -s.risk_documents, s.name))
    return ranked, members


def _joined(a: RiskInputs, b: RiskInputs) -> RiskInputs:
    """The index inputs of two rows of one enterprise."""
    yields = [y for y in (a.max_yield, b.max_yield) if y is not None]
    times = [t for t in (a.last_risk, b.last_risk) if t is not None]
    return RiskInputs(
        strength=a.strength + b.strength,
        categories=max(a.categories, b.categories),
        max_yield=max(yields) if yields else None,
        complaints=a.complaints + b.complaints,
        sources=max(a.sources, b.sources),
        last_risk=max(times) if times else None,
        enforcement=a.enforcement + b.enforcement,
    )


def known_names(store: Store, watch_names: Mapping[str, str]) -> dict[str, str]:
    """Every name the store or the watchlist knows -> the name it is stored under."""
    out: dict[str, str] = {}
    for name in store.count_by("enterprise", limit=SCAN):
        out[name] = name
    for name in store.count_by("enterprise_alias", limit=SCAN):
        out.setdefault(name, name)
    for canonical in set(watch_names.values()):
        out.setdefault(canonical, canonical)
    return out


def resolve(
    store: Store,
    name: str,
    watch_names: Mapping[str, str],
    watch_aliases: Mapping[str, Sequence[str]],
) -> Identity | None:
    """The enterprise ``name`` (canonical or any alias) stands for, or None when unknown.

    ``watch_names`` maps a normalised watchlist name or alias to its canonical name
    (``Watchlist.names()``), ``watch_aliases`` a canonical name to its other names.
    """
    from keywords.normalize import normalize

    name = name.strip()
    canonical = watch_names.get(normalize(name))
    stored = list(store.count_by("enterprise", limit=SCAN))
    names: set[str] = {canonical} if canonical else set()
    if not canonical:
        for doc in store.documents(enterprise=name, limit=50):
            for m in doc.mentions:
                if name == m.name or name in m.aliases:
                    names.add(m.name)
        if name in stored:
            names.add(name)
    if not names:
        return None
    watched = set(watch_names.values())
    canon = groups(sorted(set(stored) | names), watched)
    top = {canon.get(n, n) for n in names}
    chosen = _canonical(top, watched)
    members = tuple(sorted({n for n, c in canon.items() if c == chosen} | {chosen}))
    aliases = [*watch_aliases.get(chosen, ()), *(m for m in members if m != chosen)]
    if name != chosen:
        aliases.append(name)
    return Identity(chosen, members, tuple(dict.fromkeys(aliases)))


def suggest(name: str, known: Collection[str], limit: int = 5) -> list[str]:
    """Known names close to ``name``: containing it or contained in it, then by similarity."""
    near = [k for k in known if name in k or (len(k) >= 2 and k in name)]
    near.sort(key=lambda k: (abs(len(k) - len(name)), k))
    close = difflib.get_close_matches(name, list(known), n=limit, cutoff=0.4)
    return list(dict.fromkeys([*near, *close]))[:limit]


def first_seen_enterprises(
    store: Store,
    field: AggField,
    *,
    since: datetime,
    until: datetime,
    category: str | None = None,
    event_types: Sequence[str] = (),
) -> dict[str, datetime]:
    """Enterprises whose first document (``field``: enterprise or risk_enterprise, optionally
    in one category and of some event types) falls in the window, by canonical name.

    A stored name that is the same enterprise as a name seen before the window (蜀汇鼎丰
    then 蜀汇鼎丰投资咨询公司) is not new; names of one new enterprise count once, at the
    earliest time.
    """
    new = store.first_seen(
        field, since=since, until=until, category=category, event_types=event_types
    )
    if not new:
        return {}
    before = store.first_seen(
        field, since=EVER, until=since, category=category, event_types=event_types
    )
    related = {o for o in before for n in new if o in n or n in o}
    # named as the enterprise is named everywhere else: a short name of one category's
    # documents (蜀汇鼎丰 in the distress posts) joins its full name from the window's others
    fuller: set[str] = set()
    if category is not None or event_types:
        window = store.first_seen(field, since=since, until=until)
        fuller = {w for w in window for n in new if n in w and n != w}
    canon = groups(sorted(set(new) | related | fuller), ())
    old = {canon[o] for o in related}
    out: dict[str, datetime] = {}
    for name, when in new.items():
        key = canon[name]
        if key not in old and (key not in out or when < out[key]):
            out[key] = when
    return out
