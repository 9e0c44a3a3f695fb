"""Helpers for the end-to-end reliability tests: real `hodo run` processes,
real files, real DuckDB.

Not a test module (the leading underscore keeps pytest from collecting it);
the test files import it by name (pytest puts tests/ on sys.path).
"""
from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

#: The public tables of shared/contract.md.
CONTRACT_TABLES = ["documents", "sentences", "tokens", "entities", "entity_mentions", "temporal_expressions",
                   "events", "event_participants", "event_mentions", "quotes", "ingest_errors"]
#: Columns that record *when* something happened: equal across reruns, not across separate runs.
TIMESTAMPS = {"documents": {"ingested_at"}, "ingest_errors": {"detected_at"}}


def hodo_cmd() -> list[str]:
    script = Path(sys.executable).with_name("hodo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HODO_", "DAGSTER_"))}
    env.update(extra)
    return env


@dataclass
class Result:
    rc: int
    stdout: str
    stderr: str
    max_rss_kb: int  # peak RSS of the child and its descendants (wait4's ru_maxrss)
    elapsed: float
    killed: bool = False
    summary: dict | None = None

    def __str__(self) -> str:
        return f"rc={self.rc}\n--- stdout ---\n{self.stdout[-4000:]}\n--- stderr ---\n{self.stderr[-4000:]}"


class Run:
    """A `hodo` child process with its output in files (so wait4 can reap it and report its memory)."""

    def __init__(self, args: list[str], workdir: Path, env: dict | None = None, preexec_fn=None):
        workdir.mkdir(parents=True, exist_ok=True)
        self.out_path = workdir / f"out-{time.monotonic_ns()}.txt"
        self.err_path = self.out_path.with_suffix(".err")
        self._out = open(self.out_path, "wb")
        self._err = open(self.err_path, "wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(hodo_cmd() + args, cwd=ROOT, env=env or child_env(), stdout=self._out,
                                     stderr=self._err, stdin=subprocess.DEVNULL, start_new_session=True,
                                     preexec_fn=preexec_fn)
        self.result: Result | None = None
        self.orphans_exited: bool | None = None  # set by reap_group() callers
        self.stragglers = ""  # `ps` of the session when reap_group() had to kill

    def stderr_so_far(self) -> str:
        return self.err_path.read_text(encoding="utf-8", errors="replace")

    def poll(self) -> bool:
        """True once the child has exited (and been reaped)."""
        if self.result is not None:
            return True
        pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            return False
        self._finish(status, usage)
        return True

    def wait(self, timeout: float = 240) -> Result:
        deadline = time.monotonic() + timeout
        while not self.poll():
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"hodo did not finish within {timeout}s:\n{self.result}")
            time.sleep(0.05)
        return self.result

    def kill(self) -> Result:
        """SIGKILL the hodo process itself (as the OOM killer would), then reap it."""
        if self.result is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            _pid, status, usage = os.wait4(self.proc.pid, 0)
            self._finish(status, usage, killed=True)
        return self.result

    def reap_group(self, grace: float = 10.0) -> bool:
        """Wait for the rest of the child's session (e.g. tokenizer workers) to exit on its own;
        SIGKILL stragglers after ``grace`` seconds. True when none had to be killed."""
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return True
            time.sleep(0.1)
        self.stragglers = subprocess.run(["ps", "-o", "pid,ppid,stat,etime,args", "-g", str(self.proc.pid)],
                                         capture_output=True, text=True).stdout
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            return True
        return False

    def _finish(self, status: int, usage, killed: bool = False) -> None:
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self._out.close()
        self._err.close()
        self.result = Result(
            rc=self.proc.returncode,
            stdout=self.out_path.read_text(encoding="utf-8", errors="replace"),
            stderr=self.err_path.read_text(encoding="utf-8", errors="replace"),
            max_rss_kb=usage.ru_maxrss,
            elapsed=time.monotonic() - self.started,
            killed=killed,
        )


def hodo(args: list[str], workdir: Path, timeout: float = 240, **kw) -> Result:
    return Run(args, workdir, **kw).wait(timeout)


