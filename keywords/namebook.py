"""What the project knows about Chinese organisation names, in one place, as data.

The candidate generator (:mod:`keywords.candidates`: its segmenter edges, "discovery", and
its string scans), the name judge (:mod:`keywords.names`) and the identity rules
(:mod:`keywords.identity`) all read their word lists from here; none keeps a list of its own.
Each list says which reader uses it.  docs/enterprises.md explains what makes a mention an
enterprise and how names are joined into one identity.
"""

from __future__ import annotations


def _tuple(words: str) -> tuple[str, ...]:
    return tuple(words.split())


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# -- what makes an organisation --------------------------------------------------------

LEGAL_SUFFIXES = _tuple(
    """
    股份有限公司 有限责任公司 集团有限公司 有限公司 集团公司 分公司 公司 集团
    """
)
"""Registered legal forms, longest first: a name ending in one is a company (candidates)."""

ORGANISATION_SUFFIXES = _tuple(
    """
    证券 期货 信托 保险 基金管理 资产管理 投资管理 财富管理 小额贷款 融资担保 担保 典当 商城 mall
    股份有限公司 有限责任公司 集团有限公司 有限公司 集团公司 分公司 公司 集团 合作社 专业合作社 基金会 协会 商会 联合会 研究会 促进会 中心 研究院 研究所 事务所 交易所 交易中心
    银行 农商行 农商银行 支行 分行 信用社 工作室 俱乐部 商行 商城 超市 门店 医院 学校 学院 网 金服 网贷 财富 金融 创投 资本 基金 贷 宝 平台 理财 投资 控股 股份
    """
)
"""Endings that make a name an organisation (identity: a company, a co-operative, a centre, a
fund or association, a bank, or a platform brand such as 鑫盛宝, 陆金服)."""

ORG_SUFFIXES = _tuple(
    """
    股份有限公司 有限责任公司 集团有限公司 金融信息服务 有限公司 控股集团 投资控股 投资管理 资产管理 财富管理 投资咨询 小额贷款 公司 集团 理财 财富 金服 金融 银行 创投 网贷
    资本 基金 投资 贷 宝
    """
)
"""Suffixes that make a discovered string an organisation name, longest first (names)."""

BRAND_SUFFIXES = _set(
    """
    创投 宝 理财 网贷 财富 贷 金服 金融
    """
)
"""Platform-brand endings (钱宝, 陆金服, 火理财, 永利宝): one distinctive character before them is
enough, and a place-like word there is part of the brand, not a location (names)."""

DISCOVERY_SUFFIXES = _tuple(
    """
    股份有限公司 有限责任公司 集团有限公司 有限公司 金融信息服务 投资管理 资产管理 财富管理 投资控股 控股集团 集团 公司 理财 财富 金服 金融 银行 创投 小额贷款 网贷 资本 基金
    贷 宝
    """
)
"""Suffixes discovery keeps as part of the name it proposes (segmenter edges)."""

DISCOVERY_STRIP_SUFFIXES = _tuple(
    """
    理财平台 网贷平台 借贷平台 投资平台 p2p平台 平台 app
    """
)
"""Generic endings discovery strips: 钱妈妈理财平台 proposes 钱妈妈理财 (segmenter edges)."""

BUSINESS_SUFFIXES = _tuple(
    """
    股份 控股 科技 证券 金融 银行 财富 理财 基金 金服 资本 投资 创投 期货 保险 信托 网 网贷 贷 宝 之家 商城 药业 医药 实业 地产 置业 能源 电子 传媒 国际 资产 发展
    信息 文化 生物 农业 商贸 贸易 咨询 管理 服务
    """
)
"""Business words a candidate subject may end in (candidates)."""

CANDIDATE_STRIP_SUFFIXES = _tuple(
    """
    平台 app APP App
    """
)
"""Endings a subject candidate is proposed without (candidates)."""

PLACE_SUFFIXES = _tuple(
    """
    省 市 区 县 自治区
    """
)
"""Endings of a place prefix (深圳市…) a short form drops (candidates)."""

# -- what is not an organisation -------------------------------------------------------

PRODUCT_MARKERS = _tuple(
    """
    使用权 收益权 受益权 会员卡 会员 理财产品 产品 计划 项目 套餐 份额 债权 借款标 标 卡 券 礼包 保单 定存 存单 专区 系列 享 盈 赢
    """
)
"""Endings of a product or scheme (康养会员卡, 养老床位使用权, 供应链稳盈计划, 季季享): never an
enterprise; shown under the enterprise that sells it when the text says which (identity)."""

PRODUCT_CUES = _tuple(
    """
    销售 推出 发行 发售 代销 认购 购买 买入 投资了 购入 主推 上线 打造 名为 叫做
    """
)
"""Words right before a product name (以销售“养老床位使用权”为名, 推出“季季享”) (identity)."""

