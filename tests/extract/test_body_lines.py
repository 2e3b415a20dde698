"""Lines inside the body container: which are article text and which are not."""

from __future__ import annotations

from crawler.extract import extract_article

PARAGRAPH = (
    "平台以“高息理财”为名吸收资金，承诺年化收益百分之二十，投资人陆续无法提现，已向警方报案。"
)


def body(*lines: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in lines)
    return (
        "<html><head><title>理财平台无法提现</title></head><body><h1>理财平台无法提现</h1>"
        f"<div class='text'><p>{PARAGRAPH}</p>{paragraphs}<p>{PARAGRAPH}</p></div></body></html>"
    )


def test_written_out_address_in_a_link_is_text() -> None:
    url = "https://example.org/notice/2024/0305.html"
    content = extract_article(body(f'<a href="{url}">{url}</a>')).content
    assert url in content.splitlines()


def test_label_then_linked_address_is_text() -> None:
    url = "https://example.org/rules/risk-warning-2024.html?from=post"
    line = f'风险提示原文：<a href="{url}">{url}</a>'
    assert f"风险提示原文：{url}" in extract_article(body(line)).content


def test_linked_words_are_navigation() -> None:
    line = '<a href="/a">首页</a> <a href="/b">财经频道</a> <a href="/c">理财</a>'
    assert "财经频道" not in extract_article(body(line)).content


def test_licence_notes_are_not_text() -> None:
    content = extract_article(
        body("本作品采用《CC 协议》，转载必须注明作者和本文链接", "转载请注明出处")
    ).content
    assert "协议" not in content and "转载" not in content


def test_photo_caption_with_its_credit_is_not_text() -> None:
    content = extract_article(body("警方在现场查封办公室（圖／記者林悅翻攝）")).content
    assert "翻攝" not in content
    assert content.count(PARAGRAPH) == 2


def test_editor_credit_with_a_bar() -> None:
    content = extract_article(body("编辑|王小明", "校对｜李四")).content
    assert "王小明" not in content and "李四" not in content
