"""Chinese numeral digits, as dates (二〇一二年六月) and promised yields (年化十二) write them."""

from __future__ import annotations

CN_DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
"""Each digit character and its value (〇, 零 and the circle ○ are all zero; 两 is two)."""
