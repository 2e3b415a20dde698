"""The exception tree.  The CLI turns each of these into one clear message and an exit code.

TianluoError
├── ConfigError        a bad configuration, keyword, rule or source file (file, line, key)
├── StoreError         the store cannot be reached or refused a request
├── ChannelError       an alert channel refused or could not be reached
├── InputError         a bad command-line input (missing file, bad date ...)
└── UnknownNameError   a name no watchlist entry or stored document knows (exit 1)
"""

from __future__ import annotations


class TianluoError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 1


class ConfigError(TianluoError):
    """A bad YAML file: carries the file, the line and the key path of each problem."""

    exit_code = 2

    def __init__(self, problems: list[tuple[str, int | None, str, str]]) -> None:
        self.problems = problems
        super().__init__(self.render())

    @classmethod
    def single(cls, path: str, line: int | None, key: str, message: str) -> ConfigError:
        return cls([(path, line, key, message)])

    def render(self) -> str:
        lines = []
        for path, line, key, message in self.problems:
            where = f"{path}:{line}" if line else path
            lines.append(f"{where}: {key}: {message}" if key else f"{where}: {message}")
        return "\n".join(lines)


class StoreError(TianluoError):
    """The store failed; the message names the backend, host or path and the fix."""

    exit_code = 3


class ChannelError(TianluoError):
    """An alert channel failed to accept a message."""

    exit_code = 4


class InputError(TianluoError):
    """A bad command-line argument or input file."""

    exit_code = 2


class UnknownNameError(TianluoError):
    """A name (an enterprise) nothing knows; the message suggests close known names."""

    exit_code = 1
