"""统一社会信用代码 (unified social credit code) check digit, GB 32100-2015."""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 code characters (no I, O, S, V, Z); a character's value is its index."""
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_char(first17: str) -> str:
    """The 18th character for the first 17; ``ValueError`` on a character outside the set."""
    if len(first17) != 17:
        raise ValueError(f"需要 17 个字符，实际 {len(first17)} 个")
    total = 0
    for ch, weight in zip(first17.upper(), WEIGHTS, strict=True):
        value = CHARSET.find(ch)
        if value < 0:
            raise ValueError(f"统一社会信用代码中不允许出现字符 {ch!r}")
        total += value * weight
    return CHARSET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 统一社会信用代码, or None when it is."""
    code = code.strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应有 18 个字符，{code!r} 有 {len(code)} 个"
    try:
        expected = check_char(code[:17])
    except ValueError as exc:
        return str(exc)
    if code[17] != expected:
        return f"{code!r} 的校验位应为 {expected!r}，而不是 {code[17]!r}"
    return None


def is_valid_credit_code(code: str) -> bool:
    """True when ``code`` is 18 allowed characters with a correct check digit."""
    return credit_code_problem(code) is None
