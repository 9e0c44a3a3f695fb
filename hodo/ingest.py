"""The landing directory to document records and ingest errors.

Reads ``*.txt`` (with an optional ``NAME.meta.json`` sidecar) and ``*.jsonl``
(one article a line) recursively, never outside the landing directory: a
symlink that resolves outside it is reported, not followed. Every file that
cannot become a document yields an error record with a reason a person can
act on; a malformed sidecar keeps its document (without metadata) and adds an
error. Records are yielded one at a time so memory does not grow with the
corpus.

Robustness (tests/test_bad_input.py, tests/test_properties.py): a sidecar
symlinked outside the landing directory is not read; a named pipe or device
called .txt is reported, never opened blocking; a file that changes while it
is read is read again or reported, never stored half-written; an unlistable
folder is reported; a jsonl line ends at "\n" only and any JSON in it (deep
nesting, huge numbers, lone surrogates, non-string metadata) yields a
document or an error. scan_landing never raises because of one file.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from hodo.decode import DecodeError, decode_bytes
from hodo.normalize import normalize_text
from hodo.pubdate import infer_published_date

SIDECAR_SUFFIX = ".meta.json"
METADATA_KEYS = ("title", "url", "published_at", "source")


@dataclass(frozen=True)
class DocumentRecord:
    doc_id: str
    source_path: str
    source_url: str | None
    title: str | None
    published_date: date | None
    published_basis: str
    content_sha256: str
    char_count: int
    text: str
    source: str | None
    encoding: str


@dataclass(frozen=True)
class IngestError:
    source_path: str
    reason: str
    bytes_sha256: str | None


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def make_doc_id(source_identity: str) -> str:
    """Stable id from the source identity (relative path, plus #id or #line for jsonl)."""
    return sha256(source_identity)[:16]


def _first_line(text: str) -> str | None:
    """The first line that reads as a headline: not a URL, table pipes stripped."""
    for line in text.split("\n"):
        line = line.strip().strip("|").strip()
        if line and not line.startswith(("http://", "https://")) and set(line) - set("|-: "):
            return line[:300]
    return None


_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _clean(value: object) -> str | None:
    """A metadata or jsonl string as storable text: lone surrogates (legal as JSON escapes,
    not in UTF-8) become U+FFFD; anything that is not a string is ignored."""
    if not isinstance(value, str):
        return None
    return _LONE_SURROGATE.sub("\ufffd", value)


def _meta_value(key: str, value: object):
    if key == "published_at" and (isinstance(value, date) or (isinstance(value, int) and not isinstance(value, bool))):
        return value if isinstance(value, date) else str(value)  # 20250815 is a fine compact ISO date
    return _clean(value)


def build_document(identity: str, source_path: str, raw_text: str, meta: dict, encoding: str,
                   today: date | None = None) -> DocumentRecord | IngestError:
    meta = {k: _meta_value(k, meta.get(k)) for k in METADATA_KEYS} if isinstance(meta, dict) else {}
    text = normalize_text(_clean(raw_text) or "")
    if not text.strip():
        return IngestError(source_path, "blank: only whitespace, no article text; remove the file "
                                        "or write the article into it", sha256(raw_text))
    url = meta.get("url") if isinstance(meta.get("url"), str) else None
    published, basis = infer_published_date(text, meta.get("published_at"), url, today)
    title = meta.get("title") if isinstance(meta.get("title"), str) and meta.get("title").strip() else None
    source = meta.get("source") if isinstance(meta.get("source"), str) else None
    # The version hash covers what the analysis depends on: the text and the
    # date it is resolved against; a changed sidecar date reprocesses the document.
    content = sha256(text + "\x00" + (published.isoformat() if published else ""))
    return DocumentRecord(
        doc_id=make_doc_id(identity),
        source_path=source_path,
        source_url=url,
        title=normalize_text(title) if title else _first_line(text),
        published_date=published,
        published_basis=basis,
        content_sha256=content,
        char_count=len(text),
        text=text,
        source=source,
        encoding=encoding,
    )


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def _candidate_files(root: Path) -> Iterator[tuple[Path, str | None]]:
    """(file, problem) pairs in a stable order; problem is set for escaping or broken links."""
    unreadable: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False, onerror=unreadable.append):
        while unreadable:
            exc = unreadable.pop(0)
            yield Path(exc.filename or dirpath), (f"directory cannot be listed ({exc.strerror or exc}); its files "
                                                  f"were not read: make it readable by the user running hodo")
        here = Path(dirpath)
        dirnames.sort()
        for d in list(dirnames):
            p = here / d
            if p.is_symlink():
                dirnames.remove(d)
                if not _inside(p, root):
                    yield p, "symlinked directory points outside the landing directory; not followed " \
                             "(copy the files into the landing directory instead)"
                # a link to a folder inside the landing dir is read there already
        for name in sorted(filenames):
            if not (name.endswith(".txt") or name.endswith(".jsonl")):
                continue
            p = here / name
            if p.is_symlink():
                if not p.exists():
                    yield p, "broken symlink: its target does not exist"
                    continue
                if not _inside(p, root):
                    yield p, "symlink points outside the landing directory; not followed " \
                             "(copy the file into the landing directory instead)"
                    continue
            yield p, None
    for exc in unreadable:
        yield Path(exc.filename or root), (f"directory cannot be listed ({exc.strerror or exc}); its files "
                                           f"were not read: make it readable by the user running hodo")


