"""Parquet export of the published warehouse, beside it in ``<db dir>/export/``.

The same export as ``hodo export --out DIR`` (hodo/export.py): every table and
view, partitioned by publication month where it has one, for tools that read
files rather than DuckDB.
"""

import dagster as dg

from assets._stage import progress

from hodo.export import export_relations
from pipelines.resources import Warehouse


@dg.asset(deps=["published_warehouse"], group_name="publish", kinds={"parquet"},
          description="Every table and view of the published warehouse as Parquet in <db dir>/export/, "
                      "hive-partitioned by pub_month where the rows have a publication date.")
def parquet_export(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    out = warehouse.published_path.parent / "export"
    exported = export_relations(warehouse.published_path, out)
    progress(context, f"exported {len(exported)} relations to {out}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(out)),
        "relations": dg.MetadataValue.int(len(exported)),
        "rows": dg.MetadataValue.int(sum(r.rows for r in exported)),
        "files": dg.MetadataValue.md("\n".join(
            ["| relation | rows | layout |", "|---|---|---|"] +
            [f"| {r.name} | {r.rows} | {'pub_month=*/' if r.partitioned else 'single file'} |" for r in exported])),
    })
