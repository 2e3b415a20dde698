"""Every exit code of the README's table, per command: 0 success; 1 the work ran but failed
or found problems; 2 bad usage, configuration or input; 3 the store is unreachable; 4 an
alert channel failed.  The data is a real demo run; the unreachable store is an
OpenSearch URL on a port nobody listens on."""

from __future__ import annotations

import re
import shutil
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli import run_tianluo as tianluo
from tianluo.app.cli import main

ROOT = Path(__file__).resolve().parents[2]
CODES: dict[str, set[int]] = {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The config of one real demo run (crawl, analysis, alerts, brief)."""
    work = tmp_path_factory.mktemp("demo")
    done = tianluo("demo", "--workdir", str(work), "--port", "0")
    assert done.returncode == 0, done.stderr
    CODES.setdefault("demo", set()).add(0)
    # with --port 0 the first line names the port the sites really listen on
    first = done.stderr.splitlines()[0]
    sources = (work / "sources" / "demo.yaml").read_text(encoding="utf-8")
    port = re.search(r"http://127\.0\.0\.1:(\d+)/", sources)
    assert port and port[1] != "0" and re.search(rf"127\.0\.0\.1:{port[1]}\D", first), first
    return work / "tianluo.yaml"


@pytest.fixture(scope="module")
def down(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A config whose store is unreachable."""
    folder = tmp_path_factory.mktemp("down")
    config = folder / "tianluo.yaml"
    config.write_text(
        f"storage:\n  backend: opensearch\n  url: http://127.0.0.1:{free_port()}\n"
        "crawl:\n  sources: [none/*.yaml]\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def dead_channel(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo's store with one rule sending to a webhook nobody answers."""
    folder = tmp_path_factory.mktemp("dead-channel")
    shutil.copytree(demo.parent / "var", folder / "var")
    (folder / "rules").mkdir()
    (folder / "rules" / "any-risk.yaml").write_text(
        "name: any-risk\ntype: threshold\nmin_score: 1\nwindow: 3650d\nchannels: [hook]\n",
        encoding="utf-8",
    )
    config = folder / "tianluo.yaml"
    config.write_text(
        demo.read_text(encoding="utf-8")
        + "alerts:\n  rules: [rules/*.yaml]\n  retry_delay: 1\n  channels:\n"
        f"    hook: {{type: webhook, url: 'http://127.0.0.1:{free_port()}/hook'}}\n",
        encoding="utf-8",
    )
    return config


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return int(code or 0), out + err


def _article(folder: Path) -> Path:
    """A small real article page to extract."""
    page = folder / "article.html"
    page.write_text(
        "<html><head><title>某平台提现困难</title></head><body><h1>某平台提现困难</h1>"
        "<p>2024年3月5日 记者 王明</p><p>"
        + "多名投资人反映，该平台自上月起无法提现，客服电话无人接听。" * 5
        + "</p></body></html>",
        encoding="utf-8",
    )
    return page


Case = tuple[str, int, Callable[[Path, Path, Path], list[str]]]
CASES: list[Case] = [
    ("sources validate", 0, lambda d, _, __: ["-c", str(d), "sources", "validate"]),
    ("sources validate", 2, lambda d, _, __: ["sources", "validate", str(d)]),
    ("sources list", 0, lambda d, _, __: ["-c", str(d), "sources", "list"]),
    ("sources list", 2, lambda d, _, __: ["-c", str(d.parent / "nope.yaml"), "sources", "list"]),
    ("extract", 2, lambda d, _, __: ["extract", str(d.parent / "missing.html")]),
    ("extract", 0, lambda d, _, __: ["extract", str(_article(d.parent))]),
    ("analyze", 2, lambda d, _, __: ["analyze", "-i", str(d.parent / "missing.jsonl")]),
    ("analyze", 1, lambda d, _, __: ["analyze", "-i", str(d), "-o", str(d.parent / "o.jsonl")]),
    ("keywords validate", 0, lambda d, _, __: ["-c", str(d), "keywords", "validate"]),
    ("keywords validate", 2, lambda d, _, __: ["keywords", "validate", str(d)]),
    ("keywords test", 0, lambda d, _, __: ["-c", str(d), "keywords", "test", "保本保息"]),
    ("keywords test", 2, lambda d, _, __: ["keywords", "test"]),
    ("keywords backtest", 0, lambda d, _, __: ["-c", str(d), "keywords", "backtest"]),
    ("keywords backtest", 3, lambda _, o, __: ["-c", str(o), "keywords", "backtest"]),
    ("index init", 0, lambda d, _, __: ["-c", str(d), "index", "init"]),
    ("index init", 3, lambda _, o, __: ["-c", str(o), "index", "init"]),
    ("index status", 0, lambda d, _, __: ["-c", str(d), "index", "status"]),
    ("index status", 3, lambda _, o, __: ["-c", str(o), "index", "status"]),
    ("index replay", 2, lambda d, _, __: ["-c", str(d), "index", "replay"]),
    ("index replay", 3, lambda _, o, __: ["-c", str(o), "index", "replay"]),
    ("index reindex", 2, lambda d, _, __: ["-c", str(d), "index", "reindex"]),
    ("index reindex", 3, lambda _, o, __: ["-c", str(o), "index", "reindex"]),
    ("search", 0, lambda d, _, __: ["-c", str(d), "search", "提现困难"]),
    ("search", 1, lambda d, _, __: ["-c", str(d), "search", "从未出现过的短语"]),
    ("search", 2, lambda d, _, __: ["-c", str(d), "search", "x", "--since", "soon"]),
    ("search", 3, lambda _, o, __: ["-c", str(o), "search", "提现困难"]),
    ("alerts validate", 0, lambda d, _, __: ["-c", str(d), "alerts", "validate"]),
    ("alerts validate", 2, lambda d, _, __: ["-c", str(d), "alerts", "validate", "extra"]),
    ("alerts run", 0, lambda d, _, __: ["-c", str(d), "alerts", "run"]),
    ("alerts run", 3, lambda _, o, __: ["-c", str(o), "alerts", "run"]),
    ("alerts run", 4, lambda _, __, h: ["-c", str(h), "alerts", "run"]),
    (
        "alerts test",
        0,
        lambda d, _, __: ["-c", str(d), "alerts", "test", "enforcement-hits", "--dry-run"],
    ),
    ("alerts test", 2, lambda d, _, __: ["-c", str(d), "alerts", "test", "no-such-rule"]),
    (
        "alerts test",
        4,
        lambda _, __, h: ["-c", str(h), "alerts", "test", "any-risk", "--days", "3650"],
    ),
    ("alerts retry", 4, lambda _, __, h: ["-c", str(h), "alerts", "retry"]),
    ("alerts retry", 0, lambda d, _, __: ["-c", str(d), "alerts", "retry"]),
    ("alerts history", 0, lambda d, _, __: ["-c", str(d), "alerts", "history"]),
    ("alerts history", 3, lambda _, o, __: ["-c", str(o), "alerts", "history"]),
    (
        "alerts silence",
        0,
        lambda d, _, __: ["-c", str(d), "alerts", "silence", "enforcement-hits", "--for", "0s"],
    ),
    (
        "alerts silence",
        2,
        lambda d, _, __: ["-c", str(d), "alerts", "silence", "enforcement-hits", "--for", "soon"],
    ),
    ("report daily", 0, lambda d, _, __: ["-c", str(d), "report", "daily"]),
    ("report daily", 2, lambda d, _, __: ["-c", str(d), "report", "daily", "--date", "2030-01-01"]),
    ("report daily", 2, lambda d, _, __: ["-c", str(d), "report", "daily", "--date", "1900-01-01"]),
    ("report daily", 2, lambda d, _, __: ["-c", str(d), "report", "daily", "--date", "2020-01-01"]),
    ("report daily", 3, lambda _, o, __: ["-c", str(o), "report", "daily"]),
    (
        "report enterprise",
        0,
        lambda d, _, __: ["-c", str(d), "report", "enterprise", "鑫盛源财富管理有限公司"],
    ),
    (
        "report enterprise",
        2,
        lambda d, _, __: ["-c", str(d), "report", "enterprise", "x", "--days", "0"],
    ),
    ("report enterprise", 3, lambda _, o, __: ["-c", str(o), "report", "enterprise", "x"]),
    ("report enterprise", 1, lambda d, _, __: ["-c", str(d), "report", "enterprise", "无此企业"]),
    ("search", 1, lambda d, _, __: ["-c", str(d), "search", "提现", "-e", "无此企业"]),
    ("report watchlist", 0, lambda d, _, __: ["-c", str(d), "report", "watchlist"]),
    ("report watchlist", 3, lambda _, o, __: ["-c", str(o), "report", "watchlist"]),
    ("report archive", 0, lambda d, _, __: ["-c", str(d), "report", "archive"]),
    ("report archive", 2, lambda d, _, __: ["-c", str(d), "report", "archive", "extra"]),
    ("serve", 2, lambda d, _, __: ["-c", str(d), "serve", "--port", "70000"]),
    ("schedule", 2, lambda d, _, __: ["-c", str(d.parent / "nope.yaml"), "schedule"]),
    ("crawl", 2, lambda d, _, __: ["-c", str(d), "crawl", "-s", "no-such-source"]),
    ("crawl", 2, lambda _, o, __: ["-c", str(o), "crawl"]),
    ("demo", 2, lambda _, __, ___: ["demo", "--port", "70000"]),
]


@pytest.mark.parametrize(("command", "code", "args"), CASES, ids=[f"{c}-{n}" for c, n, _ in CASES])
def test_exit_code(
    capsys: pytest.CaptureFixture[str],
    demo: Path,
    down: Path,
    dead_channel: Path,
    command: str,
    code: int,
    args: Callable[[Path, Path, Path], list[str]],
) -> None:
    got, output = run(capsys, *args(demo, down, dead_channel))
    assert got == code, output[-2000:]
    CODES.setdefault(command, set()).add(code)


def test_crawl_exits_1_when_a_source_cannot_be_crawled(tmp_path: Path) -> None:
    """A source whose site is down: the crawl ran, the source failed."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "down.yaml").write_text(
        "sources:\n  - name: down\n    type: news\n    allow_private: true\n"
        f"    start_urls: ['http://127.0.0.1:{free_port()}/']\n"
        "    items: {article: ['/a/']}\n",
        encoding="utf-8",
    )
    config = tmp_path / "tianluo.yaml"
    config.write_text("crawl:\n  retries: 0\n  obey_robots: false\n", encoding="utf-8")
    done = tianluo("-c", str(config), "crawl", "--no-progress")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    CODES.setdefault("crawl", set()).add(1)


def test_figures(figure: Callable[[str, object], None]) -> None:
    checked = sum(len(codes) for codes in CODES.values())
    figure("exit codes checked per command", f"{checked} over {len(CODES)} commands")
