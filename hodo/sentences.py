"""A Japanese sentence splitter that keeps offsets.

Sentences end at 。！？!? (with any closing brackets that follow) and at line
breaks, so bullet lines, table rows and headlines are sentences of their own.
A quotation or parenthesis (「」『』（）()) is not cut inside unless it has
grown into a paragraph of its own (longer than ``MAX_BRACKETED``). No
sentence is longer than ``MAX_SENTENCE`` characters: a pathological line
(megabytes without punctuation) is cut into bounded pieces, preferring a
comma or a space near the limit, so memory and janome's lattice stay small.

Only the characters that matter are visited (one regex scan), which keeps the
splitter far below tokenization in cost.
"""
from __future__ import annotations

import re

from hodo.records import Sentence

MAX_SENTENCE = 512
MAX_BRACKETED = 200

_OPEN = "「『（("
_CLOSE = "」』）)"
_ENDERS = "。！？!?"
_EVENTS = re.compile(r"[「『（(」』）)。！？!?\n]")
_SOFT_BREAK = re.compile(r"[、，,\s]")


def split_sentences(text: str) -> list[Sentence]:
    """Split normalized text into sentences whose offsets point into ``text``."""
    spans: list[tuple[int, int]] = []
    start = 0
    depth = 0
    opened_at = 0
    n = len(text)
    for m in _EVENTS.finditer(text):
        ch = m.group()
        i = m.start()
        if ch == "\n":
            spans.append((start, i))
            start, depth = i + 1, 0
        elif ch in _OPEN:
            if depth == 0:
                opened_at = i
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 or i - opened_at > MAX_BRACKETED:
            end = i + 1
            while end < n and (text[end] in _ENDERS or text[end] in _CLOSE):
                end += 1
            if end > start:
                spans.append((start, end))
            start, depth = end, 0
    spans.append((start, n))

    sentences: list[Sentence] = []
    for s, e in spans:
        for cs, ce in _bounded(text, s, e):
            cs, ce = _strip(text, cs, ce)
            if ce > cs:
                sentences.append(Sentence(len(sentences), cs, ce, text[cs:ce]))
    return sentences


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _bounded(text: str, s: int, e: int):
    """Cut [s, e) into pieces of at most MAX_SENTENCE characters."""
    while e - s > MAX_SENTENCE:
        limit = s + MAX_SENTENCE
        cut = limit
        window_start = s + MAX_SENTENCE // 2
        for m in _SOFT_BREAK.finditer(text, window_start, limit):
            cut = m.end()
        yield s, cut
        s = cut
    if e > s:
        yield s, e
