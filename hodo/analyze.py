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
    from hodo.docpass import analyze_records

    text = normalize_text(raw_text)
    sentences = split_sentences(text)
    tokens = tokenize_document(text, sentences)
    a = Analysis(text, published_date, sentences, tokens)
    a.mentions, a.timexes, a.events, a.quotes = analyze_records(text, published_date, sentences, tokens)
    return a