def run_pipeline(input_dir: Path, db: Path, *extra: str, timeout: float = 240, logs: Path | None = None,
                 **kw) -> Result:
    """`hodo run` with a JSON summary (in ``logs``, default beside the database), to completion."""
    logs = logs or db.parent
    summary = logs / f"summary-{time.monotonic_ns()}.json"
    res = hodo(["run", "--input", str(input_dir), "--db", str(db), "--json-summary", str(summary), *extra],
               logs, timeout=timeout, **kw)
    res.summary = json.loads(summary.read_text(encoding="utf-8")) if summary.exists() else None
    return res


def dump_tables(db: Path, tables=CONTRACT_TABLES, with_timestamps: bool = True) -> dict[str, tuple]:
    """Every row of every table, ordered by all columns: (column names, rows) per table."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in tables:
            cols = [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()]
            if not with_timestamps:
                cols = [c for c in cols if c not in TIMESTAMPS.get(t, ())]
            sel = ", ".join(f'"{c}"' for c in cols)
            out[t] = (cols, con.execute(f"SELECT {sel} FROM {t} ORDER BY ALL").fetchall())
        return out
    finally:
        con.close()


def assert_same_tables(actual: dict, expected: dict, what: str = "") -> None:
    assert actual.keys() == expected.keys()
    problems = []
    for t in expected:
        (cols_a, rows_a), (cols_e, rows_e) = actual[t], expected[t]
        if cols_a != cols_e:
            problems.append(f"{t}: columns {cols_a} != {cols_e}")
        elif rows_a != rows_e:
            sa, se = set(rows_a), set(rows_e)
            short = lambda rows: [tuple(v[:60] + "..." if isinstance(v, str) and len(v) > 60 else v for v in r)
                                  for r in sorted(rows, key=repr)[:3]]
            problems.append(f"{t}: {len(rows_a)} rows vs {len(rows_e)} expected; "
                            f"{len(sa - se)} unexpected, e.g. {short(sa - se)}; "
                            f"{len(se - sa)} missing, e.g. {short(se - sa)}")
    assert not problems, f"tables differ {what}:\n" + "\n".join(problems)


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in CONTRACT_TABLES}
    finally:
        con.close()


# --- a corpus big enough that a run takes several seconds -------------------------------------

VARIANTS = ["第{i}報として配信された。", "({i}回目の更新)", "関係者{i}人が取材に応じた。", "約{i}分間の協議が続いた。"]


def make_corpus(dest: Path, copies: int) -> Path:
    """``copies`` variants of the sample corpus, each in its own folder with slightly different text
    (so documents differ in content, not only in path); sidecars and the jsonl feed come along."""
    from hodo.decode import decode_bytes

    dest.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        sub = dest / f"copy{i:03d}"
        sub.mkdir()
        extra = VARIANTS[i % len(VARIANTS)].format(i=i + 1)
        for f in sorted(SAMPLES.iterdir()):
            if f.name.endswith(".txt"):
                text = decode_bytes(f.read_bytes()).text.lstrip("\ufeff")
                (sub / f.name).write_text(text.rstrip("\n") + "\n" + extra + "\n", encoding="utf-8")
            elif f.name.endswith(".meta.json"):
                shutil.copyfile(f, sub / f.name)
            elif f.name.endswith(".jsonl"):
                lines = []
                for line in f.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        obj = json.loads(line)
                        obj["text"] = obj["text"] + "\n" + extra
                        lines.append(json.dumps(obj, ensure_ascii=False))
                (sub / f.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dest


_TMP_ROOTS: list[Path] = []


def scratch_dir(prefix: str) -> Path:
    d = Path(tempfile.mkdtemp(prefix=f"hodo-{prefix}-"))
    _TMP_ROOTS.append(d)
    return d


@atexit.register
def _cleanup() -> None:
    for d in _TMP_ROOTS:
        shutil.rmtree(d, ignore_errors=True)


CRASH_COPIES = int(os.environ.get("HODO_TEST_CRASH_COPIES", "5"))


@dataclass
class Reference:
    corpus: Path
    db: Path
    tables: dict  # with timestamps
    result: Result


@functools.lru_cache(maxsize=1)
def reference_run() -> Reference:
    """One clean run over the crash-test corpus, shared by the idempotence and crash tests."""
    base = scratch_dir("reference")
    corpus = make_corpus(base / "landing", CRASH_COPIES)
    db = base / "wh" / "hodo.duckdb"
    res = run_pipeline(corpus, db)
    assert res.rc == 0, f"the clean reference run failed:\n{res}"
    return Reference(corpus, db, dump_tables(db), res)
