"""The landing directory to document records and ingest errors.

Reads ``*.txt`` (with an optional ``NAME.meta.json`` sidecar) and ``*.jsonl``
(one article a line) recursively, never outside the landing directory: a
symlink that resolves outside it is reported, not followed. Every file that
cannot become a document yields an error record with a reason a person can
act on; a malformed sidecar keeps its document (without metadata) and adds an
error. Records are yielded one at a time so memory does not grow with the
corpus.
"""
from __future__ import annotations

import hashlib
import json
import os
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


def build_document(identity: str, source_path: str, raw_text: str, meta: dict, encoding: str,
                   today: date | None = None) -> DocumentRecord | IngestError:
    text = normalize_text(raw_text)
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
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
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


def _read_sidecar(txt: Path, rel: str) -> tuple[dict, IngestError | None]:
    side = txt.with_name(txt.name[: -len(".txt")] + SIDECAR_SUFFIX)
    if not side.exists():
        return {}, None
    side_rel = rel[: -len(".txt")] + SIDECAR_SUFFIX
    try:
        raw = side.read_bytes()
        meta = json.loads(decode_bytes(raw).text)
        if not isinstance(meta, dict):
            raise ValueError("top level is not a JSON object")
        return meta, None
    except (OSError, ValueError, DecodeError) as exc:
        return {}, IngestError(side_rel, f"malformed sidecar ({exc}); the document was kept without "
                                         f"metadata: fix the JSON to restore title/url/published_at", None)


def scan_landing(input_dir: str | Path, today: date | None = None
                 ) -> Iterator[DocumentRecord | IngestError]:
    """Every document and every ingest error of the landing directory."""
    root = Path(input_dir).resolve()
    for path, problem in _candidate_files(root):
        rel = Path(os.path.relpath(path, root)).as_posix()
        if problem:
            yield IngestError(rel, problem, None)
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            yield IngestError(rel, "file disappeared while the run was reading the directory; "
                                   "it will be read on the next run if it comes back", None)
            continue
        except PermissionError:
            yield IngestError(rel, "permission denied: make the file readable by the user running hodo", None)
            continue
        except OSError as exc:
            yield IngestError(rel, f"cannot read the file ({exc.strerror or exc})", None)
            continue
        if path.name.endswith(".jsonl"):
            yield from _jsonl_records(rel, data, today)
            continue
        try:
            decoded = decode_bytes(data)
        except DecodeError as exc:
            yield IngestError(rel, str(exc), sha256(data))
            continue
        meta, err = _read_sidecar(path, rel)
        if err:
            yield err
        yield _with_bytes_hash(build_document(rel, rel, decoded.text, meta, decoded.encoding, today), data)


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
    for lineno, line in enumerate(decoded.text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{rel}#L{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield IngestError(where, f"malformed JSON on line {lineno} ({exc.msg} at column {exc.colno}); "
                                     f"fix or remove that line — the other lines were read", sha256(line))
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield IngestError(where, f"line {lineno} has no string \"text\" field; each line must be "
                                     f"an object with the article in \"text\"", sha256(line))
            continue
        ident = obj.get("id")
        key = f"{rel}#{ident}" if ident is not None and str(ident) not in seen_ids else f"{rel}#L{lineno}"
        if ident is not None:
            seen_ids.add(str(ident))
        source_path = f"{rel}#{ident}" if ident is not None else where
        rec = build_document(key, source_path, obj["text"], obj, decoded.encoding, today)
        yield _with_bytes_hash(rec, line.encode("utf-8")) if isinstance(rec, IngestError) else rec
