"""Temporal expressions (TIMEX3) in Japanese news text, resolved to the calendar.

    tag_timex(text, sentences, tokens, published_date) -> list[Timex]

One pass per document: ``tagger`` finds the expressions (regex patterns over
the normalized text, filtered by janome's token boundaries), ``resolve``
gives each a TIMEX3 value in document order, leaning on the publication date
and on the dates the text itself has stated; ``values`` holds the TIMEX3
grammar (``TIMEX3_PATTERN``, also used by the data-quality check) and the
calendar range of a value. No Dagster here: plain data in, plain data out.
"""
from __future__ import annotations

from datetime import date

from hodo.records import Sentence, Timex, Token
from hodo.timex.resolve import Resolver
from hodo.timex.tagger import find_expressions
from hodo.timex.values import TIMEX3_PATTERN, is_valid_timex3, value_range

__all__ = ["tag_timex", "is_valid_timex3", "TIMEX3_PATTERN", "value_range"]


def tag_timex(text: str, sentences: list[Sentence], tokens: list[list[Token]],
              published_date: date | None) -> list[Timex]:
    """Every temporal expression of a document, in document order, with its TIMEX3 value.

    ``surface == text[start_char:end_char]``; ``resolved_start``/``resolved_end``
    is the range of days a DATE/TIME value covers (None for DURATION, SET and
    values with unknown parts).
    """
    exprs = find_expressions(text, sentences, tokens)
    if not exprs:
        return []
    resolver = Resolver(text, published_date)
    out: list[Timex] = []
    for e in exprs:
        if e.kind == "CAL" and text.startswith("毎", max(0, e.start - 2)):
            continue  # 毎月15日, 毎週月曜日: a day of a frequency (SET), not a date
        r = resolver.resolve(e)
        if r is None:
            continue
        ttype, value = r
        if not is_valid_timex3(value):
            continue  # never emit what the GX check would reject
        start, end = (value_range(value) if ttype in ("DATE", "TIME") else (None, None))
        out.append(Timex(e.sentence_id, e.start, e.end, text[e.start:e.end], ttype, value, start, end))
    return out