class _Unreadable(Exception):
    """A file that cannot be read now; the message is the reason for ingest_errors."""


#: A file still changing after this many reads is reported instead of read half-written.
READ_ATTEMPTS = 3


def _read_file(path: Path, followed_link: bool) -> bytes:
    """The bytes of a regular file, read consistently.

    Opened without following a symlink unless the listing already vetted one (so a file
    swapped for a link to elsewhere after listing is not read), and non-blocking (so a
    named pipe never blocks the run). A file modified while it is read is read again, and
    reported if it keeps changing: a half-written article is not a document.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not followed_link:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(READ_ATTEMPTS):
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            raise _Unreadable("file disappeared while the run was reading the directory; "
                              "it will be read on the next run if it comes back") from None
        except PermissionError:
            raise _Unreadable("permission denied: make the file readable by the user running hodo") from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _Unreadable("became a symlink while the run was reading the directory; not followed "
                                  "(copy the file into the landing directory instead)") from None
            raise _Unreadable(f"cannot open the file ({exc.strerror or exc})") from None
        try:
            before = os.fstat(fd)
            if not stat.S_ISREG(before.st_mode):
                raise _Unreadable("not a regular file (a named pipe, socket or device); only plain "
                                  "text files belong in the landing directory")
            chunks = []
            while True:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
            after = os.fstat(fd)
        except OSError as exc:
            raise _Unreadable(f"cannot read the file ({exc.strerror or exc})") from None
        finally:
            os.close(fd)
        data = b"".join(chunks)
        if before.st_size == after.st_size == len(data) and before.st_mtime_ns == after.st_mtime_ns:
            return data
        time.sleep(0.01 * (attempt + 1))
    raise _Unreadable("the file kept changing while the run read it (still being written?); "
                      "it will be read on the next run")


def _read_sidecar(txt: Path, rel: str, root: Path) -> tuple[dict, IngestError | None]:
    side = txt.with_name(txt.name[: -len(".txt")] + SIDECAR_SUFFIX)
    side_rel = rel[: -len(".txt")] + SIDECAR_SUFFIX
    if not os.path.lexists(side):
        return {}, None
    is_link = side.is_symlink()
    if is_link and not _inside(side, root):
        return {}, IngestError(side_rel, "sidecar is a symlink pointing outside the landing directory; not "
                                         "followed, the document was kept without metadata (copy the sidecar "
                                         "into the landing directory instead)", None)
    try:
        raw = _read_file(side, followed_link=is_link)
    except _Unreadable as exc:
        if "disappeared" in str(exc) and not is_link:
            return {}, None  # removed together with its article or on its own: nothing to report
        return {}, IngestError(side_rel, f"sidecar unreadable ({exc}); the document was kept without metadata", None)
    try:
        meta = json.loads(decode_bytes(raw).text)
        if not isinstance(meta, dict):
            raise ValueError("top level is not a JSON object")
        return meta, None
    except (ValueError, RecursionError, DecodeError) as exc:
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)[:200]
        return {}, IngestError(side_rel, f"malformed sidecar ({detail}); the document was kept without "
                                         f"metadata: fix the JSON to restore title/url/published_at", sha256(raw))


def scan_landing(input_dir: str | Path, today: date | None = None
                 ) -> Iterator[DocumentRecord | IngestError]:
    """Every document and every ingest error of the landing directory.

    Never raises for a file: whatever one file does (vanishes, changes, holds any bytes at
    all), it becomes documents or errors and the scan goes on.
    """
    root = Path(input_dir).resolve()
    for path, problem in _candidate_files(root):
        rel = Path(os.path.relpath(path, root)).as_posix()
        if problem:
            yield IngestError(rel, problem, None)
            continue
        try:
            data = _read_file(path, followed_link=path.is_symlink())
        except _Unreadable as exc:
            yield IngestError(rel, str(exc), None)
            continue
        try:
            if path.name.endswith(".jsonl"):
                yield from _jsonl_records(rel, data, today)
                continue
            try:
                decoded = decode_bytes(data)
            except DecodeError as exc:
                yield IngestError(rel, str(exc), sha256(data))
                continue
            meta, err = _read_sidecar(path, rel, root)
            if err:
                yield err
            yield _with_bytes_hash(build_document(rel, rel, decoded.text, meta, decoded.encoding, today), data)
        except Exception as exc:  # noqa: BLE001 - one odd file must not stop the run
            yield IngestError(rel, f"unexpected error while reading this file ({type(exc).__name__}: "
                                   f"{str(exc)[:200]}); the other files were read — please report this", sha256(data))


def _with_bytes_hash(rec: DocumentRecord | IngestError, data: bytes):
    if isinstance(rec, IngestError):
        return IngestError(rec.source_path, rec.reason, sha256(data))
    return rec


def _jsonl_records(rel: str, data: bytes, today: date | None) -> Iterator[DocumentRecord | IngestError]:
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        yield IngestError(rel, str(exc), sha256(data))
        return
    seen_ids: set[str] = set()
    # Lines end at "\n" only: U+2028, U+0085 and the like are legal inside JSON strings.
    for lineno, line in enumerate(decoded.text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{rel}#L{lineno}"
        line_hash = sha256(line.encode("utf-8", "surrogatepass"))
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"malformed JSON on line {lineno} ({exc.msg} at column {exc.colno}); "
                                     f"fix or remove that line — the other lines were read", line_hash)
            continue
        except (ValueError, RecursionError) as exc:  # a 5000-digit number, nesting deeper than Python's stack
            detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0][:120]
            yield IngestError(where, f"unreadable JSON on line {lineno} ({detail}); "
                                     f"fix or remove that line — the other lines were read", line_hash)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield IngestError(where, f"line {lineno} has no string \"text\" field; each line must be "
                                     f"an object with the article in \"text\"", line_hash)
            continue
        ident = obj.get("id")
        ident = _clean(ident) if isinstance(ident, str) else ident
        key = f"{rel}#{ident}" if ident is not None and str(ident) not in seen_ids else f"{rel}#L{lineno}"
        if ident is not None:
            seen_ids.add(str(ident))
        source_path = f"{rel}#{ident}" if ident is not None else where
        rec = build_document(key, source_path, obj["text"], obj, decoded.encoding, today)
        yield _with_bytes_hash(rec, line.encode("utf-8")) if isinstance(rec, IngestError) else rec
