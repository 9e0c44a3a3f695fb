"""Resources: where the landing directory, the working and published databases are."""
from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from hodo.warehouse import work_path_for

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

    @property
    def work_path(self) -> Path:
        return work_path_for(Path(self.db_path).resolve())

    @property
    def published_path(self) -> Path:
        return Path(self.db_path).resolve()

    @property
    def data_docs_dir(self) -> Path:
        return self.published_path.parent / "data_docs"
