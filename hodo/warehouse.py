"""The working DuckDB database: schema, short connections, per-document replace.

Runs write to a *working* database beside the published file; the published
file is only ever replaced whole (see pipelines/publish.py), so BI readers
never meet a lock or a half-written state. Connections are opened per unit of
work and closed at once: DuckDB lets one process hold a file, and GX opens the
same file through SQLAlchemy during checks.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


def work_path_for(db_path: str | Path) -> Path:
    """hodo.duckdb -> hodo.work.duckdb, in the same directory (same filesystem, so publishing is a rename)."""
    p = Path(db_path)
    return p.with_name(p.stem + ".work" + (p.suffix or ".duckdb"))


def ddl_statements() -> str:
    return "\n".join(f.read_text(encoding="utf-8") for f in sorted((SQL_DIR / "ddl").glob("*.sql")))


@contextmanager
def connect(path: str | Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def ensure_schema(path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as con:
        con.execute(ddl_statements())


def replace_doc_rows(con: duckdb.DuckDBPyConnection, table: str, doc_ids: list[str], frame) -> None:
    """Delete the rows of ``doc_ids`` from ``table`` and insert ``frame`` (polars/Arrow), in the caller's transaction."""
    if doc_ids:
        con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids])
    if frame is not None and len(frame):
        cols = ", ".join(frame.columns)
        con.register("_incoming", frame)
        try:
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _incoming")
        finally:
            con.unregister("_incoming")


def mark_done(con: duckdb.DuckDBPyConnection, stage: str | Sequence[str], doc_ids: list[str],
              run_id: str | None = None) -> None:
    """Record that ``stage`` (or each of several stages) processed the current version of ``doc_ids``
    (in run ``run_id``), in one statement."""
    if not doc_ids:
        return
    stages = [stage] if isinstance(stage, str) else list(stage)
    con.execute(
        """INSERT OR REPLACE INTO _stage_progress (stage, doc_id, content_sha256, processed_at, run_id)
           SELECT s.stage, d.doc_id, d.content_sha256, now(), ?
           FROM documents d, (SELECT unnest(?::VARCHAR[]) AS stage) s
           WHERE d.doc_id IN (SELECT unnest(?::VARCHAR[]))""",
        [run_id, stages, doc_ids],
    )


def processed_in_run(con: duckdb.DuckDBPyConnection, stage: str, run_id: str) -> int:
    """How many documents ``stage`` processed in run ``run_id`` (whichever step did the work)."""
    return con.execute("SELECT count(*) FROM _stage_progress WHERE stage = ? AND run_id = ?",
                       [stage, run_id]).fetchone()[0]


def pending_docs(con: duckdb.DuckDBPyConnection, stage: str) -> list[str]:
    """Documents whose current content this stage has not processed yet."""
    rows = con.execute(
        """SELECT d.doc_id FROM documents d
           LEFT JOIN _stage_progress p ON p.stage = ? AND p.doc_id = d.doc_id
           WHERE p.content_sha256 IS DISTINCT FROM d.content_sha256
           ORDER BY d.doc_id""",
        [stage],
    ).fetchall()
    return [r[0] for r in rows]


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """A query result as a polars frame, through Arrow.

    duckdb 2.0 has no ``.pl()`` on an execute() result, copies rows when an
    execute() result goes to Arrow, and refuses a relation while the
    connection holds an unfinished result; a short-lived cursor (same
    database, committed state) avoids all three.
    """
    import polars as pl

    cur = con.cursor()
    try:
        rel = cur.sql(sql, params=params) if params else cur.sql(sql)
        return pl.from_arrow(rel.to_arrow_table())
    finally:
        cur.close()


# ---------------------------------------------------------------------------
# Unchanged reruns: skip the whole run when nothing it depends on has changed.
#
# A run's result depends on the landing files, hodo's own code, SQL and suites,
# the tokenizer settings, the --prune flag and today's date (publication dates
# may be inferred relative to it). After a successful run the CLI records a
# fingerprint of all of them with the published file's identity; a later run
# whose fingerprint matches, and whose published file is still that file, has
# nothing to do and returns the recorded summary without starting Dagster
# (process start-up only, well under the 3 s floor of issue 9).

_CODE_DIRS = ("hodo", "assets", "pipelines", "sql", "expectations")
_SETTINGS = ("HODO_TOKENIZER", "HODO_USER_DICT", "HODO_SHARDS")


def _tree_signature(root: Path, digest, skip_dirs: tuple[str, ...] = ("__pycache__",)) -> None:
    """Feed (relative path, size, mtime_ns) of every file under ``root`` into ``digest``."""
    import os

    if not root.exists():
        digest.update(b"\0missing\0" + str(root).encode())
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in skip_dirs)
        for name in sorted(filenames):
            p = Path(dirpath) / name
            try:
                st = p.stat()
                sig = f"{st.st_size}:{st.st_mtime_ns}"
            except OSError:
                sig = "unreadable"
            digest.update(f"{p.relative_to(root).as_posix()}\0{sig}\n".encode("utf-8", "surrogateescape"))


def run_fingerprint(input_dir: str | Path, *, prune: bool = False) -> str:
    """Fingerprint of everything a run's result depends on (cheap: file metadata only)."""
    import hashlib
    import os
    from datetime import date

    digest = hashlib.sha256()
    digest.update(f"today={date.today().isoformat()} prune={bool(prune)}\n".encode())
    for name in _SETTINGS:
        digest.update(f"{name}={os.environ.get(name, '')}\n".encode())
    udic = os.environ.get("HODO_USER_DICT")
    if udic:
        _tree_signature(Path(udic), digest)
    project = SQL_DIR.parent
    for d in _CODE_DIRS:
        _tree_signature(project / d, digest)
    digest.update(b"\0input\0")
    _tree_signature(Path(input_dir).resolve(), digest)
    return digest.hexdigest()


def _stamp_path(db_path: str | Path) -> Path:
    work = work_path_for(db_path)
    return work.with_name(work.name + ".last-run.json")


def _file_identity(path: Path) -> str | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


def record_successful_run(db_path: str | Path, fingerprint: str, summary: dict) -> None:
    """After a successful, published run: remember what it was computed from."""
    import json
    import os

    stamp = _stamp_path(db_path)
    body = {"fingerprint": fingerprint, "published": _file_identity(Path(db_path)), "summary": summary}
    tmp = stamp.with_name(stamp.name + ".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, stamp)


def forget_last_run(db_path: str | Path) -> None:
    """Any run that does not end published and successful invalidates the record."""
    try:
        _stamp_path(db_path).unlink()
    except FileNotFoundError:
        pass


def unchanged_since_last_run(db_path: str | Path, fingerprint: str) -> dict | None:
    """The recorded summary when nothing changed since the last successful run, else None."""
    import json

    try:
        body = json.loads(_stamp_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if body.get("fingerprint") != fingerprint:
        return None
    published = _file_identity(Path(db_path))
    if published is None or published != body.get("published"):
        return None
    return body.get("summary")
