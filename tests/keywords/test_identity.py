"""What counts as an enterprise, and which names in one text are one enterprise.

Every sentence here is written for these tests (fictional names)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from keywords import Analyzer, AnalyzerConfig, default_set_paths, load_watchlist
from keywords.identity import find_products, name_kind, product_owner, same_enterprise
from tianluo.errors import ConfigError

Writer = Callable[[str, str], Path]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("青禾互助养老服务中心", "organisation"),
        ("云岭果蔬专业合作社", "organisation"),
        ("金穗宝", "organisation"),
        ("松涛慈善基金会", "organisation"),
        ("颐年居养老床位使用权", "product"),
        ("松鹤康养会员卡", "product"),
        ("稳赢供应链计划", "product"),
        ("型理财", "fragment"),
        ("平台", "generic"),
        ("银行", "generic"),
    ],
)
def test_name_kind_by_ending(name: str, kind: str) -> None:
    assert name_kind(name) == kind


def test_a_name_the_text_sells_is_a_product() -> None:
    text = "该平台主推“月月盈”“双季丰”等产品，承诺年化18%。"
    assert name_kind("双季丰", text) == "product"
    assert name_kind("双季丰") == "organisation"  # nothing says so without the text
    assert find_products(text) == ["月月盈", "双季丰"]


def test_product_owner_needs_a_selling_word() -> None:
    text = "青禾康养以销售“颐年居床位”为名吸收资金。另有松涛集团在本市开业。"
    assert product_owner(text, "颐年居床位", ["青禾康养", "松涛集团"]) == "青禾康养"
    assert product_owner("松涛集团开业，“颐年居床位”热销。", "颐年居床位", ["松涛集团"]) == ""


@pytest.mark.parametrize(
    ("text", "brand", "operator"),
    [
        (
            "金穗宝平台运营方为金穗源投资管理有限公司，目前无法提现。",
            "金穗宝",
            "金穗源投资管理有限公司",
        ),
        ("禾丰控股集团旗下的禾丰贷平台逾期兑付。", "禾丰贷", "禾丰控股集团"),
        ("云杉宝由云杉信息科技有限公司运营，已停止兑付。", "云杉宝", "云杉信息科技有限公司"),
    ],
)
def test_operator_cues_join_a_brand_to_its_operator(text: str, brand: str, operator: str) -> None:
    assert (brand, operator, "operator") in same_enterprise(text, [brand, operator])


def test_containment_joins_unless_the_text_shows_a_branch() -> None:
    text = "蓝湖鼎盛咨询公司承诺保本，蓝湖鼎盛的业务员上门推销。"
    assert ("蓝湖鼎盛", "蓝湖鼎盛咨询公司", "contained") in same_enterprise(
        text, ["蓝湖鼎盛", "蓝湖鼎盛咨询公司"]
    )
    branch = "蓝湖鼎盛成都分公司涉嫌集资，蓝湖鼎盛总部称不知情。"
    assert same_enterprise(branch, ["蓝湖鼎盛", "蓝湖鼎盛成都分公司"]) == []
    denial = "蓝湖鼎盛咨询公司声明，近期诈骗的蓝湖鼎盛与本公司无关。"
    assert same_enterprise(denial, ["蓝湖鼎盛", "蓝湖鼎盛咨询公司"]) == []


@pytest.fixture(scope="module")
def plain() -> Analyzer:
    return Analyzer.from_files(default_set_paths(), None, AnalyzerConfig())


def test_products_and_fragments_are_not_enterprises(plain: Analyzer) -> None:
    risky = "多家银行下调存款利率，稳健型理财收益走低，有人承诺年化20%保本保息，涉嫌非法集资。"
    result = plain.analyze(risky)
    assert not any(m.name.startswith("型") for m in result.mentions)
    sold = "经警方查明，松鹤苑自去年以销售“颐年居养老床位使用权”为名承诺保本高息，涉嫌非法吸收公众存款。"
    names = [m.name for m in plain.analyze(sold).mentions]
    assert "颐年居养老床位使用权" not in names


def test_brand_and_operator_are_one_mention(plain: Analyzer) -> None:
    text = "金穗宝平台运营方为金穗源投资管理有限公司。金穗宝近日出现提现困难，投资人无法提现，涉嫌非法集资。"
    mentions = plain.analyze(text).mentions
    assert [m.name for m in mentions] == ["金穗源投资管理有限公司"]
    assert "金穗宝" in mentions[0].aliases


def test_short_form_joins_the_full_name(plain: Analyzer) -> None:
    text = "本地有个蓝湖鼎盛咨询公司，月息3分保本，蓝湖鼎盛还鼓励拉人头，蓝湖鼎盛涉嫌非法集资。"
    mentions = plain.analyze(text).mentions
    assert [m.name for m in mentions] == ["蓝湖鼎盛咨询公司"]
    assert mentions[0].aliases == ["蓝湖鼎盛"]


WATCH = """\
enterprises:
  - name: 金穗源投资管理有限公司
    aliases: [金穗源]
    brands: [金穗宝]
  - name: 穗通贷
    operator: 金穗源
"""


def test_watchlist_brands_and_operator(write: Writer, tmp_path: Path) -> None:
    watchlist = load_watchlist(write(WATCH, "wl.yaml"))
    assert watchlist.canonical("金穗宝") == "金穗源投资管理有限公司"
    assert watchlist.canonical("穗通贷") == "金穗源投资管理有限公司"
    assert set(watchlist.aliases()["金穗源投资管理有限公司"]) == {"金穗源", "金穗宝", "穗通贷"}
    analyzer = Analyzer(list(Analyzer.from_files(default_set_paths(), None).sets), watchlist)
    result = analyzer.analyze("穗通贷逾期兑付，投资人无法提现，涉嫌非法集资。")
    assert [m.name for m in result.mentions] == ["金穗源投资管理有限公司"]
    assert "穗通贷" in result.mentions[0].aliases


def test_watchlist_operator_must_name_an_entry(write: Writer) -> None:
    path = write(WATCH.replace("operator: 金穗源", "operator: 不存在的公司"), "wl.yaml")
    with pytest.raises(ConfigError) as info:
        load_watchlist(path)
    message = str(info.value)
    assert "wl.yaml:6: enterprises[1].operator:" in message and "不存在的公司" in message


def test_a_registered_company_under_another_is_a_subsidiary() -> None:
    text = "云杉控股集团旗下的云杉文化传播有限公司涉嫌非法集资。"
    names = ["云杉控股集团", "云杉文化传播有限公司"]
    assert not any(why == "operator" for *_n, why in same_enterprise(text, names))


def test_a_short_name_in_two_different_names_joins_neither() -> None:
    text = "松岚国际有限公司与云南松岚旅游有限公司均称松岚是自己的品牌。"
    names = ["松岚", "松岚国际有限公司", "云南松岚旅游有限公司"]
    assert same_enterprise(text, names) == []


def test_a_quoted_name_needs_its_quote_closed_before_a_product_word() -> None:
    assert name_kind("松岚证券", "松岚证券产品部负责人称") == "organisation"
    assert name_kind("松岚优选", "松岚优选产品部负责人称") == "organisation"
    assert name_kind("松岚优选", "推出“松岚优选”产品") == "product"
