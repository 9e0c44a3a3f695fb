"""Tokenization: the one hot path of hodo.

A document is tokenized once; every later stage reuses these tokens. The
backend is janome (pure Python, IPADIC) by default, its segmentation computed
by hodo.lattice (janome's tokens, about a quarter of janome's time;
``HODO_TOKENIZER=janome-reference`` runs janome's own ``tokenize``); MeCab
through fugashi with the same dictionary is an optional drop-in
(``HODO_TOKENIZER=mecab``).
Each process builds its tokenizer once (janome's Tokenizer is expensive to
build and cannot be pickled), and large batches are spread over a process
pool with one tokenizer per worker.

Whitespace: tokens that are only whitespace are dropped, so the tokens of a
sentence rebuild the sentence with its whitespace removed.
"""
from __future__ import annotations

import os
import re
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


def _janome_tokenizer():
    from janome.tokenizer import Tokenizer

    udic = _user_dict_path()
    return Tokenizer(udic=udic, udic_enc="utf8") if udic else Tokenizer()


@lru_cache(maxsize=1)
def _janome() -> Callable[[str], Iterable[tuple[str, str, str, str]]]:
    """janome's tokens through hodo.lattice (same tokens, a fraction of the time);
    janome's own tokenize when this janome's internals are not the known ones."""
    from hodo.lattice import load

    return load(_user_dict_path()) or _janome_reference_run(_janome_tokenizer())


@lru_cache(maxsize=1)
def _janome_reference() -> Callable[[str], Iterator[tuple[str, str, str, str]]]:
    """janome's own Tokenizer.tokenize (HODO_TOKENIZER=janome-reference): the yardstick."""
    return _janome_reference_run(_janome_tokenizer())


def _janome_reference_run(tok) -> Callable[[str], Iterator[tuple[str, str, str, str]]]:
    tokenize = tok.tokenize

    def run(text: str):
        # janome's Token resolves every attribute through __getattr__; reading the
        # node and the dictionary's extra fields directly is the same data, cheaper.
        for t in tokenize(text):
            extra = t.extra
            if extra:  # (pos, infl_type, infl_form, base_form, reading, phonetic)
                yield t.node.surface, extra[3], extra[4], extra[0]
            else:
                n = t.node
                yield n.surface, n.base_form, n.reading, n.part_of_speech

    return run


#: IPADIC feature layout as MeCab (fugashi's GenericTagger) returns it: pos1..pos4,
#: conjugation type, conjugation form, base form, reading, pronunciation. Unknown
#: words carry only the first 7 fields (no reading, no pronunciation).
_MECAB_BASE, _MECAB_READING = 6, 7
#: MeCab's node status for a word not in the dictionary, and char.def's SYMBOL class.
_MECAB_UNK, _MECAB_SYMBOL = 1, 3
#: janome's unk.def tags an unknown SYMBOL run (ASCII punctuation after NFKC: ( ) | - . /)
#: 名詞,サ変接続; the unk.dic of the ipadic wheel tags it 記号,一般. Same characters, same
#: segmentation: only the tag differs, so it is mapped to janome's.
_JANOME_UNKNOWN_SYMBOL = "名詞,サ変接続,*,*"


@lru_cache(maxsize=1)
def _mecab() -> Callable[[str], Iterator[tuple[str, str, str, str]]]:
    import fugashi
    import ipadic

    tagger = fugashi.GenericTagger(ipadic.MECAB_ARGS)

    def run(text: str):
        for w in tagger(text):
            f = w.feature
            surface = w.surface
            # janome's conventions: base form falls back to the surface for unknown
            # words (baseform_unk=True), reading is "*" when the dictionary has none.
            base = f[_MECAB_BASE] if len(f) > _MECAB_BASE and f[_MECAB_BASE] != "*" else surface
            reading = f[_MECAB_READING] if len(f) > _MECAB_READING else "*"
            if w.stat == _MECAB_UNK and w.char_type == _MECAB_SYMBOL:
                yield surface, base, reading, _JANOME_UNKNOWN_SYMBOL
            else:
                yield surface, base, reading, ",".join(f[:4])

    return run


