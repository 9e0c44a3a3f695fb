"""Resources: where the landing directory, the working and published databases are."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from hodo.warehouse import work_path_for

#: Set by `hodo run` while it holds the run lock, so the in-process run does not wait for itself.
LOCK_HELD_ENV = "HODO_RUN_LOCK_HELD"
RUN_LOCK_WAIT_S = 3600


def run_lock_path(db_path: str | Path) -> str:
    return str(work_path_for(Path(db_path).resolve())) + ".lock"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = PROJECT_ROOT / "data" / "samples"
DEFAULT_DB = Path("warehouse") / "hodo.duckdb"


class Warehouse(dg.ConfigurableResource):
    """The landing directory and the published warehouse file (``--db``).

    Stages write to the working database (``work_path``); the publish asset
    swaps a copy into ``db_path`` only when every blocking check passed.
    """

    input_dir: str = os.environ.get("HODO_INPUT_DIR", str(DEFAULT_INPUT))
    db_path: str = os.environ.get("HODO_DB_PATH", str(DEFAULT_DB))

    _lock: object = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """One writer per warehouse: a run launched from the UI, a schedule or the
        sensor takes the same file lock as `hodo run`, and waits while another holds it."""
        if context.run is None or os.environ.get(LOCK_HELD_ENV) == run_lock_path(self.db_path):
            return
        from filelock import FileLock, Timeout

        lock = FileLock(run_lock_path(self.db_path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if context.log:
                context.log.info(f"another hodo run is writing {self.db_path}; waiting for it to finish")
            lock.acquire(timeout=RUN_LOCK_WAIT_S)
        self._lock = lock

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    @property
    def work_path(self) -> Path:
        return work_path_for(Path(self.db_path).resolve())

    @property
    def published_path(self) -> Path:
        return Path(self.db_path).resolve()

    @property
    def data_docs_dir(self) -> Path:
        return self.published_path.parent / "data_docs"
