"""Plain records that flow between hodo's language stages.

Every stage takes and returns these (or polars frames with the same column
names), so a stage can be tested alone and another backend (MeCab for janome,
say) can be swapped in without touching its callers. Offsets are Python
``str`` indices into the normalized document text; ``text[start:end] ==
surface`` always holds.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Sentence(NamedTuple):
    sentence_id: int  # 0-based, in document order
    start_char: int
    end_char: int
    text: str


class Token(NamedTuple):
    start_char: int
    end_char: int
    surface: str
    base_form: str
    reading: str
    pos: str  # janome's full POS string, e.g. "名詞,固有名詞,人名,姓"


class Mention(NamedTuple):
    """An entity mention found in one document, before cross-document resolution."""

    sentence_id: int
    start_char: int
    end_char: int
    surface: str  # the name alone (トランプ), never the title
    title: str | None  # 大統領, 氏, 報道官... or None
    entity_type: str  # PERSON | ORGANIZATION | LOCATION
    country_code: str | None = None  # ISO 3166-1 alpha-2 when the mention is a country
    canonical_hint: str | None = None  # fullest name the document gives for it (ドナルド・トランプ)


class Timex(NamedTuple):
    sentence_id: int
    start_char: int
    end_char: int
    surface: str
    timex_type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value, resolved against the publication date
    resolved_start: date | None
    resolved_end: date | None


class Quote(NamedTuple):
    sentence_id: int
    start_char: int  # first character inside 「
    end_char: int  # the closing 」 is at end_char
    text: str
    speaker_start: int | None  # span of the speaker's entity mention, when known
    speaker_end: int | None
