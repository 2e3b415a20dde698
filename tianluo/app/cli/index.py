"""``tianluo index``: create, inspect, replay and reindex the store."""

from __future__ import annotations

import json
from typing import Any

import click

from tianluo.app.cli import get_app
from tianluo.errors import InputError


@click.group()
def index() -> None:
    """Store administration (templates, aliases, spool, reindex)."""


def _admin(ctx: click.Context, method: str) -> Any:
    store = get_app(ctx).store
    func = getattr(store, method, None)
    if func is None:
        raise InputError(f"`index {method}` does not apply to the {store.backend} backend")
    return func


@index.command("init")
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create tables, or index templates and aliases; safe to repeat."""
    store = get_app(ctx).store
    store.init()
    store.ping()
    click.echo(f"ok: {store.backend} store ready")


@index.command("status")
@click.pass_context
def status(ctx: click.Context) -> None:
    """Documents, indices, health and spool depth."""
    store = get_app(ctx).store
    info = (
        store.status()
        if hasattr(store, "status")
        else {"backend": store.backend, "documents": store.count()}
    )
    click.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))


@index.command("replay")
@click.pass_context
def replay(ctx: click.Context) -> None:
    """Send spooled documents (kept while the engine was down) to the engine, in order."""
    replayed = _admin(ctx, "replay")()
    click.echo(f"ok: {replayed} spooled document(s) replayed")


@index.command("reindex")
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """Copy documents into a new mapping version and switch the alias, without downtime."""
    result = _admin(ctx, "reindex")()
    click.echo(f"ok: {json.dumps(result, ensure_ascii=False, default=str)}")
