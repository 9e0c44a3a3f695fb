"""Readers and writers at the same time, with real `hodo run` processes.

* A BI reader polling the published warehouse read-only every 200 ms while a
  run publishes: it never meets a lock or an error and only ever sees the old
  or the new state (never a half-written one, never back to old after new).
* The same run adds one file to an already landed corpus: only that file is
  processed (the run summary's processed_docs).
* Two runs at once on one --db: the second waits with a message, both exit 0,
  and the warehouse is whole afterwards.

Each test starts from a private copy of the landed sample warehouse
(``copy_landed``), so nothing here re-runs the NLP over the whole corpus.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from conftest import ROOT, child_env, copy_landed, hodo_cmd

POLLER = r"""
import json, sys, time, duckdb
db, log, stop = sys.argv[1], sys.argv[2], sys.argv[3]
import os
with open(log, "a", encoding="utf-8") as out:
    while not os.path.exists(stop):
        t = time.time()
        try:
            con = duckdb.connect(db, read_only=True)
            try:
                n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
                m = con.execute("SELECT count(*) FROM tokens").fetchone()[0]
            finally:
                con.close()
            rec = {"t": t, "documents": n, "tokens": m}
        except Exception as exc:
            rec = {"t": t, "error": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(rec) + "\n")
        out.flush()
        time.sleep(max(0.0, 0.2 - (time.time() - t)))
"""

NEW_ARTICLE = "\n（この記事は配信後に追記されました。関係者によると、協議は来月も続く見通しだ。）\n"


def counts(db: Path) -> tuple[int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return (con.execute("SELECT count(*) FROM documents").fetchone()[0],
                con.execute("SELECT count(*) FROM tokens").fetchone()[0])
    finally:
        con.close()


def start_hodo(args: list[str], out: Path) -> tuple[subprocess.Popen, Path]:
    log = out.with_suffix(".log")
    fh = open(log, "w", encoding="utf-8")
    proc = subprocess.Popen(hodo_cmd() + args, cwd=ROOT, env=child_env(), stdout=fh, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, text=True)
    proc._log_handle = fh  # closed by finish()
    return proc, log


def finish(proc: subprocess.Popen, log: Path, timeout: float = 300) -> tuple[int, str]:
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise AssertionError(f"hodo did not finish in {timeout}s:\n{log.read_text(encoding='utf-8')[-3000:]}")
    finally:
        proc._log_handle.close()
    return rc, log.read_text(encoding="utf-8")


def test_readers_see_old_or_new_state_and_one_new_file_is_processed_alone(sample_warehouse, tmp_path):
    landing, db = copy_landed(sample_warehouse, tmp_path)
    old = counts(db)
    src = landing / "feature_us_russia_summit_takeaways.txt"
    (landing / "late_addition.txt").write_text(src.read_text(encoding="utf-8") + NEW_ARTICLE, encoding="utf-8")

    log, stop = tmp_path / "poll.jsonl", tmp_path / "stop"
    poller = subprocess.Popen([sys.executable, "-c", POLLER, str(db), str(log), str(stop)], cwd=ROOT)
    try:
        time.sleep(1.0)  # a few reads of the old state first
        summary_path = tmp_path / "summary.json"
        run, run_log = start_hodo(["run", "--input", str(landing), "--db", str(db),
                                   "--json-summary", str(summary_path)], tmp_path / "run")
        rc, output = finish(run, run_log)
        assert rc == 0, output[-3000:]
        time.sleep(1.0)  # and a few of the new one
    finally:
        stop.touch()
        poller.wait(timeout=30)
    assert poller.returncode == 0

    new = counts(db)
    assert new[0] == old[0] + 1 and new[1] > old[1]
    reads = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    errors = [r for r in reads if "error" in r]
    assert not errors, f"a reader met an error: {errors[:3]}"
    seen = [(r["documents"], r["tokens"]) for r in reads]
    assert len(seen) >= 10, f"the poller only read {len(seen)} times"
    assert set(seen) <= {old, new}, f"a reader saw a state that is neither old {old} nor new {new}: {set(seen)}"
    assert seen[0] == old and seen[-1] == new
    flips = [i for i in range(1, len(seen)) if seen[i] != seen[i - 1]]
    assert len(flips) == 1, f"the state changed more than once (old -> new -> old?): {seen}"

    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    assets = summary["assets"]
    assert summary["ok"]
    assert assets["tokens"]["processed_docs"] == 1, assets["tokens"]
    for stage in ("documents", "sentences", "entity_mentions", "temporal_expressions", "events", "quotes"):
        assert assets[stage].get("processed_docs") == 1, (stage, assets[stage])


def test_two_runs_at_once_the_second_waits_and_both_succeed(sample_warehouse, tmp_path):
    landing, db = copy_landed(sample_warehouse, tmp_path)
    expected = counts(db)
    first, first_log = start_hodo(["run", "--input", str(landing), "--db", str(db)], tmp_path / "first")
    try:
        deadline = time.monotonic() + 120
        # "hodo run: IN -> DB" is printed once the first run holds the lock
        while "hodo run:" not in first_log.read_text(encoding="utf-8"):
            assert first.poll() is None, first_log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the first run never started"
            time.sleep(0.1)
        second, second_log = start_hodo(["run", "--input", str(landing), "--db", str(db)], tmp_path / "second")
        rc2, out2 = finish(second, second_log)
    finally:
        rc1, out1 = finish(first, first_log)
    assert rc1 == 0, out1[-3000:]
    assert rc2 == 0, out2[-3000:]
    assert "another hodo run is writing" in out2 and "waiting" in out2, out2[:2000]
    assert "another hodo run" not in out1
    # nothing changed in the landing directory: the warehouse is whole and the same
    assert counts(db) == expected
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM sentences)"
                           ).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM entity_mentions_by_date").fetchone()[0] > 0
    finally:
        con.close()
    from hodo.warehouse import work_path_for

    work = work_path_for(db)
    assert not list(db.parent.glob(".*publishing*")), "a publish left its temporary file behind"
    duckdb.connect(str(work), read_only=True).close()  # the working database opens cleanly


def test_a_reader_holding_the_warehouse_does_not_stop_a_run(sample_warehouse, tmp_path):
    """A BI tool with the published file open read-only (DuckDB locks it against writers) must not make
    `hodo run` refuse: the run only replaces the file, and the reader keeps its snapshot."""
    landing, db = copy_landed(sample_warehouse, tmp_path)
    (landing / "late_addition.txt").write_text(
        (landing / "feature_us_russia_summit_takeaways.txt").read_text(encoding="utf-8") + NEW_ARTICLE,
        encoding="utf-8")
    before = counts(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        run, log = start_hodo(["run", "--input", str(landing), "--db", str(db)], tmp_path / "run")
        rc, out = finish(run, log)
        assert rc == 0, out[-3000:]
        # the open connection still sees its snapshot
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == before[0]
    finally:
        con.close()
    assert counts(db)[0] == before[0] + 1
