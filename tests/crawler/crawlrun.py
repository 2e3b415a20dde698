"""Helpers for tests that run `tianluo crawl` in subprocesses against the demo sites."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tianluo.app.demo import demo_sources

ROOT = Path(__file__).resolve().parents[2]


def write_config(
    workdir: Path,
    base_url: str,
    *,
    only: tuple[str, ...] = ("demo-news",),
    extra_sources: list[dict[str, Any]] = (),  # type: ignore[assignment]
    crawl: dict[str, Any] | None = None,
) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    sources = [s for s in demo_sources(base_url) if s["name"] in only] + list(extra_sources)
    (workdir / "sources.yaml").write_text(
        yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8"
    )
    config = {
        "data_dir": "var",
        "output_dir": "out",
        "crawl": {"sources": ["sources.yaml"], "autothrottle": False, "retries": 0, "timeout": 5,
                  **(crawl or {})},
    }  # fmt: skip
    path = workdir / "tianluo.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def crawl_cmd(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tianluo", "-c", str(config), "crawl", "--no-progress", *args]


def env() -> dict[str, str]:
    out = {**os.environ, "PYTHONPATH": str(ROOT)}
    out.pop("TIANLUO_CONFIG", None)
    return out


def run(config: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_cmd(config, *args), capture_output=True, text=True, timeout=timeout, env=env(),
        check=False,
    )  # fmt: skip


def start(config: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        crawl_cmd(config, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )


COLUMNS = {
    "来源": "source",
    "页面": "pages",
    "文档": "docs",
    "新增": "new",
    "更新": "updated",
    "未变": "unchanged",
    "跳过": "skipped",
    "风险命中": "risk",
    "错误": "errors",
}
"""The crawl summary's Chinese column names, as the keys tests read."""


def row(output: str, source: str) -> dict[str, str]:
    """One source's row of the crawl summary table."""
    lines = output.splitlines()
    header = next(line for line in lines if line.startswith("来源"))
    names = [COLUMNS[name] for name in header.split()]
    for line in lines:
        if line.startswith(source + " "):
            cells = line.split(None, len(names) - 1)
            return dict(zip(names, cells, strict=False))
    raise AssertionError(f"{source} not in crawl summary:\n{output}")
