"""One enterprise under any of its names: search -e, report enterprise, the brief's merge.

The documents are written for these tests (fictional names)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from indexer.identity import merge_scores
from indexer.sqlite import SQLiteStore
from tianluo.app.cli import cli
from tianluo.models import EnterpriseMention, StoredDocument, content_hash, doc_id_for
from tianluo.timeutil import now

FULL = "蓝湖鼎盛咨询有限公司"
SHORT = "蓝湖鼎盛"
BRAND = "鼎盛宝"


def _doc(n: int, content: str, mention: EnterpriseMention) -> StoredDocument:
    url = f"https://news.example.cn/{n}.html"
    return StoredDocument(
        id=doc_id_for(url),
        url=url,
        source="news.example.cn" if n % 2 else "bbs.example.cn",
        source_type="news",
        title=content[:12],
        content=content,
        crawled_at=now() - timedelta(hours=n),
        content_hash=content_hash("", content),
        risk=True,
        risk_score=60.0,
        categories=["distress"],
        enterprises=[mention.name],
        risk_enterprises=[mention.name],
        enterprise_aliases=[mention.name, *mention.aliases],
        mentions=[mention],
        cluster_id=f"c{n}",
    )


@pytest.fixture
def config(tmp_path: Path) -> Path:
    store = SQLiteStore(tmp_path / "var" / "tianluo.db")
    store.upsert(
        [
            _doc(
                1,
                f"{FULL}旗下{BRAND}提现困难，投资人无法提现。",
                EnterpriseMention(FULL, FULL, False, True, 80.0, aliases=[BRAND, SHORT]),
            ),
            _doc(
                2,
                f"{SHORT}的业务员仍在拉人头，承诺月息3分。",
                EnterpriseMention(SHORT, SHORT, False, True, 70.0),
            ),
        ]
    )
    store.close()
    path = tmp_path / "tianluo.yaml"
    path.write_text("data_dir: var\noutput_dir: out\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", [FULL, SHORT, BRAND])
def test_search_accepts_any_alias(config: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["-c", str(config), "search", "提现", "-e", name, "--json"])
    assert result.exit_code == 0, result.output
    assert f"{BRAND}提现困难" in result.output


def test_search_by_short_form_finds_both_stored_names(config: Path) -> None:
    result = CliRunner().invoke(cli, ["-c", str(config), "search", "业务员", "-e", BRAND])
    assert result.exit_code == 0, result.output
    assert "业务员" in result.output  # stored under 蓝湖鼎盛 only, found through the brand


@pytest.mark.parametrize("name", [SHORT, BRAND])
def test_report_enterprise_by_alias_is_the_canonical_report(config: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["-c", str(config), "report", "enterprise", name])
    assert result.exit_code == 0, result.output
    page = Path(result.output.strip())
    assert page.name.startswith(FULL)
    html = page.read_text(encoding="utf-8")
    assert "拉人头" in html and "提现困难" in html  # documents stored under both names
    tree = lxml_html.fromstring(html)
    assert BRAND in tree.get_element_by_id("names").text_content()
    rows = tree.get_element_by_id("enterprises").findall(".//tbody/tr")
    assert len(rows) == 1 and FULL in rows[0].text_content()  # one row, both names merged


@pytest.mark.parametrize("command", [["report", "enterprise"], ["search", "提现", "-e"]])
def test_unknown_name_says_so_and_suggests(config: Path, command: list[str]) -> None:
    result = CliRunner().invoke(cli, ["-c", str(config), *command, "蓝湖鼎"])
    assert result.exit_code == 1
    message = str(result.exception) + result.output
    assert "未找到企业“蓝湖鼎”" in message and SHORT in message


def test_merge_scores_joins_a_contained_name(config: Path) -> None:
    store = SQLiteStore(config.parent / "var" / "tianluo.db")
    try:
        rows = store.enterprise_scores(since=now() - timedelta(days=2), until=now())
    finally:
        store.close()
    assert {r.name for r in rows} == {FULL, SHORT}
    merged, members = merge_scores(rows)
    assert [m.name for m in merged] == [FULL]
    assert merged[0].documents == 2 and sorted(members[FULL]) == sorted([FULL, SHORT])
    # the index of the merged enterprise is computed again, on the same 0-100 scale
    assert max(r.score for r in rows) <= merged[0].score <= 100
    assert merged[0].inputs.strength == pytest.approx(sum(r.inputs.strength for r in rows))
