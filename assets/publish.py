"""Last stage: publish the validated working database as the warehouse.

It depends on every table asset, so a failed blocking check upstream stops it
and the previous warehouse stays in place.
"""

import dagster as dg

from assets._stage import progress

from hodo.publish import publish
from hodo.warehouse import connect
from pipelines.resources import Warehouse

TABLES = ["documents", "ingest_errors", "sentences", "tokens", "entities", "entity_mentions",
          "temporal_expressions", "events", "event_participants", "event_mentions", "quotes"]


@dg.asset(deps=TABLES, group_name="publish", kinds={"duckdb"},
          description="The published warehouse file (--db) BI tools read: replaced atomically after all checks pass.")
def published_warehouse(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    views = publish(warehouse.work_path, warehouse.published_path)
    with connect(warehouse.published_path, read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    progress(context, f"published {warehouse.published_path}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(warehouse.published_path)),
        "views": dg.MetadataValue.json(views),
        "table_rows": dg.MetadataValue.json(counts),
        "rows": dg.MetadataValue.int(sum(counts.values())),
    })
