"""统一社会信用代码 (unified social credit code) check digit, GB 32100-2015."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 code characters (no I, O, S, V, Z); a character's value is its index."""
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_char(first17: str) -> str:
    """The 18th character for the first 17; ``ValueError`` on a character outside the set."""
    if len(first17) != 17:
        raise ValueError(f"need 17 characters, got {len(first17)}")
    total = 0
    for ch, weight in zip(first17.upper(), WEIGHTS, strict=True):
        value = CHARSET.find(ch)
        if value < 0:
            raise ValueError(f"character {ch!r} is not allowed in a credit code")
        total += value * weight
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, or None when it is."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"a credit code has 18 characters, {code!r} has {len(code)}"
    try:
        expected = check_char(code[:17])
    except ValueError as exc:
        return str(exc)
    if code[17] != expected:
        return f"check digit of {code!r} should be {expected!r}, not {code[17]!r}"
    return None


def is_valid_credit_code(code: str) -> bool:
    """True when ``code`` is 18 allowed characters with a correct check digit."""
    return credit_code_problem(code) is None
