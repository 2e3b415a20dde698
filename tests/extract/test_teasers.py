"""Blocks beside the article that list other articles are not part of its body."""

from __future__ import annotations

from crawler.extract import extract_article

LEAD = "市金融办提醒，近期有机构以养老服务为名，承诺高额回报吸收老年人资金，涉嫌非法集资。"
MORE = "警方已对相关人员立案侦查，并提醒已投资的市民保留合同、收据等材料，及时到派出所报案。"
TEASER = "另一家平台以区块链为名发行虚拟货币，宣称稳赚不赔，吸引大量投资者入局，最终卷款跑路..."


def page(sibling: str) -> str:
    return (
        "<html><head><title>警惕养老诈骗</title></head><body><h1>警惕养老诈骗</h1><div class='wrap'>"
        f"<div class='text'><p>{LEAD}</p><p>{MORE}</p><p>{LEAD}</p></div>{sibling}</div>"
        "</body></html>"
    )


def test_related_reading_box_is_dropped() -> None:
    box = f"<div class='box'><h3>推荐阅读</h3><p>{TEASER}</p><p>{TEASER}</p></div>"
    content = extract_article(page(box)).content
    assert TEASER not in content and content.startswith(LEAD)


def test_slider_of_cut_short_summaries_is_dropped() -> None:
    items = "".join(
        f"<div class='slide-item'><h3>标题{index}</h3><p>{TEASER}</p><div>2024-03-0{index}</div></div>"
        for index in range(1, 5)
    )
    content = extract_article(page(f"<div class='slider'>{items}</div>")).content
    assert TEASER not in content and MORE in content


def test_a_continuing_prose_block_is_kept() -> None:
    tail = f"<div class='text-more'><p>{MORE}</p><p>{LEAD}</p></div>"
    assert extract_article(page(tail)).content.count(MORE) == 2


def test_blocks_named_rec_or_related_with_a_suffix_are_widgets() -> None:
    intro = (
        "<p>某健康网是领先的健康门户网站，于二〇〇〇年开通，拥有庞大的用户群体和丰富的内容。</p>"
    )
    for name in ("art_rec", "art_relatedpeople", "relatedNews"):
        content = extract_article(page(f"<div class='{name}'>{intro}</div>")).content
        assert "门户网站" not in content and MORE in content


def test_comments_block_is_dropped() -> None:
    comments = f"<div><h3>网友评论</h3><p>{TEASER}</p><p>{LEAD}</p></div>"
    content = extract_article(page(comments)).content
    assert TEASER not in content and content.count(LEAD) == 2


def test_commentator_article_continuation_is_kept() -> None:
    tail = f"<div><p>评论员认为，{MORE}</p><p>{LEAD}</p></div>"
    assert "评论员认为" in extract_article(page(tail)).content
