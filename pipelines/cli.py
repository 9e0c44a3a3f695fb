"""The `hodo` command: run, sql, export, ui (see ../shared/contract.md).

Errors a user can fix end with one line saying what to do and a non-zero
exit; tracebacks only with --debug.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from pipelines.resources import DEFAULT_DB, DEFAULT_INPUT, PROJECT_ROOT


class UserError(Exception):
    """A problem the user can fix; the message says how."""


def _db_arg(value: str | None) -> Path:
    return Path(value or os.environ.get("HODO_DB_PATH") or DEFAULT_DB)


def _check_writable(db: Path) -> None:
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the directory {db.parent} ({exc.strerror}): choose a writable --db path")
    if not os.access(db.parent, os.W_OK):
        raise UserError(f"{db.parent} is not writable: choose a writable --db path or fix its permissions")


def _check_not_locked(path: Path) -> None:
    import duckdb

    if not path.exists():
        return
    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise UserError(f"{path} is locked by another program ({str(exc).splitlines()[0][:160]}); "
                            f"close that program (or its connection) and run again") from exc
        raise


def _explain(message: str) -> str:
    low = message.lower()
    if "no space left" in low or "disk is full" in low or "could not write" in low and "space" in low:
        return "the disk is full: free space on the warehouse's filesystem (or choose another --db) and run again"
    if "conflicting lock" in low or "could not set lock" in low:
        return "the database is locked by another program: close it and run again"
    if "permission denied" in low:
        return "permission denied writing the warehouse: choose a writable --db path"
    return message.strip().splitlines()[-1][:300] if message.strip() else "the run failed"


def cmd_run(args) -> int:
    from filelock import FileLock, Timeout

    input_dir = Path(args.input or os.environ.get("HODO_INPUT_DIR") or DEFAULT_INPUT)
    if not input_dir.is_dir():
        raise UserError(f"input directory {input_dir} does not exist: pass --input DIR (a folder of .txt/.jsonl articles)")
    db = _db_arg(args.db).resolve()
    _check_writable(db)
    from hodo.warehouse import work_path_for

    work = work_path_for(db)
    lock = FileLock(str(work) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"another hodo run is writing {db}; waiting for it to finish (up to {args.wait}s)...", flush=True)
        try:
            lock.acquire(timeout=args.wait)
        except Timeout:
            raise UserError(f"another hodo run still holds {lock.lock_file} after {args.wait}s: "
                            f"wait for it to finish, or run with --wait SECONDS") from None
    try:
        _check_not_locked(work)
        _check_not_locked(db)
        return _execute(input_dir, db, args)
    finally:
        lock.release()


def _execute(input_dir: Path, db: Path, args) -> int:
    os.environ.setdefault("DAGSTER_HOME", "")
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.resources import Warehouse
    from pipelines.summary import build_summary, print_summary

    started = time.monotonic()
    job = defs.get_job_def("hodo_job")
    print(f"hodo run: {input_dir} -> {db}", flush=True)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            resources={"warehouse": Warehouse(input_dir=str(input_dir), db_path=str(db))},
            instance=instance,
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "INFO" if args.verbose else "WARNING"}}}},
            tags={"hodo/prune": str(bool(args.prune))},
        )
        summary = build_summary(result, time.monotonic() - started)
    summary["published"] = str(db) if summary["ok"] else None
    summary["data_docs"] = str(db.parent / "data_docs" / "index.html")
    print_summary(summary)
    if args.json_summary:
        Path(args.json_summary).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_summary).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    if not summary["ok"]:
        failures = summary.get("failures") or []
        failed_checks = [f"{k}: {c['name']}" for k, a in summary["assets"].items()
                         for c in a["checks"] if c["blocking"] and not c["passed"]]
        if failed_checks:
            print("blocking checks failed: " + "; ".join(failed_checks) +
                  f" — the previous warehouse at {db} was kept; see {summary['data_docs']}", file=sys.stderr)
        for f in failures:
            print(f"error: {_explain(f)}", file=sys.stderr)
        return 1
    return 0


def cmd_sql(args) -> int:
    import duckdb
    import polars as pl

    db = _db_arg(args.db)
    if not db.exists():
        raise UserError(f"no warehouse at {db}: run `hodo run` first or pass --db FILE")
    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.execute(args.query).pl()
    except duckdb.Error as exc:
        raise UserError(f"SQL error: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()
    with pl.Config(tbl_rows=args.max_rows, tbl_cols=-1, fmt_str_lengths=60, tbl_width_chars=200):
        print(frame)
    return 0


def cmd_export(args) -> int:
    from hodo.export import export_parquet

    db = _db_arg(args.db)
    if not db.exists():
        raise UserError(f"no warehouse at {db}: run `hodo run` first or pass --db FILE")
    written = export_parquet(db, Path(args.out))
    for name, path in written.items():
        print(f"{name:28s} {path}")
    return 0


def cmd_ui(args) -> int:
    import subprocess

    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home").resolve()
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").touch()
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    cmd = [sys.executable, "-m", "dagster", "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"),
           "-h", "127.0.0.1", "-p", str(args.port)]
    print(f"Dagster UI on http://127.0.0.1:{args.port} (DAGSTER_HOME={home})", flush=True)
    return subprocess.call(cmd, cwd=PROJECT_ROOT, env=env)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="hodo", description="Japanese news to DuckDB tables, through Dagster.")
    ap.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="materialize the whole asset graph in-process")
    run.add_argument("--input", help="landing directory (default: the bundled sample corpus, or $HODO_INPUT_DIR)")
    run.add_argument("--db", help="published warehouse file (default warehouse/hodo.duckdb, or $HODO_DB_PATH)")
    run.add_argument("--json-summary", metavar="OUT", help="write the run summary as JSON")
    run.add_argument("--prune", action="store_true", help="drop documents whose files left the landing directory")
    run.add_argument("--wait", type=float, default=600, help="seconds to wait for another run to finish")
    run.add_argument("-v", "--verbose", action="store_true", help="show Dagster's step log")
    run.set_defaults(func=cmd_run)
    sql = sub.add_parser("sql", help="read-only SQL against the warehouse")
    sql.add_argument("query")
    sql.add_argument("--db")
    sql.add_argument("--max-rows", type=int, default=50)
    sql.set_defaults(func=cmd_sql)
    exp = sub.add_parser("export", help="every table and view as Parquet")
    exp.add_argument("--out", required=True)
    exp.add_argument("--db")
    exp.set_defaults(func=cmd_export)
    ui = sub.add_parser("ui", help="start the Dagster UI (webserver + daemon) on 127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"hodo: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hodo: interrupted; the published warehouse was not changed", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: one clear line
        if args.debug:
            raise
        print(f"hodo: {_explain(str(exc))} (run with --debug for the traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
