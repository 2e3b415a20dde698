"""Promised yields in Chinese text, as annualised percentages.

Handles 年化收益率 18%, 年化15%-20%, 月息2分 (2 %/month = 24 % p.a.), 月息1.5%,
日息千分之三 (0.3 %/day = 109.5 % p.a.), 年息一毛 (10 %), 年息8厘 (8 %), 月息5厘
(0.5 %/month), 周收益3%, and 18%的年化收益.
"""

from __future__ import annotations

import re

from tianluo.numerals import CN_DIGITS

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
_PER_YEAR = {"年": 1.0, "月": 12.0, "日": 365.0, "天": 365.0, "周": 52.0}
_KIND = r"(?:收益率|收益|回报率|回报|利率|利息|化率|化收益率|化利率|化回报|返利|返息)?"
_KIND_REQUIRED = (
    r"(?:收益率|收益|回报率|回报|利率|利息|息|返利|返息|化收益率|化收益|化利率|化回报|化)"
)
_GLUE = r"[^\d\n。；;，,]{0,6}?"
_VALUE = (
    rf"(?:(?P<pct>{_NUM})\s*[%％](?:\s*[-~～—至到]\s*(?P<pct2>{_NUM})\s*[%％]?)?"
    rf"|百分之(?P<bai>{_NUM})|千分之(?P<qian>{_NUM})|万分之(?P<wan>{_NUM})"
    rf"|(?P<fen>{_NUM})分(?P<half>半)?(?![钟之])|(?P<li>{_NUM})厘|(?P<mao>{_NUM})毛)"
)
_FORWARD = re.compile(
    r"(?:(?P<period>年化)"
    + _KIND
    + r"|(?P<period2>每?[年月日天周])"
    + _KIND_REQUIRED
    + r")"
    + r"(?:高达|达到|约|为|在|是|超|近|:|：|\s)*"
    + _VALUE
)
_BACKWARD = re.compile(
    rf"(?P<pct>{_NUM})\s*[%％]的?(?P<period>年化|年|月|日)(?:化)?(?:收益|回报|利率|利息)"
)
_GENERIC = re.compile(
    rf"(?:预期|承诺|保底|固定)?(?:收益率|回报率)(?:高达|达到|约|为|在|是|超|:|：|\s)*"
    rf"(?P<pct>{_NUM})\s*[%％](?:\s*[-~～—至到]\s*(?P<pct2>{_NUM})\s*[%％]?)?"
)


def parse_number(text: str) -> float | None:
    """Arabic or simple Chinese numerals (十二, 一点五, 两) to float."""
    try:
        return float(text)
    except ValueError:
        pass
    whole, _, frac = text.partition("点")
    total = 0
    current = 0
    for ch in whole:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    value = float(total + current)
    if frac:
        digits = "".join(str(CN_DIGITS.get(ch, "")) for ch in frac)
        value += float("0." + digits) if digits else 0.0
    return value


def _period_factor(period: str) -> float:
    period = period.replace("每", "")
    if period == "年化":
        return 1.0
    return _PER_YEAR.get(period, 1.0)


def _rates(match: re.Match[str]) -> list[float]:
    """Per-period rates in percent from one match's value groups."""
    groups = match.groupdict()
    out: list[float] = []
    for key, scale in (
        ("pct", 1.0),
        ("pct2", 1.0),
        ("bai", 1.0),
        ("qian", 0.1),
        ("wan", 0.01),
        ("li", None),
        ("mao", None),
        ("fen", None),
    ):
        raw = groups.get(key)
        if not raw:
            continue
        value = parse_number(raw)
        if value is None:
            continue
        period = groups.get("period") or groups.get("period2") or "年"
        if key == "fen":  # 月息2分 = 2 %/month; 年息1分 = 10 %/year; 日息1分 = 1 %/day
            value = value + (0.5 if groups.get("half") else 0.0)
            value = value * 10 if period.replace("每", "") in ("年", "年化") else value
        elif key == "li":  # 年息8厘 = 8 %; 月息5厘 = 0.5 %/month
            value = value if period.replace("每", "") in ("年", "年化") else value / 10
        elif key == "mao":  # 年息一毛 = 10 %
            value = value * 10
        else:
            assert scale is not None
            value *= scale
        out.append(value)
    return out


def extract_yields(text: str) -> list[tuple[float, int, int]]:
    """Annualised percentages with their (start, end) spans, in text order, capped at 10,000 %."""
    found: dict[tuple[int, int], list[float]] = {}
    taken = bytearray(len(text))
    patterns = [_FORWARD]
    if "%" in text or "％" in text:  # the other two need a per-cent sign
        patterns.append(_BACKWARD)
        if "收益率" in text or "回报率" in text:
            patterns.append(_GENERIC)
    for pattern in patterns:
        for match in pattern.finditer(text):
            span = match.span()
            if any(taken[span[0] : span[1]]):
                continue
            groups = match.groupdict()
            factor = _period_factor(groups.get("period") or groups.get("period2") or "年")
            values = [rate * factor for rate in _rates(match)]
            values = [round(v, 4) for v in values if 0 < v <= 10000]
            if values:
                found[span] = values
                taken[span[0] : span[1]] = b"\x01" * (span[1] - span[0])
    return [(v, s, e) for (s, e), vals in sorted(found.items()) for v in vals]


_VALUE_MARKS = frozenset("%％分厘毛")
"""Every value form holds one of these (百分之 and 千分之 hold 分): a window without one has none."""
_SEPARATOR = "\x00"
"""Joins windows for one pass: no pattern matches across it."""


def extract_yields_near(
    text: str, positions: list[int], before: int = 24, after: int = 40
) -> list[tuple[float, int, int]]:
    """``extract_yields`` restricted to windows around trigger positions (same results there).

    Windows without a value mark are skipped; the rest are parsed in one pass,
    joined by a separator no pattern crosses.
    """
    windows: list[list[int]] = []
    for pos in sorted(positions):
        lo, hi = max(0, pos - before), min(len(text), pos + after)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    parts: list[str] = []
    origins: list[tuple[int, int]] = []  # (offset in joined, offset in text) per window
    offset = 0
    for lo, hi in windows:
        piece = text[lo:hi]
        if _VALUE_MARKS.isdisjoint(piece):
            continue
        origins.append((offset, lo))
        parts.append(piece)
        offset += len(piece) + 1
    if not parts:
        return []
    found = extract_yields(_SEPARATOR.join(parts))
    out: list[tuple[float, int, int]] = []
    index = 0
    for value, start, end in found:
        while index + 1 < len(origins) and origins[index + 1][0] <= start:
            index += 1
        shift = origins[index][1] - origins[index][0]
        out.append((value, start + shift, end + shift))
    return out