#: HODO_TOKENIZER values: janome's tokens by hodo.lattice (default), janome's own
#: tokenize, MeCab with the same dictionary.
BACKENDS = {"janome": _janome, "janome-reference": _janome_reference, "mecab": _mecab}


def _backend(name: str | None = None):
    return BACKENDS.get(name or backend_name(), _janome)()


def tokenize_sentence(text: str, sentence: Sentence, backend: str | None = None) -> list[Token]:
    """Tokens of one sentence with offsets into the document ``text``.

    ``backend`` (a key of BACKENDS) overrides HODO_TOKENIZER, for comparisons."""
    run = _backend(backend)
    out: list[Token] = []
    append = out.append
    find = text.find
    pos = sentence.start_char
    end = sentence.end_char
    for surface, base, reading, tag in run(sentence.text):
        at = find(surface, pos, end)
        if at < 0:
            continue  # defensive: a backend that rewrote the surface
        pos = at + len(surface)
        if surface.isspace():
            continue
        if any(ch.isspace() for ch in surface):
            # a token with a space janome does not know as one inside (0\u1680x): its pieces
            for piece in _NON_SPACE.finditer(surface):
                append(Token(at + piece.start(), at + piece.end(), piece.group(), piece.group(), "*", tag))
            continue
        append(Token(at, pos, surface, base, reading, tag))
    return out


_NON_SPACE = re.compile(r"\S+")


def tokenize_document(text: str, sentences: list[Sentence], backend: str | None = None) -> list[list[Token]]:
    """Tokens per sentence, in sentence order."""
    return [tokenize_sentence(text, s, backend) for s in sentences]


def _columns_for(docs: list[tuple[str, str, list[Sentence]]]) -> dict[str, list]:
    """Token columns of a batch of documents, in the order of the `tokens` table."""
    rows = [(doc_id, s.sentence_id, 0, *t)
            for doc_id, text, sentences in docs
            for s in sentences
            for t in tokenize_sentence(text, s)]
    columns = [list(c) for c in zip(*rows)] if rows else [[] for _ in TOKEN_COLUMNS]
    token_ids: list[int] = []
    for i, doc_id in enumerate(columns[0]):  # 0-based within each document
        token_ids.append(token_ids[-1] + 1 if i and columns[0][i - 1] == doc_id else 0)
    columns[2] = token_ids
    return dict(zip(TOKEN_COLUMNS, columns))


def _warm(owner: int | None = None) -> None:
    if owner is not None:
        _exit_with_owner(owner)
    _backend()


def _process_gone(pid: int) -> bool:
    """True when ``pid`` has exited (a zombie counts as exited)."""
    if os.path.isdir("/proc/self"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                return fh.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X")
        except FileNotFoundError:
            return True
        except OSError:
            pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _exit_with_owner(owner: int, interval: float = 2.0) -> None:
    """A pool worker exits when the process that owns the pool is gone (a SIGKILLed run).

    Without this watch, a worker of a killed run would block forever on its task
    queue (it holds that queue's write end itself) and, under forkserver, keep the
    forkserver alive too (every forked child holds the server's liveness pipe).
    """
    import threading
    import time

    def watch():
        while not _process_gone(owner):
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="hodo-owner-watch", daemon=True).start()


def batches_of(docs: Iterable[tuple[str, str, list[Sentence]]], max_chars: int):
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


#: Characters per batch sent to a worker. Small enough that the last round of
#: batches leaves no core idle for long (a batch is ~1 s of janome), large enough
#: that per-batch overhead (pickling, one transaction) stays negligible.
BATCH_CHARS = 50_000


