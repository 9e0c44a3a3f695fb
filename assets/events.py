"""Stage 6: entities + dates → `events`, `event_participants`, `event_mentions`.

Candidates are found per changed document (hodo.events.find_events) from the
tokens, mentions and dates already stored — nothing is tokenized again — and
merged across sentences and documents (hodo.events.merge_events) so that one
real event has one id with every report as an event_mention.
"""

import dagster as dg
import polars as pl

from assets._records import mentions_by_doc, timexes_by_doc
from assets._stage import chunks, doc_texts, open_work, sentences_by_doc, table_result, tokens_by_doc
from hodo import warehouse as wh
from hodo.events import find_events, merge_events
from pipelines.resources import Warehouse

STAGE = "events"
CANDIDATE_SCHEMA = {"doc_id": pl.Utf8, "candidate_id": pl.Int32, "sentence_id": pl.Int32, "event_type": pl.Utf8,
                    "event_date": pl.Utf8, "location_start": pl.Int32, "duration": pl.Utf8, "status": pl.Utf8,
                    "participant_starts": pl.List(pl.Int32)}
EVENT_TABLES = ("events", "event_participants", "event_mentions")


@dg.multi_asset(
    specs=[
        dg.AssetSpec("events", deps=["entities", "entity_mentions", "temporal_expressions"], group_name="events",
                     kinds={"duckdb"}, description="Meetings, calls, visits, press conferences and signings."),
        dg.AssetSpec("event_participants", deps=["entities", "entity_mentions", "temporal_expressions"],
                     group_name="events", kinds={"duckdb"}, description="Who took part in each event."),
        dg.AssetSpec("event_mentions", deps=["entities", "entity_mentions", "temporal_expressions"],
                     group_name="events", kinds={"duckdb"}, description="Every sentence that reports an event."),
    ],
)
def events(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with open_work(warehouse) as con:
        todo = wh.pending_docs(con, STAGE)
        for part in chunks(todo):
            texts = doc_texts(con, part)
            sents = sentences_by_doc(con, part)
            toks = tokens_by_doc(con, part, sents)
            ments = mentions_by_doc(con, part)
            times = timexes_by_doc(con, part)
            rows = []
            for doc_id in part:
                text, published = texts[doc_id]
                found = find_events(text, sents[doc_id], toks[doc_id], ments[doc_id], times[doc_id], published)
                rows += [(doc_id, i, c.sentence_id, c.event_type, c.event_date, c.location_start, c.duration,
                          c.status, list(c.participant_starts)) for i, c in enumerate(found)]
            con.execute("BEGIN")
            wh.replace_doc_rows(con, "_event_candidates", part,
                                pl.DataFrame(rows, schema=CANDIDATE_SCHEMA, orient="row"))
            wh.mark_done(con, STAGE, part)
            con.execute("COMMIT")
        # Entity ids may have changed with any new document: merge over all candidates (cheap, columnar).
        candidates = wh.frame(con, f"SELECT {', '.join(CANDIDATE_SCHEMA)} FROM _event_candidates")
        mentions = wh.frame(con, "SELECT * FROM entity_mentions")
        frames = merge_events(candidates, mentions)
        con.execute("BEGIN")
        for table, frame in zip(EVENT_TABLES, frames):
            con.execute(f"DELETE FROM {table}")
            wh.replace_doc_rows(con, table, [], frame)
        con.execute("COMMIT")
        context.log.info(f"found event candidates in {len(todo)} documents")
        for table in EVENT_TABLES:
            yield table_result(con, table, processed_docs=len(todo) if table == "events" else None)
