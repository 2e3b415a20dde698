"""P2P platform pages: profile, products and announcements, with their telling facts.

Products carry the promised yield (as annual percentages), the term and the
guarantee claims; profiles the operating company; announcements their kind
(逾期, 提现延迟, 清盘, 良性退出 ...).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from crawler.pages import article_page
from crawler.sources import Source
from keywords import extract_yields
from tianluo.models import Page

TERM = re.compile(r"(?:期限|投资期限|锁定期|封闭期)\s*[:：]?\s*(\d{1,4})\s*(个月|月|天|日|年)")
GUARANTEES = (
    "保本保息",
    "稳赚不赔",
    "本息保障",
    "100%本息保障",
    "保本",
    "保息",
    "刚性兑付",
    "零风险",
    "无风险",
    "风险备用金",
    "担保公司全额担保",
    "银行存管",
)
COMPANY = re.compile(
    r"(?:运营方|运营主体|主办单位|运营公司|公司名称|平台运营)\s*[:：]\s*"
    r"([\u4e00-\u9fa5()（）]{2,40}?(?:有限责任公司|股份有限公司|有限公司|集团))"
)
CREDIT_CODE = re.compile(r"(?:统一社会信用代码|信用代码)\s*[:：]?\s*([0-9A-HJ-NPQRTUWXY]{18})")
ANNOUNCEMENT_KINDS = {
    "逾期": "overdue",
    "提现延迟": "withdrawal_delay",
    "延期兑付": "withdrawal_delay",
    "暂停提现": "withdrawal_delay",
    "清盘": "liquidation",
    "良性退出": "orderly_exit",
    "停业": "shutdown",
    "立案": "investigation",
    "报案": "investigation",
}
_TERM_UNITS = {"个月": 30, "月": 30, "天": 1, "日": 1, "年": 365}


def product_facts(text: str, yield_line: float) -> dict[str, Any]:
    """Promised yields, term in days, guarantee claims and company of a product text."""
    facts: dict[str, Any] = {}
    yields = [value for value, _, _ in extract_yields(text)] if text else []
    if yields:
        facts["promised_yields"] = sorted(set(yields))
        facts["yield_above_line"] = max(yields) > yield_line
    term = TERM.search(text)
    if term:
        facts["term_days"] = int(term.group(1)) * _TERM_UNITS[term.group(2)]
    claims = [g for g in GUARANTEES if g in text]
    if claims:
        facts["guarantees"] = claims
    company = COMPANY.search(text)
    if company:
        facts["company"] = company.group(1)
    code = CREDIT_CODE.search(text)
    if code:
        facts["credit_code"] = code.group(1)
    return facts


def announcement_kinds(text: str) -> list[str]:
    """The kinds of an announcement (a title like 提现延迟公告 -> withdrawal_delay)."""
    return sorted({kind for word, kind in ANNOUNCEMENT_KINDS.items() if word in text})


def p2p_page(
    html: str, url: str, source: Source, crawled_at: datetime, kind: str, yield_line: float
) -> Page | None:
    """A profile, product, announcement or plain page of a P2P platform."""
    page = article_page(html, url, source, crawled_at, kind=kind)
    if page is None:
        return None
    text = f"{page.title}\n{page.content}"
    facts = product_facts(text, yield_line)
    if kind == "announcement":
        facts["announcement"] = announcement_kinds(page.title) or announcement_kinds(text)
    page.extra.update(facts)
    return page
