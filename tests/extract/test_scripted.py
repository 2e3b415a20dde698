"""A page whose article only exists in its scripts' JSON (rendered in the browser)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from crawler.extract import extract_article
from crawler.extract.scripted import scripted_body

PARAGRAPHS = [
    "近日，市公安局经侦支队破获一起以“养老投资”为名的非法吸收公众存款案，涉案金额逾两亿元。",
    "据办案民警介绍，该公司承诺年化收益百分之十五，并以赠送保健品、组织旅游等方式吸引老年人投资。",
    "警方提醒广大市民，凡是承诺保本高息的投资项目都要提高警惕，发现可疑情况及时报警。",
]


def page(state: Mapping[str, object]) -> str:
    data = json.dumps(state, ensure_ascii=True)
    return (
        "<html><head><title>警方破获养老投资骗局</title></head><body><div id='app'></div>"
        f"<script>window.__INITIAL_STATE__ = {data};</script></body></html>"
    )


def test_article_html_in_the_page_state_is_the_body() -> None:
    html_body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    state = {"article": {"title": "警方破获养老投资骗局", "content": html_body}, "tags": ["经侦"]}
    assert extract_article(page(state)).content == "\n".join(PARAGRAPHS)


def test_keyword_lists_in_scripts_are_not_a_body() -> None:
    keywords = " ".join(["理财", "投资", "养老", "保本", "高息"] * 60)
    assert scripted_body([json.dumps({"keywords": keywords})]) == ""


def test_visible_body_wins_over_the_script() -> None:
    html = page({"content": "".join(PARAGRAPHS) * 2}).replace(
        "<div id='app'></div>", f"<div id='app'><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></div>"
    )
    assert extract_article(html).content == f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}"
