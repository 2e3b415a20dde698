"""Is a discovered string a plausible organisation name?  Trim it, judge it, find its brand core.

Rules, on the private tokenizer's jieba tokens and the bundled dictionary's tags:

* only CJK letters, ASCII letters and digits (and a bracketed region inside, 惠人贷（北京）有限公司);
* leading function words, pronouns, determiners and verbs are trimmed (此后, 只见, 人家, 有个,
  一家, 某, 该, 这家, 我们 ...); a place name followed by a determiner (深圳一供应链公司)
  is a description, not a name;
* the part before the organisational suffix needs at least two *distinctive* characters:
  not a place name, not a generic business word (供应链, 投资咨询, 国家, 银行 ...);
* a name without an organisational suffix (a quoted brand, a subject) must end in a word
  the dictionary does not know or tags as a proper noun: 资金周转困难 or 会员卡 are not names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from keywords.lexicon import _base_dictionary, word_tags

_NAME_CHARS = re.compile(
    r"[\u4e00-\u9fa5a-z0-9]+(?:[（(][\u4e00-\u9fa5]{2,6}[）)][\u4e00-\u9fa5]+)?"
)
ORG_SUFFIXES = tuple(
    sorted(
        """
        股份有限公司 有限责任公司 集团有限公司 有限公司 公司 集团 控股集团 投资控股 金融信息服务
        投资管理 资产管理 财富管理 投资咨询 理财 财富 金服 金融 银行 创投 小额贷款 网贷 资本 基金 贷 宝 投资
        """.split(),  # noqa: SIM905
        key=len,
        reverse=True,
    )
)
"""Suffixes that make a string an organisation name (longest first)."""
BRAND_SUFFIXES = frozenset("宝 贷 金服 理财 财富 金融 网贷 创投".split())  # noqa: SIM905
"""Platform-brand endings (钱宝, 陆金服, 火理财, 永利宝): one distinctive character before them is
enough, and a place-like word there is part of the brand, not a location."""
FUNCTION_TAGS = frozenset(
    [
        "p",
        "c",
        "u",
        "uj",
        "ul",
        "uz",
        "ud",
        "ug",
        "uv",
        "r",
        "rr",
        "rz",
        "d",
        "m",
        "mq",
        "q",
        "t",
        "y",
        "e",
        "o",
        "zg",
        "df",
        "dg",
        "f",
        "v",
        "vd",
        "a",
        "ad",
    ]
)
"""Tags of a leading token that cannot begin a name."""
PROPER_TAGS = frozenset({"nz", "nt", "nrt", "nr", "nrfg", "ns", "j", "eng"})
LEADING_WORDS = frozenset(
    """
    此后 只见 人家 有个 有家 有一家 一家 一位 一个 一名 一些 一种 一款 某 某某 某家 该 这 那 此 其 本 各 每
    这家 那家 这个 那个 这些 那些 此家 我们 你们 他们 她们 咱们 大家 自己 该家 多家 几家 部分 一批 听说 据说
    网传 传言 号称 所谓 其中 包括 以及 还有 就是 还是 不是 因为 所以 如果 虽然 但是 而且 同时 另外 目前 当时
    当地 本地 外地 该地 各地
    """.split()  # noqa: SIM905
)
"""Leading words trimmed from a candidate whatever their tag (人家 is tagged n)."""
GENERIC_WORDS = frozenset(
    """
    公司 集团 平台 理财 财富 金融 网贷 银行 基金 资本 投资 咨询 管理 资产 服务 信息 科技 技术 网络 互联网 电子
    商务 贸易 实业 发展 控股 股份 有限 责任 有限公司 供应链 担保 小贷 贷款 融资 保险 证券 信托 期货 商业 农村
    国家 中国 全国 地方 国内 国际 部分 多家 各家 相关 有关 知名 大型 正规 合法 非法 民营 国有 私募 公募 创投
    商业银行 农商 农商行 股份制 康养 金服 数据 文化 传媒 健康 养老 生物 医药 农业 物流 地产 房地产 置业 建设 工程 教育
    新能源 能源 环保 旅游 酒店 餐饮 食品 汽车 电商 区块链 数字 虚拟 货币 矿业 黄金 珠宝 艺术品 收藏 文交所
    交易所 交易中心 中心 协会 合作社 工作室 事务所 代理 顾问 经纪 运营 营销 推广 金融信息 网贷平台 理财平台
    """.split()  # noqa: SIM905
)
"""Business and industry words that do not distinguish one company from another."""
NON_NAME_HEAD_TAGS = FUNCTION_TAGS | {"vn", "an", "ng", "l", "i"}
"""Tags of a last token that cannot end a suffix-less name."""
GENERIC_HEADS = frozenset(
    """
    计划 项目 产品 会员卡 卡 金 钱 准备金 风险准备金 困难 问题 资金 活动 知识 套路 手法 骗局 案件 事件 模式
    """.split()  # noqa: SIM905
)
"""Generic heads: a string ending in one names a thing or an event, not an organisation."""
PHRASE_TAGS = frozenset({"l", "i"})
"""Idioms and fixed phrases (明文禁止): never part of a name's core."""
CORE_BREAKERS = frozenset("做 是 有 在 把 被 给 让 对 向 与 和 及 平台".split())  # noqa: SIM905
"""Tokens that make a core a phrase (p2p平台做供应链金融), not a name."""
RARE_PLACE = 30
"""A word the dictionary tags as a place but rarely sees (兴邦, 永利) is more likely a name."""
ASCII_STOP = frozenset(
    """
    http https www com net org html app apps ceo cfo coo cto vip p2p b2b b2c o2o ipo pdf news
    this that from with have will what when where which your they them there here about more
    china bank fund group money online
    """.split()  # noqa: SIM905
)
"""ASCII words that are not brand names on their own."""
_ASCII_BRAND = re.compile(r"[a-z][a-z0-9]{3,19}")
_PLACE_TAIL = re.compile(r"^[\u4e00-\u9fa5]{2,4}(?:省|市|区|县|州)")
_ENUMERATOR = re.compile(r"^[一二三四五六七八九十两几多首其][是则来个位家名种款些批起]")
MIN_DISTINCT = 2


