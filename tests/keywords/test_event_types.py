"""The documented event types, and the rules-only fallback that labels documents until a model does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from keywords import Analyzer, default_set_paths, load_keyword_sets
from keywords.event_types import (
    CATEGORY_EVENT_TYPES,
    DESCRIPTIONS,
    EVENT_TYPE_LABELS,
    EVENT_TYPES,
    FUNDRAISING_TYPES,
    OTHER,
    OTHER_RISK,
    event_type_from_categories,
    is_event_type,
    require_event_type,
)

ISSUE_FUNDRAISING = (
    "涉嫌非法集资",
    "涉嫌传销",
    "涉嫌欺诈",
    "提现困难/兑付危机",
    "失联跑路",
    "停业歇业",
    "投诉维权",
    "资金账户风险",
)


def test_the_set_is_documented_and_unique() -> None:
    assert len(EVENT_TYPE_LABELS) == len(set(EVENT_TYPE_LABELS))
    assert all(t.description.strip() for t in EVENT_TYPES)
    assert set(DESCRIPTIONS) == set(EVENT_TYPE_LABELS)
    assert set(ISSUE_FUNDRAISING) == FUNDRAISING_TYPES
    for other in ("财务造假", "信披违规", "交易违规", "评级调整", "业绩下滑", OTHER_RISK, OTHER):
        assert is_event_type(other) and other not in FUNDRAISING_TYPES


def test_an_unknown_label_is_refused_with_the_set() -> None:
    assert require_event_type("失联跑路") == "失联跑路"
    for wrong in ("跑路", "其它", "", "失联跑路 "):
        with pytest.raises(ValueError, match=f"未知的事件类型 {wrong!r}.*涉嫌非法集资、涉嫌传销"):
            require_event_type(wrong)
        assert not is_event_type(wrong)


def test_fallback_maps_only_real_categories_to_documented_types() -> None:
    shipped = load_keyword_sets(default_set_paths())
    ids = {c.id for s in shipped for c in s.categories} | {r.id for s in shipped for r in s.rules}
    assert set(CATEGORY_EVENT_TYPES) <= ids
    assert set(CATEGORY_EVENT_TYPES.values()) <= FUNDRAISING_TYPES


def test_fallback_prefers_the_gravest_event() -> None:
    assert event_type_from_categories(["complaints", "distress", "absconding"], risk=True) == (
        "失联跑路"
    )
    assert event_type_from_categories(["complaints", "distress"], risk=True) == "提现困难/兑付危机"
    assert event_type_from_categories(["an_admins_new_category"], risk=True) == OTHER_RISK
    assert event_type_from_categories(["absconding"], risk=False) == OTHER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("业主群里说汇金宝平台老板已经跑路，人去楼空，投资人都联系不上他。", "失联跑路"),
        (
            "不少用户反映盈丰理财提现困难，到期的产品一直逾期兑付，客服也不回应。",
            "提现困难/兑付危机",
        ),
        ("某商城要求会员发展下线、拉人头入会，按层级返利，涉嫌传销。", "涉嫌传销"),
        ("本市今日气温回升，公园里的樱花陆续开放，市民纷纷出游赏花。", OTHER),
    ],
)
def test_analyzer_fills_the_event_type(analyzer: Analyzer, text: str, expected: str) -> None:
    result = analyzer.analyze(text)
    assert result.event_type == expected
    assert (result.event_type in FUNDRAISING_TYPES) == result.risk


def test_fields_md_documents_the_same_set() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "fields.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+) \| (yes|no) \| (.+?) \|$", doc, re.M)
    documented = {label: (flag == "yes", text) for label, flag, text in rows}
    assert documented == {
        t.label: (t.fundraising, t.description.removesuffix("。")) for t in EVENT_TYPES
    }
