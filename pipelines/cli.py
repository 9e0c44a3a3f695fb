"""The `hodo` command: run, sql, export, ui (see ../shared/contract.md).

Errors a user can fix end with one line saying what to do and a non-zero
exit; tracebacks only with --debug.
"""
from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import re
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

from pipelines.resources import DEFAULT_DB, DEFAULT_INPUT, PROJECT_ROOT


class UserError(Exception):
    """A problem the user can fix; the message says how."""


def _db_arg(value: str | None) -> Path:
    return Path(value or os.environ.get("HODO_DB_PATH") or DEFAULT_DB)


def _check_writable(db: Path) -> None:
    """The warehouse's directory exists (or can be made) and takes new files; --db is not a directory."""
    if db.is_dir():
        raise UserError(f"--db {db} is a directory: pass a file path such as {db / 'hodo.duckdb'}")
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in [db.parent, *db.parent.parents] if p.exists() and not p.is_dir()), db.parent)
        raise UserError(f"cannot create the directory {db.parent}: {blocker} is a file, not a directory; "
                        f"choose another --db path") from None
    except OSError as exc:
        raise UserError(f"cannot create the directory {db.parent} ({exc.strerror or exc}): "
                        f"choose a writable --db path") from None
    try:  # os.access() says yes to root everywhere; creating a file is the real test
        probe = tempfile.NamedTemporaryFile(dir=db.parent, prefix=".hodo-probe-")
        probe.close()
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise UserError(_DISK_FULL.format(where=db.parent)) from None
        raise UserError(f"cannot write in {db.parent} ({exc.strerror or exc}): choose a writable --db path "
                        f"or fix that directory's permissions") from None


_DISK_FULL = ("the disk is full (or a file-size limit was hit) writing in {where}: free space there, or choose "
              "another --db on a filesystem with room, and run again")
_LOCK_HOLDER = re.compile(r"held in (.+?) \(PID (\d+)\)")


def _locked_message(path: Path, exc: Exception, role: str) -> str:
    m = _LOCK_HOLDER.search(str(exc))
    holder = f"{Path(m.group(1)).name} (PID {m.group(2)})" if m else "another program"
    return (f"the {role} {path} is locked by {holder}; close that program (or its connection to the file) "
            f"and run again")


def _check_not_locked(path: Path, role: str = "working database", read_only: bool = False) -> None:
    """Open ``path`` the way the run will (read-write for the working database; read-only for the
    published one, which is replaced by a rename, so a reader holding it is no obstacle)."""
    import duckdb

    if not path.exists():
        return
    try:
        duckdb.connect(str(path), read_only=read_only).close()
    except duckdb.Error as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise UserError(_locked_message(path, exc, role)) from exc
        if "not a valid duckdb database" in text.lower():
            raise UserError(f"{path} exists but is not a DuckDB database; hodo will not overwrite it: "
                            f"move it away or choose another --db path") from exc
        raise UserError(f"cannot open the {role} {path} ({text.splitlines()[0][:200]}); "
                        f"move it away or choose another --db path") from exc


def _explain(message: str, where: Path | None = None) -> str:
    """One line a person can act on, for an error raised inside the run (``where``: the warehouse's directory)."""
    low = message.lower()
    if any(s in low for s in ("no space left", "disk is full", "disk full", "file too large", "quota exceeded",
                              "errno 28", "errno 27", "errno 122")):
        return _DISK_FULL.format(where=where or "the warehouse's directory")
    if "conflicting lock" in low or "could not set lock" in low:
        m = _LOCK_HOLDER.search(message)
        holder = f"{Path(m.group(1)).name} (PID {m.group(2)})" if m else "another program"
        return f"the database is locked by {holder}: close that program (or its connection) and run again"
    if "permission denied" in low or "read-only file system" in low:
        return "permission denied writing the warehouse: choose a writable --db path or fix its permissions"
    if "out of memory" in low or "memoryerror" in low:
        return "out of memory: close other programs or run on a smaller landing directory, and run again"
    last = next((ln.strip() for ln in reversed(message.strip().splitlines()) if ln.strip()), "")
    return (last[:300] if last else "the run failed") + " (run with --debug for the details)"


def cmd_run(args) -> int:
    from filelock import FileLock, Timeout

    input_dir = Path(args.input or os.environ.get("HODO_INPUT_DIR") or DEFAULT_INPUT)
    if not input_dir.exists():
        raise UserError(f"input directory {input_dir} does not exist: pass --input DIR (a folder of .txt/.jsonl articles)")
    if not input_dir.is_dir():
        raise UserError(f"--input {input_dir} is a file, not a directory: pass the folder that holds the articles")
    if not os.access(input_dir, os.R_OK | os.X_OK):
        raise UserError(f"input directory {input_dir} cannot be read (permission denied): make it readable "
                        f"by the user running hodo")
    db = _db_arg(args.db).resolve()
    _check_writable(db)
    from hodo.warehouse import work_path_for

    from pipelines.resources import LOCK_HELD_ENV, run_lock_path

    work = work_path_for(db)
    lock = FileLock(run_lock_path(db))
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
        _check_not_locked(work, "working database")
        # the published file is only ever replaced, never written: BI readers holding it
        # read-only must not stop a run; only a program writing it would lose its changes
        _check_not_locked(db, "published warehouse", read_only=True)
        os.environ[LOCK_HELD_ENV] = run_lock_path(db)
        from hodo.warehouse import forget_last_run, run_fingerprint, unchanged_since_last_run

        fingerprint = run_fingerprint(input_dir, prune=args.prune)
        last = unchanged_since_last_run(db, fingerprint)
        if last is not None:
            return _report_unchanged(last, db, args)
        forget_last_run(db)
        return _execute(input_dir, db, args, fingerprint)
    finally:
        os.environ.pop(LOCK_HELD_ENV, None)
        lock.release()


