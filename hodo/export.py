"""Parquet export of every table and view, for tools that read files rather than DuckDB.

Tables with a publication date (directly or through their document) are
partitioned by publication month (``pub_month=2025-08``), so a BI tool can
prune by time; the rest are single files.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb


def export_parquet(db_path: str | Path, out_dir: str | Path) -> dict[str, str]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        relations = con.execute(
            """SELECT table_name, table_type FROM information_schema.tables
               WHERE table_schema = 'main' AND table_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY table_name""").fetchall()
        for name, _kind in relations:
            cols = {r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()}
            target = out / name
            if target.exists():
                shutil.rmtree(target) if target.is_dir() else target.unlink()
            if "published_date" in cols:
                query = f"SELECT *, coalesce(strftime(published_date, '%Y-%m'), 'unknown') AS pub_month FROM {name}"
            elif "doc_id" in cols:
                query = (f"SELECT t.*, coalesce(strftime(d.published_date, '%Y-%m'), 'unknown') AS pub_month "
                         f"FROM {name} t LEFT JOIN documents d USING (doc_id)")
            else:
                query = None
            if query:
                con.execute(f"COPY ({query}) TO '{target}' (FORMAT parquet, PARTITION_BY (pub_month), "
                            f"OVERWRITE_OR_IGNORE)")
            else:
                target = out / f"{name}.parquet"
                con.execute(f"COPY (SELECT * FROM {name}) TO '{target}' (FORMAT parquet)")
            written[name] = str(target)
    finally:
        con.close()
    return written
