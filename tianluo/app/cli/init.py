"""``tianluo init``: write a commented starter tianluo.yaml."""

from __future__ import annotations

from pathlib import Path

import click

from tianluo.app.cli.chinese import Command
from tianluo.errors import InputError


@click.command(cls=Command)
@click.argument("path", type=click.Path(path_type=Path), default=Path("tianluo.yaml"))
@click.option("--force", is_flag=True, help="覆盖已有的文件。")
def init(path: Path, force: bool) -> None:
    """写出初始配置文件 PATH（默认：./tianluo.yaml），每个键都取默认值。"""
    from tianluo.settings import load_settings
    from tianluo.settings_doc import starter

    if path.exists() and not force:
        raise InputError(f"{path} 已存在；请编辑它，或加 --force 覆盖")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(starter(), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}：无法写入：{exc.strerror}") from None
    settings = load_settings(path, environ={})
    click.echo(
        f"已写出 {path}：数据在 {settings.data_path.resolve()}，简报在"
        f" {settings.output_path.resolve()}；下一步：tianluo sources validate"
    )
