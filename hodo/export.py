"""Parquet export of every table and view, for tools that read files rather than DuckDB.

Layout under ``out_dir``:

* a relation with a publication date (``published_date``, or a ``doc_id`` that
  joins ``documents``) is a hive-partitioned directory
  ``<name>/pub_month=2025-08/data_0.parquet`` (``pub_month=unknown`` when the
  date is not known), so a BI tool can prune by month:
  ``read_parquet('export/tokens/**/*.parquet', hive_partitioning = true)``;
  an empty one still gets one zero-row file there, so its schema is readable;
* every other relation is one file ``<name>.parquet``.

The export is written into a staging directory first and each relation is then
swapped into place, so a reader never sees a half-written relation, and a
failed export leaves the previous one untouched. Internal tables (``_...``)
are not exported.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

PARTITION_COLUMN = "pub_month"
UNKNOWN_MONTH = "unknown"


@dataclass(frozen=True)
class ExportedRelation:
    name: str
    kind: str  # 'BASE TABLE' | 'VIEW'
    path: Path
    rows: int
    partitioned: bool


def _lit(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _relation_query(con: duckdb.DuckDBPyConnection, name: str) -> tuple[str, bool]:
    """The SELECT that exports ``name`` and whether it carries a pub_month partition column."""
    cols = {r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()}
    month = f"coalesce(strftime({{}}, '%Y-%m'), '{UNKNOWN_MONTH}') AS {PARTITION_COLUMN}"
    if PARTITION_COLUMN in cols:  # never shadow a real column
        return f'SELECT * FROM "{name}"', False
    if "published_date" in cols:
        return f'SELECT *, {month.format("published_date")} FROM "{name}"', True
    if "doc_id" in cols and name != "documents":
        return (f'SELECT t.*, {month.format("d.published_date")} FROM "{name}" t '
                f"LEFT JOIN documents d USING (doc_id)"), True
    return f'SELECT * FROM "{name}"', False


def export_relations(db_path: str | Path, out_dir: str | Path) -> list[ExportedRelation]:
    """Export every table and view of ``db_path`` (opened read-only) under ``out_dir``."""
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    exported: list[ExportedRelation] = []
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            relations = con.execute(
                """SELECT table_name, table_type FROM information_schema.tables
                   WHERE table_schema = 'main' AND table_name NOT LIKE '\\_%' ESCAPE '\\'
                   ORDER BY table_name""").fetchall()
            for name, kind in relations:
                query, partitioned = _relation_query(con, name)
                if partitioned:
                    target = staging / name
                    # COPY returns how many rows it wrote
                    rows = con.execute(f"COPY ({query}) TO {_lit(target)} "
                                       f"(FORMAT parquet, PARTITION_BY ({PARTITION_COLUMN}))").fetchall()[0][0]
                    if not rows:  # no partition written: one zero-row file keeps the schema readable
                        shutil.rmtree(target, ignore_errors=True)
                        empty = target / f"{PARTITION_COLUMN}={UNKNOWN_MONTH}"
                        empty.mkdir(parents=True)
                        con.execute(f"COPY (SELECT * EXCLUDE ({PARTITION_COLUMN}) FROM ({query}) LIMIT 0) "
                                    f"TO {_lit(empty / 'data_0.parquet')} (FORMAT parquet)")
                    final = out / name
                else:
                    target = staging / f"{name}.parquet"
                    rows = con.execute(f"COPY ({query}) TO {_lit(target)} (FORMAT parquet)").fetchall()[0][0]
                    final = out / f"{name}.parquet"
                exported.append(ExportedRelation(name, kind, final, int(rows), partitioned))
        finally:
            con.close()
        for rel in exported:
            _swap_in(staging / rel.path.name, rel.path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return exported


def _swap_in(new: Path, final: Path) -> None:
    """Replace ``final`` (file or directory) by ``new``; a file is replaced atomically, a
    directory is renamed aside first and removed after, so it is missing only between two renames."""
    if new.is_dir() or final.is_dir():
        old = final.with_name(f".old-{os.getpid()}-{final.name}")
        if final.exists():
            os.replace(final, old)
        os.replace(new, final)
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        elif old.exists():
            old.unlink()
    else:
        os.replace(new, final)


def export_parquet(db_path: str | Path, out_dir: str | Path) -> dict[str, str]:
    """Export every table and view as Parquet; returns relation name -> written path."""
    return {rel.name: str(rel.path) for rel in export_relations(db_path, out_dir)}
