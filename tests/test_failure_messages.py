"""Failure messages (issue 8, part 4): what a user meets when the run cannot work.

Each case runs the real `hodo` command in a child process and expects a
non-zero exit, no traceback, and stderr ending with one line that says what
happened and what to do. `--debug` brings the traceback back.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from _hodo_e2e import SAMPLES, hodo, run_pipeline

pytestmark = pytest.mark.slow


def assert_one_clear_line(res, *hints: str) -> str:
    assert res.rc != 0, str(res)
    assert "Traceback" not in res.stderr, str(res)
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr:\n{res.stderr}"
    line = lines[0]
    assert line.startswith("hodo: "), line
    assert len(line) < 400, line
    low = line.lower()
    for hint in hints:
        assert hint.lower() in low, f"{hint!r} not in: {line}"
    return line


def test_missing_input_directory(tmp_path: Path):
    res = run_pipeline(tmp_path / "no-such-dir", tmp_path / "wh" / "hodo.duckdb", timeout=60)
    line = assert_one_clear_line(res, "does not exist", "--input")
    assert str(tmp_path / "no-such-dir") in line
    assert not (tmp_path / "wh" / "hodo.duckdb").exists()


@pytest.mark.parametrize("make_db", [
    pytest.param(lambda tmp: tmp / "a-file" / "hodo.duckdb", id="parent-is-a-file"),
    pytest.param(lambda tmp: Path("/proc/hodo-test/hodo.duckdb"), id="under-proc"),
    pytest.param(lambda tmp: Path("/proc/hodo.duckdb"), id="unwritable-existing-dir"),
    pytest.param(lambda tmp: tmp, id="db-is-a-directory"),
])
def test_unwritable_database_path(tmp_path: Path, make_db):
    (tmp_path / "a-file").write_text("not a directory")
    db = make_db(tmp_path)
    res = hodo(["run", "--input", str(SAMPLES), "--db", str(db)], tmp_path / "logs", timeout=60)
    assert_one_clear_line(res, "--db")


HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
    con.execute("SELECT 1").fetchall()
    print("ready", flush=True)
    sys.stdin.read()  # hold the file until the test closes our stdin
""")


class Holder:
    """Another program (a child python process) holding a DuckDB file open."""

    def __init__(self, path: Path, mode: str):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), mode], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "ready"

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.mark.parametrize("which", ["work", "published"])
def test_database_locked_by_another_program(tmp_path: Path, which: str):
    import duckdb

    db = tmp_path / "wh" / "hodo.duckdb"
    db.parent.mkdir()
    target = db if which == "published" else db.with_name("hodo.work.duckdb")
    duckdb.connect(str(target)).close()
    holder = Holder(target, "rw")
    try:
        res = hodo(["run", "--input", str(SAMPLES), "--db", str(db)], tmp_path / "logs", timeout=60)
    finally:
        holder.close()
    line = assert_one_clear_line(res, "locked", "close")
    assert str(holder.proc.pid) in line, line  # which program holds it


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if sys.platform != "linux":
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    return done.returncode == 0


def _umount(path: Path) -> None:
    for _ in range(20):
        if subprocess.run(["umount", str(path)], capture_output=True).returncode == 0:
            return
        time.sleep(0.25)


def test_full_disk_tiny_filesystem(tmp_path: Path):
    """A 600 KB filesystem: the run fails with one line; after space is freed, the same command works."""
    mnt = tmp_path / "tiny"
    if not _mount_tmpfs(mnt, "600k"):
        pytest.skip("cannot mount a tmpfs here (needs root on Linux); the size-limit variant covers it")
    try:
        res = run_pipeline(SAMPLES, mnt / "hodo.duckdb", timeout=120, logs=tmp_path / "logs")
        line = assert_one_clear_line(res, "disk is full", "free space")
        assert str(mnt) in line
        assert not (mnt / "hodo.duckdb").exists()
        # do what the line says: free space (grow the filesystem), run again
        subprocess.run(["mount", "-o", "remount,size=64m", str(mnt)], check=True)
        again = run_pipeline(SAMPLES, mnt / "hodo.duckdb", timeout=120, logs=tmp_path / "logs")
        assert again.rc == 0, str(again)
        assert again.summary["assets"]["documents"]["rows"] == 14
    finally:
        _umount(mnt)


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))


def test_full_disk_file_size_limit(tmp_path: Path):
    res = run_pipeline(SAMPLES, tmp_path / "wh" / "hodo.duckdb", timeout=120, preexec_fn=_limit_file_size)
    assert_one_clear_line(res, "free space")


def test_debug_shows_the_traceback(tmp_path: Path):
    (tmp_path / "a-file").write_text("x")
    res = hodo(["--debug", "run", "--input", str(SAMPLES), "--db", str(tmp_path / "a-file" / "h.duckdb")],
               tmp_path / "logs", timeout=60)
    assert res.rc != 0
    assert "Traceback" in res.stderr and 'File "' in res.stderr, res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("hodo: "), res.stderr
