"""The generated content: determinism, planted stories, decoys and the reprint cluster."""

import difflib
import json
import re
from html import unescape

from demo.content import build_content
from demo.enterprises import ENTERPRISES
from demo.pages import ENCODINGS
from demo.truth import RISK_TYPES, get_truth

RISK_WORDS = (
    "保本保息", "稳赚不赔", "提现困难", "跑路", "失联", "人去楼空", "拉人头", "非法集资", "高息",
)  # fmt: skip


def page_text(resource):
    """Decoded visible text of a resource (tags stripped, entities resolved)."""
    encoding = resource.item.encoding if resource.item else "utf-8"
    html = resource.body.decode(ENCODINGS[encoding][0])
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def main_text(resource):
    """Text of the article body or the forum posts, without nav, sidebar and footer."""
    html = resource.body.decode(ENCODINGS[resource.item.encoding][0])
    for pattern in (r'id="artibody">(.*?)</div>', r'id="postlist"(.*)<div class="pgs'):
        match = re.search(pattern, html, re.S)
        if match:
            return unescape(re.sub(r"<[^>]+>", " ", match.group(1)))
    return page_text(resource)


def mentions(text, enterprise):
    return any(name in text for name in enterprise.names)


CONTENT = build_content()
TRUTH = get_truth()


def test_generation_is_deterministic():
    again = build_content()
    assert list(again.routes) == list(CONTENT.routes)
    for path, resource in CONTENT.routes.items():
        assert again.routes[path] == resource, path


def test_size_is_modest():
    total = sum(TRUTH.page_counts.values())
    assert 60 <= total <= 80
    assert TRUTH.page_counts == {s: len(CONTENT.pages(s)) for s in ("news", "forum", "p2p")}
    articles = [p for p in TRUTH.pages.values() if p.kind == "article"]
    assert len(articles) >= 25


def test_roles_and_watchlist_gap():
    assert len(TRUTH.risky) >= 4
    assert len(TRUTH.decoys) >= 2 and len(TRUTH.ordinary) >= 3
    assert [e.name for e in TRUTH.not_on_watchlist] == ["成都蜀汇鼎丰投资咨询有限公司"]
    covered = {risk for e in TRUTH.risky for risk in e.risks}
    assert covered == set(RISK_TYPES)


def test_planted_enterprises_appear_on_their_pages():
    for enterprise in (*TRUTH.risky, *TRUTH.decoys, *TRUTH.ordinary):
        paths = TRUTH.pages_about(enterprise.name)
        assert paths, enterprise.name
        for path in paths:
            assert mentions(page_text(CONTENT.routes[path]), enterprise), (enterprise.name, path)
    for enterprise in TRUTH.risky:
        sites = {TRUTH.pages[p].site for p in TRUTH.pages_about(enterprise.name)}
        assert "forum" in sites, enterprise.name


def test_every_risky_enterprise_has_risk_pages_in_risk_words():
    for enterprise in TRUTH.risky:
        texts = [main_text(CONTENT.routes[p]) for p in TRUTH.pages_about(enterprise.name)]
        assert any(any(w in t for w in RISK_WORDS) for t in texts), enterprise.name


def test_decoys_appear_only_on_their_own_pages():
    # Boilerplate (热门文章 sidebar, 上一篇/下一篇) repeats other titles: compare main text.
    for enterprise in (*TRUTH.decoys, *TRUTH.ordinary):
        found = {
            path
            for path, page in TRUTH.pages.items()
            if mentions(main_text(CONTENT.routes[path]), enterprise)
        }
        assert found == set(TRUTH.pages_about(enterprise.name)), enterprise.name
        for path in found:
            assert TRUTH.pages[path].topic in ("decoy", "ordinary"), path


def test_decoy_pages_are_packed_with_risk_words_but_name_no_risky_enterprise():
    decoys = TRUTH.pages_with_topic("decoy")
    assert len(decoys) >= 6
    for path in decoys:
        text = main_text(CONTENT.routes[path])
        assert sum(w in text for w in RISK_WORDS) >= 2, path
        assert not any(mentions(text, e) for e in TRUTH.risky), path


