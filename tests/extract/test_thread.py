"""Threads and Q&A pages: the first of the repeated posts (or the question) is the article."""

from __future__ import annotations

from datetime import datetime

from crawler.extract import extract_article
from tianluo.timeutil import SHANGHAI

REPLY = "我也遇到过这种情况，那家平台先是承诺每月返息百分之三，后来就联系不上客服了，大家千万小心。"
QUESTION = "朋友推荐了一个养老项目，说投十万每年返两万，还送保健品，这种是不是非法集资？"


def thread(first: str, replies: int = 3) -> str:
    """A thread in the shape of Tieba or Discuz!: posts share one template, ids differ."""
    posts = [
        f'<div class="l_post j_l_post" id="post_{index}"><div class="author">用户{index}</div>'
        f'<div class="d_post_content post_{index}">{text}</div></div>'
        for index, text in enumerate([first] + [REPLY * 2] * replies)
    ]
    return (
        "<html><head><title>高息养老项目靠谱吗_投资吧</title></head><body>"
        f"<h3>高息养老项目靠谱吗</h3><div class='postlist'>{''.join(posts)}</div></body></html>"
    )


def test_first_post_wins_over_a_longer_reply() -> None:
    article = extract_article(thread(QUESTION))
    assert article.content == QUESTION


def test_first_post_of_links_only_is_kept() -> None:
    article = extract_article(thread('<a href="/topic?name=x">#养老理财#</a>'))
    assert article.content == "#养老理财#"


def test_question_detail_before_the_answers() -> None:
    answers = "".join(
        f'<div class="answer"><div class="rich-text clearfix">{REPLY * 3}</div></div>'
        for _ in range(3)
    )
    html = (
        "<html><head><title>这种理财是不是骗局？</title></head><body>"
        f"<h2>这种理财是不是骗局？</h2><div id='detail'><div class='rich-text'>{QUESTION}</div>"
        f"</div><div class='answers'>{answers}</div></body></html>"
    )
    assert extract_article(html).content == QUESTION


def test_teaser_with_the_body_template_before_the_headline_is_not_a_post() -> None:
    teaser = f'<div class="text">{REPLY}</div>'
    body = f'<div class="text"><p>{QUESTION}</p><p>{REPLY}</p></div>'
    html = (
        "<html><head><title>监管提示</title></head><body>"
        f"<div class='column-a'>{teaser}</div><h1>监管提示</h1>{body}</body></html>"
    )
    assert QUESTION in extract_article(html).content


def test_article_with_repeated_paragraph_class_is_whole() -> None:
    paragraphs = "".join(f'<p class="para">{REPLY}{index}</p>' for index in range(4))
    html = f"<html><head><title>提示</title></head><body><h1>提示</h1><div>{paragraphs}</div></body></html>"
    assert extract_article(html).content.count(REPLY) == 4


def test_the_answer_items_own_date_is_the_publish_date() -> None:
    answer = (
        '<div itemprop="suggestedAnswer" itemscope itemtype="http://schema.org/Answer">'
        '<meta itemprop="dateCreated" content="2023-03-01T06:29:33.000Z">'
        '<div itemprop="author" itemscope itemtype="http://schema.org/Person">'
        '<meta itemprop="dateCreated" content="2015-01-01T00:00:00.000Z"></div>'
        f'<div class="rich-text">{REPLY * 3}</div></div>'
    )
    html = (
        '<html><head><title>这种理财是不是骗局？</title></head><body itemscope itemtype="http://schema.org/Question">'
        '<meta itemprop="dateCreated" content="2023-02-28T14:58:49.000Z">'
        f"<h1>这种理财是不是骗局？</h1>{answer}</body></html>"
    )
    article = extract_article(html)
    assert article.published is not None
    assert article.published.date().isoformat() == "2023-03-01"
    assert article.content == REPLY * 3


