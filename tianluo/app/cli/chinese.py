"""Click's own words in Chinese: the usage line, headings, the help option and usage errors.

Click looks its words up with gettext (``_("Usage:")``, ``_("Options")`` ...) and no
catalogue is installed, so they stay English.  Rather than patch click, the commands use
the hooks click offers: ``Command.context_class`` (whose ``formatter_class`` writes the
usage prefix, headings and option extras), ``get_help_option`` (the help text of
``-h/--help``), the usage metavars, and ``show_error`` for the exception ``main`` catches.
``CATALOG`` is the catalogue: click's message id on the left, Chinese on the right, with
the same ``{fields}``; a message click formatted is matched back against its id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import click

from tianluo.app.cli.output import width

CATALOG: dict[str, str] = {  # tried in this order: a longer id before one it contains
    # help pages
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    # usage errors
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Error: {message}": "错误：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 取值无效：{message}",
    "Missing argument {param_hint}.": "缺少参数 {param_hint}。",
    "Missing argument {param_hint}. {message}": "缺少参数 {param_hint}。{message}",
    "Missing option {param_hint}.": "缺少选项 {param_hint}。",
    "Missing option {param_hint}. {message}": "缺少选项 {param_hint}。{message}",
    "Missing parameter {param_hint}.": "缺少参数 {param_hint}。",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少子命令。",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有这个选项：{name}。",
    "No such command {name!r}.": "没有这个命令：{name}。",
    "No such command: {name}": "没有这个命令：{name}",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 不带值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename}：{message}",
    "unknown error": "未知错误",
    "Aborted!": "已中止！",
    # values (click.types)
    "{value!r} is not a valid {number_type}.": "{value} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "integer range": "整数",
    "float range": "数字",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not one of {choices}.": "{value} 不是 {choices} 之一。",
    "{value!r} is not {choice}.": "{value} 不是 {choice}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value} 不是有效的布尔值，可用：{states}"
    ),
    "{value!r} does not match the format {format}.": "{value} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value} 不符合格式 {formats} 中的任何一种。",
    "{value!r} is not a valid UUID.": "{value} 不是有效的 UUID。",
    "{name} {filename!r} does not exist.": "{name} {filename} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename} 不可写。",
    "{name} {filename!r} is not executable.": "{name} {filename} 不可执行。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    # click.File: "'{filename}': {strerror}" (the operating system's words)
    "'{filename}': {message}": "'{filename}'：{message}",
    "No such file or directory": "文件或目录不存在",
    "Permission denied": "没有权限",
    "Is a directory": "是目录",
    "Not a directory": "不是目录",
}

TRANSLATED_FIELDS = frozenset({"message", "number_type", "name"})
"""Fields whose matched text is itself looked up (the others hold what the user typed)."""

OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."

METAVARS = {
    "INTEGER RANGE": "整数",
    "FLOAT RANGE": "数字",
    "INTEGER": "整数",
    "FLOAT": "数字",
    "TEXT": "文本",
    "FILENAME": "文件",
    "PATH": "路径",
    "DIRECTORY": "目录",
    "BOOLEAN": "布尔值",
}
"""The type placeholders click writes after an option (``--days FLOAT``)."""

HELP_OPTION_HELP = CATALOG["Show this message and exit."]
VERSION_HELP = CATALOG["Show the version and exit."]
VERSION_MESSAGE = "%(prog)s 版本 %(version)s"

_FIELD = re.compile(r"\{(\w+)(?:![rs])?\}")
_EXTRAS = re.compile(r"^(?P<help>.*?)(?P<gap>\s*)\[(?P<items>[^\[\]]*)\]$", re.DOTALL)
_TYPE_METAVAR = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, METAVARS)) + r")(?![\w-])")


@cache
def _pattern(msgid: str) -> re.Pattern[str]:
    """``msgid`` as a regular expression with one named group per ``{field}``."""
    parts, last = [], 0
    for found in _FIELD.finditer(msgid):
        parts.append(re.escape(msgid[last : found.start()]))
        parts.append(f"(?P<{found.group(1)}>.+?)")
        last = found.end()
    parts.append(re.escape(msgid[last:]))
    return re.compile("".join(parts), re.DOTALL)


def translate(text: str) -> str:
    """``text`` in Chinese when it is one of click's messages, else ``text`` unchanged."""
    if text in CATALOG:
        return CATALOG[text]
    for msgid, chinese in CATALOG.items():
        if "{" not in msgid:
            continue
        found = _pattern(msgid).fullmatch(text)
        if found is not None:
            fields = {
                name: translate(value) if name in TRANSLATED_FIELDS else value
                for name, value in found.groupdict().items()
            }
            return chinese.format(**fields)
    return text


