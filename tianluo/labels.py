"""The one table of Chinese labels for every key a reader may see.

Briefs, reports and alert messages show keyword categories and rules, crawl error
reasons, crawl statuses and alert severities by these labels, never by their keys.
Keyword sets may add labels for their own categories (``extra``); anything still
unknown is shown as a Chinese phrase with the key kept for the operator.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

CATEGORIES: dict[str, str] = {
    # the categories and rules of keywords/sets/illegal_fundraising.yaml
    "unlicensed": "合规偏离（未经批准）",
    "promise_return": "承诺回报",
    "high_yield": "高息诱惑",
    "pyramid": "传销与拉人头",
    "fund_pool": "资金池与自融",
    "distress": "兑付危机",
    "absconding": "跑路失联",
    "enforcement": "立案处置",
    "complaints": "投诉举报",
    "fraud": "欺诈手法",
    "legal_definition": "条例三要素：未经批准且承诺回报",
    "high_yield_promise": "承诺回报且高息",
    "pyramid_rebate": "拉人头返利",
    "collapse": "兑付危机且跑路失联",
    "distress_enforcement": "兑付危机且立案处置",
    "complaint_distress": "维权且兑付危机",
    # added by the analyzer itself
    "yield": "超高承诺收益",
    "yield_above_line": "承诺收益超出利率红线",
    "term": "关键词命中",
    # older names some stores still hold
    "fundraising": "非法集资特征",
    "guarantee": "保本保息",
    "complaint": "投诉举报",
}

CRAWL_ERRORS: dict[str, str] = {
    "empty_page": "空白页面",
    "no_content": "未提取到正文",
    "no_posts": "未提取到帖子",
    "ignored": "按规则跳过（robots.txt 或非公网地址）",
    "error": "未知错误",
    "TimeoutError": "请求超时",
    "TCPTimedOutError": "连接超时",
    "DNSLookupError": "域名解析失败",
    "ConnectionRefusedError": "连接被拒绝",
    # Scrapy 2.13 and later name download failures its own way
    "DownloadConnectionRefusedError": "连接被拒绝",
    "DownloadTimeoutError": "请求超时",
    "DownloadFailedError": "下载失败",
    "CannotResolveHostError": "域名解析失败",
    "ResponseDataLossError": "响应不完整",
    "UnsupportedURLSchemeError": "不支持的网址协议",
    "ConnectionLost": "连接中断",
    "ConnectError": "无法连接",
    "ResponseNeverReceived": "未收到响应",
    "ResponseFailed": "响应中断",
    "SSLError": "证书或加密连接错误",
    "PotentialDataLoss": "响应不完整",
    "DownloadCancelledError": "下载被中止（如页面超过大小上限）",
}

HTTP_STATUS: dict[int, str] = {
    400: "请求无效",
    401: "需要登录",
    403: "禁止访问",
    404: "页面不存在",
    405: "不接受此请求方法",
    408: "请求超时",
    410: "页面已删除",
    414: "请求地址过长",
    429: "请求过于频繁",
    431: "请求头过大",
    500: "服务器内部错误",
    501: "不支持的请求方法",
    502: "网关错误",
    503: "服务暂不可用",
    504: "网关超时",
    505: "不支持的 HTTP 版本",
}

CRAWL_STATUS: dict[str, str] = {
    "ok": "正常",
    "failed": "失败",
    "degraded": "部分失败",
    "idle": "无新任务",
}

ALERT_STATUS: dict[str, str] = {
    # alerts/outbox.py: the delivery state of an alert in the history
    "pending": "待发送",
    "sent": "已发送",
    "dead": "已放弃",
    "no_channel": "无通道",
}

SEVERITIES: dict[str, str] = {
    "info": "提示",
    "warning": "关注",
    "high": "高危",
    "critical": "紧急",
}

DOCUMENT_SCORE = "文档风险分"
"""A document's risk score, 0-100 (keywords' scoring of one text)."""

ENTERPRISE_INDEX = "企业风险指数"
"""An enterprise's risk index over a period, 0-100 (keywords/enterprise_score.py)."""

LEVELS: dict[str, str] = {
    "red": "红色",
    "orange": "橙色",
    "yellow": "黄色",
    "none": "无",
}
"""The levels of the enterprise risk index (keywords.enterprise_score.LEVELS)."""

INDEX_COMPONENTS: dict[str, tuple[str, str]] = {
    "stories": (
        "风险事件",
        "合规偏离度：风险事件（同一报道及其转载算一起）数，每起按其最高文档风险分 ÷ 100 折算",
    ),
    "keywords": ("特征词命中", "特征词命中率：风险文档命中的关键词类别数"),
    "yield": ("承诺收益", "利诱性：风险文档中最高承诺年化收益超出一年期 LPR 的幅度"),
    "complaints": ("投诉维权", "投诉率：含投诉、维权、报案的风险事件数"),
    "reach": ("传播范围", "社会传播性：刊载风险文档的网站数"),
    "recency": ("时效", "最近一篇风险文档距今多久"),
    "enforcement": ("执法处置", "含立案、查封、处置的风险事件数"),
}
"""Each component of the enterprise risk index: its name and what it measures."""

_HTTP = re.compile(r"^http_(\d{3})$")
_LATIN = re.compile(r"[A-Za-z]")


def category_label(key: str, extra: Mapping[str, str] | None = None) -> str:
    """The Chinese name of a keyword category or rule (an event type is its own label)."""
    if extra and key in extra:
        return extra[key]
    if not _LATIN.search(key):  # already a label, e.g. the event type 失联跑路
        return key
    return CATEGORIES.get(key) or f"其他类别（{key}）"


def crawl_error_label(reason: str) -> str:
    """The Chinese name of a crawl error reason (``http_404``, ``TimeoutError`` ...)."""
    match = _HTTP.match(reason)
    if match:
        status = int(match[1])
        return f"{HTTP_STATUS.get(status, '服务器返回错误')}（HTTP {status}）"
    return CRAWL_ERRORS.get(reason) or f"其他抓取错误（{reason}）"


def crawl_status_label(status: str) -> str:
    """The Chinese name of a crawl run's status."""
    return CRAWL_STATUS.get(status) or f"其他状态（{status}）"


def alert_status_label(status: str) -> str:
    """The Chinese name of an alert's delivery state (``sent`` -> 已发送)."""
    return ALERT_STATUS.get(status) or f"其他状态（{status}）"


def severity_label(severity: str) -> str:
    """The Chinese name of an alert severity."""
    return SEVERITIES.get(severity) or severity


def level_label(level: str) -> str:
    """The Chinese name of an enterprise risk level (``red`` -> 红色)."""
    return LEVELS.get(level) or f"其他等级（{level}）"


def index_text(index: float, level: str) -> str:
    """An enterprise risk index as read: ``风险指数 82（红色）`` / ``风险指数 12（未达预警等级）``."""
    shown = "未达预警等级" if level == "none" else level_label(level)
    return f"风险指数 {index:.0f}（{shown}）"


def http_status_label(status: int) -> str:
    """The Chinese name of an HTTP status (``404`` -> 页面不存在)."""
    return HTTP_STATUS.get(status) or ("请求有误" if status < 500 else "服务器错误")