def qa_page(detail: str) -> str:
    """A Q&A page in the shape of Baidu Zhidao: the question detail, then answers in another
    template."""
    answers = "".join(
        f'<div class="answer" id="answer-{index}"><div class="line"><span class="uname">答主{index}</span>'
        f'<span class="time">2023-06-1{index}</span></div><div class="answer-text">{REPLY * 2}</div></div>'
        for index in range(3)
    )
    return (
        "<html><head><title>高息养老项目靠谱吗_问答</title></head><body>"
        f"<div class='ask'><h1>高息养老项目靠谱吗</h1><div class='ask-detail'>{detail}</div>"
        f"<div class='ask-info'>3个回答</div></div><div class='answers'>{answers}</div></body></html>"
    )


def test_question_detail_is_the_article_on_a_qa_page() -> None:
    assert extract_article(qa_page(QUESTION)).content == QUESTION


def test_collapsed_question_excerpt_leaves_the_first_answer() -> None:
    article = extract_article(qa_page(QUESTION[:30] + "…"))
    assert article.content == REPLY * 2


def test_posts_numbered_only_by_their_ids_are_a_thread() -> None:
    posts = "".join(
        f"<div id='post_{index}'><div>用户{index}</div><div>发表于 2024-3-{index} 10:00</div>"
        f"<div>{text}</div></div>"
        for index, text in enumerate([QUESTION] + [REPLY * 2] * 3, start=1)
    )
    html = (
        "<html><head><title>高息养老项目靠谱吗</title></head><body>"
        f"<h1>高息养老项目靠谱吗</h1>{posts}</body></html>"
    )
    assert extract_article(html).content == QUESTION


ARTICLE = [
    "市金融办近日通报，一家投资咨询公司以养老服务为名，向老年人推销所谓的高息产品。",
    "调查发现，该公司从未取得金融许可，所谓收益全部来自后来者的本金，是典型的资金池。",
    "警方已对该公司负责人立案侦查，并冻结了涉案账户中的部分资金，案件仍在办理之中。",
    "金融办提醒，凡是承诺保本高息的投资，都应先核实机构资质，切勿轻信熟人推荐。",
]


def test_an_articles_repeated_sections_are_not_posts() -> None:
    parts = [ARTICLE[:1], ARTICLE[1:3], ARTICLE[3:]]
    for attribute in ("class='sec'", "id='part{}'"):
        sections = "".join(
            f"<div {attribute.format(index)}>" + "".join(f"<p>{t}</p>" for t in part) + "</div>"
            for index, part in enumerate(parts)
        )
        html = (
            "<html><head><title>养老骗局</title></head><body><h1>养老骗局</h1>"
            f"<div class='main'>{sections}</div></body></html>"
        )
        assert extract_article(html).content == "\n".join(ARTICLE), attribute


def test_sibling_posts_with_dates_are_still_a_thread() -> None:
    posts = "".join(
        f"<div class='floor'><div>用户{index} 发表于 2024-3-{index} 10:00</div><div>{text}</div></div>"
        for index, text in enumerate([QUESTION] + [REPLY * 2] * 3, start=1)
    )
    html = (
        "<html><head><title>高息养老项目靠谱吗</title></head><body>"
        f"<h1>高息养老项目靠谱吗</h1><div>{posts}</div></body></html>"
    )
    assert extract_article(html).content == QUESTION


def test_headline_inside_the_first_post_of_many_equal_posts() -> None:
    posts = "".join(
        f"<div class='floor'><div class='meta'>用户{index} 发表于 2024-3-{index} 10:00</div>"
        + ("<h1>高息养老项目靠谱吗</h1>" if index == 1 else "")
        + f"<div class='msg'>{text}</div></div>"
        for index, text in enumerate([QUESTION] + [REPLY * 2] * 6, start=1)
    )
    html = (
        "<html><head><title>高息养老项目靠谱吗</title></head><body>"
        f"<div><a href='/'>首页</a> <a href='/b'>论坛</a></div>{posts}</body></html>"
    )
    article = extract_article(html, crawl_time=datetime(2024, 3, 20, tzinfo=SHANGHAI))
    assert article.content == QUESTION
    assert article.published == datetime(2024, 3, 1, 10, 0, tzinfo=SHANGHAI)