def _tokens(name: str, cut: Callable[[str], list[str]]) -> list[str]:
    return [t for t in cut(name) if t]


def _is_place(token: str, tags: dict[str, str]) -> bool:
    return tags.get(token) == "ns" or bool(_PLACE_TAIL.fullmatch(token))


def trim_leading(name: str, cut: Callable[[str], list[str]]) -> str:
    """``name`` without leading function words, pronouns, determiners and verbs.

    A place name followed by a determiner goes too (深圳一供应链公司 -> 供应链公司, which
    ``plausible`` then rejects as having nothing distinctive).
    """
    tags = word_tags()
    tokens = _tokens(name, cut)
    while len(tokens) > 1:
        first = tokens[0]
        if first in LEADING_WORDS or (first in tags and tags[first] in FUNCTION_TAGS):
            tokens = tokens[1:]
            continue
        if _is_place(first, tags):
            second = tokens[1]
            if second in LEADING_WORDS or tags.get(second) in ("m", "r", "q", "mq"):
                tokens = tokens[2:]  # 成都有个…公司, 深圳一供应链公司: the rest must stand alone
                continue
        break
    return "".join(tokens)


def org_suffix(name: str) -> str:
    """The organisational suffix ``name`` ends in, or ""."""
    return next((s for s in ORG_SUFFIXES if name.endswith(s)), "")


def core_tokens(name: str, cut: Callable[[str], list[str]]) -> list[str]:
    """Tokens of ``name`` before its suffix, without leading place names."""
    tags = word_tags()
    suffix = org_suffix(name)
    body = name[: len(name) - len(suffix)] if suffix else name
    tokens = _tokens(body, cut)
    while tokens and _is_place(tokens[0], tags) and len(tokens) > 1:
        tokens = tokens[1:]
    return tokens


def _is_location(token: str, tags: dict[str, str]) -> bool:
    """A place name that locates rather than names: tagged ns and common, or ends in 省/市/区/县/州."""
    if _PLACE_TAIL.fullmatch(token):
        return True
    return tags.get(token) == "ns" and _frequency(token) >= RARE_PLACE


