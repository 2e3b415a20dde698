"""Suite-wide: reliability tests state their figures, printed at the end of the run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

_FIGURES: list[tuple[str, str, object]] = []


@pytest.fixture
def figure(request: pytest.FixtureRequest) -> Callable[[str, object], None]:
    """Record a figure of this test (inputs tried, faults injected, documents lost ...)."""

    def record(name: str, value: object) -> None:
        _FIGURES.append((request.node.nodeid, name, value))

    return record


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures")
    for nodeid, name, value in _FIGURES:
        terminalreporter.write_line(f"{nodeid.split('::')[-1]}: {name} = {value}")
