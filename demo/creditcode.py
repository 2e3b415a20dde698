"""Unified social credit codes (统一社会信用代码) per GB 32100-2015.

A code is 18 characters: registration authority (1), organisation type (1),
administrative division (6), organisation code per GB 11714 (9, its own check
character last) and a check character computed over the first 17.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters a credit code may use (no I, O, Z, S, V)."""

_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_VALUES = {ch: i for i, ch in enumerate(CHARSET)}


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters."""
    if len(first17) != 17:
        raise ValueError(f"credit code body must be 17 characters, got {len(first17)}")
    total = 0
    for ch, weight in zip(first17, _WEIGHTS, strict=True):
        if ch not in _VALUES:
            raise ValueError(f"character {ch!r} is not allowed in a credit code")
        total += _VALUES[ch] * weight
    return CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    """Tell whether ``code`` is 18 allowed characters with a correct check character."""
    if len(code) != 18 or any(ch not in _VALUES for ch in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def org_code_check_char(body8: str) -> str:
    """Return the GB 11714 check character for an 8-character organisation code body."""
    if len(body8) != 8:
        raise ValueError(f"organisation code body must be 8 characters, got {len(body8)}")
    total = 0
    for ch, weight in zip(body8, _ORG_WEIGHTS, strict=True):
        value = int(ch, 36)
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(division: str, org_body: str, *, authority: str = "9", kind: str = "1") -> str:
    """Build a valid code from a 6-digit division code and an 8-character organisation body."""
    if len(division) != 6 or not division.isdigit():
        raise ValueError(f"division must be 6 digits, got {division!r}")
    first17 = f"{authority}{kind}{division}{org_body}{org_code_check_char(org_body)}"
    return first17 + credit_code_check_char(first17)