def _frequency(token: str) -> int:
    return _base_dictionary()[0].get(token, 0)


def distinctive(name: str, cut: Callable[[str], list[str]]) -> int:
    """How many characters of the name's core are neither place nor generic business words."""
    tags = word_tags()
    brand = org_suffix(name) in BRAND_SUFFIXES
    count = 0
    for token in core_tokens(name, cut):
        if token in GENERIC_WORDS or (not brand and _is_location(token, tags)):
            continue
        count += len(token)
    return count


def brand_core(name: str, cut: Callable[[str], list[str]]) -> str:
    """The distinctive leading part of an organisation name: 成都蜀汇鼎丰投资咨询公司 -> 蜀汇鼎丰."""
    if org_suffix(name) in ("", "贷", "宝"):
        return ""  # 鑫盛宝 is itself a brand
    tags = word_tags()
    core = ""
    for token in core_tokens(name, cut):
        if token in GENERIC_WORDS:
            break
        core += token
    if not 2 <= len(core) <= 8 or core == name or tags.get(core, "nz") not in PROPER_TAGS:
        return ""
    return core


def _phrase_core(core: list[str], tags: dict[str, str], registered: bool = False) -> bool:
    """True when the tokens before a suffix read as a phrase: an idiom, a verb or a long common noun.

    A ``registered`` name (…有限公司) names its trade in common nouns (电子商务, 医疗器械),
    so long nouns are allowed there.
    """
    for token in core:
        tag = tags.get(token)
        if token in CORE_BREAKERS or tag in PHRASE_TAGS:
            return True
        if not registered and len(token) >= 4 and tag in ("n", "vn", "v"):
            return True  # 强制措施权威网贷: a four-character common noun is not part of a brand
    return False


def _plausible_ascii(name: str) -> bool:
    """An ASCII brand (ppmoney, visa): a letter first, four or more characters, not a common word."""
    return bool(_ASCII_BRAND.fullmatch(name)) and name not in ASCII_STOP


def plausible(name: str, cut: Callable[[str], list[str]]) -> bool:
    """True when ``name`` (already trimmed) reads as an organisation or brand name."""
    if name.isascii():
        return _plausible_ascii(name)
    if len(name) < 2 or not _NAME_CHARS.fullmatch(name):
        return False
    if name in GENERIC_WORDS or _ENUMERATOR.match(name):
        return False
    tags = word_tags()
    tokens = _tokens(name, cut)
    first = tokens[0]
    if first in LEADING_WORDS or (
        first in tags and tags[first] in FUNCTION_TAGS and len(tokens) > 1
    ):
        return False
    suffix = org_suffix(name)
    if suffix:
        core = core_tokens(name, cut)
        verbs = ("v", "vd", "d", "p", "c", "r", "m")
        if any(len(t) >= 2 and t not in GENERIC_WORDS and tags.get(t) in verbs for t in core):
            return False  # 发行理财, 依法取得金融: a verb phrase before the suffix
        if _phrase_core(core, tags, registered=suffix not in BRAND_SUFFIXES):
            return False
        need = 1 if suffix in BRAND_SUFFIXES else MIN_DISTINCT
        return distinctive(name, cut) >= need
    if first.isdigit() and len(name) - len(first) < 2:
        return False  # 6人, 3家: a count, not a name
    # no organisational suffix (quoted brand, subject of a sentence): must not end in a
    # verb, adjective or generic product word (资金周转困难, 康养会员卡, 供应链稳盈计划),
    # unless a word the dictionary does not know makes it a coined brand (聚富蛙, 贸金所)
    last = tokens[-1]
    if last in GENERIC_HEADS or _phrase_core(tokens, tags):
        return False
    coined = 3 <= len(name) <= 6 and any(t not in tags for t in tokens if not t.isdigit())
    if last in tags and tags[last] in NON_NAME_HEAD_TAGS and not coined:
        return False
    return distinctive(name, cut) >= MIN_DISTINCT
