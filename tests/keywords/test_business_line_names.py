"""Names whose trade is a word that elsewhere ends a name (担保, 开发, 网络, 互联网)."""

from __future__ import annotations

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths


@pytest.fixture(scope="module")
def plain() -> Analyzer:
    return Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "深圳市鼎盛房地产开发有限公司涉嫌非法吸收公众存款，已被立案侦查。",
            "深圳市鼎盛房地产开发有限公司",
        ),
        ("上海汇融担保有限公司涉嫌非法吸收公众存款被立案侦查。", "上海汇融担保有限公司"),
        ("杭州达辰网络科技有限公司涉嫌传销被查处。", "杭州达辰网络科技有限公司"),
        (
            "警方通报，宁波恒骏互联网金融服务有限公司涉嫌集资诈骗。",
            "宁波恒骏互联网金融服务有限公司",
        ),
    ],
)
def test_a_business_line_word_stays_inside_the_name(plain: Analyzer, text: str, name: str) -> None:
    assert name in [m.mention for m in plain.analyze(text).mentions]


@pytest.mark.parametrize(
    "text",
    [
        "该公司为其提供担保公司承担连带责任，涉嫌非法集资。",
        "犯罪嫌疑人利用互联网金融平台非法吸收公众存款。",
        "有人通过网络平台非法集资，承诺保本高息。",
    ],
)
def test_the_word_alone_before_a_suffix_is_no_name(plain: Analyzer, text: str) -> None:
    names = [m.mention for m in plain.analyze(text).mentions]
    assert not any(n in ("担保公司", "互联网金融", "网络平台", "提供担保公司") for n in names), (
        names
    )
