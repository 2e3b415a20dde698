"""The fictional enterprises the demo sites write about.

All names are invented for the demo.  ``role`` says what the sites do with an
enterprise: ``risky`` ones have planted illegal-fundraising stories, ``decoy``
ones appear only in anti-fraud awareness or rumour-rebuttal pages, ``ordinary``
ones only in plain company news, and ``other`` ones are on the watchlist but
never written about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["risky", "decoy", "ordinary", "other"]


@dataclass(frozen=True)
class Enterprise:
    """One fictional enterprise, with the names the pages use for it."""

    name: str
    aliases: tuple[str, ...]
    credit_code: str
    region: str
    role: Role
    tags: tuple[str, ...]
    risks: tuple[str, ...] = ()
    on_watchlist: bool = True
    products: tuple[str, ...] = ()
    """Products and schemes the pages say it sells: never an enterprise of their own."""
    brands: tuple[str, ...] = ()
    """Platforms or brands it runs (a subset of ``aliases``): one enterprise with it."""

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by its aliases."""
        return (self.name, *self.aliases)


XINSHENGYUAN = Enterprise(
    name="鑫盛源财富管理有限公司",
    aliases=("鑫盛源财富", "鑫盛宝", "鑫盛源"),
    credit_code="91310115MA1K3QX71N",
    region="上海市",
    role="risky",
    tags=("p2p", "理财"),
    risks=("高息揽储", "承诺保本保息", "提现困难", "逾期兑付", "清盘退出", "立案侦查"),
    products=("季季享", "年年丰"),
    brands=("鑫盛宝",),
)
QIANSHENGTONG = Enterprise(
    name="深圳前海乾晟通供应链管理有限公司",
    aliases=("乾晟通供应链", "乾晟通"),
    credit_code="91440305MA5F8RW27Q",
    region="广东省深圳市",
    role="risky",
    tags=("供应链金融", "理财"),
    risks=("高息揽储", "逾期兑付", "老板失联跑路", "人去楼空", "立案侦查"),
)
RUIQI = Enterprise(
    name="杭州瑞祺康养生物科技有限公司",
    aliases=("瑞祺康养", "瑞祺生物"),
    credit_code="91330110MA2H9DL473",
    region="浙江省杭州市",
    role="risky",
    tags=("养老", "保健品"),
    risks=("承诺保本保息", "拉人头返利", "立案侦查"),
    products=("养老床位使用权", "康养会员卡"),
)
SHUHUI = Enterprise(
    name="成都蜀汇鼎丰投资咨询有限公司",
    aliases=("蜀汇鼎丰", "汇鼎丰", "蜀汇鼎丰投资咨询公司"),
    credit_code="91510107MA6C7NT8XM",
    region="四川省成都市",
    role="risky",
    tags=("投资咨询",),
    risks=("高息揽储", "提现困难"),
    on_watchlist=False,
)
YUNLAN_BANK = Enterprise(
    name="云澜农村商业银行股份有限公司",
    aliases=("云澜农商银行", "云澜农商行"),
    credit_code="913311007283156K7R",
    region="浙江省丽水市",
    role="decoy",
    tags=("银行",),
)
SHENGTAIHE = Enterprise(
    name="晟泰和物流股份有限公司",
    aliases=("晟泰和物流", "晟泰和"),
    credit_code="91320500MA1W4PL608",
    region="江苏省苏州市",
    role="decoy",
    tags=("物流",),
)
JINCHENG = Enterprise(
    name="锦程宏远保险代理有限公司",
    aliases=("锦程宏远",),
    credit_code="91440106MA59KX3A4G",
    region="广东省广州市",
    role="decoy",
    tags=("保险",),
    on_watchlist=False,
)
QINGLAN = Enterprise(
    name="青岚新能源科技股份有限公司",
    aliases=("青岚新能源", "青岚科技"),
    credit_code="91340100MA2T8RN51P",
    region="安徽省合肥市",
    role="ordinary",
    tags=("新能源",),
)
XINGHE = Enterprise(
    name="星河云帆智能科技有限公司",
    aliases=("星河云帆",),
    credit_code="91440305MA5G1HM96P",
    region="广东省深圳市",
    role="ordinary",
    tags=("科技",),
    on_watchlist=False,
)
LVYE = Enterprise(
    name="绿野沃丰农业发展有限公司",
    aliases=("绿野沃丰",),
    credit_code="91511400MA62QD4J8H",
    region="四川省眉山市",
    role="ordinary",
    tags=("农业",),
    on_watchlist=False,
)
BEICHEN = Enterprise(
    name="北辰瑞和资产管理有限公司",
    aliases=("北辰瑞和",),
    credit_code="91110105MA01BK7R8A",
    region="北京市",
    role="other",
    tags=("私募",),
)
RONGXI = Enterprise(
    name="榕溪汇通小额贷款有限公司",
    aliases=("榕溪汇通",),
    credit_code="91350100MA34UC2EXW",
    region="福建省福州市",
    role="other",
    tags=("小贷",),
)

ENTERPRISES: tuple[Enterprise, ...] = (
    XINSHENGYUAN,
    QIANSHENGTONG,
    RUIQI,
    SHUHUI,
    YUNLAN_BANK,
    SHENGTAIHE,
    JINCHENG,
    QINGLAN,
    XINGHE,
    LVYE,
    BEICHEN,
    RONGXI,
)


def by_role(role: Role) -> tuple[Enterprise, ...]:
    """Return the enterprises with the given role, in declaration order."""
    return tuple(e for e in ENTERPRISES if e.role == role)


def find(name: str) -> Enterprise:
    """Return the enterprise whose canonical name is ``name``."""
    for enterprise in ENTERPRISES:
        if enterprise.name == name:
            return enterprise
    raise KeyError(f"no demo enterprise named {name!r}")
