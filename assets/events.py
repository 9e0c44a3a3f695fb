"""Stage 6: event candidates → `events`, `event_participants`, `event_mentions`.

The token pass finds each document's candidates (hodo.events.find_events on
its tokens, mentions and dates); here they are merged across sentences and
documents (hodo.events.merge_events) so that one real event has one id with
every report as an event_mention. Entity ids may change with any new
document, so the merge runs over all candidates (cheap, indexed).
"""

import dagster as dg
import polars as pl

from assets._stage import analyse_pending, open_work, stage_result, table_result
from hodo import warehouse as wh
from hodo.docpass import PASS_COLUMNS
from hodo.events import merge_events
from pipelines.resources import Warehouse

STAGE = "events"
EVENT_TABLES = ("events", "event_participants", "event_mentions")
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
        candidates = wh.frame(con, f"SELECT {', '.join(PASS_COLUMNS['_event_candidates'])} FROM _event_candidates")
        mentions = wh.frame(con, "SELECT * FROM entity_mentions")
        events_, participants, event_mentions = merge_events(candidates, mentions)
        # `events` holds what happened; what is only announced or weighed goes to the planned_events view
        planned = events_.filter(pl.col("status") == "planned")
        is_planned = pl.col("event_id").is_in(planned["event_id"].implode())
        frames = (events_.filter(~is_planned), participants.filter(~is_planned), event_mentions.filter(~is_planned))
        planned_rows = planned.join(
            participants.group_by("event_id").agg(pl.col("entity_id").alias("participant_ids")), on="event_id",
            how="left").join(
            event_mentions.group_by("event_id").agg(pl.col("doc_id").unique().sort().alias("doc_ids")),
            on="event_id", how="left").select("event_id", "event_type", "event_date", "location_entity_id",
                                              "duration", "participant_ids", "doc_ids")
        con.execute("BEGIN")
        for table, frame in zip(EVENT_TABLES, frames):
            con.execute(f"DELETE FROM {table}")
            wh.replace_doc_rows(con, table, [], frame)
        con.execute("DELETE FROM _planned_events")
        wh.replace_doc_rows(con, "_planned_events", [], planned_rows)
        con.execute("COMMIT")
        yield stage_result(context, con, "events", STAGE, planned_events=dg.MetadataValue.int(planned.height))
        for table in EVENT_TABLES[1:]:
            yield table_result(con, table)
