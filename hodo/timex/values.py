"""TIMEX3 values: the grammar hodo emits, its validator, and the calendar range of a value.

The grammar (``TIMEX3_PATTERN``) is written in the regex subset shared by
Python ``re``, RE2 and DuckDB's ``regexp_full_match`` (no lookarounds, no
backreferences), so the data-quality check can use the very same string:

    SELECT * FROM temporal_expressions
    WHERE NOT regexp_full_match(value, '<TIMEX3_PATTERN>')

Values:
- DATE: ``2025``, ``2025-08``, ``2025-08-15``, ``2025-W33``, ``2025-H2``,
  ``2025-Q3``, ``2025-SU`` (SP/SU/FA/WI), ``202`` (the 2020s), ``20`` (a
  century); any digit group may be ``X`` when unknown (``XXXX-08-15``).
- TIME: a day followed by ``T11:00`` (``T11:00:30``) or a part of day
  ``TMO`` (morning), ``TMI`` (midday), ``TAF`` (afternoon), ``TEV``
  (evening), ``TNI`` (night), ``TDT`` (daytime).
- DURATION / SET: ISO 8601 ``PnYnMnWnDTnHnMnS`` (``X`` for an unknown
  number: ``PTXM`` = some minutes).
- A range of two values of the same kind: ``P2W/P3W``, ``2025-07/2025-09``.
- ``PRESENT_REF``, ``PAST_REF``, ``FUTURE_REF``.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

_Y = r"(?:[0-9]{4}|XXXX)"
_M = r"(?:0[1-9]|1[0-2]|XX)"
_D = r"(?:0[1-9]|[12][0-9]|3[01]|XX)"
_W = r"(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)"
_DATE = (rf"(?:{_Y}(?:-{_M}(?:-{_D})?|-W{_W}(?:-[1-7]|-WE)?|-H[12]|-Q[1-4]|-(?:SP|SU|FA|WI))?"
         r"|[0-9]{3}|[0-9]{2})")
_DAY = rf"(?:{_Y}-{_M}-{_D}|{_Y}-W{_W}-[1-7])"
_TIME = rf"(?:{_DAY}T(?:(?:[01][0-9]|2[0-4]):[0-5][0-9](?::[0-5][0-9])?|MO|MI|AF|EV|NI|DT))"
_N = r"(?:[0-9]+(?:\.[0-9]+)?|X)"


def _duration() -> str:
    # At least one component, without lookaheads: enumerate by the first one present.
    h, mi, s = rf"{_N}H", rf"{_N}M", rf"{_N}S"
    t = rf"T(?:{h}(?:{mi})?(?:{s})?|{mi}(?:{s})?|{s})"
    y, m, w, d = rf"{_N}Y", rf"{_N}M", rf"{_N}W", rf"{_N}D"
    return (rf"(?:P(?:{y}(?:{m})?(?:{w})?(?:{d})?(?:{t})?|{m}(?:{w})?(?:{d})?(?:{t})?"
            rf"|{w}(?:{d})?(?:{t})?|{d}(?:{t})?|{t}))")


_DUR = _duration()
_REF = r"(?:PRESENT_REF|PAST_REF|FUTURE_REF)"

#: A TIMEX3 value as hodo writes it, for ``regexp_full_match`` (RE2/POSIX syntax).
TIMEX3_PATTERN = (rf"(?:{_TIME}(?:/{_TIME})?|{_DATE}(?:/{_DATE})?|{_DUR}(?:/{_DUR})?|{_REF})")
_FULL = re.compile(TIMEX3_PATTERN)
_YMD = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YW = re.compile(r"([0-9]{4})-W([0-9]{2})")


def is_valid_timex3(value: str) -> bool:
    """True if ``value`` is a TIMEX3 value of the grammar above and a real calendar date."""
    if not isinstance(value, str) or not _FULL.fullmatch(value):
        return False
    for m in _YMD.finditer(value):
        try:
            date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return False
    for m in _YW.finditer(value):
        y, w = int(m.group(1)), int(m.group(2))
        if w > date(y, 12, 28).isocalendar()[1]:
            return False
    return True


_SEASON = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _months(y: int, m1: int, m2: int) -> tuple[date, date]:
    """First day of month m1 to last day of month m2 (m2 may run into the next year)."""
    y2, m2n = y + (m2 - 1) // 12, (m2 - 1) % 12 + 1
    return date(y, m1, 1), _month_end(y2, m2n)


def _single_range(v: str) -> tuple[date, date] | None:
    v = v.split("T", 1)[0]
    if "X" in v:
        return None
    try:
        if len(v) == 2 and v.isdigit():  # century
            return date(int(v) * 100, 1, 1), date(int(v) * 100 + 99, 12, 31)
        if len(v) == 3 and v.isdigit():  # decade
            return date(int(v) * 10, 1, 1), date(int(v) * 10 + 9, 12, 31)
        y = int(v[:4])
        if len(v) == 4:
            return date(y, 1, 1), date(y, 12, 31)
        rest = v[5:]
        if rest in _SEASON:
            return _months(y, *_SEASON[rest])
        if rest.startswith("W"):
            w = int(rest[1:3])
            monday = date.fromisocalendar(y, w, 1)
            if len(rest) > 3:  # 2025-W33-3
                d = monday + timedelta(days=int(rest[4]) - 1)
                return d, d
            return monday, monday + timedelta(days=6)
        if rest[0] == "H":
            return _months(y, 1, 6) if rest == "H1" else _months(y, 7, 12)
        if rest[0] == "Q":
            q = int(rest[1])
            return _months(y, 3 * q - 2, 3 * q)
        m = int(rest[:2])
        if len(rest) == 2:
            return date(y, m, 1), _month_end(y, m)
        d = date(y, m, int(rest[3:5]))
        return d, d
    except (ValueError, IndexError):
        return None


def value_range(value: str) -> tuple[date | None, date | None]:
    """The calendar days a DATE/TIME value covers: 2025-08 → (2025-08-01, 2025-08-31).

    (None, None) for durations, references and values with unknown parts.
    """
    if not value or value.startswith("P") or value.endswith("_REF"):
        return None, None
    parts = value.split("/")
    first = _single_range(parts[0])
    last = _single_range(parts[-1]) if len(parts) > 1 else first
    if not first or not last or last[1] < first[0]:
        return None, None
    return first[0], last[1]
