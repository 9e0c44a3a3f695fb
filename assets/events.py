"""Stage 6: event candidates → `events`, `event_participants`, `event_mentions`.

The token pass finds each document's candidates (hodo.events.find_events on
its tokens, mentions and dates); here they are merged across sentences and
documents (hodo.events.merge_events) so that one real event has one id with
every report as an event_mention. Entity ids may change with any new
document, so the merge runs over all candidates (cheap, indexed).
"""

import dagster as dg

from assets._stage import analyse_pending, open_work, stage_result, table_result
from hodo.crossdoc import EVENT_TABLES, merge_events_in
from pipelines.resources import Warehouse

STAGE = "events"
_DEPS = ["entities", "entity_mentions", "temporal_expressions"]


@dg.multi_asset(
    specs=[
        dg.AssetSpec("events", deps=_DEPS, group_name="events", kinds={"duckdb"},
                     description="Meetings, calls, visits, press conferences and signings."),
        dg.AssetSpec("event_participants", deps=_DEPS, group_name="events", kinds={"duckdb"},
                     description="Who took part in each event."),
        dg.AssetSpec("event_mentions", deps=_DEPS, group_name="events", kinds={"duckdb"},
                     description="Every sentence that reports an event."),
    ],
)
def events(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with open_work(warehouse) as con:
        analyse_pending(context, con)
        planned = merge_events_in(con)
        yield stage_result(context, con, "events", STAGE, planned_events=dg.MetadataValue.int(planned))
        for table in EVENT_TABLES[1:]:
            yield table_result(con, table)
