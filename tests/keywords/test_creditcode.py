"""统一社会信用代码 check digit (GB 32100-2015)."""

from __future__ import annotations

from keywords import check_char, is_valid_credit_code
from keywords.creditcode import credit_code_problem


def test_known_valid_codes() -> None:
    # Published codes of well-known companies.
    for code in ("91440300708461136T", "911100001000128855"):
        assert is_valid_credit_code(code), code


def test_check_char_round_trip() -> None:
    body = "91310000MA1FL1234"
    code = body + check_char(body)
    assert is_valid_credit_code(code)
    assert is_valid_credit_code(code.lower())
    wrong = "0" if code[-1] != "0" else "1"
    assert "校验位" in (credit_code_problem(body + wrong) or "")


def test_bad_length_and_characters() -> None:
    assert "18 个字符" in (credit_code_problem("9131000") or "")
    assert "不允许出现字符" in (credit_code_problem("91310000MA1FL1I340") or "")
    assert not is_valid_credit_code("91310000MA1FL1234I")
