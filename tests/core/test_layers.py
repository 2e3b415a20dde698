"""The package layering the README promises, checked on every import statement (also the
ones inside functions and under ``TYPE_CHECKING``): data flows crawler -> keywords ->
indexer -> alerts and reports; the core imports nothing of ours; only the app imports the app."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = ("tianluo", "crawler", "keywords", "indexer", "alerts", "reports", "demo")
STAGES = ("crawler", "keywords", "indexer", "alerts", "reports", "demo")
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "keywords": ("crawler", "indexer", "alerts", "reports", "demo", "scrapy"),
    "indexer": ("crawler", "alerts", "reports", "demo", "scrapy"),
    "alerts": ("crawler", "reports", "demo", "scrapy"),
    "reports": ("crawler", "alerts", "demo", "scrapy"),
    "crawler": ("alerts", "reports"),
}


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _top(module: str) -> str:
    return module.split(".")[0]


def _is_app(module: str) -> bool:
    return module == "tianluo.app" or module.startswith("tianluo.app.")


def test_the_core_imports_nothing_of_ours_but_the_core() -> None:
    # ``python -m tianluo`` is the app's entry point, not part of the core.
    core = [
        p
        for p in _files("tianluo")
        if "app" not in p.relative_to(ROOT / "tianluo").parts and p.name != "__main__.py"
    ]
    assert len(core) >= 5
    bad = [
        f"{p.relative_to(ROOT)}:{line}: {module}"
        for p in core
        for line, module in _imports(p)
        if _top(module) in OURS and (_top(module) != "tianluo" or _is_app(module))
    ]
    assert bad == []


@pytest.mark.parametrize("package", STAGES)
def test_no_stage_imports_the_app(package: str) -> None:
    bad = [
        f"{p.relative_to(ROOT)}:{line}: {module}"
        for p in _files(package)
        for line, module in _imports(p)
        if _is_app(module)
    ]
    assert bad == []


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_data_flows_one_way(package: str) -> None:
    bad = [
        f"{p.relative_to(ROOT)}:{line}: {module}"
        for p in _files(package)
        for line, module in _imports(p)
        if _top(module) in FORBIDDEN[package]
    ]
    assert bad == []
