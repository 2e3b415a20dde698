"""Shared fixtures: the default analyzer (built once) and a YAML writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths

WATCHLIST = """\
enterprises:
  - name: 鑫盛源财富管理有限公司
    aliases: [鑫盛宝, 鑫盛源]
    credit_code: {code}
    region: 上海市
    tags: [p2p]
  - name: 恒通达投资管理有限公司
    aliases: [恒通达]
"""


def valid_code() -> str:
    """A credit code with a correct check digit."""
    from keywords import check_char

    body = "91310000MA1FL1234"
    return body + check_char(body)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())


@pytest.fixture(scope="session")
def watch_analyzer(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    path = tmp_path_factory.mktemp("wl") / "watchlist.yaml"
    path.write_text(WATCHLIST.format(code=valid_code()), encoding="utf-8")
    return Analyzer.from_files(default_set_paths(), path, AnalyzerConfig())


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def _write(text: str, name: str = "set.yaml") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        return path

    return _write
