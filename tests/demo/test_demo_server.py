"""The demo server over real HTTP: encodings, headers, pagination, errors and crawlability."""

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from demo.server import SITES, DemoSites
from demo.truth import get_truth


@pytest.fixture(scope="module")
def sites():
    with DemoSites() as running:
        yield running


def fetch(url, headers=None, method="GET"):
    """Return (status, headers, body) without raising on 4xx/5xx or following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with opener.open(request, timeout=10) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers, err.read()


def charset_of(headers, body):
    match = re.search(r"charset=([\w-]+)", headers.get("Content-Type", ""))
    if match:
        return match.group(1)
    declared = re.search(rb'charset=["\']?([\w-]+)', body[:1024])
    return declared.group(1).decode() if declared else "utf-8"


def test_start_and_stop_bind_a_free_port():
    demo = DemoSites()
    base = demo.start()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
    status, _, _ = fetch(base + "/news/")
    demo.stop()
    demo.stop()
    assert status == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "/news/", timeout=2)


def test_gbk_pages_say_gbk_and_decode_as_gb18030(sites):
    truth = get_truth()
    gbk = truth.encodings["gbk"]
    assert len(gbk) >= 5
    for path in gbk:
        status, headers, body = fetch(sites.url(path))
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=gbk"
        assert b'<meta charset="gbk">' in body
        text = body.decode("gb18030")
        assert truth.pages[path].title in text
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")


def test_gb2312_page_declares_charset_only_in_meta(sites):
    (path,) = get_truth().encodings["gb2312-meta"]
    status, headers, body = fetch(sites.url(path))
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in body
    assert get_truth().pages[path].title in body.decode("gb2312")


def test_utf8_pages_say_utf8(sites):
    path = get_truth().reprint.original
    status, headers, body = fetch(sites.url(path))
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert get_truth().reprint.title in body.decode("utf-8")


def test_error_pages(sites):
    truth = get_truth()
    status, headers, body = fetch(sites.url(truth.empty_page))
    assert (status, body, headers["Content-Length"]) == (200, b"", "0")
    status, _, body = fetch(sites.url(truth.malformed_page))
    assert status == 200 and b"</html>" not in body and b"<h1>" in body
    assert fetch(sites.url(truth.not_found))[0] == 404
    assert fetch(sites.url("/no/such/page.html"))[0] == 404
    assert fetch(sites.url("/p2p/invest/detail.html?pid=9999"))[0] == 404


def test_forum_root_redirects_to_index(sites):
    status, headers, _ = fetch(sites.url("/forum/"))
    assert (status, headers["Location"]) == (301, "/forum/forum.php")


def test_robots_and_sitemaps(sites):
    status, headers, body = fetch(sites.url("/robots.txt"))
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    robots = body.decode()
    assert "Disallow: /private/" in robots
    assert f"Sitemap: {sites.base_url}/sitemap.xml" in robots
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(fetch(sites.url("/sitemap.xml"))[2])
    (loc,) = [e.text for e in index.findall("s:sitemap/s:loc", ns)]
    urls = [e.text for e in ET.fromstring(fetch(loc)[2]).findall("s:url/s:loc", ns)]
    assert sites.url(get_truth().reprint.original) in urls


def test_rss_lists_every_article(sites):
    status, headers, body = fetch(sites.url("/news/rss.xml"))
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(body).findall("channel/item")
    truth = get_truth()
    articles = [p for p in truth.pages.values() if p.kind == "article"]
    assert len(items) == len(articles) >= 25
    assert all(i.findtext("pubDate", "").endswith("+0800") for i in items)
    links = {i.findtext("link") for i in items}
    assert sites.url(truth.reprint.reprints[0]) in links


def test_last_modified_head_and_conditional_get(sites):
    url = sites.url(get_truth().reprint.original)
    status, headers, body = fetch(url, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    stamp = headers["Last-Modified"]
    assert stamp == "Mon, 18 Mar 2024 00:40:00 GMT"
    assert fetch(url, headers={"If-Modified-Since": stamp})[0] == 304
    assert fetch(url, headers={"If-Modified-Since": "Sun, 17 Mar 2024 00:00:00 GMT"})[0] == 200


def test_list_pages_have_next_links(sites):
    for path in ("/news/finance/index.html", "/forum/forum-36-1.html", "/p2p/invest/list.html"):
        body = fetch(sites.url(path))[2].decode("utf-8")
        assert "下一页" in body, path
    last = fetch(sites.url("/news/finance/index_3.html"))[2].decode("utf-8")
    assert "上一页" in last and "下一页" not in last


def test_threads_have_several_pages_of_discuz_posts(sites):
    truth = get_truth()
    thread = [p for p in truth.posts if p.tid == 1230]
    assert len({p.path for p in thread}) == 3
    body = fetch(sites.url("/forum/thread-1230-3-1.html"))[2].decode("utf-8")
    for post in (p for p in thread if p.path.endswith("-3-1.html")):
        assert f'id="post_{post.pid}"' in body
        assert f'id="postmessage_{post.pid}"' in body
        assert f"<em>{post.floor}</em><sup>#</sup>" in body
    first = fetch(sites.url("/forum/thread-1230-1-1.html"))[2].decode("utf-8")
    assert "<em>沙发</em>" in first and "<em>板凳</em>" in first
    assert 'class="authi"' in first and 'class="t_f"' in first
    assert "发表于 2024-2-27 22:48" in first
    assert fetch(sites.url("/forum/thread-1230-4-1.html"))[0] == 404


def crawl(sites, start):
    """Breadth-first crawl of one site prefix; return (HTML pages found, 404 paths)."""
    prefix = "/" + start.strip("/").split("/")[0] + "/"
    seen, ok, missing = {start}, set(), set()
    queue = deque([start])
    while queue:
        path = queue.popleft()
        status, headers, body = fetch(sites.url(path))
        if status == 404:
            missing.add(path)
            continue
        if status == 301:
            target = urlsplit(urljoin(sites.url(path), headers["Location"]))
            queue.append(target.path)
            continue
        if headers["Content-Type"].startswith("text/html"):
            ok.add(path)
        text = body.decode(charset_of(headers, body), errors="replace")
        for href in re.findall(r'href="?([^"\s>]+)', text):
            url = urlsplit(urljoin(sites.url(path), href.replace("&amp;", "&")))
            target = url.path + (f"?{url.query}" if url.query else "")
            same_site = url.netloc == urlsplit(sites.base_url).netloc
            if same_site and target.startswith(prefix) and target not in seen:
                seen.add(target)
                queue.append(target)
    return ok, missing


@pytest.mark.parametrize("spec", SITES, ids=lambda s: s["name"])
def test_crawl_reaches_every_page_and_patterns_classify_them(sites, spec):
    ok, missing = crawl(sites, spec["start_path"])
    site = spec["type"]
    pages = {r.path for r in sites.content.pages(site)}
    assert ok == pages
    assert len(ok) == get_truth().page_counts[site]
    assert missing == ({get_truth().not_found} if site == "news" else set())
    items = [re.compile(p) for p in spec["item_patterns"].values()]
    lists = [re.compile(p) for p in spec["list_patterns"]]
    for resource in sites.content.pages(site):
        url = sites.url(resource.path)
        is_item = any(p.search(url) for p in items)
        is_list = any(p.search(url) for p in lists)
        assert not (is_item and is_list), url
        if resource.kind in ("article", "thread", "product", "notice"):
            assert is_item, url
        if resource.kind == "list":
            assert is_list, url
