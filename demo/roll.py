"""Generated 滚动新闻 (rolling news) for long benchmark crawls: ``DemoSites(extra_pages=N)``.

Article ``i`` (0 <= i < N) is built on request from arithmetic on ``i``, so N can
be 20,000 without generating anything up front.  All of it is ordinary news with
no enterprise names and no risk vocabulary.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from demo.news_data import Article, article_path
from tianluo.timeutil import SHANGHAI

ROLL_PAGE_SIZE = 50
FIRST_ID = 100000
_NEWEST = datetime(2024, 4, 30, 18, 0, tzinfo=SHANGHAI)
_STEP = timedelta(minutes=67)
_PATH = re.compile(r"^/news/roll/(\d{6})/t(\d{8})_(\d+)\.html$")
_LIST = re.compile(r"^/news/roll/index(?:_(\d+))?\.html$")
_STYLES = ("cn", "iso", "slash", "meta", "jsonld")

CITIES = ("合肥", "苏州", "宁波", "福州", "长沙", "郑州", "西安", "昆明", "南昌", "济南", "贵阳")
INDUSTRIES = ("新能源汽车", "集成电路", "生物医药", "智能制造", "跨境电商", "现代物流", "文旅")
TITLES = (
    "{city}前{m}个月外贸进出口同比增长{x}%",
    "{city}新开工{n}个重点产业项目 总投资{y}亿元",
    "{city}出台{industry}产业发展若干措施",
    "{city}蔬菜肉蛋供应充足 价格总体平稳",
    "{city}今年启动{n}个老旧小区改造项目",
    "{city}举办{industry}博览会 现场签约{y}亿元",
    "{city}地铁{n}号线一期工程进入设备调试阶段",
    "{city}{m}月居民消费价格同比上涨{x}%",
)
SENTENCES = (
    "{city}市统计部门发布的数据显示，{industry}相关指标保持较快增长，增速高于全市平均水平。",
    "据介绍，今年{city}将围绕{industry}等重点领域，持续优化营商环境，加快项目落地。",
    "业内人士表示，随着一系列政策措施落地见效，{city}经济运行总体平稳、稳中有进。",
    "{city}有关部门负责人表示，下一步将加强要素保障，推动重大项目早开工、早投产。",
    "从市场反馈看，企业订单有所回升，用工需求稳步增加，市场预期持续改善。",
    "记者在现场看到，工人们正在加紧施工，各类机械设备有序运转。",
    "市民普遍反映，相关举措贴近生活，办事更方便了，获得感进一步增强。",
    "专家建议，应进一步发挥{industry}的带动作用，推动产业链上下游协同发展。",
    "数据显示，前{m}个月{city}规模以上工业增加值同比增长{x}%。",
    "下一步，{city}将继续做好民生保障工作，确保重要商品供应稳定。",
)


def roll_article(i: int) -> Article:
    """Build generated article ``i`` (0 is the newest)."""
    values = {
        "city": CITIES[i % len(CITIES)],
        "industry": INDUSTRIES[(i // 3) % len(INDUSTRIES)],
        "m": 2 + i % 10,
        "n": 3 + (i * 7) % 40,
        "x": f"{1 + (i * 13) % 90 / 10:.1f}",
        "y": 10 + (i * 37) % 490,
    }
    title = TITLES[(i // len(CITIES)) % len(TITLES)].format(**values)
    picks = [(i + k * (3 + i % 4)) % len(SENTENCES) for k in range(4)]
    body = tuple(dict.fromkeys(SENTENCES[p].format(**values) for p in picks))
    return Article(
        id=FIRST_ID + i,
        channel="roll",
        published=_NEWEST - _STEP * i,
        date_style=_STYLES[i % len(_STYLES)],
        encoding="utf-8",
        source="金盾财经网综合",
        author=("王一鸣", "许宁", "周敏", "孙浩")[i % 4],
        topic="ordinary",
        enterprises=(),
        title=title,
        body=body,
    )


def roll_path(i: int) -> str:
    """The path of generated article ``i``."""
    return article_path("roll", _NEWEST - _STEP * i, FIRST_ID + i)


def roll_index(path: str, extra_pages: int) -> int | None:
    """Return ``i`` if ``path`` is generated article ``i`` (< extra_pages), else None."""
    match = _PATH.match(path)
    if not match:
        return None
    i = int(match.group(3)) - FIRST_ID
    if 0 <= i < extra_pages and roll_path(i) == path:
        return i
    return None


def roll_list_pages(extra_pages: int) -> int:
    """How many list pages the rolling channel has."""
    return -(-extra_pages // ROLL_PAGE_SIZE)


def roll_list_page(path: str, extra_pages: int) -> int | None:
    """Return the page number if ``path`` is a rolling list page that exists, else None."""
    match = _LIST.match(path)
    if not match:
        return None
    page = int(match.group(1) or 1)
    if match.group(1) == "1":
        return None
    return page if 1 <= page <= roll_list_pages(extra_pages) else None
