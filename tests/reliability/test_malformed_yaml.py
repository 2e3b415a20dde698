"""At least 100 malformed YAML files for keywords, sources, alert rules and config:
each gets a clear error naming the file (and the line where there is one), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tianluo.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]

# Damage applied to a valid file: each turns it into a distinct malformed file.
BREAKAGES: list[tuple[str, Callable[[str], str]]] = [
    ("tab indentation", lambda t: t.replace("\n  ", "\n\t", 1)),
    ("unclosed flow list", lambda t: t + "\nextra: [a, b\n"),
    ("unclosed quote", lambda t: t + '\nextra: "open\n'),
    ("bad indentation", lambda t: t.replace("\n  ", "\n     ", 1).replace("\n    ", "\n ", 1)),
    ("duplicate document marker junk", lambda t: t + "\n---\n- [\n"),
    ("mapping became a list", lambda t: "- " + t.replace("\n", "\n  ")),
    ("scalar document", lambda t: "just a string\n"),
    ("number document", lambda t: "42\n"),
    ("binary garbage", lambda t: "\x00\x01\x02garbage"),
    ("colon in key", lambda t: t + "\n: nokey\n"),
    ("anchor to nowhere", lambda t: t + "\nextra: *missing\n"),
    ("unknown top-level key", lambda t: t + "\nfrobnicate: 1\n"),
    ("truncated in half", lambda t: t[: len(t) // 2] + "\n  - [\n"),
    ("stray closing bracket", lambda t: t + "\n]\n"),
    ("invalid utf-8", lambda t: "\udcff"),
    ("empty key list item", lambda t: t + "\n-\n"),
    ("deep nesting", lambda t: "a: " + "[" * 200 + "]" * 199 + "\n"),
    ("question-mark complex key", lambda t: t + "\n? [a, b]\n: c\n"),
    ("huge line", lambda t: t + "\nextra: " + "x" * 200_000 + "\n"),
    ("windows line endings broken quote", lambda t: t.replace("\n", "\r\n") + '"\r\n'),
    ("directive junk", lambda t: "%YAML 9.9\n---\n" + t),
    ("tag of unknown type", lambda t: t + "\nextra: !!python/object:os.system ls\n"),
    ("value where mapping expected", lambda t: t.split("\n", 1)[0] + " 5\n"),
    (
        "nulls everywhere",
        lambda t: (
            "\n".join(
                line.split(":")[0] + ": ~" if ":" in line else line for line in t.splitlines()
            )
            + "\n"
        ),
    ),
    ("list where mapping expected", lambda t: t.replace(":", ": [1, 2]  #", 2)),
    ("numbers as keys", lambda t: t + "\n1: 2\n"),
    ("unclosed flow mapping", lambda t: t + "\nextra: {a: 1\n"),
    ("unclosed single quote", lambda t: t + "\nextra: 'open\n"),
    ("tab-indented key", lambda t: t + "\n\tx: 1\n"),
    ("bad escape in double quotes", lambda t: t + '\nextra: "\\q"\n'),
    ("mapping value inside a plain scalar", lambda t: t + "\nextra: a: b\n"),
    ("block scalar with bad indicator", lambda t: t + "\nextra: |x\n  text\n"),
]

VALID = {
    "config": "storage:\n  backend: sqlite\ncrawl:\n  retries: 2\n  sources: [s.yaml]\n",
    "sources": (
        "sources:\n  - name: city-news\n    type: news\n"
        "    start_urls: [https://news.example.cn/]\n    items:\n      article: ['/a/']\n"
    ),
    "rules": (
        "name: big-risk\ntype: threshold\nchannels: [duty]\nseverity: high\n"
        "window: 24h\nrealert: 24h\nmin_score: 8\nfilters:\n  min_documents: 2\n"
    ),
    "keywords": None,  # the shipped default set, read at run time
}


def _valid(kind: str) -> str:
    if kind == "keywords":
        from keywords import default_set_paths

        return Path(default_set_paths()[0]).read_text(encoding="utf-8")
    text = VALID[kind]
    assert text is not None
    return text


def _load(kind: str, path: Path) -> None:
    if kind == "config":
        from tianluo.settings import load_settings

        load_settings(path, environ={})
    elif kind == "sources":
        from crawler.sources import load_source_file

        if not load_source_file(path):
            raise ConfigError.single(str(path), None, "sources", "no sources")
    elif kind == "rules":
        from alerts.rules.loader import load_rules

        result = load_rules([path])
        result.raise_problems()
        if not result.rules:
            raise ConfigError.single(str(path), None, "", "no rule")
    else:
        from keywords import load_keyword_sets

        load_keyword_sets([path])


CASES = [(kind, name, breakage) for kind in VALID for name, breakage in BREAKAGES]


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


# A damage may leave YAML that is still valid for some kinds (a list of rules is a valid
# rules file; a %YAML directive is harmless): such a file may load.  Any exception other
# than a ConfigError fails the test, and at least 100 files must get a clear error.
def _outcome(tmp_path: Path, kind: str, name: str, breakage: Callable[[str], str]) -> str:
    path = tmp_path / f"{kind}-{abs(hash(name))}.yaml"
    broken = breakage(_valid(kind))
    _write(path, broken)
    try:
        _load(kind, path)
    except ConfigError as exc:
        assert exc.problems, f"{kind}/{name}: a ConfigError must carry a problem"
        for file, line, _key, message in exc.problems:
            assert file.endswith(path.name), (kind, name, exc.problems)
            assert message.strip(), (kind, name)
            assert line is None or 1 <= line <= broken.count("\n") + 2, (kind, name, line)
        return "error"
    return "loaded"


def test_malformed_files_get_clear_errors(
    tmp_path: Path, figure: Callable[[str, object], None]
) -> None:
    outcomes = [_outcome(tmp_path, kind, name, breakage) for kind, name, breakage in CASES]
    errors = outcomes.count("error")
    figure("malformed YAML files tried", len(CASES))
    figure("clear errors (file, line, key)", errors)
    figure("tracebacks", 0)
    figure("files still valid after the damage", outcomes.count("loaded"))
    assert errors >= 100


@pytest.mark.parametrize("kind", ["config", "sources", "keywords"])
def test_cli_reports_bad_yaml_without_traceback(tmp_path: Path, kind: str) -> None:
    broken = tmp_path / f"{kind}.yaml"
    _write(broken, _valid(kind) + "\nextra: [unclosed\n")
    config = tmp_path / "tianluo.yaml"
    if kind == "config":
        config = broken
        args = ["index", "status"]
    elif kind == "sources":
        config.write_text(f"crawl:\n  sources: [{broken.name}]\n", encoding="utf-8")
        args = ["sources", "validate"]
    else:
        config.write_text(f"analysis:\n  keywords: [{broken.name}]\n", encoding="utf-8")
        args = ["keywords", "validate"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "tianluo", "-c", str(config), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert broken.name in proc.stderr and "YAML 语法错误" in proc.stderr
