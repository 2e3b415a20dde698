"""extract_article: per-source selectors, field chains and bounded work on odd input."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract import extract_article
from crawler.extract.dom import MAX_HTML_CHARS
from crawler.extract.title import strip_site_suffix
from tianluo.timeutil import SHANGHAI

CRAWL = datetime(2024, 3, 6, 12, 0, tzinfo=SHANGHAI)
PARAGRAPH = "监管部门提醒，承诺保本保息、年化收益率远高于市场水平的产品，往往涉嫌非法集资。"
PAGE = f"""<html><head><title>投资提醒_天罗网</title>
<meta name="publishdate" content="2024-03-01 08:00:00"></head><body>
<div class="post"><h1>投资提醒</h1><div class="byline">来源：人民网 记者 王五</div>
<div class="text"><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></div>
<div class="custom-date">发布：2024年3月2日 10:00</div>
<div class="custom-title">站点自定义标题</div></div></body></html>"""


def test_generic_fields() -> None:
    article = extract_article(PAGE, crawl_time=CRAWL)
    assert article.title == "投资提醒"
    assert article.published == datetime(2024, 3, 1, 8, 0, tzinfo=SHANGHAI)
    assert article.author == "王五"
    assert article.origin == "人民网"
    assert article.content == f"{PARAGRAPH}\n{PARAGRAPH}"


def test_css_and_xpath_selectors_win() -> None:
    selectors = {
        "title": "div.custom-title",
        "published": "//div[@class='custom-date']/text()",
        "author": "div.byline",
        "content": "div.text p:first-child",
    }
    article = extract_article(PAGE, crawl_time=CRAWL, selectors=selectors)
    assert article.title == "站点自定义标题"
    assert article.published == datetime(2024, 3, 2, 10, 0, tzinfo=SHANGHAI)
    assert article.author == "来源：人民网 记者 王五"
    assert article.content == PARAGRAPH


def test_selector_matching_nothing_or_invalid_keeps_generic_value() -> None:
    selectors = {"title": "div.nope", "author": "//*[", "content": "p:::bad", "unknown": "p"}
    article = extract_article(PAGE, crawl_time=CRAWL, selectors=selectors)
    assert article.title == "投资提醒"
    assert article.author == "王五"
    assert article.content == f"{PARAGRAPH}\n{PARAGRAPH}"


def test_editor_is_not_the_author() -> None:
    html = f"<h1>标题</h1><div>责任编辑：赵六</div><div><p>{PARAGRAPH}</p></div>"
    assert extract_article(html, crawl_time=CRAWL).author is None


def test_empty_and_whitespace_input() -> None:
    for html in ("", "   ", "\x00\x01", "<", "<html></html>", "<?xml version='1.0'?><a/>"):
        article = extract_article(html, crawl_time=CRAWL)
        assert article.content == ""
        assert article.published is None


def test_deeply_nested_input_is_bounded() -> None:
    html = "<div>" * 50_000 + PARAGRAPH + "</div>" * 50_000
    extract_article(html, crawl_time=CRAWL)


def test_oversized_input_is_truncated() -> None:
    paragraph = f"<p>{PARAGRAPH}</p>"
    html = "<html><body>" + paragraph * (MAX_HTML_CHARS // len(paragraph) + 1000) + "</body></html>"
    article = extract_article(html, crawl_time=CRAWL)
    assert 0 < len(article.content) <= MAX_HTML_CHARS


def test_strip_site_suffix() -> None:
    assert strip_site_suffix("标题_网易新闻") == "标题"
    assert strip_site_suffix("某公司逾期调查 - 新浪财经") == "某公司逾期调查"
    assert strip_site_suffix("1-10月固定资产投资趋稳") == "1-10月固定资产投资趋稳"
    assert strip_site_suffix("财经--最新出炉联合国贸发报告") == "最新出炉联合国贸发报告"
    assert strip_site_suffix("理论中国网 - 2022年第4期") == "2022年第4期"  # the site first
    assert strip_site_suffix("央行发文 - 新华网") == "央行发文"
    assert strip_site_suffix("你需要知道 - 新浪") == "你需要知道"  # a headline shaped like a site


def test_body_almost_missed_falls_back_to_the_densest_block() -> None:
    prose = "某地一家投资公司以保本高息为诱饵吸收公众存款，多名储户报案后警方立案调查。" * 4
    html = (
        "<html><head><title>储户报案</title></head><body><h1>储户报案</h1>"
        f"<div class='m'><a href='/a/1.html'>{prose}</a></div>"
        "<ul><li><a href='/x'>首页</a></li><li><a href='/y'>新闻</a></li></ul></body></html>"
    )
    article = extract_article(html)
    assert prose in article.content


def test_page_without_prose_has_no_body() -> None:
    html = "<html><body><ul><li><a href='/x'>首页</a></li><li><a href='/y'>新闻</a></li></ul></body></html>"
    assert extract_article(html).content == ""


def test_copyright_notice_and_top_byline_lines_are_not_body() -> None:
    prose = "某地一家投资公司以保本高息为诱饵吸收公众存款，多名储户报案后警方立案调查。" * 3
    html = (
        "<html><head><title>储户报案</title></head><body><h1>储户报案</h1><div>"
        f"<p>記者林悅／南市報導</p><p>{prose}</p><p>請繼續往下閱讀...</p><p>{prose}</p>"
        "<p>示例健康网(www.example.net)专稿，未经书面授权请勿转载。</p></div></body></html>"
    )
    content = extract_article(html).content
    assert prose in content
    assert "記者林悅" not in content
    assert "未经书面授权" not in content
    assert "往下閱讀" not in content


def test_blog_name_heading_is_not_the_title() -> None:
    prose = "某地一家投资公司以保本高息为诱饵吸收公众存款，多名储户报案后警方立案调查。" * 3
    html = (
        "<html><head><title>储户存款遭挪用 - 老张的博客 - 博客园</title></head><body>"
        f"<h1>老张的博客</h1><div class='post'><a>储户存款遭挪用</a><p>{prose}</p></div></body></html>"
    )
    assert extract_article(html).title == "储户存款遭挪用"


def test_editor_source_mirror_is_not_the_body() -> None:
    prose = "某地一家投资公司以保本高息为诱饵吸收公众存款，多名储户报案后警方立案调查。" * 3
    html = (
        "<html><head><title>储户报案</title></head><body><h1>储户报案</h1>"
        f"<div class='auto-textarea-wrapper'><pre>&gt; **{prose}**</pre></div>"
        f"<div class='show-content'><p>{prose}</p><p>{prose}</p><p>{prose}</p></div></body></html>"
    )
    content = extract_article(html).content
    assert prose in content and "**" not in content


def test_blog_heading_made_of_title_suffix_parts_is_not_the_title() -> None:
    prose = "某地一家投资公司以保本高息为诱饵吸收公众存款，多名储户报案后警方立案调查。" * 3
    html = (
        "<html><head><title>储户报案_追踪 (2) @ 老张的家_蓝天 :: 博客网 ::</title></head><body>"
        f"<h1>老张的家_蓝天</h1><h2>储户报案_追踪 (2)</h2><p>{prose}</p></body></html>"
    )
    assert extract_article(html).title == "储户报案_追踪 (2)"


ARTICLE_TEXT = (
    "<p>" + "平台以高息为诱饵吸收公众存款，投资人陆续无法提现，已向警方报案。" * 4 + "</p>"
)


def test_only_h1_is_the_title_when_the_title_tag_is_the_site_name() -> None:
    html = (
        "<html><head><title>南山论坛</title></head><body><div class='nav'>南山论坛</div>"
        f"<h1>理财平台暂停兑付的说明</h1>{ARTICLE_TEXT}</body></html>"
    )
    assert extract_article(html).title == "理财平台暂停兑付的说明"


@pytest.mark.parametrize(
    "heading",
    [
        "<h1><a href='/'>天罗财经网</a></h1><h1>另一个标题很长</h1>",
        "<h1><a href='/'>天罗财经网</a></h1>",
    ],
)
def test_a_logo_or_one_of_several_h1_is_not_the_title(heading: str) -> None:
    html = f"<html><head><title>储户报案</title></head><body>{heading}{ARTICLE_TEXT}</body></html>"
    assert extract_article(html).title == "储户报案"


def test_title_named_cell_is_the_title_when_no_heading_matches() -> None:
    html = (
        "<html><head><title>理财平台暂停兑付的情况说明 示例市人民医院</title></head><body>"
        "<h3>首页</h3><div class='title'>新闻动态</div><table><tr>"
        "<td class='title'>理财平台暂停兑付的情况说明</td></tr></table>"
        f"{ARTICLE_TEXT}</body></html>"
    )
    assert extract_article(html).title == "理财平台暂停兑付的情况说明"


def test_a_title_holder_copying_the_whole_title_tag_gives_the_headline_only() -> None:
    # no <h1>: the headline is in div.h-title, and a hidden share block repeats the
    # <title> with its site name; either way the title is the headline alone
    for order in (0, 1):
        holders = [
            "<div class='h-title'>关于开展防范非法集资宣传月活动的通知</div>",
            "<div style='display:none'><div class='share-title'>"
            "关于开展防范非法集资宣传月活动的通知-新华网</div></div>",
        ]
        html = (
            "<html><head><title>关于开展防范非法集资宣传月活动的通知-新华网</title></head>"
            f"<body>{holders[order]}{holders[1 - order]}{ARTICLE_TEXT}</body></html>"
        )
        assert extract_article(html).title == "关于开展防范非法集资宣传月活动的通知"


def test_badge_before_the_heading_is_not_part_of_the_title() -> None:
    html = (
        "<html><head><title>最不愁吃肉的国家</title></head><body>"
        f"<h2 class='title'><span>原创</span>最不愁吃肉的国家</h2>{ARTICLE_TEXT}</body></html>"
    )
    assert extract_article(html).title == "最不愁吃肉的国家"


def test_a_heading_opening_with_a_badge_word_keeps_it_when_the_title_does() -> None:
    html = (
        "<html><head><title>推荐算法的风险</title></head><body>"
        f"<h1>推荐算法的风险</h1>{ARTICLE_TEXT}</body></html>"
    )
    assert extract_article(html).title == "推荐算法的风险"


ISSUE_TITLE = "<html><head><title>示例理论网-2023年第2期</title></head><body>"
LONG_NOTE = "2023年第2期目录之外的一段非常非常长的说明文字，它不是标题，而是一段导读，介绍了本期的许多栏目、作者和编者按语"


@pytest.mark.parametrize(
    ("headings", "expected"),
    [
        # the <title> is "site-issue": only an <h3> gives the headline, and holds the issue
        ("<h3>《示例大学学报》2023年第2期</h3><h3>2023年第2期</h3>", "《示例大学学报》2023年第2期"),
        # a heading far longer than the title's part is a note, not the headline
        (f"<h3>{LONG_NOTE}</h3>", "示例理论网-2023年第2期"),
    ],
)
def test_first_heading_holding_the_titles_own_part_is_the_title(
    headings: str, expected: str
) -> None:
    html = f"{ISSUE_TITLE}{headings}{ARTICLE_TEXT}<h3>友情链接</h3></body></html>"
    assert extract_article(html).title == expected
