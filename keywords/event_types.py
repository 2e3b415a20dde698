"""The documented set of event types: what kind of event a document reports.

One place, as data: the analyzer labels every document with one of these, the
stores keep it as the keyword field ``event_type``, the brief and the enterprise
report show it, and alert rules filter on it (``filters.event_types``).  The
labels are what users read, so they are Chinese and stable: renaming one breaks
stored documents and rule files.

``FUNDRAISING_TYPES`` are the fundraising-risk types (非法集资 early warning); the
rest are other financial news, and ``OTHER`` is everything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    """One event type: its label (the stored value), whether it is fundraising risk, what it means."""

    label: str
    fundraising: bool
    description: str


OTHER = "其他"
OTHER_RISK = "其他风险"

EVENT_TYPES: tuple[EventType, ...] = (
    EventType(
        "涉嫌非法集资",
        True,
        "未经许可向社会公众吸收资金、承诺还本付息或高额回报，或已被立案查处的非法集资。",
    ),
    EventType("涉嫌传销", True, "拉人头、发展下线、层级返利等传销或变相传销。"),
    EventType("涉嫌欺诈", True, "虚构项目、虚假宣传、伪造资质等骗取投资人资金的欺诈。"),
    EventType("提现困难/兑付危机", True, "无法提现、逾期兑付、延期兑付、暴雷等兑付危机。"),
    EventType("失联跑路", True, "平台或实际控制人失联、跑路、人去楼空。"),
    EventType("停业歇业", True, "平台或机构停业、歇业、关停、清盘、良性退出。"),
    EventType("投诉维权", True, "投资人集中投诉、举报、报案、上访维权。"),
    EventType("资金账户风险", True, "账户冻结、资金被挪用或转移、资金池、自融。"),
    EventType("财务造假", False, "虚增收入或利润、财务报表造假。"),
    EventType("信披违规", False, "信息披露违规、未按规定披露、披露不实。"),
    EventType("交易违规", False, "内幕交易、操纵市场、违规减持等交易违规。"),
    EventType("评级调整", False, "信用评级下调、列入观察名单、展望负面。"),
    EventType("业绩下滑", False, "营收或利润下降、亏损、业绩预警。"),
    EventType("股权质押", False, "股权质押、质押平仓、股权冻结。"),
    EventType("高管变动", False, "董事、监事、高管辞职、被调查或被带走。"),
    EventType("诉讼仲裁", False, "被起诉、仲裁、被执行、列为失信被执行人。"),
    EventType("债务违约", False, "债券或贷款违约、展期、无法偿还到期债务。"),
    EventType("监管处罚", False, "被监管部门处罚、警示、责令整改（非集资类）。"),
    EventType(OTHER_RISK, False, "其他金融风险事件。"),
    EventType(OTHER, False, "不属于以上任何一类，或没有风险事件。"),
)

EVENT_TYPE_LABELS: tuple[str, ...] = tuple(t.label for t in EVENT_TYPES)
"""Every valid ``event_type`` value, in documentation order."""

FUNDRAISING_TYPES: frozenset[str] = frozenset(t.label for t in EVENT_TYPES if t.fundraising)
"""The fundraising-risk types: only these make a document a risk hit by default."""

DESCRIPTIONS: dict[str, str] = {t.label: t.description for t in EVENT_TYPES}


def is_event_type(label: str) -> bool:
    """Whether ``label`` is one of the documented event types."""
    return label in DESCRIPTIONS


def require_event_type(label: str) -> str:
    """``label`` when it is a documented event type; else ValueError listing the set."""
    if label not in DESCRIPTIONS:
        known = "、".join(EVENT_TYPE_LABELS)
        raise ValueError(f"未知的事件类型 {label!r}（文档中的类型：{known}）")
    return label


# -- the rules-only fallback ----------------------------------------------------
# RULES-ONLY FALLBACK until the learned event-type model exists: the event type of a
# risk document is read off its keyword categories (the shipped illegal_fundraising
# set's category and combination-rule ids), the first listed here winning, so the
# gravest event names the document (跑路 beats 提现困难, which beats 投诉).  A category
# not listed (an admin's new one) is ignored; a document that is not a risk hit is
# OTHER.  The learned model replaces this, it does not extend it.
CATEGORY_EVENT_TYPES: dict[str, str] = {
    "absconding": "失联跑路",
    "collapse": "失联跑路",
    "distress": "提现困难/兑付危机",
    "distress_enforcement": "提现困难/兑付危机",
    "complaint_distress": "提现困难/兑付危机",
    "pyramid": "涉嫌传销",
    "pyramid_rebate": "涉嫌传销",
    "fraud": "涉嫌欺诈",
    "fund_pool": "资金账户风险",
    "complaints": "投诉维权",
    "unlicensed": "涉嫌非法集资",
    "promise_return": "涉嫌非法集资",
    "high_yield": "涉嫌非法集资",
    "high_yield_promise": "涉嫌非法集资",
    "legal_definition": "涉嫌非法集资",
    "enforcement": "涉嫌非法集资",
}


def event_type_from_categories(categories: Iterable[str], *, risk: bool) -> str:
    """The rules-only event type of a document with these keyword category ids.

    Not a risk hit: OTHER.  A risk hit: the type of its first category in
    ``CATEGORY_EVENT_TYPES`` order, or 其他风险 when none of them is listed.
    """
    if not risk:
        return OTHER
    found = set(categories)
    for category, label in CATEGORY_EVENT_TYPES.items():
        if category in found:
            return label
    return OTHER_RISK


# -- FinESE labels --------------------------------------------------------------
# The learned event-type model is trained on FinESE's event types; these are the
# FinESE spellings and types that are not one of the labels above, mapped onto them
# (training maps its labels with from_finese, and the stage maps a model's class
# names the same way, so models trained on the raw FinESE names still read right).
FINESE_EVENT_TYPES: dict[str, str] = {
    "提现困难": "提现困难/兑付危机",
    "歇业停业": "停业歇业",
    "信批违规": "信披违规",
    "不能履职": "高管变动",
    "高管负面": "高管变动",
    "涉嫌违法": "监管处罚",
    "产品违规": "监管处罚",
    "实控人股东变更": OTHER_RISK,
    "重组失败": OTHER_RISK,
    "资产负面": OTHER_RISK,
    "公司股市异常": OTHER,  # one training row: too rare to learn, reported as 其他
}


def from_finese(label: str) -> str:
    """The documented event type of a FinESE ``event_type`` label (unknown labels: 其他)."""
    name = FINESE_EVENT_TYPES.get(label, label)
    return name if name in DESCRIPTIONS else OTHER
