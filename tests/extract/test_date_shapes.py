"""Dates of every shape: post lines, US style, English months, Chinese numerals, URL paths,
relative dates, the dateline, and the priority and sanity checks around them."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract import extract_article
from crawler.extract.dates import cn_numerals_to_digits, date_from_url, parse_date
from tianluo.timeutil import SHANGHAI

CRAWL = datetime(2024, 6, 1, 12, 0, tzinfo=SHANGHAI)


def sh(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发表于 2011-7-3 09:15", sh(2011, 7, 3, 9, 15)),
        ("于2009年11月2日8:05:33发表", sh(2009, 11, 2, 8, 5, 33)),
        ("6/28/2010 3:04:51 PM", sh(2010, 6, 28, 15, 4, 51)),
        ("12/1/2010 12:05 AM", sh(2010, 12, 1, 0, 5)),
        ("Posted by 小王 Feb 1st, 2015", sh(2015, 2, 1)),
        ("December 10, 2012", sh(2012, 12, 10)),
        ("十一月 6th, 2009", sh(2009, 11, 6)),
        ("二〇一二年六月五日", sh(2012, 6, 5)),
        ("二〇〇九年十二月三十一日", sh(2009, 12, 31)),
        ("24-5-13 17:07", sh(2024, 5, 13, 17, 7)),
        ("昨天 10:20", sh(2024, 5, 31, 10, 20)),
        ("3小时前", sh(2024, 6, 1, 9, 0)),
        ("刚刚", sh(2024, 6, 1, 12, 0)),
    ],
)
def test_shapes(text: str, expected: datetime) -> None:
    assert parse_date(text, crawl_time=CRAWL) == expected


def test_chinese_numerals_rewritten_only_before_date_words() -> None:
    assert cn_numerals_to_digits("二〇一二年六月二十五日") == "2012年6月25日"
    assert cn_numerals_to_digits("一二三四五") == "一二三四五"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.example.cn/2012-06-05/123.html", sh(2012, 6, 5)),
        ("http://www.example.gov.cn/xw/201206/t20120605_88.htm", sh(2012, 6, 5)),
        ("http://finance.example.cn/n1/2024/0510/c1004-1.html", sh(2024, 5, 10)),
        ("http://www.example.cn/20240509/3dd6e33/c.html", sh(2024, 5, 9)),
        ("https://politics.example.cn/2024-05/13/content_1.htm", sh(2024, 5, 13)),
        ("http://www.example.cn/about/contact.html", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


def page(head: str, body: str) -> str:
    return f"<html><head><title>储户存款遭挪用</title>{head}</head><body>{body}</body></html>"


ARTICLE = "<p>" + "某地一家投资公司以高息为诱饵吸收公众存款，多名储户报案。" * 6 + "</p>"


def published(html: str, url: str | None = None) -> datetime | None:
    return extract_article(html, url=url, crawl_time=CRAWL).published


def test_forum_post_line_after_the_post() -> None:
    html = page(
        "", f"<h1>储户存款遭挪用</h1>{ARTICLE}<div>posted on 2010-12-29 23:19 陈刚 阅读(66)</div>"
    )
    assert published(html) == sh(2010, 12, 29, 23, 19)


def test_thread_line_yu_fabiao() -> None:
    html = page(
        "", f"<h1>储户存款遭挪用</h1>{ARTICLE}<p>本帖由 老张 于2009年11月2日8:05:33发表</p>"
    )
    found = published(html)
    assert found is not None and found.date() == sh(2009, 11, 2).date()


def test_lone_dateline_beats_yearless_lead() -> None:
    html = page(
        "",
        "<div class='nav'>首页 &gt; 要闻</div><h2>其他</h2><div>2023-12-01 14:43</div>"
        "<h1>储户存款遭挪用</h1><p>新华社上海11月30日电 "
        + "某地一家投资公司吸收公众存款。" * 8
        + "</p>",
    )
    found = published(html)
    assert found is not None and found.date() == sh(2023, 12, 1).date()


def test_url_date_before_yearless_text() -> None:
    html = page(
        "", "<h1>储户存款遭挪用</h1><p>5月9日电 " + "某地一家投资公司吸收公众存款。" * 8 + "</p>"
    )
    assert published(html, "http://news.example.cn/20240509/abc/c.html") == sh(2024, 5, 9)


def test_yearless_label_takes_the_metadata_year() -> None:
    html = page(
        '<meta itemprop="dateUpdate" content="2019-10-08 12:00:57">',
        f"<h1>储户存款遭挪用</h1><span>发布时间：10-08</span><span>12:00</span>{ARTICLE}",
    )
    assert published(html) == sh(2019, 10, 8, 12, 0)


def test_meta_wins_over_text_and_jsonld_over_time_tag() -> None:
    html = page(
        '<meta property="article:published_time" content="2024-03-05T09:30:00+08:00">',
        f"<h1>储户存款遭挪用</h1><p>发布时间：2024-03-04 08:00</p>{ARTICLE}",
    )
    assert published(html) == sh(2024, 3, 5, 9, 30)
    jsonld = (
        '<script type="application/ld+json">{"datePublished": "2024-02-01T08:00:00+08:00"}</script>'
    )
    html = page(
        jsonld,
        f"<h1>储户存款遭挪用</h1><time datetime='2024-02-03T08:00:00+08:00'></time>{ARTICLE}",
    )
    assert published(html) == sh(2024, 2, 1, 8, 0)


def test_time_tag_before_text() -> None:
    html = page(
        "",
        f"<h1>储户存款遭挪用</h1><time datetime='2015-02-01T16:27:43+08:00'>Feb 1st</time>{ARTICLE}<p>2015-03-01</p>",
    )
    assert published(html) == sh(2015, 2, 1, 16, 27, 43)


def test_never_later_than_the_crawl() -> None:
    html = page(
        "",
        f"<h1>储户存款遭挪用</h1><p>发布时间：2030-01-01 08:00</p>{ARTICLE}<div>2024-05-20 10:00</div>",
    )
    found = published(html)
    assert found is None or found <= CRAWL


def test_comment_and_footer_dates_are_not_the_publish_date() -> None:
    html = page(
        "",
        f"<h1>储户存款遭挪用</h1><div class='info'>2024-05-02 08:00 来源：本报</div>{ARTICLE}"
        "<div class='comment'><p>网友评论 2024-05-30 10:00</p></div>"
        "<div class='footer'>Copyright 2024-05-31</div>",
    )
    assert published(html) == sh(2024, 5, 2, 8, 0)


def test_two_digit_year_dateline() -> None:
    html = page("", f"<div>头条新闻</div><div>24-5-13 17:07</div><div>来自 微博</div>{ARTICLE}")
    assert published(html) == sh(2024, 5, 13, 17, 7)


def test_canonical_address_dates_a_page_without_a_url() -> None:
    body = "<p>监管部门提醒，承诺保本高息的理财产品往往涉嫌非法集资，市民应提高警惕。</p>" * 3
    html = (
        "<html><head><title>风险提示</title>"
        "<link rel='canonical' href='http://news.example.cn/2019-05/17/c_1234.htm'></head>"
        f"<body><h1>风险提示</h1><div>{body}</div></body></html>"
    )
    found = extract_article(html, crawl_time=CRAWL).published
    assert found is not None and found.date().isoformat() == "2019-05-17"
    assert extract_article(html, url="http://x.cn/2018-01/02/a.htm").published is not None


def headed(dateline: str) -> str:
    return page("", f"<h1>储户存款遭挪用</h1><div>{dateline}</div>{ARTICLE}")


@pytest.mark.parametrize(
    "dateline",
    [
        "更新时间：2024-03-08 10:00 发布时间：2024-03-05 09:30",
        "修改时间：2024-03-08 10:00 | 发表于 2024-03-05 09:30",
        "最后更新：2024-03-08 发布日期：2024-03-05 09:30",
    ],
)
def test_publish_label_beats_an_update_label_before_it(dateline: str) -> None:
    assert published(headed(dateline)) == sh(2024, 3, 5, 9, 30)


def test_an_update_label_alone_still_dates_the_page() -> None:
    assert published(headed("更新时间：2024-03-08")) == sh(2024, 3, 8)


@pytest.mark.parametrize("shown", ["3&nbsp;天前", "昨天&nbsp;10:20", "刚刚"])
def test_relative_stamp_is_dated_by_its_title_attribute(shown: str) -> None:
    stamp = f'<span class="authi">发表于 <span title="2023-5-6 10:20:30">{shown}</span></span>'
    assert published(headed(stamp)) == sh(2023, 5, 6, 10, 20, 30)


def test_a_title_attribute_that_is_not_a_date_leaves_the_stamp() -> None:
    found = published(headed('发表于 <span title="2023年度最佳">3 天前</span>'))
    assert found is not None and found.date() == sh(2024, 5, 29).date()