def _did_you_mean(possibilities: Sequence[str]) -> str:
    shown = "、".join(repr(p) for p in sorted(possibilities))
    return (
        f"是不是要用 {shown}？" if len(possibilities) == 1 else f"（是不是要用其中之一：{shown}？）"
    )


def error_message(exc: click.ClickException) -> str:
    """The message of ``exc`` in Chinese; names, values and paths in it are kept."""
    possibilities = getattr(exc, "possibilities", None)
    if possibilities:  # NoSuchOption, NoSuchCommand: the message, then close names
        return translate(exc.message) + _did_you_mean(possibilities)
    return translate(exc.format_message())


def show_error(exc: click.ClickException) -> None:
    """What ``exc.show()`` writes to stderr, in Chinese: usage, where to get help, the error."""
    no_args_is_help = getattr(click.exceptions, "NoArgsIsHelpError", None)
    if no_args_is_help is not None and isinstance(exc, no_args_is_help):
        exc.show()  # the help page itself (a group given no command), already Chinese
        return
    ctx = exc.ctx if isinstance(exc, click.UsageError) else None
    color = ctx.color if ctx is not None else getattr(exc, "show_color", None)
    if ctx is not None:
        lines = [ctx.get_usage()]
        if ctx.command.get_help_option(ctx) is not None:
            names = ctx.command.get_help_option_names(ctx)
            lines.append(
                CATALOG["Try '{command} {option}' for help."].format(
                    command=ctx.command_path, option=max(names, key=len)
                )
            )
        click.echo("\n".join(lines) + "\n", err=True, color=color)
    message = CATALOG["Error: {message}"].format(message=error_message(exc))
    click.echo(message, err=True, color=color)


class Formatter(click.HelpFormatter):
    """Click's usage prefix, headings and option extras in Chinese, laid out by display
    width (a Chinese character takes two columns) and wrapped between characters."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, CATALOG["Usage:"] if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{translate(heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = [_join_lines(p) for p in re.split(r"\n\s*\n", text.strip())]
        lines: list[str] = []
        for paragraph in paragraphs:
            if lines:
                lines.append("")
            lines += [indent + line for line in wrap(paragraph, self.width - len(indent))]
        self.write("\n".join(lines) + "\n")

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(_metavars(term), _extras(text)) for term, text in rows]
        first = min(max((width(term) for term, _ in rows), default=0), col_max) + col_spacing
        margin = " " * (first + self.current_indent)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if width(term) <= first - col_spacing:
                self.write(" " * (first - width(term)))
            else:
                self.write("\n" + margin)
            lines = wrap(_join_lines(text), max(self.width - first - 2, 10))
            self.write("\n".join([lines[0], *(margin + line for line in lines[1:])]) + "\n")


_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
_BREAK_BETWEEN_WIDE = re.compile(rf"(?<={_WIDE})[ \t]*\n\s*(?={_WIDE})")
_TOKEN = re.compile(rf"{_WIDE}|[^\s\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+|\s+")
_NO_LINE_START = set("，。、；：？！）》」』”’")


def _join_lines(text: str) -> str:
    """A paragraph's source lines joined: no space where the break fell between two Chinese
    characters, one space elsewhere."""
    return re.sub(r"\s*\n\s*", " ", _BREAK_BETWEEN_WIDE.sub("", text.strip()))


def wrap(text: str, size: int) -> list[str]:
    """``text`` in lines of at most ``size`` columns, broken at spaces or between Chinese
    characters; closing punctuation never opens a line (the character before it moves down
    with it); a word longer than a line stays whole."""
    lines: list[str] = []
    line: list[str] = []
    for token in _TOKEN.findall(text):
        if token.isspace():
            if line:
                line.append(" ")
            continue
        if line and width("".join(line)) + width(token) > size:
            carry: list[str] = []
            if token in _NO_LINE_START:
                while line and (line[-1] in _NO_LINE_START or line[-1] == " "):
                    carry.insert(0, line.pop())
                if line:
                    carry.insert(0, line.pop())
            if line:  # else nothing could move down: the punctuation ends the line
                lines.append("".join(line).rstrip())
            line = carry
        line.append(token)
    lines.append("".join(line).rstrip())
    return lines


def _metavars(term: str) -> str:
    """``--days FLOAT`` as ``--days 数字`` (argument names, like ``RULE``, are kept)."""
    return _TYPE_METAVAR.sub(lambda m: METAVARS[m.group(1)], term)


def _extras(help: str) -> str:
    """``... [default: 20; required]`` with each bracketed item click added translated."""
    found = _EXTRAS.match(help)
    if found is None:
        return help
    items = "; ".join(translate(item) for item in found["items"].split("; "))
    return f"{found['help']}{found['gap']}[{items}]"


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    """A command whose help page and usage errors are in Chinese."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option


class Group(Command, click.Group):
    """A group whose help page, usage errors and subcommands are in Chinese."""

    command_class = Command
    group_class = type  # subgroups are of this class too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)
