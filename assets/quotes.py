"""Stage 7: quote candidates → `quotes` (who said what, inside 「」).

The token pass finds each document's quotes with the span of the speaker's
mention (hodo.quotes.find_quotes); here the span is joined with the resolved
entity mentions to give the speaker's entity id.
"""

import dagster as dg

from assets._stage import analyse_pending, open_work, stage_result
from hodo.crossdoc import attach_quote_speakers
from pipelines.resources import Warehouse

STAGE = "quotes"


@dg.asset(deps=["entities", "entity_mentions"], group_name="events", kinds={"duckdb"},
          description="Quoted speech inside 「」 with the speaker's entity when the sentence names one.")
def quotes(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        analyse_pending(context, con)
        attach_quote_speakers(con)
        return stage_result(context, con, "quotes", STAGE)
