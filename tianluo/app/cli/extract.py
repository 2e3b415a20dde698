"""``tianluo extract FILE.html``: check extraction on one saved page."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tianluo.app.cli.chinese import Command
from tianluo.errors import InputError


@click.command(cls=Command)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--url", default=None, help="页面的网址（如果知道）。")
def extract(file: Path, url: str | None) -> None:
    """以 JSON 打印已保存的 HTML 页面的 {"title", "published", "author", "content"}。

    空文件、二进制文件和纯文本文件会被拒绝（退出码 2），并说明发现了什么。
    """
    from crawler.extract import extract_file
    from crawler.extract.sniff import not_html_reason

    if not file.is_file():
        raise InputError(f"{file}：文件不存在")
    try:
        reason = not_html_reason(file.read_bytes())
        if reason is not None:
            raise InputError(f"{file}: {reason}")
        result = extract_file(file, url)
    except OSError as exc:
        raise InputError(f"{file}：无法读取：{exc.strerror}") from None
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
