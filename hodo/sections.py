"""Section headings of a document: the items of a digest (■), a live blog's entries (▼),
bracketed headlines (【…】), wiki (== …==) and markdown (#) headings.

Dates, topics and subjects of one item do not carry over to the next; the date
resolver and the event finder both ask where the sections start.
"""
from __future__ import annotations

import re
from bisect import bisect_right

#: The start of a section heading line.
SECTION_MARK = re.compile(r"^[ \u3000]*(?:[■□◆◇●○▼▽▲△◎★☆【]|={2,}|#{1,6} )", re.M)
#: The marks themselves (what may precede a heading's text).
MARKS = " \u3000■□◆◇●○▼▽▲△◎★☆【=#\n"


def section_starts(text: str) -> list[int]:
    """Offsets of the heading lines, in order."""
    return [m.start() for m in SECTION_MARK.finditer(text)]


def section_of(starts: list[int], pos: int) -> int:
    """How many headings start at or before ``pos`` (0 before the first)."""
    return bisect_right(starts, pos)


def opens_line(text: str, pos: int) -> bool:
    """Whether only marks and spaces stand before pos on its line (▼午後3時20分, ■…)."""
    return not any(ch.isalnum() for ch in text[text.rfind("\n", 0, pos) + 1:pos])


def ends_line(text: str, pos: int) -> bool:
    """Whether only marks and spaces stand after pos on its line."""
    end = text.find("\n", pos)
    return not any(ch.isalnum() for ch in text[pos:len(text) if end < 0 else end])
