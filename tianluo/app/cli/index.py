"""``tianluo index``: create, inspect, replay and reindex the store."""

from __future__ import annotations

import json
from typing import Any

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.chinese import Group
from tianluo.errors import InputError, StoreError


@click.group(cls=Group)
def index() -> None:
    """存储管理（模板、别名、暂存队列、重建索引）。"""


def _admin(ctx: click.Context, method: str) -> Any:
    store = get_app(ctx).store
    func = getattr(store, method, None)
    if func is None:
        raise InputError(f"`index {method}` 不适用于 {store.backend} 存储后端")
    return func


@index.command("init")
@click.pass_context
def init(ctx: click.Context) -> None:
    """创建数据表，或索引模板和别名；可以重复运行。"""
    store = get_app(ctx).store
    store.init()
    store.ping()
    click.echo(f"完成：{store.backend} 存储已就绪")


@index.command("status")
@click.pass_context
def status(ctx: click.Context) -> None:
    """文档数、索引、健康状况和暂存队列长度。存储无法连接时退出码为 3。"""
    store = get_app(ctx).store
    info = (
        store.status()
        if hasattr(store, "status")
        else {"backend": store.backend, "documents": store.count()}
    )
    click.echo(json.dumps(info, ensure_ascii=False, indent=2, default=str))
    if info.get("health") == "unreachable":
        click.secho(f"错误：无法连接 {store.backend} 存储", fg="red", err=True)
        ctx.exit(StoreError.exit_code)


@index.command("replay")
@click.pass_context
def replay(ctx: click.Context) -> None:
    """把暂存的文档（搜索引擎宕机期间保存的）按顺序发送给搜索引擎。"""
    replayed = _admin(ctx, "replay")()
    click.echo(f"完成：已重放 {replayed} 篇暂存文档")


@index.command("reindex")
@click.pass_context
def reindex(ctx: click.Context) -> None:
    """把文档复制到新版本的映射并切换别名，不停机。"""
    result = _admin(ctx, "reindex")()
    click.echo(f"完成：{json.dumps(result, ensure_ascii=False, default=str)}")
