"""A body the page names itself (articleBody, entry-content, article_content ...) wins over
a denser widget elsewhere; density decides when the page names none or several."""

from __future__ import annotations

from crawler.extract import extract_article

WIDGET = (
    "<div class='pay-note'>"
    + "<p>余额可按照一比一的比例抵扣，余额无法直接购买下载，可以购买会员。</p>" * 3
)
SHORT = "本周暂停接受新的理财申请。"
LONG = "某平台承诺保本保息，年化收益远高于银行存款，已被监管部门列入风险名单，提醒市民注意。"


def page(*bodies: str) -> str:
    return (
        "<html><head><title>平台公告</title></head><body><h1>平台公告</h1>"
        f"{''.join(bodies)}{WIDGET}</div></body></html>"
    )


def test_short_named_body_beats_a_denser_widget() -> None:
    html = page(f'<div class="article_content">{SHORT}</div>')
    assert extract_article(html).content == SHORT


def test_schema_org_article_body() -> None:
    html = page(f'<section itemprop="articleBody"><p>{SHORT}</p></section>')
    assert extract_article(html).content == SHORT


def test_two_named_bodies_leave_it_to_density() -> None:
    html = page(
        f'<div class="entry-content">{SHORT}</div>', f'<div class="entry-content">{SHORT}</div>'
    )
    assert "抵扣" in extract_article(html).content


def test_named_body_leaves_out_a_neighbouring_widget() -> None:
    html = page(f'<div class="post-content"><p>{LONG}</p><p>{LONG}</p></div>')
    assert extract_article(html).content == f"{LONG}\n{LONG}"


def test_named_body_with_an_ad_like_id_is_not_removed_as_a_widget() -> None:
    html = page(f'<div class="articalContent" id="keyword_ad_area2"><p>{LONG}</p></div>')
    assert extract_article(html).content == LONG


def test_a_wrapper_named_like_a_widget_around_the_headline_is_kept() -> None:
    text = "".join(
        f"<p>{line}</p>"
        for line in (
            "市金融办提醒，近期有机构以养老服务为名，承诺高额回报吸收老年人资金，涉嫌非法集资。",
            "警方已对相关人员立案侦查，并提醒已投资的市民保留合同、收据等材料，及时报案。",
        )
    )
    html = (
        "<html><head><title>警惕养老诈骗</title></head><body>"
        "<div class='content-sidebar-wrap'><main><h1>警惕养老诈骗</h1>"
        f"<article>{text}</article></main><div class='sidebar'><a href='/x'>热门文章</a></div>"
        "</div><div class='links'>"
        + "".join(f"<a href='/s{n}'>友情链接：某某财经资讯网站第{n}号</a>" for n in range(20))
        + "</div></body></html>"
    )
    content = extract_article(html).content
    assert content.startswith("市金融办提醒") and "立案侦查" in content
