"""Read YAML while remembering the line of every key, so errors can name it.

``load(path)`` returns the plain data and a ``Lines`` map from key paths such
as ``("storage", "backend")`` or ``("sources", 2, "url")`` to 1-based lines.
A syntax error becomes a ConfigError with the file and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from tianluo.errors import ConfigError

KeyPath = tuple[str | int, ...]


class Lines:
    """Line numbers of key paths in one YAML file."""

    def __init__(
        self,
        path: str,
        lines: dict[KeyPath, int],
        duplicates: Sequence[tuple[KeyPath, int]] = (),
    ) -> None:
        self.path = path
        self._lines = lines
        self.duplicates: list[tuple[KeyPath, int]] = list(duplicates)
        """Keys given twice in one mapping (the later one wins): (key path, line)."""

    def line(self, keypath: Sequence[str | int]) -> int | None:
        """The line of the deepest known prefix of ``keypath``."""
        key = tuple(keypath)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return self._lines.get((), None)

    def error(self, keypath: Sequence[str | int], message: str) -> ConfigError:
        return ConfigError.single(self.path, self.line(keypath), dotted(keypath), message)


def dotted(keypath: Sequence[str | int]) -> str:
    """``("sources", 2, "url")`` -> ``sources[2].url``."""
    out = ""
    for part in keypath:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _walk(
    node: yaml.Node,
    prefix: KeyPath,
    lines: dict[KeyPath, int],
    duplicates: list[tuple[KeyPath, int]],
) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if key in seen:
                duplicates.append(((*prefix, key), key_node.start_mark.line + 1))
            seen.add(key)
            lines[(*prefix, key)] = key_node.start_mark.line + 1
            _walk(value_node, (*prefix, key), lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*prefix, index)] = item.start_mark.line + 1
            _walk(item, (*prefix, index), lines, duplicates)


def read_text(path: Path) -> str:
    """Read a text file as UTF-8, dropping a BOM and normalising CRLF."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError.single(str(path), None, "", "文件不存在") from None
    except OSError as exc:
        raise ConfigError.single(str(path), None, "", f"无法读取：{exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError.single(
            str(path), line, "", "不是有效的 UTF-8 编码，请将文件另存为 UTF-8"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def loads(text: str, path: str = "<string>") -> tuple[Any, Lines]:
    """Parse YAML text; return the data and its line map."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise ConfigError.single(path, line, "", f"YAML 语法错误：{problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError.single(path, None, "", f"YAML 错误：{exc}") from None
    lines: dict[KeyPath, int] = {}
    duplicates: list[tuple[KeyPath, int]] = []
    if node is not None:
        _walk(node, (), lines, duplicates)
    return data, Lines(path, lines, duplicates)


def load(path: Path) -> tuple[Any, Lines]:
    """Read and parse one YAML file."""
    return loads(read_text(path), str(path))
