"""Numbers as news writes them: ASCII digits (after NFKC) or kanji numerals.

Kanji numerals come in two styles: positional digits (二〇二五 = 2025) and
the classical multiplicative form (二千二十五 = 2025, 十五 = 15). Both parse;
anything else returns None.
"""
from __future__ import annotations

KANJI_DIGITS = "〇零一二三四五六七八九"
_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
#: Characters a kanji numeral is made of (for building regexes).
KANJI_NUM_CHARS = "〇零一二三四五六七八九十百千"


def parse_number(s: str) -> int | None:
    """'15' → 15, '十五' → 15, '二〇二五' → 2025, '二千二十五' → 2025, '元' → 1."""
    s = s.strip()
    if not s:
        return None
    if s.isascii():
        return int(s) if s.isdigit() else None
    if s == "元":
        return 1
    if all(c in _DIGIT for c in s):  # positional: 二〇二五
        n = 0
        for c in s:
            n = n * 10 + _DIGIT[c]
        return n
    total = 0
    cur = None
    for c in s:
        if c in _DIGIT:
            if cur is not None:
                return None  # two digits in a row in the multiplicative form
            cur = _DIGIT[c]
        elif c in _UNIT:
            total += (1 if cur is None else cur) * _UNIT[c]
            cur = None
        else:
            return None
    return total + (cur or 0)


def is_kanji_number(s: str) -> bool:
    return bool(s) and not s.isascii()
