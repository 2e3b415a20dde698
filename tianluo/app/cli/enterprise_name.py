"""Resolve an enterprise name given on the command line: canonical name or any alias."""

from __future__ import annotations

from indexer.identity import Identity, known_names, resolve, suggest
from tianluo.app.context import App
from tianluo.errors import UnknownNameError


def resolve_enterprise(app: App, name: str) -> Identity:
    """The enterprise ``name`` stands for; ``UnknownNameError`` (exit 1) with close names."""
    watchlist = app.analyzer.watchlist
    found = resolve(app.store, name, watchlist.names(), watchlist.aliases())
    if found is not None:
        return found
    known = known_names(app.store, watchlist.names())
    for ent in watchlist.enterprises:
        known.update((alias, ent.name) for alias in ent.own_names)
    close = suggest(name.strip(), known)
    hint = f"相近的名称：{'、'.join(close)}" if close else "没有相近的名称"
    raise UnknownNameError(
        f"未找到企业“{name.strip()}”：监测名单和已存文档中都没有这个名称或别名；{hint}"
    )
