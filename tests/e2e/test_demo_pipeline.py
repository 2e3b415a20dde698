"""End to end: `tianluo demo` crawls the demo sites over real HTTP on loopback, twice,
then the stored documents and the brief are checked against the demo's ground truth."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lxml_html

from demo.truth import get_truth
from indexer.sqlite import SQLiteStore
from tianluo.models import StoredDocument
from tianluo.timeutil import now

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_demo(workdir: Path, port: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TIANLUO_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "tianluo", "demo", "--workdir", str(workdir), "--port", str(port)],
        capture_output=True, text=True, timeout=600, env=env, cwd=workdir.parent, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], int]:
    workdir = tmp_path_factory.mktemp("demo") / "run"
    port = free_port()
    first = run_demo(workdir, port)
    assert first.returncode == 0, first.stderr[-3000:]
    with SQLiteStore(workdir / "var" / "tianluo.db") as store:
        count_after_first = store.count()
    second = run_demo(workdir, port)
    assert second.returncode == 0, second.stderr[-3000:]
    return workdir, [first.stdout, second.stdout], count_after_first


@pytest.fixture(scope="module")
def store(demo_run: tuple[Path, list[str], int]) -> SQLiteStore:
    return SQLiteStore(demo_run[0] / "var" / "tianluo.db")


def test_second_run_adds_nothing(demo_run: tuple[Path, list[str], int], store: SQLiteStore) -> None:
    assert store.count() == demo_run[2] > 0


def test_every_forum_post_is_a_document(store: SQLiteStore) -> None:
    truth = get_truth()
    posts = store.count_by("source", limit=10)["demo-forum"]
    assert posts == len(truth.posts)
    sample = truth.posts[len(truth.posts) // 2]
    found = [d for d in store.documents(source="demo-forum", limit=1000) if d.floor == sample.floor
             and d.author == sample.author]  # fmt: skip
    assert found, f"post by {sample.author} on floor {sample.floor} not stored"
    assert found[0].thread_url and found[0].thread_url.endswith(sample.thread_path)
    assert found[0].published_at == sample.posted


def test_gbk_and_gb2312_pages_have_clean_titles(store: SQLiteStore) -> None:
    truth = get_truth()
    checked = 0
    for encoding in ("gbk", "gb2312-meta"):
        for path in truth.encodings.get(encoding, ()):
            page = truth.pages[path]
            docs = [
                d for d in store.documents(source="demo-news", limit=1000) if d.url.endswith(path)
            ]
            if page.special in ("empty", "not_found"):
                continue
            assert docs, f"{path} ({encoding}) not stored"
            assert docs[0].title == page.title
            assert "\ufffd" not in docs[0].content
            checked += 1
    assert checked >= 3


def test_planted_risky_enterprises_are_hits_and_decoys_are_not(store: SQLiteStore) -> None:
    truth = get_truth()
    scores = {
        s.name: s
        for s in store.enterprise_scores(
            since=now() - timedelta(days=1), until=now() + timedelta(hours=1), limit=500
        )
    }
    risk_names = set(store.count_by("risk_enterprise", limit=1000))
    for enterprise in truth.risky:
        if enterprise.on_watchlist:
            assert enterprise.name in scores, f"risky {enterprise.name} never linked"
            assert scores[enterprise.name].risk_documents > 0, f"risky {enterprise.name} has no hit"
        else:  # known only by the name the pages use: discovered, proposed for the watchlist
            found = [n for n in risk_names if any(alias in n for alias in enterprise.aliases)]
            assert found, f"risky {enterprise.name} (not watchlisted) was not discovered"
            assert not any(scores[n].on_watchlist for n in found)
    for decoy in truth.decoys + truth.ordinary:
        assert decoy.name not in risk_names, f"decoy {decoy.name} flagged as a risk"


def test_reprints_are_one_story_carried_by_several_sites(store: SQLiteStore) -> None:
    truth = get_truth()
    news = store.documents(source="demo-news", limit=1000)
    clusters = {
        d.cluster_id
        for d in news
        if any(d.url.endswith(p) for p in (truth.reprint.original, *truth.reprint.reprints))
    }
    assert len(clusters) == 1
    [cluster] = clusters
    assert store.cluster_reach([cluster])[cluster] >= 2  # the news portal and the forum


def test_crawl_health_is_recorded_with_reasons(store: SQLiteStore) -> None:
    runs = store.crawl_runs()
    assert {r.source for r in runs} == {"demo-news", "demo-forum", "demo-p2p"}
    news = next(r for r in runs if r.source == "demo-news")
    assert news.errors.get("http_404", 0) >= 1 and news.errors.get("empty_page", 0) >= 1
    assert all(r.status == "ok" for r in runs)


def test_p2p_products_carry_yields_and_guarantees(store: SQLiteStore) -> None:
    products = [
        d
        for d in store.documents(source="demo-p2p", limit=1000)
        if d.extra.get("kind") == "product"
    ]
    assert products
    assert any(d.extra.get("promised_yields") and d.extra.get("yield_above_line") for d in products)
    assert any(d.extra.get("guarantees") for d in products)


def test_brief_names_risky_enterprises_and_no_decoy(demo_run: tuple[Path, list[str], int]) -> None:
    truth = get_truth()
    briefs = sorted((demo_run[0] / "out" / "briefs").glob("*.html"))
    assert briefs
    text = lxml_html.fromstring(briefs[-1].read_text(encoding="utf-8")).text_content()
    for enterprise in truth.risky:
        names = (enterprise.name,) if enterprise.on_watchlist else enterprise.aliases
        assert any(n in text for n in names), f"{enterprise.name} missing from the brief"
    for decoy in truth.decoys:
        assert decoy.name not in text, f"decoy {decoy.name} in the brief"
    assert "demo-news" in demo_run[1][0] and str(briefs[-1].name) in demo_run[1][0]


def _docs_on(store: SQLiteStore, path: str) -> list[StoredDocument]:
    """Stored documents of one demo page: the article, or every post of a thread page."""
    return [d for d in store.documents(limit=1000) if d.url.endswith(path)] or [
        d for d in store.documents(limit=1000) if d.thread_url and d.thread_url.endswith(path)
    ]


def test_awareness_pieces_are_no_risk_and_in_no_alert(store: SQLiteStore) -> None:
    truth = get_truth()
    alerted = {doc for alert in store.alert_history(limit=500) for doc in alert.documents}
    assert alerted  # the demo's real cases do raise alerts
    paths = truth.pages_with_genre("awareness", "rebuttal")
    assert len(paths) >= 8
    for path in paths:
        docs = _docs_on(store, path)
        assert docs, f"{path} not stored"
        for doc in docs:
            assert not doc.risk, f"{doc.title} ({path}) is a risk hit"
            assert doc.id not in alerted, f"{doc.title} ({path}) is part of an alert"
        if truth.pages[path].kind == "article":  # a whole article is judged an awareness piece
            assert docs[0].awareness and docs[0].awareness_reason, docs[0].title


def test_market_rate_news_is_no_risk_and_promises_no_yield(store: SQLiteStore) -> None:
    truth = get_truth()
    paths = truth.pages_with_genre("market_rate")
    assert paths
    for path in paths:
        for doc in _docs_on(store, path):
            assert not doc.risk, f"{doc.title} ({path}) is a risk document"
            assert doc.yields == [] and not doc.yield_flag, f"{doc.title}: {doc.yields}"


def test_posts_reporting_risk_on_their_own_are_risk_hits(store: SQLiteStore) -> None:
    truth = get_truth()
    posts = [p for p in truth.posts if p.risk]
    assert posts
    stored = store.documents(source="demo-forum", limit=1000)
    for post in posts:
        [doc] = [
            d for d in stored if d.floor == post.floor and d.thread_url
            and d.thread_url.endswith(post.thread_path)
        ]  # fmt: skip
        assert doc.risk, f"{doc.title}: {doc.content[:40]} scores {doc.risk_score}"


def _enterprise_of(name: str) -> str:
    """The demo enterprise ``name`` is one of the names of (its canonical name), or ""."""
    truth = get_truth()
    everyone = (*truth.risky, *truth.decoys)
    for enterprise in everyone:
        if name in enterprise.names or any(alias in name for alias in enterprise.aliases):
            return enterprise.name
    return ""


def test_brief_lists_organisations_once_each(store: SQLiteStore) -> None:
    from reports.brief import build_brief

    truth = get_truth()
    products = {p for e in truth.risky for p in e.products}
    assert products  # the truth lists the products the pages sell
    brief = build_brief(store, top=8)
    for names in ([t.score.name for t in brief.top], [s.name for s in brief.suggestions]):
        assert names
        for name in names:
            assert name not in products and not any(p in name for p in products), name
            assert not name.startswith(("型", "式", "类")), f"fragment {name}"
        owners = [_enterprise_of(n) for n in names]
        assert all(owners), f"not a demo organisation: {names}"
        assert len(owners) == len(set(owners)), f"one enterprise listed twice: {names}"
    for suggestion in brief.suggestions:  # each with the documents behind it
        assert suggestion.documents and all(d.risk for d in suggestion.documents), suggestion.name


def test_search_and_report_accept_any_alias(demo_run: tuple[Path, list[str], int]) -> None:
    from click.testing import CliRunner

    from tianluo.app.cli import cli

    config = str(demo_run[0] / "tianluo.yaml")
    truth = get_truth()
    brand = next(b for e in truth.risky for b in e.brands)
    runner = CliRunner()
    found = runner.invoke(cli, ["-c", config, "search", "提现", "-e", brand])
    assert found.exit_code == 0, found.output
    report = runner.invoke(cli, ["-c", config, "report", "enterprise", brand])
    assert report.exit_code == 0, report.output
    owner = next(e.name for e in truth.risky if brand in e.brands)
    assert Path(report.output.strip()).name.startswith(owner)
    unknown = runner.invoke(cli, ["-c", config, "report", "enterprise", "鑫盛"])
    assert unknown.exit_code == 1 and "未找到企业" in str(unknown.exception)


def test_alerts_name_organisations_once_and_no_product(store: SQLiteStore) -> None:
    truth = get_truth()
    products = {p for e in truth.risky for p in e.products}
    alerts = store.alert_history(limit=500)
    assert alerts
    links = [link for a in alerts for link in re.findall(r"/enterprise/([^)\s]+)\)", a.body)]
    assert links  # the items of the alerts link their enterprise's report
    for alert in alerts:
        # the enterprise each item is filed under: its report link
        for link in re.findall(r"/enterprise/([^)\s]+)\)", alert.body):
            name = unquote(link)
            assert name not in products and _enterprise_of(name), f"{alert.rule} files under {name}"
        if alert.rule in ("enterprise-risk-score", "watchlist-distress"):
            keys = alert.key.split(", ")
            owners = [_enterprise_of(k) for k in keys]
            assert all(owners), f"{alert.rule}: not a demo organisation in {keys}"
            assert len(owners) == len(set(owners)), f"{alert.rule}: one enterprise twice {keys}"
