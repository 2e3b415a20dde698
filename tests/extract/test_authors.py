"""Authors are people's names: never sentences, e-mails, ids or the site's own name."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.byline import person_name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张晓明", "张晓明"),
        ("Jeremy Tsheng", "Jeremy Tsheng"),
        ("王文 wangwen@example.com", "王文"),
        ("name, email@gmail.com", None),
        ("105092", None),
        ("中国科普网", None),
        ("每日经济新闻", None),
        ("ETtoday新聞雲", None),
        ("英国汉普郡贝辛斯托克的一位女士放弃了她在殡仪馆的工作", None),
        ("他说，这是真的", None),
        ("《中国企业家》记者", None),
        ("通过电子邮件联系了富士康", None),
        ("致电该公司客服", None),
        ("参考消息", None),
        ("新浪财经-自媒体综合", None),
    ],
)
def test_person_name(value: str, expected: str | None) -> None:
    assert person_name(value) == expected


def test_site_name_from_the_title_is_not_the_author() -> None:
    assert person_name("财经快报", "央行发文_财经快报") is None


@pytest.mark.parametrize("value", ["sina_mobile", "chinanews"])
def test_site_id_written_in_its_links_is_not_the_author(value: str) -> None:
    hosts = "finance.sina.cn www.chinanews.com.cn"
    assert person_name(value, hosts) is None
    assert person_name("cdylng", hosts) == "cdylng"  # a user name is kept


def test_several_names_after_the_label() -> None:
    html = page("", "本报记者 王乐文 方敏 分享到")
    assert extract_article(html).author == "王乐文 方敏"


BODY = "<p>" + "某地一家投资公司以高息为诱饵吸收公众存款，多名储户报案。" * 6 + "</p>"


def page(head: str, byline: str) -> str:
    return (
        f"<html><head><title>储户存款遭挪用_示例网</title>{head}</head><body>"
        f"<h1>储户存款遭挪用</h1><div>{byline}</div>{BODY}</body></html>"
    )


def test_meta_site_name_falls_back_to_the_byline() -> None:
    html = page('<meta name="author" content="示例网">', "2024-03-05 来源：本报 作者：李明")
    assert extract_article(html).author == "李明"


def test_reporter_after_the_outlet() -> None:
    html = page("", "作者：《中国企业家》记者 林涛")
    assert extract_article(html).author == "林涛"


def test_traditional_reporter_line() -> None:
    html = page("", "記者林悅／南市報導")
    assert extract_article(html).author == "林悅"


def test_email_author_meta_is_dropped() -> None:
    html = page('<meta name="author" content="name, email@gmail.com">', "")
    assert extract_article(html).author is None


def test_author_at_the_end_of_the_body() -> None:
    html = page("", "").replace("</body>", "<p>作者 王之言 高孜然</p></body>")
    assert extract_article(html).author in {"王之言", "王之言 高孜然"}


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("记者从沙坪坝区公安分局了解到，", None),
        ("据红周刊记者分析称", None),
        ("文/图 刘玺东 易赛楠", "刘玺东 易赛楠"),
        ("冀勇庆 2015-06-25 08:46:42 0人参与评论", "冀勇庆"),
    ],
)
def test_byline_shapes(byline: str, expected: str | None) -> None:
    assert extract_article(page("", byline)).author == expected


def test_author_element_by_class() -> None:
    html = page("", "").replace(
        "<div></div>", "<div class='author-txt'><p class='author-name'>加拿大必读</p></div>"
    )
    assert extract_article(html).author == "加拿大必读"


def test_long_author_element_is_not_a_name() -> None:
    text = "本文作者长期关注金融市场与地方债务问题并撰写多篇评论文章"
    html = page("", "").replace("<div></div>", f"<div class='byline'>{text}</div>")
    assert extract_article(html).author is None


def test_schema_org_author_meta_name() -> None:
    person = (
        '<div itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<meta itemprop="name" content="林小川"><span>金融从业者，关注理财骗局</span></div>'
    )
    assert extract_article(page("", person)).author == "林小川"


def test_innermost_author_element_without_the_rank() -> None:
    poster = '<div class="post-author"><a class="author-link">周一鸣</a><span>2级</span></div>'
    assert extract_article(page("", poster)).author == "周一鸣"


@pytest.mark.parametrize(
    "text", ["关于作者", "联系作者微信扫码", "[责任编辑：杜智]", "成就一亿技术人!"]
)
def test_author_element_with_a_label_or_prompt_is_not_a_name(text: str) -> None:
    assert extract_article(page("", f'<div class="author">{text}</div>')).author is None


def test_author_element_before_the_headline_is_another_article() -> None:
    html = page("", "").replace("<h1>", '<div class="column-author">郑钧</div><h1>')
    assert extract_article(html).author is None
    assert extract_article(page("", '<div class="column-author">郑钧</div>')).author == "郑钧"


def test_zero_width_space_is_not_part_of_the_name() -> None:
    person = '<span itemprop="author"><meta itemprop="name" content="吕晓\u200b"></span>'
    assert extract_article(page("", person)).author == "吕晓"


def test_floor_label_is_not_the_poster() -> None:
    html = page(
        "",
        '<div class="authi"><a>老陈说事</a></div><div>楼主</div><div>发表于 2016-3-8 21:05</div>',
    )
    assert extract_article(html).author == "老陈说事"
    assert (
        extract_article(page("", "<div>沙发</div><div>发表于 2016-3-8 21:05</div>")).author is None
    )


def test_latin_word_after_a_chinese_name_is_not_part_of_it() -> None:
    html = page("", "Posted by 李明 Jan 24th, 2015")
    assert extract_article(html).author == "李明"


def test_blog_owner_in_the_title() -> None:
    html = page("", "").replace("储户存款遭挪用_示例网", "储户存款遭挪用_老王的博客_示例博客")
    assert extract_article(html).author == "老王"


def test_blog_footer_after_the_body_names_the_author() -> None:
    footer = '<p class="postfoot">posted on 2006-08-23 19:26 <a href="/cg/">陈刚</a> 阅读(4477)</p>'
    post = f"<div class='post'><div class='postbody'>{BODY * 4}</div></div>"
    html = page("", "").replace(
        BODY, f"<div class='main'>{post}<div class='x'>{footer}</div></div>"
    )
    assert extract_article(html).author == "陈刚"


def test_nickname_element_names_the_poster() -> None:
    html = page("", '<a class="follow-nickName" href="/u/1">Jeremy Tsheng</a> 2023-03-12 12:18')
    assert extract_article(html).author == "Jeremy Tsheng"


def test_wechat_account_name_is_not_the_author() -> None:
    byline = (
        '<span class="rich_media_meta rich_media_meta_nickname">'
        '<a id="js_name">掌上示例</a><strong class="profile_nickname">掌上示例</strong></span>'
    )
    assert extract_article(page("", byline)).author is None


@pytest.mark.parametrize("stamp", ["10月前", "3小时前", " 昨天 12:30", "刚刚"])
def test_relative_time_after_a_poster_name_is_cut(stamp: str) -> None:
    html = page("", f'<div class="topic_username"><a>小诺抓</a>{stamp}</div>')
    assert extract_article(html).author == "小诺抓"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("本报记者 王乐文 方 敏 分享到", "王乐文 方敏"),
        ("本报记者 方 敏 王乐文", "方敏 王乐文"),
        ("记者 方　敏", "方敏"),
    ],
)
def test_two_character_name_padded_with_a_space_is_one_name(byline: str, expected: str) -> None:
    assert extract_article(page("", byline)).author == expected


def test_meta_author_the_page_credits_as_editor_is_not_the_author() -> None:
    html = (
        '<html><head><title>储户存款遭挪用_示例网</title><meta name="author" content="肖一芳">'
        "</head><body><h1>储户存款遭挪用</h1><div>作者︱春春</div>"
        f"{BODY}<div>责任编辑：肖一芳</div></body></html>"
    )
    assert extract_article(html).author == "春春"


def test_meta_author_not_credited_as_editor_stays() -> None:
    html = page('<meta name="author" content="肖一芳">', "肖一芳 发布")
    assert extract_article(html).author == "肖一芳"


def test_byline_beats_a_meta_author_the_article_does_not_show() -> None:
    html = page('<meta name="author" content="肖一芳">', "作者︱春春")
    assert extract_article(html).author == "春春"


@pytest.mark.parametrize(
    "byline", ["文丨王小明", "作者︱王小明", "文︱王小明", "撰稿：王小明", "执笔：王小明"]
)
def test_vertical_bar_labels_name_the_author(byline: str) -> None:
    assert extract_article(page("", byline)).author == "王小明"


def test_weibo_account_in_the_title_is_the_author() -> None:
    html = page("", "").replace(
        "储户存款遭挪用_示例网", "【储户存款遭挪用】 - @示例新闻的微博 - 微博"
    )
    assert extract_article(html).author == "示例新闻"


def test_site_shaped_name_in_the_byline_is_still_not_the_author() -> None:
    assert extract_article(page("", "作者：示例新闻")).author is None


def test_what_the_reporter_did_is_not_a_name() -> None:
    html = page("", "2024-03-05 来源：本报<p>记者通过电子邮件联系了该公司，对方未回复。</p>")
    assert extract_article(html).author is None


@pytest.mark.parametrize(
    "byline",
    [
        '<a rel="author" href="/u/7">王小明</a> 2024-03-05',
        '<span class="writer">王小明</span> 2024-03-05',
    ],
)
def test_rel_author_link_and_writer_element_name_the_author(byline: str) -> None:
    assert extract_article(page("", byline)).author == "王小明"


def test_og_article_author_meta_names_the_author() -> None:
    html = page('<meta property="og:article:author" content="王小明">', "2024-03-05")
    assert extract_article(html).author == "王小明"


@pytest.mark.parametrize(
    "value",
    [
        "本站",
        "管理员",
        "admin",
        "Webmaster",
        "网友",
        "匿名",
        "佚名",
        "小编",
        "新浪网友",
        "网友 12345",
    ],
)
def test_generic_words_are_nobody(value: str) -> None:
    assert person_name(value) is None


def test_a_generic_byline_falls_through_to_the_real_one() -> None:
    html = page("", "作者：佚名").replace(BODY, BODY + "<p>（记者 李小明）</p>")
    assert extract_article(html).author == "李小明"


def test_meta_author_only_in_the_footer_gives_way_to_the_poster() -> None:
    html = (
        "<html><head><title>解决依赖报错_示例社区</title><meta name='author' content='Summer'>"
        "</head><body><h1>解决依赖报错</h1><div>my38778570 的个人博客 / 37 / 0</div>"
        f"{BODY * 4}<div class='signature'>由 Summer 设计和编码</div></body></html>"
    )
    assert extract_article(html).author == "my38778570"


def test_meta_author_the_article_never_shows_is_still_a_fallback() -> None:
    assert extract_article(page("<meta name='author' content='张晓明'>", "")).author == "张晓明"


def test_poster_name_on_its_own_line_above_the_date() -> None:
    html = page("", "<a class='reply-user'>5点半的Allen</a><br><span>2023-06-14</span>")
    assert extract_article(html).author == "5点半的Allen"


def test_a_control_above_the_date_is_not_a_poster() -> None:
    assert extract_article(page("", "<span>举报</span><br><span>2023-06-14</span>")).author is None


def test_a_hidden_columnist_widget_is_not_the_author() -> None:
    widget = (
        "<div style='display:none'><div class='slide'><div class='author'><span>"
        "<a href='/zl/1.shtml'>吴晓波</a></span></div><h2>房价操控术</h2></div></div>"
    )
    html = page("", "").replace("</body>", widget + "</body>")
    assert extract_article(html).author is None
    shown = html.replace(" style='display:none'", "")
    assert extract_article(shown).author == "吴晓波"  # the same element in sight is read


@pytest.mark.parametrize(
    "byline", ["记者 王小明 通讯员 李四", "记者 王小明 实习生 李四", "记者 王小明 报道"]
)
def test_the_reporters_names_stop_at_another_role(byline: str) -> None:
    assert extract_article(page("", byline)).author == "王小明"


def test_a_site_written_before_the_title_is_cut_off() -> None:
    html = (
        f"<html><head><title>示例新闻网 - 储户存款遭挪用</title></head><body>{BODY}</body></html>"
    )
    assert extract_article(html).title == "储户存款遭挪用"


def test_jsonld_authors_are_people_joined_by_spaces() -> None:
    people = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
        '{"@type": "Person", "name": "王乐文"}, {"@type": "Person", "name": "方敏"}]}</script>'
    )
    assert extract_article(page(people, "")).author == "王乐文 方敏"


def test_a_jsonld_organization_is_not_the_author() -> None:
    site = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"author": {"@type": "Organization", "name": "晨光"}}</script>'
    )
    assert extract_article(page(site, "")).author is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三、李四", "张三 李四"),
        ("张三,李四", "张三 李四"),
        ("张三,新华网", None),  # one of them is the site: the value is not a byline
        ("新华社记者 张三", "张三"),
        ("作者：李四", "李四"),
        ("今天天气，很好看啊", None),  # a sentence with a comma is no list of names
    ],
)
def test_listed_and_labelled_meta_values(value: str, expected: str | None) -> None:
    assert person_name(value) == expected


@pytest.mark.parametrize(
    "byline", ["发帖人：mobyle", "提问者：mobyle", "博主：mobyle", "mobyle 发表于 2023-1-5 12:30"]
)
def test_poster_labels_name_the_poster(byline: str) -> None:
    assert extract_article(page("", byline)).author == "mobyle"
