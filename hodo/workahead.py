"""Document passes started before the stage that needs them.

A run's stages go one after another, and the ones before tokenization (ingest,
sentence splitting and their checks) keep only one core busy for several
seconds. Work ahead fills the other cores: ingest offers each new or changed
document as it reads it, and once the input is large enough to want a pool,
the pool starts each document's pass (split, tokenize, analyse) at once. The
tokens stage then takes the results whose inputs are still the same (text,
publication date, and, checked when each batch arrives, the sentences), feeds
its other documents to the same pool, and closes it.

Nothing done ahead is written anywhere until the tokens stage takes it, so a
check that fails upstream only discards it. What is submitted ahead is capped
(``max_chars`` of input), so memory stays flat however large the input.
``HODO_WORK_AHEAD=0`` turns it off (each stage then starts its own work).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from typing import Callable, Iterable, Iterator

from hodo.tokenize import BATCH_CHARS, batches_of, drain, open_pool, start_fork_server

#: Input that is worth a pool: below it the tokens stage runs in-process (one batch).
START_CHARS = 2 * BATCH_CHARS
#: Input submitted ahead at most: a few seconds of every core (what the stages before tokens
#: leave idle on two cores). Results wait in memory until taken: a few MB per batch.
MAX_AHEAD_CHARS = 14 * BATCH_CHARS

_REGISTRY: dict[str, "WorkAhead"] = {}
_REGISTRY_LOCK = threading.Lock()


def enabled() -> bool:
    return os.environ.get("HODO_WORK_AHEAD", "1") != "0"


class WorkAhead:
    """A pool that takes documents as they are offered and runs ``work`` on batches of them.

    ``work`` is a module-level function of a list of (doc_id, text, published_date).
    """

    def __init__(self, work: Callable[[list[tuple]], object], *, workers: int | None = None,
                 batch_chars: int = BATCH_CHARS, start_chars: int = START_CHARS,
                 max_chars: int = MAX_AHEAD_CHARS) -> None:
        self.work = work
        self.workers = workers or os.cpu_count() or 1
        self.batch_chars, self.start_chars, self.max_chars = batch_chars, start_chars, max_chars
        self.pool = None
        #: (inputs by doc_id, future result) per submitted batch, in submission order
        self.batches: list[tuple[dict[str, tuple], Future]] = []
        self._buffer: list[tuple] = []
        self._buffered = self._offered = 0

    @property
    def started(self) -> bool:
        return self.pool is not None

    def offer(self, doc_id: str, text: str, published) -> None:
        if self.workers < 2 or self._offered >= self.max_chars or not enabled():
            return
        self._buffer.append((doc_id, text, published))
        self._buffered += len(text)
        self._offered += len(text)
        if self._buffered >= self.batch_chars and (self.started or self._offered >= self.start_chars):
            self._submit()

    def flush(self) -> None:
        """No more offers: submit what is buffered, if the pool runs; a small input is left to its stage."""
        if self.started and self._buffer:
            self._submit()
        self._buffer, self._buffered = [], 0

    def _submit(self) -> None:
        if self.pool is None:
            self.pool = open_pool(self.workers, self.work)
            # Before the executor's own exit hook (those run last-registered first), so an
            # untaken pool is cancelled instead of finishing its queue at interpreter exit.
            register = getattr(threading, "_register_atexit", None)
            if register is not None:
                register(self.close)
        for batch in batches_of(self._buffer, self.batch_chars):
            self.batches.append(({d: (t, p) for d, t, p in batch}, self.pool.submit(self.work, batch)))
        self._buffer, self._buffered = [], 0

    def take(self, current: dict[str, tuple]) -> tuple[list[Future], set[str]]:
        """The submitted batches whose every document is in ``current`` (doc_id → (text, published))
        with the same inputs, and the documents they cover; the others are cancelled."""
        usable: list[Future] = []
        covered: set[str] = set()
        for inputs, future in self.batches:
            if all(current.get(d) == v for d, v in inputs.items()):
                usable.append(future)
                covered |= inputs.keys()
            else:
                future.cancel()
        self.batches = []
        return usable, covered

    def run(self, started: list[Future], make: Callable, batches: Iterable[list]) -> Iterator:
        """Results of ``started``, then of ``make`` on each of ``batches`` in this pool, in order."""
        yield from drain(self.pool, make, batches, self.workers, started)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


#: UTF-8 bytes per character of Japanese text, about: input files this large may want a pool.
BYTES_PER_CHAR = 3


def prestart(input_dir: str | os.PathLike) -> bool:
    """Start the pool's fork server (tokenizer and gazetteers preloaded) when ``input_dir``
    holds enough text to want a pool; called before the run loads, so this happens on an idle core."""
    if not enabled() or (os.cpu_count() or 1) < 2:
        return False
    total = 0
    for root, _dirs, files in os.walk(input_dir):
        for name in files:
            try:
                total += os.stat(os.path.join(root, name)).st_size
            except OSError:
                continue
        if total >= START_CHARS * BYTES_PER_CHAR:
            from hodo.docpass import pass_text_batch

            return start_fork_server(pass_text_batch)
    return False


def keep(key: str, ahead: WorkAhead) -> None:
    """Hand ``ahead`` to a later stage of this process, under ``key`` (the work database's path)."""
    with _REGISTRY_LOCK:
        old = _REGISTRY.pop(key, None)
        _REGISTRY[key] = ahead
    if old is not None:
        old.close()


def claim(key: str) -> WorkAhead | None:
    """The work started ahead under ``key``, now owned by the caller (who closes it), or None."""
    with _REGISTRY_LOCK:
        return _REGISTRY.pop(key, None)
