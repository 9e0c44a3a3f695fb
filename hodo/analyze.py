"""One document through every language stage, in memory.

The pipeline runs the stages as separate Dagster assets over DuckDB tables;
this facade runs the same functions on one text, for tests, notebooks and the
pure-Python seed benchmark (bench/score_pure.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hodo.normalize import normalize_text
from hodo.records import Mention, Quote, Sentence, Timex, Token
from hodo.sentences import split_sentences
from hodo.tokenize import tokenize_document


@dataclass
class Analysis:
    text: str
    published_date: date | None
    sentences: list[Sentence]
    tokens: list[list[Token]]
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    events: list = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def analyze(raw_text: str, published_date: date | None) -> Analysis:
    from hodo.entities import find_mentions
    from hodo.events import find_events
    from hodo.quotes import find_quotes
    from hodo.timex import tag_timex

    text = normalize_text(raw_text)
    sentences = split_sentences(text)
    tokens = tokenize_document(text, sentences)
    a = Analysis(text, published_date, sentences, tokens)
    a.mentions = sorted(find_mentions(text, sentences, tokens), key=lambda m: m.start_char)
    a.timexes = sorted(tag_timex(text, sentences, tokens, published_date), key=lambda t: t.start_char)
    a.events = find_events(text, sentences, tokens, a.mentions, a.timexes, published_date)
    a.quotes = find_quotes(text, sentences, tokens, a.mentions)
    return a