PRODUCT_AFTER = _tuple(
    """
    等产品 产品 等理财产品 理财产品 等项目 项目 计划 系列 等标的 标的
    """
)
"""Words right after a product name (“季季享”“年年丰”等产品) (identity)."""

FRAGMENT_STARTS = _set(
    """
    型 式 类 性 化 级 款 版 期 号 者 的 之
    """
)
"""A name never starts with one of these bound characters: 型理财 is cut out of 稳健型理财 (identity)."""

GENERIC_WORDS = _set(
    """
    中国 中心 事务所 互联网 交易中心 交易所 代理 传媒 供应链 保险 信息 信托 健康 全国 公募 公司 养老 农业 农商 农商行 农村 创投 区块链 医药 协会 发展 各家 合作社 合法
    咨询 商业 商业银行 商务 国内 国家 国有 国际 地产 地方 基金 多家 大型 实业 小贷 工作室 工程 平台 康养 建设 房地产 技术 投资 担保 控股 推广 收藏 教育 数字 数据
    文交所 文化 新能源 旅游 有关 有限 有限公司 服务 期货 正规 民营 汽车 物流 环保 珠宝 理财 理财平台 生物 电商 电子 相关 知名 矿业 私募 科技 管理 经纪 网络 网贷
    网贷平台 置业 股份 股份制 能源 艺术品 营销 虚拟 融资 证券 财富 责任 货币 贷款 贸易 资产 资本 运营 部分 酒店 金服 金融 金融信息 银行 集团 非法 顾问 食品 餐饮 黄金
    """
)
"""Business and industry words that do not distinguish one company from another (names)."""

GENERIC_HEADS = _set(
    """
    事件 产品 会员卡 准备金 卡 困难 套路 手法 案件 模式 活动 知识 计划 资金 金 钱 问题 项目 风险准备金 骗局
    """
)
"""Generic heads: a string ending in one names a thing or an event, not an organisation (names)."""

GENERIC_NAMES = _set(
    """
    一家公司 上市公司 互联网金融 人民银行 传销 公司 其公司 分公司 创投 各家银行 商业银行 基金 多家公司 央行 子公司 宝 小贷公司 平台 投资公司 投资管理 担保公司 有限公司 本公司
    此平台 母公司 民营银行 理财 理财公司 理财平台 科技公司 网贷 网贷平台 股份有限公司 该公司 该平台 财富 财富管理 贷 贷款 资产管理 资本 这家公司 金服 金融 金融公司 银行 集团
    集资 非法 非法集资
    """
)
"""Words discovery never proposes as names (segmenter edges)."""

CANDIDATE_GENERIC = _set(
    """
    上市公司 中国 互联网 互联网金融 交易所 人民银行 传销 全国 公司 公告 公安 分公司 受害人 商业银行 国家 基金 央行 子公司 官网 宝 小贷公司 平台 投资 投资人 投资公司 投资者
    担保公司 控股 政府 有限 有限公司 本公司 检察院 母公司 法院 消费者 理财 理财公司 理财平台 监管 科技 科技公司 网 网站 网络 网贷 网贷平台 股东 股份 股份有限公司 董事长
    警方 记者 证券 证监会 该公司 财富 贷 资本 金融 金融公司 银保监会 银行 集团 集资 非法集资
    """
)
"""Words never proposed as a subject candidate (candidates)."""

LEADING_WORDS = _set(
    """
    方为 方是 方系 商为 商是 主体为 主体是
    一个 一些 一位 一名 一家 一批 一款 一种 不是 人家 他们 以及 传言 但是 你们 其 其中 几家 包括 另外 只见 号称 各 各地 同时 听说 咱们 因为 外地 多家 大家 她们 如果
    就是 当地 当时 我们 所以 所谓 据说 有一家 有个 有家 本 本地 某 某家 某某 此 此后 此家 每 目前 网传 而且 自己 虽然 该 该地 该家 还是 还有 这 这个 这些 这家 那
    那个 那些 那家 部分
    """
)
"""Leading words trimmed from a candidate whatever their tag (人家 is tagged n) (names)."""

CORE_BREAKERS = _set(
    """
    与 做 及 向 和 在 对 平台 把 是 有 给 被 让
    """
)
"""Tokens that make a core a phrase (p2p平台做供应链金融), not a name (names)."""

ASCII_STOP = _set(
    """
    about app apps b2b b2c bank ceo cfo china com coo cto from fund group have here html http https
    ipo money more net news o2o online org p2p pdf that them there they this vip what when where
    which will with www your
    """
)
"""ASCII words that are not brand names on their own (names)."""

# -- cue words ----------------------------------------------------------------------

OPERATOR_CUES = _tuple(
    """
    旗下 运营 运营方 运营商 经营 开发 主办 所属 控股 实际运营
    """
)
"""Words that say one name runs another: X旗下的Y平台, Y平台运营方X, Y由X运营 (identity)."""

