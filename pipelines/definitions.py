"""The one merge: every stage's assets and checks, the job, schedule, sensor and resources.

`workspace.yaml` loads this module; `hodo run` executes the same job in-process.
"""
from __future__ import annotations

import dagster as dg

from assets import entities, events, export, ingest, publish, quotes, report, sentences, timex, tokens
from pipelines.checks import gx_checks_for
from pipelines.resources import Warehouse

STAGE_MODULES = [ingest, sentences, tokens, entities, timex, events, quotes, publish, export, report]

#: Every table asset and the GX suite (expectations/<table>.json) that guards it.
CHECKED_TABLES = ["documents", "ingest_errors", "sentences", "tokens", "entity_mentions", "entities",
                  "temporal_expressions", "events", "event_participants", "event_mentions", "quotes"]

all_assets = dg.load_assets_from_modules(STAGE_MODULES)
all_checks = [gx_checks_for(table, table) for table in CHECKED_TABLES]

# In-process: the stages share one working DuckDB file, which one process at a
# time may write; parallelism lives inside the tokens stage (a process pool).
hodo_job = dg.define_asset_job(
    "hodo_job",
    # the stage modules' assets (and their checks), not the sharded job's (pipelines/scaleout.py)
    selection=dg.AssetSelection.assets(*all_assets),
    executor_def=dg.in_process_executor,
    description="The whole graph: landing files to the validated, published warehouse.",
)


def build_defs(extra: list[dg.Definitions] | None = None) -> dg.Definitions:
    from pipelines import schedules, sensors

    return dg.Definitions.merge(
        dg.Definitions(
            assets=all_assets,
            asset_checks=all_checks,
            jobs=[hodo_job],
            schedules=schedules.SCHEDULES,
            sensors=sensors.SENSORS,
            resources={"warehouse": Warehouse()},
        ),
        *(extra or []),
    )


def _sharded() -> dg.Definitions:
    """hodo_sharded_job: the same per-document chain in N shards writing Parquet (docs/scaleout.md)."""
    from pipelines.scaleout import sharded_definitions

    return sharded_definitions()


defs = build_defs([_sharded()])
