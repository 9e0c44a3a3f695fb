"""Stage 5: `temporal_expressions` (TIMEX3, resolved against the publication date).

The token pass tags each document (hodo.timex.tag_timex on its tokens); this
asset makes sure every document is tagged and reports the table.
"""

import dagster as dg

from assets._stage import analyse_pending, open_work, stage_result
from pipelines.resources import Warehouse

STAGE = "temporal_expressions"


@dg.asset(deps=["tokens"], group_name="time", kinds={"duckdb"},
          description="Dates, times, durations and sets as TIMEX3 values with the calendar range they cover.")
def temporal_expressions(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        analyse_pending(context, con)
        return stage_result(context, con, "temporal_expressions", STAGE)
