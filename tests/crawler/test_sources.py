from pathlib import Path

import pytest

from crawler.sources import load_source_file
from tianluo.errors import ConfigError

GOOD = """\
sources:
  - name: city-news
    type: news
    start_urls: [https://news.example.cn/]
    items:
      article: ['/a/\\d+\\.html$']
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    [source] = load_source_file(write(tmp_path, GOOD))
    assert source.name == "city-news" and source.type == "news" and not source.allow_private


@pytest.mark.parametrize(
    ("old", "new", "line", "key"),
    [
        ("type: news", "type: blog", 3, "sources[0].type"),
        ("name: city-news", "name: City News", 2, "sources[0].name"),
        (
            "start_urls: [https://news.example.cn/]",
            "start_urls: [ftp://x]",
            4,
            "sources[0].start_urls",
        ),
        ("article: ['/a/\\d+\\.html$']", "thread: ['/t/']", 5, "sources[0].items"),
        ("    type: news\n", "    type: news\n    encodng: gbk\n", 4, "sources[0].encodng"),
        ("    type: news\n", "    type: news\n    follow: ['(']\n", 4, "sources[0].follow"),
        ("    type: news\n", "    type: news\n    interval: soon\n", 4, "sources[0].interval"),
        ("    type: news\n", "    type: news\n    encoding: klingon\n", 4, "sources[0].encoding"),
        (
            "    type: news\n",
            "    type: news\n    selectors: {body: div}\n",
            4,
            "sources[0].selectors",
        ),
    ],
)
def test_errors_name_line_and_key(tmp_path: Path, old: str, new: str, line: int, key: str) -> None:
    text = GOOD.replace(old, new)
    assert text != GOOD
    with pytest.raises(ConfigError) as info:
        load_source_file(write(tmp_path, text))
    _, got_line, got_key, _ = info.value.problems[0]
    assert got_key == key
    assert got_line is not None and got_line >= line - 1


def test_duplicate_names_are_reported_with_file_and_line(tmp_path: Path) -> None:
    from crawler.sources import load_source_files

    one = write(tmp_path, GOOD + GOOD.removeprefix("sources:\n"))
    other = tmp_path / "other.yaml"
    other.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_source_files([one, other])
    assert info.value.problems == [
        (
            str(one),
            7,
            "sources[1].name",
            f"来源名称 'city-news' 重复（首次出现在 {one}:2）；名称必须唯一",
        ),
        (
            str(other),
            2,
            "sources[0].name",
            f"来源名称 'city-news' 重复（首次出现在 {one}:2）；名称必须唯一",
        ),
    ]


def test_sources_validate_file_refuses_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tianluo.app.cli import main

    path = write(tmp_path, GOOD + GOOD.removeprefix("sources:\n"))
    with pytest.raises(SystemExit) as exit_info:
        main(["sources", "validate", str(path)])
    assert exit_info.value.code == 2
    assert f"{path}:7: sources[1].name: 来源名称 'city-news' 重复" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["sources", "validate", str(path), str(path)])
    assert exit_info.value.code == 2
