"""Long-crawl mode: DemoSites(extra_pages=N) adds N generated ordinary articles."""

import re
import urllib.error
import urllib.request

import pytest

from demo.content import build_content
from demo.enterprises import ENTERPRISES
from demo.roll import ROLL_PAGE_SIZE, roll_article, roll_path
from demo.server import SITES, DemoSites
from demo.truth import get_truth

N = 2 * ROLL_PAGE_SIZE + 7


@pytest.fixture(scope="module")
def sites():
    with DemoSites(extra_pages=N) as running:
        yield running


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        with err:
            return err.code, ""


def test_rolling_channel_is_linked_and_paginated(sites):
    home = get(sites.url("/news/"))[1]
    assert 'href="/news/roll/index.html"' in home
    status, first = get(sites.url("/news/roll/index.html"))
    assert status == 200 and 'href="index_2.html" class="next">下一页' in first
    status, last = get(sites.url("/news/roll/index_3.html"))
    assert status == 200 and "下一页" not in last
    assert last.count('target="_blank"') == N - 2 * ROLL_PAGE_SIZE
    assert get(sites.url("/news/roll/index_4.html"))[0] == 404
    assert get(sites.url("/news/roll/index_1.html"))[0] == 404


def test_every_generated_article_is_listed_and_served(sites):
    listed = []
    for page in ("index.html", "index_2.html", "index_3.html"):
        html = get(sites.url(f"/news/roll/{page}"))[1]
        listed += re.findall(r'href="(/news/roll/\d{6}/t\d{8}_\d+\.html)"', html)
    assert listed == [roll_path(i) for i in range(N)]
    pattern = re.compile(SITES[0]["item_patterns"]["article"])
    for i in (0, N // 2, N - 1):
        status, html = get(sites.url(roll_path(i)))
        assert status == 200 and roll_article(i).title in html
        assert pattern.search(sites.url(roll_path(i)))
    assert get(sites.url(roll_path(N)))[0] == 404


def test_generated_articles_are_ordinary_and_deterministic():
    assert build_content(extra_pages=N).get(roll_path(5)) == build_content(extra_pages=N).get(
        roll_path(5)
    )
    names = [n for e in ENTERPRISES for n in e.names]
    for i in range(0, 20000, 97):
        article = roll_article(i)
        text = article.title + "".join(article.body)
        assert not any(n in text for n in names)
        assert not any(w in text for w in ("集资", "理财", "收益", "跑路", "保本"))
    titles = {roll_article(i).title for i in range(2000)}
    assert len(titles) > 1000


def test_page_counts_include_extra_pages():
    counts = get_truth().total_pages(20000)
    assert counts["news"] == get_truth().page_counts["news"] + 20000 + 400


def test_twenty_thousand_pages_are_served_lazily():
    with DemoSites(extra_pages=20000) as big:
        assert get(big.url(roll_path(19999)))[0] == 200
        assert get(big.url("/news/roll/index_400.html"))[0] == 200
        assert len(big.content.routes) < 100