def tokenize_batches(docs: Iterable[tuple], *, workers: int | None = None,
                     batch_chars: int = BATCH_CHARS,
                     work: Callable[[list[tuple]], object] | None = None) -> Iterator:
    """Token columns for many documents, one dict of columns per batch.

    ``docs`` yields (doc_id, text, sentences). Small inputs (one batch) run in
    this process; larger ones go to a pool of ``workers`` processes (default:
    every core), each building its tokenizer once. Batches are yielded as they
    finish, in input order, so the caller can stream them to the database and
    memory stays bounded by a few batches. ``work`` replaces the per-batch
    function (a module-level function of a list of ``docs`` items, run in the
    workers with the tokenizer ready): hodo.docpass uses it to tokenize and
    analyse each document in one pass and send back Arrow tables.
    """
    make = work or _columns_for
    workers = workers or os.cpu_count() or 1
    batches = batches_of(docs, batch_chars)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None or workers == 1:
        yield make(first)
        if second is not None:
            yield make(second)
            for b in batches:
                yield make(b)
        return
    with open_pool(workers, work) as pool:
        yield from drain(pool, make, chain([first, second], batches), workers)


def drain(pool: ProcessPoolExecutor, make: Callable, batches: Iterable[list], workers: int,
          started: Iterable = ()) -> Iterator:
    """Results of the futures ``started``, then of ``make`` on each batch, in order.

    At most two batches per worker are in flight beyond those already started, so
    memory is bounded by a few batches while every worker always has one queued.
    A list ``started`` is consumed in place: each result is freed once yielded.
    """
    pending = started if isinstance(started, list) else list(started)
    for b in batches:
        pending.append(pool.submit(make, b))
        while len(pending) > workers * 2:
            yield pending.pop(0).result()
    for f in pending:
        yield f.result()


def open_pool(workers: int, work: Callable | None = None) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes with the tokenizer built once (see :func:`start_fork_server`)."""
    import multiprocessing as mp

    if start_fork_server(work):
        ctx = mp.get_context("forkserver")
    else:
        ctx = mp.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm, initargs=(os.getpid(),))


def start_fork_server(work: Callable | None = None) -> bool:
    """Start this process's fork server now, if the platform has one (False if not).

    The server imports this module (and ``work``'s module) with PRELOAD_ENV set, so
    it builds the tokenizer once and every worker forks with it: no per-worker build,
    and the dictionary's in-memory tables are shared copy-on-write instead of copied.
    Starting it early (`hodo run` does, before Dagster loads) lets that preload run on
    an idle core. The first start fixes what is preloaded; later calls are no-ops.
    """
    import multiprocessing as mp

    if "forkserver" not in mp.get_all_start_methods():
        return False
    from multiprocessing import forkserver

    mp.get_context("forkserver").set_forkserver_preload(
        ["pyarrow", "hodo.tokenize"] + ([work.__module__] if work else []))
    previous = os.environ.get(PRELOAD_ENV)
    os.environ[PRELOAD_ENV] = backend_name()
    try:
        forkserver.ensure_running()
    finally:
        if previous is None:
            os.environ.pop(PRELOAD_ENV, None)
        else:
            os.environ[PRELOAD_ENV] = previous
    return True


def stop_fork_server() -> None:
    """Stop this process's fork server once no pool needs it any more.

    It holds the dictionary index and the gazetteers (~230 MB) and would keep
    them for the rest of a run, through the checks and the export, where the
    run's memory peaks. A later pool starts a new one. (The stop method is
    multiprocessing's own, used by CPython's tests; absent, nothing happens.)
    """
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if stop is None:
        return
    try:
        stop()
    except (OSError, ChildProcessError):
        pass


#: Set (to the backend's name) while open_pool starts the fork server: a fork server
#: started then builds the tokenizer when it preloads this module.
PRELOAD_ENV = "HODO_TOKENIZER_PRELOAD"


def preloading() -> bool:
    """Whether this import is a fork server's preload (see :func:`start_fork_server`)."""
    return os.environ.get(PRELOAD_ENV) == backend_name()


if preloading():
    _backend()
