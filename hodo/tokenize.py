"""Tokenization: the one hot path of hodo.

A document is tokenized once; every later stage reuses these tokens. The
backend is janome (pure Python, IPADIC) by default; MeCab through fugashi
with the same dictionary is an optional drop-in (``HODO_TOKENIZER=mecab``).
Each process builds its tokenizer once (janome's Tokenizer is expensive to
build and cannot be pickled), and large batches are spread over a process
pool with one tokenizer per worker.

Whitespace: tokens that are only whitespace are dropped, so the tokens of a
sentence rebuild the sentence with its whitespace removed.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from hodo.records import Sentence, Token

USER_DICT = Path(__file__).parent / "data" / "user_dict.csv"

#: Column names of a token batch, in the order of the `tokens` table.
TOKEN_COLUMNS = ("doc_id", "sentence_id", "token_id", "start_char", "end_char",
                 "surface", "base_form", "reading", "pos")


def _user_dict_path() -> str | None:
    """The bundled user dictionary, plus the user's own (HODO_USER_DICT), as one file."""
    extra = os.environ.get("HODO_USER_DICT")
    parts = [p for p in (USER_DICT, Path(extra) if extra else None) if p and p.is_file()]
    if not parts:
        return None
    if len(parts) == 1:
        return str(parts[0])
    import hashlib
    import tempfile

    body = "".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in parts)
    merged = Path(tempfile.gettempdir()) / f"hodo-udic-{hashlib.sha1(body.encode()).hexdigest()[:12]}.csv"
    if not merged.exists():
        merged.write_text(body, encoding="utf-8")
    return str(merged)


def backend_name() -> str:
    return os.environ.get("HODO_TOKENIZER", "janome").lower()


@lru_cache(maxsize=1)
def _janome() -> Callable[[str], Iterator[tuple[str, str, str, str]]]:
    from janome.tokenizer import Tokenizer

    udic = _user_dict_path()
    tok = Tokenizer(udic=udic, udic_enc="utf8") if udic else Tokenizer()

    def run(text: str):
        for t in tok.tokenize(text):
            yield t.surface, t.base_form, t.reading, t.part_of_speech

    return run


@lru_cache(maxsize=1)
def _mecab() -> Callable[[str], Iterator[tuple[str, str, str, str]]]:
    import fugashi
    import ipadic

    tagger = fugashi.GenericTagger(ipadic.MECAB_ARGS)

    def run(text: str):
        for w in tagger(text):
            f = w.feature  # IPADIC: pos1..4, ctype, cform, base, reading, pron
            pos = ",".join(f[:4])
            base = f[6] if len(f) > 6 and f[6] != "*" else w.surface
            reading = f[7] if len(f) > 7 else "*"
            yield w.surface, base, reading, pos

    return run


def _backend():
    return _mecab() if backend_name() == "mecab" else _janome()


def tokenize_sentence(text: str, sentence: Sentence) -> list[Token]:
    """Tokens of one sentence with offsets into the document ``text``."""
    run = _backend()
    out: list[Token] = []
    pos = sentence.start_char
    end = sentence.end_char
    for surface, base, reading, tag in run(sentence.text):
        at = text.find(surface, pos, end)
        if at < 0:
            continue  # defensive: a backend that rewrote the surface
        pos = at + len(surface)
        if surface.isspace():
            continue
        out.append(Token(at, pos, surface, base, reading, tag))
    return out


def tokenize_document(text: str, sentences: list[Sentence]) -> list[list[Token]]:
    """Tokens per sentence, in sentence order."""
    return [tokenize_sentence(text, s) for s in sentences]


def _columns_for(docs: list[tuple[str, str, list[Sentence]]]) -> dict[str, list]:
    cols: dict[str, list] = {c: [] for c in TOKEN_COLUMNS}
    for doc_id, text, sentences in docs:
        token_id = 0
        for s in sentences:
            for t in tokenize_sentence(text, s):
                cols["doc_id"].append(doc_id)
                cols["sentence_id"].append(s.sentence_id)
                cols["token_id"].append(token_id)
                cols["start_char"].append(t.start_char)
                cols["end_char"].append(t.end_char)
                cols["surface"].append(t.surface)
                cols["base_form"].append(t.base_form)
                cols["reading"].append(t.reading)
                cols["pos"].append(t.pos)
                token_id += 1
    return cols


def _warm() -> None:
    _backend()


def _batches(docs: Iterable[tuple[str, str, list[Sentence]]], max_chars: int):
    batch: list = []
    size = 0
    for d in docs:
        batch.append(d)
        size += len(d[1])
        if size >= max_chars:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def tokenize_batches(docs: Iterable[tuple[str, str, list[Sentence]]], *, workers: int | None = None,
                     batch_chars: int = 200_000) -> Iterator[dict[str, list]]:
    """Token columns for many documents, one dict of columns per batch.

    ``docs`` yields (doc_id, text, sentences). Small inputs run in this
    process; large ones go to a pool of ``workers`` processes (default: every
    core), each building its tokenizer once. Batches are yielded as they
    finish, in input order, so the caller can stream them to the database and
    memory stays bounded by a few batches.
    """
    workers = workers or os.cpu_count() or 1
    batches = _batches(docs, batch_chars)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or workers == 1:
        yield _columns_for(first)
        if second is not None:
            yield _columns_for(second)
            for b in batches:
                yield _columns_for(b)
        return
    import multiprocessing as mp

    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm) as pool:
        pending = []
        for b in chain([first, second], batches):
            pending.append(pool.submit(_columns_for, b))
            while len(pending) > workers * 2:
                yield pending.pop(0).result()
        for f in pending:
            yield f.result()
