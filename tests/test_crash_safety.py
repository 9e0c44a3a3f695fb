"""Crash safety (issue 8, part 3): a real `hodo run` is SIGKILLed at several points,
then run again; the final tables equal those of one clean run, and the published
warehouse is, at every kill point, either absent or a complete earlier state."""
from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest

from _hodo_e2e import (Run, assert_same_tables, dump_tables, reference_run, run_pipeline, scratch_dir,
                       table_counts)

pytestmark = pytest.mark.slow


def _kill_when(run: Run, condition, what: str, timeout: float = 150) -> bool:
    """SIGKILL ``run`` as soon as ``condition()`` holds; False if the run ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run.poll():
            return False
        if condition():
            run.kill()
            # tokenizer workers notice their parent is gone and exit; stragglers are killed (and reported)
            run.orphans_exited = run.reap_group()
            return True
        time.sleep(0.002)
    run.kill()
    raise AssertionError(f"never reached {what} within {timeout}s:\n{run.stderr_so_far()[-3000:]}")


def _log_has(run: Run, needle: str):
    return lambda: needle in run.stderr_so_far()


def _publishing(db: Path):
    return lambda: any(db.parent.glob(f".{db.name}.publishing-*"))


def _assert_published_is_absent_or(db: Path, expected: dict | None, point: str) -> None:
    if not db.exists():
        assert expected is None, f"{point}: the previous warehouse disappeared"
        return
    try:
        counts = table_counts(db)  # opens read-only: a half-written file fails here
    except duckdb.Error as exc:
        raise AssertionError(f"{point}: the published warehouse is not a valid database: {exc}")
    if expected is not None:
        assert_same_tables(dump_tables(db), expected, f"(published warehouse at kill point {point})")
    else:
        assert all(n >= 0 for n in counts.values())


def test_sigkill_at_several_points_then_rerun_equals_a_clean_run():
    ref = reference_run()  # one clean run in a fresh directory
    expected = {t: v for t, v in dump_tables(ref.db, with_timestamps=False).items()}
    base = scratch_dir("crash")
    db = base / "wh" / "hodo.duckdb"
    db.parent.mkdir()
    work = db.with_name("hodo.work.duckdb")
    args = ["run", "--input", str(ref.corpus), "--db", str(db), "-v"]

    points = [
        ("the working database appears", lambda r: work.exists),
        ("tokens committed a first batch", lambda r: _log_has(r, "tokenized ")),
        ("entities resolved", lambda r: _log_has(r, "entities from")),
        ("publishing", lambda r: _publishing(db)),
    ]
    killed_at = []
    for what, make_condition in points:
        run = Run(args, base)
        if _kill_when(run, make_condition(run), what):
            killed_at.append((what, round(run.result.elapsed, 1), "workers exited" if run.orphans_exited
                              else "workers had to be killed"))
            if not run.orphans_exited:
                print(run.stragglers)
        _assert_published_is_absent_or(db, None, what)
    print("killed at:", killed_at)
    assert len(killed_at) >= 3, f"the run finished before most kill points: {killed_at}"
    assert all(k[2] == "workers exited" for k in killed_at), f"orphaned tokenizer workers: {killed_at}"

    res = run_pipeline(ref.corpus, db)
    assert res.rc == 0, str(res)
    final = dump_tables(db, with_timestamps=False)
    assert_same_tables(final, expected, f"after kills at {killed_at} and a final run")
    assert not list(db.parent.glob(f".{db.name}.publishing-*")), "a leftover publishing file"

    # With a warehouse published, a rerun killed while publishing leaves it intact.
    before = dump_tables(db)
    run = Run(args, base)
    _kill_when(run, _publishing(db), "publishing (rerun)")
    _assert_published_is_absent_or(db, before, "publishing over an existing warehouse")