DIFFERENT_CUES = _tuple(
    """
    分公司 子公司 分行 支行 营业部 办事处 无关 并非 不是 冒用 假冒 山寨 仿冒 李鬼
    """
)
"""Words that show a contained name is a different enterprise: a branch, a subsidiary, an
impostor or an explicit denial (identity)."""

SUBJECT_CUES = _tuple(
    """
    涉嫌 被查 被立案 被警方 被公安 非法集资 非法吸收 集资诈骗 暴雷 爆雷 跑路 失联 逾期 提现困难 无法提现 已被 遭 因涉嫌 打着 是一个 属于 利用 以高 承诺 崩盘 清盘 董事长
    总经理 实控人 实际控制人 法定代表人 创始人 老板 负责人 高管 此前 也被 被
    """
)
"""Words right after the subject of a sentence (涉嫌, 被查, 跑路 ...) (segmenter edges)."""

TAG_TRAILERS = _tuple(
    """
    诈骗 骗局 跑路 暴雷 爆雷 传销 非法集资 涉嫌诈骗 维权 逾期 提现困难 事件 案件 案 平台
    """
)
"""Endings cut from a #tag# or 【tag】 before it is judged (#鑫盛宝暴雷# -> 鑫盛宝) (segmenter edges)."""

STOP_TOKENS = _set(
    """
    一个 一家 一案 上 上市 上线 下 下属 下线 与 中 为 也 了 于 互联网 人员 今年 今日 从 代表 以 传销 但 作为 例如 侦查 借用 假借 像 兑付 入股 公众 公告 公安 关于
    关联 其 其中 其他 内 冒充 出借人 判决 利用 到 前 加入 包括 单位 即 即将 去年 参与 又 及 发布 发现 受害人 号称 各家 合作 同 名为 名义 后 向 吸收 员工 和 因 在
    外 多家 大型 失联 如 嫌疑人 子公司 存款 实控人 实际 客户 宣传 宣判 宣称 对 将 就 属于 已 年 并 开发 总经理 成立 或 所属 打着 把 投资人 报案 报道 担保 据 控制
    推出 提现 收购 旗下 日 日前 是 显示 暴雷 曾 最近 月 期间 某 某某 查处 案 案件 检察院 此 母公司 比如 法人 法院 注册 涉嫌 爆雷 犯罪 用户 由 登陆 的 目前 知名 称
    称为 立案 等 签约 系 组织 经 经营 给 网络 老板 而 股东 自 自称 至 董事长 表示 被 被告 被告人 要求 警方 认购 让 记者 设立 诈骗 该 该家 调查 负责人 购买 起诉
    起诉书 跑路 跟 运营 近日 近期 还 这 这家 连同 通过 逾期 那 都 里 集资 非法 高管
    """
)
"""Tokens a discovered name never spans when walking back from its suffix (segmenter edges)."""

NAME_BUSINESS_TOKENS = _set(
    """
    担保 网络 互联网 开发
    """
)
"""Stop tokens that are also a business line inside a name (利辛县云海担保公司, 达辰网络科技
有限公司, 房地产开发有限公司): walking back from a suffix they are kept when a name word
stands before them, so 提供担保公司 still yields nothing (segmenter edges)."""

SCAN_CUES = _tuple(
    """
    涉嫌 被 因 遭 等 已 旗下 董事长 总经理 实控人 实际控制人 法定代表人 创始人 老板 负责人 高管 跑路 失联
    暴雷 爆雷 逾期 提现 兑付 停业 倒闭 非法 集资 传销 诈骗 一案 案 事件 今日 近日 发布 公告 回应
    评级 重组 违规 造假 停牌 退市 辞职 维权 控制权 信披 下调 调降 上调 减持 增持 套现 抛售 清仓
    打掉 曝光 起诉 被告 被告单位 宣判 指控 涉及 总部 官网 关联 自融 不能
    """
)
"""Words a name often comes right before or right after (X评级遭下调, 减持X): the scans propose
the characters before one, start names right after one, and never cross one walking left
(candidates)."""

SCAN_NAME_PARTS = _set(
    """
    事件
    """
)
"""Scan cues that may end a name and so do not block a left edge (candidates)."""

PROVINCES = _set(
    """
    北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东
    海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门
    """
)
"""Province-level places: a registered name is often written with one in front (海南|某某有限公司)
and cited without it, so a name may start right after one (candidates)."""

SCAN_EDGE_AFTER = frozenset(
    "的了在对与和及被是为将把向从由据等让给该这那此其于以也还都又就而省市区县"
)
"""Characters a name often starts right after (candidates)."""

SCAN_BAD_START = frozenset(
    "的了在对与和及被是为将把向从由据等让给该这那此其于以也还都又就而且已他她它我你咱您"
)
"""Characters a scanned name does not start with (function words, pronouns: 他说公司 is no
name) (candidates)."""