def test_unrelated_watchlist_entries_appear_nowhere():
    texts = [page_text(r) for r in CONTENT.routes.values() if r.content_type.startswith("text/")]
    for enterprise in TRUTH.others:
        assert not any(mentions(t, enterprise) for t in texts), enterprise.name


def test_reprint_cluster_is_near_identical_with_different_sources():
    story = TRUTH.reprint
    assert len(story.paths) >= 4 and len(set(story.outlets)) == 3
    original = main_text(CONTENT.routes[story.original])
    for path, outlet in zip(story.paths, story.outlets, strict=False):
        assert f"来源：{outlet}" in page_text(CONTENT.routes[path])
    for path in story.paths[1:]:
        copy = main_text(CONTENT.routes[path])
        if path == story.forum:
            html = CONTENT.routes[path].body.decode("utf-8")
            quote = re.findall(r"<blockquote>(.*?)</blockquote>", html, re.S)[-1]
            copy = unescape(re.sub(r"<[^>]+>", " ", quote))
        ratio = difflib.SequenceMatcher(None, original, copy, autojunk=False).ratio()
        assert 0.85 < ratio < 1.0, (path, ratio)
    sites = {TRUTH.pages[p].site for p in story.paths}
    assert sites == {"news", "forum"}


def test_articles_vary_their_date_formats():
    texts = {path: page_text(CONTENT.routes[path]) for path in TRUTH.pages}
    raw = {path: CONTENT.routes[path].body for path in TRUTH.pages}
    found = {
        "cn": any(re.search(r"2024年\d{1,2}月\d{1,2}日 \d\d:\d\d", t) for t in texts.values()),
        "iso": any(re.search(r"2024-\d\d-\d\d \d\d:\d\d:\d\d", t) for t in texts.values()),
        "slash": any(re.search(r"2024/\d{1,2}/\d{1,2}", t) for t in texts.values()),
        "meta": any(b'property="article:published_time"' in b for b in raw.values()),
        "jsonld": any(b'"datePublished"' in b for b in raw.values()),
    }
    assert all(found.values()), found


def test_json_ld_and_meta_dates_match_truth():
    for path, page in TRUTH.pages.items():
        html = CONTENT.routes[path].body.decode(ENCODINGS[page.encoding][0])
        match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        if match:
            assert page.published is not None
            assert json.loads(match.group(1))["datePublished"] == page.published.isoformat()
        meta = re.search(r'article:published_time" content="([^"]+)"', html)
        if meta:
            assert page.published is not None
            assert meta.group(1) == page.published.isoformat()


def test_forum_posts_show_discuz_times_and_floors():
    by_path: dict[str, list] = {}
    for post in TRUTH.posts:
        by_path.setdefault(post.path, []).append(post)
    for path, posts in by_path.items():
        html = CONTENT.routes[path].body.decode("utf-8")
        for post in posts:
            block = html.split(f'id="post_{post.pid}"', 1)[1].split('<div id="post_', 1)[0]
            assert post.author in block
            t = post.posted
            assert f"{t.year}-{t.month}-{t.day} {t:%H:%M}" in block


def test_p2p_pages_make_the_planted_promises():
    text = " ".join(
        page_text(r) for r in CONTENT.routes.values() if r.site == "p2p" and r.status == 200
    )
    for phrase in ("年化收益率18%", "月息2分", "年化15%-20%", "3个月", "保本保息", "稳赚不赔"):
        assert phrase in text, phrase
    for phrase in ("100%本息保障", "提现延迟公告", "关于逾期项目的说明", "清盘公告", "良性退出"):
        assert phrase in text, phrase
    profile = page_text(CONTENT.routes["/p2p/about.html"])
    assert "注册资本" in profile and ENTERPRISES[0].credit_code in profile


def test_names_are_unique_and_unambiguous():
    names = [n for e in ENTERPRISES for n in e.names]
    assert len(names) == len(set(names))
    for a in ENTERPRISES:
        for b in ENTERPRISES:
            if a is not b:
                assert not any(x in y for x in a.names for y in b.names), (a.name, b.name)


def test_article_truth_matches_the_meta_line():
    for path, page in TRUTH.pages.items():
        if page.kind != "article" or page.special == "empty":
            continue
        text = page_text(CONTENT.routes[path])
        assert page.title in text and f"来源：{page.source}" in text, path
        if page.special is None:
            assert page.author in text, path
