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
