"""Headed sections (网友评论, 相关新闻) and footer lines inside the body are not the article."""

from __future__ import annotations

from crawler.extract import extract_article
from crawler.extract.sections import is_heading

LINES = [
    "近日，市金融办接到群众举报，称某投资公司以高额回报为诱饵，向社会公众吸收资金。",
    "经初步调查，该公司未取得任何金融业务许可，宣传的年化收益率明显超出正常水平。",
    "监管部门提醒广大市民，凡是承诺保本保息的投资项目，都要提高警惕，谨防上当受骗。",
]
REMARKS = [
    "这种公司早就该查了，我邻居就被骗了好几万，到现在还没要回来，真是气人啊！",
    "支持严厉打击，希望能追回老百姓的血汗钱，也希望大家以后不要再贪图高利息了。",
    "楼上说得对，天上不会掉馅饼，高收益必然伴随高风险，这个道理很多人还是不懂。",
]
HEAD = "<html><head><title>警惕高额回报</title></head><body><h1>警惕高额回报</h1>"
END = "</body></html>"


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def remarks(heading: str, copies: int = 1) -> str:
    items = "".join(
        f"<div><span>网友{index}</span><p>{text}</p></div>"
        for index, text in enumerate(REMARKS * copies)
    )
    return f"<div><h3>{heading}</h3>{items}</div>"


def test_heading_lines() -> None:
    for text in (
        "网友评论",
        "网友评论(12)",
        "相关新闻：",
        "最新评论",
        "推荐阅读 >>",
        "Comments",
        "相关日志",
        "热门帖子",
        "相关问题",
    ):
        assert is_heading(text), text
    for text in (
        "评论员文章称",
        "相关新闻报道显示，市场",
        "网友评论说，这家公司有问题",
        "相关问题已移交公安机关",
    ):
        assert not is_heading(text), text


def test_comments_inside_the_article_container_are_dropped() -> None:
    html = HEAD + f"<div>{paragraphs(LINES)}{remarks('网友评论')}</div>" + END
    assert extract_article(html).content == "\n".join(LINES)


def test_a_longer_comments_block_is_not_chosen_as_the_body() -> None:
    html = HEAD + f"<div>{paragraphs(LINES[:2])}</div>{remarks('最新评论', copies=4)}" + END
    assert extract_article(html).content == "\n".join(LINES[:2])


def test_a_bare_comments_heading_drops_what_follows_it() -> None:
    items = paragraphs(REMARKS)
    html = HEAD + f"<div>{paragraphs(LINES)}<h3>发表评论</h3>{items}</div>" + END
    assert extract_article(html).content == "\n".join(LINES)


def test_a_bare_related_heading_drops_only_its_link_list() -> None:
    links = "<ul>" + "".join(f"<li><a href='/{n}'>另一篇报道{n}</a></li>" for n in range(5))
    html = HEAD + f"<div>{paragraphs(LINES[:2])}<h3>相关新闻</h3>{links}</ul>"
    html += f"<p>{LINES[2]}</p></div>" + END
    assert extract_article(html).content == "\n".join(LINES)


def test_a_channel_label_opening_the_body_is_kept() -> None:
    html = HEAD + f"<div><div>评论</div>{paragraphs(LINES)}</div>" + END
    assert LINES[0] in extract_article(html).content


def test_copyright_pager_and_rule_lines_are_dropped() -> None:
    footer = [
        "共3页: 上一页 1 2 3 下一页",
        "版权所有 © 2024 天罗网，未经许可不得转载。",
        "京ICP备12345678号 京公网安备11010502000001号",
        "------------------------------",
        "阅读下一篇",
        "T + -",
        "展开全文",
    ]
    html = HEAD + f"<div>{paragraphs(LINES + footer)}</div>" + END
    assert extract_article(html).content == "\n".join(LINES)


def test_prose_about_copyright_is_kept() -> None:
    line = "法院审理认为，被告未经许可使用原告享有版权所有的作品，构成侵权，应当承担赔偿责任。"
    html = HEAD + f"<div>{paragraphs([*LINES, line])}</div>" + END
    assert line in extract_article(html).content


def test_siblings_after_a_bare_comments_line_are_not_the_article() -> None:
    reply = f"<div>用户 2024-01-01 说：{REMARKS[0]}</div>"
    html = HEAD + f"<div>{paragraphs(LINES)}</div><div>网友评论</div>{reply}" + END
    assert extract_article(html).content == "\n".join(LINES)


def test_a_feedback_block_is_comments() -> None:
    html = HEAD + f"<div class='entry'>{paragraphs(LINES)}</div>"
    html += f"<div class='feedback'>#re: 2008-05-01 李四<br>{REMARKS[1]}</div>" + END
    assert extract_article(html).content == "\n".join(LINES)
