"""``tianluo analyze``: JSON Lines in, one risk judgement per line out, streaming."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

import click

from tianluo.app.cli import get_app
from tianluo.app.cli.batching import read_ahead
from tianluo.app.cli.chinese import Command

BATCH = 64
"""Lines analysed together at most (``Analyzer.analyze_many``); fewer when fewer are waiting."""


def request(row: dict[str, Any]) -> tuple[str, str, list[str]]:
    """The text, title and entities of one input row (``ValueError`` naming a bad field)."""
    entities = row.get("entities") or []
    if not isinstance(entities, list) or not all(isinstance(e, str) for e in entities):
        raise ValueError('"entities" 必须是字符串列表')
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError('"text" 必须是字符串')
    title = row.get("title") or ""
    if not isinstance(title, str):
        raise ValueError('"title" 必须是字符串')
    return text, title, entities


def judgement(row: dict[str, Any], result: Any) -> dict[str, Any]:
    """The output object for one input row and its analysis."""
    return {
        "id": row.get("id"),
        "risk": result.risk,
        "score": round(result.score, 2),
        "categories": list(result.categories),
        "enterprises": [
            {
                "name": m.mention or m.name,
                "canonical": m.name,
                "aliases": list(m.aliases),
                "products": list(m.products),
                "risk": m.risk,
                "score": round(m.score, 2),
            }
            for m in result.mentions
        ],
        "evidence": [
            {
                "term": e.term,
                "category": e.category,
                "kind": e.kind,
                "rule": e.rule,
                "start": e.start,
                "end": e.end,
                "in_title": e.in_title,
                "snippet": e.snippet,
                "weight": e.weight,
                "cancelled_by": e.cancelled_by,
                "damped_by": e.damped_by,
            }
            for e in result.evidence
        ],
        "yields": list(result.yields),
        "yield_flag": result.yield_flag,
        "awareness": result.awareness,
        "awareness_reason": result.awareness_reason,
        "event_type": result.event_type,
    }


BOM = b"\xef\xbb\xbf"
SURROGATE = re.compile("[\ud800-\udfff]")


def decode_line(number: int, raw: bytes) -> dict[str, Any] | str:
    """One input line as a JSON object, or the message saying why it cannot be read.

    A byte-order mark is accepted at the start of the file only (the UTF-8 signature
    some editors write); anywhere else it is an error, as are bytes that are not UTF-8
    and escapes such as ``\\ud800`` that name half of a character.
    """
    if raw.startswith(BOM):
        if number != 1:
            return (
                f"第 {number} 行：以字节顺序标记（EF BB BF）开头，它只能出现在文件开头；"
                "请删除它（是不是拼接了两个文件？）"
            )
        raw = raw[len(BOM) :]
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            f"第 {number} 行：不是 UTF-8 编码（第 {exc.start + 1} 列的字节 0x{raw[exc.start]:02x}）；"
            "请先把文件转成 UTF-8，例如 iconv -f gbk -t utf-8"
        )
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return f"第 {number} 行：不是有效的 JSON（第 {exc.colno} 列：{json_problem(exc.msg)}）"
    except RecursionError:
        return f"第 {number} 行：嵌套层数过深"
    if not isinstance(row, dict):
        return f'第 {number} 行：应为一个 JSON 对象（{{"id": …, "text": …}}）'
    if _has_surrogate(row):
        return (
            f"第 {number} 行：含有 \\ud800 这样只表示半个字符的转义（落单的代理项）；"
            "请修正写出该文件的程序"
        )
    return row


JSON_PROBLEMS = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "此处应为双引号括起的键名",
    "Expecting ',' delimiter": "此处应为逗号",
    "Expecting ':' delimiter": "此处应为冒号",
    "Unterminated string starting at": "字符串没有结束",
    "Extra data": "一个 JSON 值之后还有多余内容",
    "Invalid control character at": "字符串里有未转义的控制字符",
    "Invalid \\escape": "无效的转义",
    "Invalid \\uXXXX escape": "无效的 \\u 转义",
}
"""The json module's messages, as a user reads them."""


def json_problem(message: str) -> str:
    """The json module's ``message`` in Chinese (as written when it is not a known one)."""
    return JSON_PROBLEMS.get(message, message)


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


def _rows(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for number, raw in enumerate(stream, 1):
        raw = raw.rstrip(b"\r\n")
        if not raw.strip() or raw == BOM:
            continue
        yield number, decode_line(number, raw)


@click.command(cls=Command)
@click.option(
    "-i",
    "--input",
    "source",
    type=click.File("rb"),
    default="-",
    help="JSON Lines 文件，- 表示标准输入。",
)
@click.option(
    "-o",
    "--output",
    "target",
    type=click.File("wb"),
    default="-",
    help="输出文件，- 表示标准输出。",
)
@click.pass_context
def analyze(ctx: click.Context, source: IO[bytes], target: IO[bytes]) -> None:
    """研判文本：每行输入一个 {"id", "text", "title"?, "entities"?}，每行输出一个结果。

    输入按字节读取，逐行解码：不是 UTF-8、不是 JSON 或含有落单代理项转义的行，在其位置
    输出 {"id", "line", "error"}，在标准错误上报告，最后退出码为 1；其余各行照常研判。
    已在等待的行每批最多 64 行一起分析，每批之后立即刷新输出，因此进程被杀时已写出的
    结果不会丢失，写一行、等一行答复的程序也能立刻得到答复。
    """
    analyzer = get_app(ctx).analyzer
    bad = 0
    for batch in read_ahead(_rows(source), BATCH):
        outs = judge_batch(analyzer, batch)
        for out in outs:
            if "error" in out:
                bad += 1
                click.echo(f"错误：{out['error']}", err=True)
            target.write((json.dumps(out, ensure_ascii=False) + "\n").encode("utf-8"))
        # flushed batch by batch, and a batch is only the lines already waiting: a killed
        # run keeps every judgement already made, and a slow writer is answered at once
        target.flush()
    if bad:
        ctx.exit(1)


Row = tuple[int, dict[str, Any] | str]


def judge_batch(analyzer: Any, batch: list[Row]) -> list[dict[str, Any]]:
    """One output object per line of ``batch``, in order: a judgement or the line's error."""
    outs: list[dict[str, Any]] = []
    good: list[tuple[int, dict[str, Any], tuple[str, str, list[str]]]] = []
    for number, row in batch:
        if isinstance(row, str):
            outs.append({"id": None, "line": number, "error": row})
            continue
        try:
            good.append((len(outs), row, request(row)))
        except ValueError as exc:
            outs.append({"id": row.get("id"), "line": number, "error": f"第 {number} 行：{exc}"})
            continue
        outs.append({})  # filled in below
    results = analyzer.analyze_many(
        [text for _i, _row, (text, _t, _e) in good],
        titles=[title for _i, _row, (_x, title, _e) in good],
        entities=[entities for _i, _row, (_x, _t, entities) in good],
    )
    for (index, row, _req), result in zip(good, results, strict=True):
        outs[index] = judgement(row, result)
    return outs
