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
from typing import Iterator

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


def mark_done(con: duckdb.DuckDBPyConnection, stage: str, doc_ids: list[str]) -> None:
    """Record that ``stage`` processed the current version of ``doc_ids``."""
    if not doc_ids:
        return
    con.execute(
        """INSERT OR REPLACE INTO _stage_progress
           SELECT ?, doc_id, content_sha256, now() FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))""",
        [stage, doc_ids],
    )


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