def _report_unchanged(last: dict, db: Path, args) -> int:
    """Nothing changed since the last successful run: say so, re-emit its summary, exit 0."""
    assets = {k: {**a, "processed_docs": 0} if "processed_docs" in a else a
              for k, a in last.get("assets", {}).items()}
    summary = {**last, "assets": assets, "unchanged": True,
               "elapsed_s": round(time.monotonic() - _STARTED, 2)}
    print(f"hodo run: nothing changed since the last successful run; {db} is up to date "
          f"({sum(1 for _ in summary.get('assets', {}))} assets, {summary['elapsed_s']:.1f} s)")
    summary_error = _write_summary(summary, args.json_summary) if args.json_summary else None
    if summary_error:
        raise UserError(summary_error)
    return 0


_STARTED = time.monotonic()


def _execute(input_dir: Path, db: Path, args, fingerprint: str | None = None) -> int:
    os.environ.setdefault("DAGSTER_HOME", "")
    from hodo.workahead import prestart

    prestart(input_dir)  # the tokenizer pool's server loads on another core while Dagster does
    import dagster as dg

    from pipelines.definitions import defs
    from pipelines.resources import Warehouse
    from pipelines.summary import build_summary, print_summary

    started = time.monotonic()
    job = defs.resolve_job_def("hodo_job")
    print(f"hodo run: {input_dir} -> {db}", flush=True)
    if not args.quiet and not args.verbose:
        os.environ["HODO_PROGRESS"] = "1"  # the stages print one progress line each (assets/_stage.progress)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(
            resources={"warehouse": Warehouse(input_dir=str(input_dir), db_path=str(db))},
            instance=instance,
            raise_on_error=False,
            # Dagster's console log would print every step failure with its stack trace; the
            # summary and one line below say what happened, --debug adds the traces.
            run_config={"loggers": {"console": {"config": {"log_level": _dagster_log_level(args)}}}},
            tags={"hodo/prune": str(bool(args.prune))},
        )
        summary = build_summary(result, time.monotonic() - started)
    summary["published"] = str(db) if summary["ok"] else None
    summary["data_docs"] = str(db.parent / "data_docs" / "index.html")
    print_summary(summary)
    summary_error = _write_summary(summary, args.json_summary) if args.json_summary else None
    if not summary["ok"]:
        print(f"hodo: {_failure_line(summary, db)}", file=sys.stderr)
        return 1
    if summary_error:
        raise UserError(summary_error)
    if fingerprint:
        from hodo.warehouse import record_successful_run

        record_successful_run(db, fingerprint, summary)
    return 0


def _dagster_log_level(args) -> str:
    return "INFO" if args.verbose else "ERROR" if args.debug else "CRITICAL"


def _write_summary(summary: dict, out: str) -> str | None:
    """Write the JSON summary whole (temp file + rename) or not at all; an error line if it could not be."""
    path = Path(out)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        os.replace(tmp, path)
        return None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return _DISK_FULL.format(where=path.parent)
        return f"cannot write the summary {path} ({exc.strerror or exc}): choose another --json-summary path"


def _failure_line(summary: dict, db: Path) -> str:
    """The one stderr line of a failed run: the first cause, what to do, and that the warehouse was kept."""
    kept = f"the previous warehouse at {db} was kept" if db.exists() else f"nothing was published to {db}"
    failures = summary.get("failures") or []
    if failures:
        more = f" ({len(failures)} steps failed)" if len(failures) > 1 else ""
        return f"{_explain(failures[0], db.parent)}{more}; {kept}"
    failed = [f"{k}: {c['name']}" for k, a in summary["assets"].items()
              for c in a["checks"] if c["blocking"] and not c["passed"]]
    if failed:
        shown = "; ".join(failed[:3]) + (f" and {len(failed) - 3} more" if len(failed) > 3 else "")
        return (f"blocking checks failed ({shown}); {kept}: see {summary['data_docs']} "
                f"for the rows that broke them, fix the input or the stage, and run again")
    return f"the run did not complete; {kept}: run again with --verbose to see where it stopped"


def cmd_sql(args) -> int:
    import duckdb
    import polars as pl

    db = _db_arg(args.db)
    if not db.exists():
        raise UserError(f"no warehouse at {db}: run `hodo run` first or pass --db FILE")
    from hodo.warehouse import frame as query_frame

    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = query_frame(con, args.query)
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
    run.add_argument("-v", "--verbose", action="store_true", help="show Dagster's full step log")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress lines, only the final table")
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
    if not args.debug:
        # Library warnings (Dagster, GX) are for developers; a user gets the summary and one line.
        warnings.simplefilter("ignore")
        os.environ.setdefault("PYTHONWARNINGS", "ignore")  # and in the tokenizer's worker processes
        # Libraries that log errors without a handler (GX's Data Docs builder) would reach stderr
        # through logging's last resort, tracebacks included; the run's failures are reported below.
        logging.getLogger().addHandler(logging.NullHandler())
    try:
        return args.func(args)
    except UserError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"hodo: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hodo: interrupted; the published warehouse was not changed", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - last line of defence: one clear line
        if args.debug:
            traceback.print_exc()
        print(f"hodo: {_explain(f'{type(exc).__name__}: {exc}')}", file=sys.stderr)
        return 1



def entry() -> None:
    """Console-script entry point.

    Exits without interpreter finalization: duckdb 2.0's nanobind bindings
    print spurious "leaked instances" warnings at shutdown, which would bury
    the run's last line. Output is flushed first; every file and database
    handle is already closed by then.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
