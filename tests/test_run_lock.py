"""Runs launched outside `hodo run` (UI, schedule, sensor) take the same writer lock."""
import subprocess
import sys
import time

import dagster as dg

from pipelines.definitions import defs
from pipelines.resources import Warehouse, run_lock_path

HOLD = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1]); lock.acquire(); print("held", flush=True); time.sleep(float(sys.argv[2]))
"""


def test_a_job_run_waits_for_the_writer_lock(tmp_path, sample_inputs_small):
    db = tmp_path / "hodo.duckdb"
    db.parent.mkdir(exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, run_lock_path(db), "3"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    started = time.monotonic()
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("hodo_job").execute_in_process(
            resources={"warehouse": Warehouse(input_dir=str(sample_inputs_small), db_path=str(db))},
            instance=instance, raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}})
    holder.wait()
    assert result.success
    assert time.monotonic() - started >= 2.5  # it waited for the holder instead of failing on DuckDB's lock
    assert db.exists()
