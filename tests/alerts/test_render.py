"""Alert messages name each cited document's event type, escaped in every body."""

from __future__ import annotations

import lxml.html

from alerts.model import Alert, DocRef, Match
from alerts.render import Renderer
from tests.alerts.conftest import NOW
from tianluo.settings import Settings

HOSTILE = "<script>alert(1)</script>"


def test_each_body_names_the_event_type() -> None:
    docs = [
        DocRef("d1", "老板跑路", "https://a.example.cn/1", "news-a", NOW, 5.0, "失联跑路"),
        DocRef("d2", "旧文章", "https://a.example.cn/2", "news-a", NOW, 1.0, None),
        DocRef("d3", "怪标签", "https://a.example.cn/3", "news-a", NOW, 1.0, HOSTILE),
    ]
    alert = Alert("a1", "r", "跑路信息", "", "high", NOW, [Match("k", "两篇", documents=docs)])
    message = Renderer(Settings()).render(alert)
    assert "【失联跑路】老板跑路" in message.text
    assert "【失联跑路】[老板跑路]" in message.markdown
    assert "】旧文章" not in message.text and "- 旧文章" in message.text
    tree = lxml.html.fragment_fromstring(message.html, create_parent="div")
    assert [s.text_content() for s in tree.find_class("event-type")] == [
        "【失联跑路】",
        f"【{HOSTILE}】",
    ]
    assert tree.xpath("//script") == []
    cited = message.data["matches"][0]["documents"]
    assert [d["event_type"] for d in cited] == ["失联跑路", None, HOSTILE]
