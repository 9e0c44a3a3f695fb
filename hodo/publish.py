"""Publishing: the working database becomes the warehouse BI tools read, atomically.

DuckDB lets one process write a file and locks every other process out, even
readers. So runs write a working database; when every blocking check has
passed, a copy of it (with the BI views created in the copy) replaces the
published file with one ``os.replace``. A reader that has the old file open
keeps its snapshot; a new reader opens the new one; nobody sees a lock or a
half-written state.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from hodo.warehouse import SQL_DIR, connect


def view_statements() -> list[tuple[str, str]]:
    return [(f.stem, f.read_text(encoding="utf-8")) for f in sorted((SQL_DIR / "views").glob("*.sql"))]


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    names = []
    for name, sql in view_statements():
        con.execute(sql)
        names.append(name)
    return names


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def publish(work_path: Path, published_path: Path) -> list[str]:
    """Copy ``work_path`` to ``published_path`` atomically, with the BI views; returns the view names."""
    published_path.parent.mkdir(parents=True, exist_ok=True)
    # A run killed while publishing leaves its copy behind: remove the copies of dead processes.
    for stale in published_path.parent.glob(f".{published_path.name}.publishing-*"):
        if not _alive(stale.name.rsplit("-", 1)[-1].split(".")[0]):
            stale.unlink(missing_ok=True)
    with connect(work_path) as con:
        con.execute("CHECKPOINT")
    tmp = published_path.with_name(f".{published_path.name}.publishing-{os.getpid()}")
    try:
        shutil.copyfile(work_path, tmp)
        with connect(tmp) as con:
            views = create_views(con)
            con.execute("CHECKPOINT")
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, published_path)
        dir_fd = os.open(published_path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            if leftover.exists():
                leftover.unlink()
    return views
