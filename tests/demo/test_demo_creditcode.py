"""Credit codes: the GB 32100-2015 check character and the demo's codes."""

from pathlib import Path

import pytest
import yaml

from demo.creditcode import (
    credit_code_check_char,
    is_valid_credit_code,
    make_credit_code,
    org_code_check_char,
)
from demo.enterprises import ENTERPRISES

WATCHLIST = Path(__file__).parents[2] / "demo" / "watchlist.yaml"


def test_published_sample_code_is_valid():
    assert is_valid_credit_code("91350100M000100Y43")
    assert credit_code_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y44", "91350100M000100Y4", "91350100M000100Y433", "9135010OM000100Y43", ""],
)
def test_wrong_codes_are_rejected(code):
    assert not is_valid_credit_code(code)


def test_check_char_names_the_bad_character():
    with pytest.raises(ValueError, match="'I'"):
        credit_code_check_char("9135010IM000100Y4")


def test_org_code_check_char_handles_x_and_zero():
    # 11 - sum % 11 gives 10 -> X and 11 -> 0 (GB 11714)
    results = {org_code_check_char(f"{n:08d}") for n in range(0, 3000)}
    assert {"X", "0"} <= results


def test_make_credit_code_is_valid_and_embeds_org_check():
    code = make_credit_code("310115", "MA1K3QX7")
    assert is_valid_credit_code(code)
    assert code[8:16] == "MA1K3QX7"
    assert code[16] == org_code_check_char("MA1K3QX7")


def test_every_demo_enterprise_has_a_valid_code():
    for enterprise in ENTERPRISES:
        assert is_valid_credit_code(enterprise.credit_code), enterprise.name
        assert enterprise.credit_code[16] == org_code_check_char(enterprise.credit_code[8:16])
    assert len({e.credit_code for e in ENTERPRISES}) == len(ENTERPRISES)


def test_watchlist_matches_enterprises():
    data = yaml.safe_load(WATCHLIST.read_text(encoding="utf-8"))
    entries = {e["name"]: e for e in data["enterprises"]}
    expected = {e.name: e for e in ENTERPRISES if e.on_watchlist}
    assert set(entries) == set(expected)
    for name, entry in entries.items():
        enterprise = expected[name]
        assert set(entry) == {"name", "aliases", "credit_code", "region", "tags"}
        assert is_valid_credit_code(entry["credit_code"])
        assert entry["credit_code"] == enterprise.credit_code
        assert tuple(entry["aliases"]) == enterprise.aliases
        assert entry["region"] == enterprise.region
