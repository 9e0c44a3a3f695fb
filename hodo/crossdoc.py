"""The cross-document steps, on a DuckDB connection that holds the per-document tables.

Entity resolution, event merging and quote speakers need every document at
once. The single-process assets (assets/entities.py, events.py, quotes.py)
and the sharded assembler (hodo/scaleout.py) both call these functions, so
both shapes of the pipeline give the same tables.
"""
from __future__ import annotations

import duckdb
import polars as pl

from hodo import warehouse as wh
from hodo.docpass import PASS_COLUMNS

EVENT_TABLES = ("events", "event_participants", "event_mentions")


def _replace_all(con: duckdb.DuckDBPyConnection, table: str, frame) -> None:
    con.execute(f"DELETE FROM {table}")
    wh.replace_doc_rows(con, table, [], frame)


def resolve_entities_in(con: duckdb.DuckDBPyConnection, previous: pl.DataFrame | None = None) -> None:
    """Rebuild `entities` and `entity_mentions` from `_mention_candidates`.

    ``previous`` (entity_id, entity_type, canonical_name, country_code) keeps ids
    stable; by default the connection's current `entities`.
    """
    from hodo.entities import resolve_entities

    columns = ", ".join(PASS_COLUMNS["_mention_candidates"])
    candidates = wh.frame(con, f"SELECT {columns} FROM _mention_candidates ORDER BY doc_id, start_char")
    if previous is None:
        previous = wh.frame(con, "SELECT entity_id, entity_type, canonical_name, country_code FROM entities")
    ents, mentions = resolve_entities(candidates, previous if len(previous) else None)
    con.execute("BEGIN")
    _replace_all(con, "entities", ents.sort("entity_id"))
    _replace_all(con, "entity_mentions", mentions.sort(["doc_id", "start_char"]))
    con.execute(_PERSON_COUNTRY_SQL)
    con.execute("COMMIT")


# A person's country, where the text says it: the country written right before the
# name (ロシアのプーチン大統領) or between the name and the title (トランプ米大統領);
# the most frequent one across all mentions.
_PERSON_COUNTRY_SQL = """
WITH m AS (
    SELECT entity_id, entity_type, start_char, end_char,
           lag(entity_id) OVER w AS prev_id, lag(end_char) OVER w AS prev_end,
           lead(entity_id) OVER w AS next_id, lead(start_char) OVER w AS next_start
    FROM entity_mentions WINDOW w AS (PARTITION BY doc_id ORDER BY start_char)),
votes AS (
    SELECT m.entity_id, e.country_code FROM m JOIN entities e ON e.entity_id = m.prev_id
    WHERE m.entity_type = 'PERSON' AND e.entity_type = 'LOCATION' AND e.country_code IS NOT NULL
      AND m.start_char - m.prev_end BETWEEN 0 AND 1
    UNION ALL
    SELECT m.entity_id, e.country_code FROM m JOIN entities e ON e.entity_id = m.next_id
    WHERE m.entity_type = 'PERSON' AND e.entity_type = 'LOCATION' AND e.country_code IS NOT NULL
      AND m.next_start = m.end_char),
country AS (
    SELECT entity_id, arg_max(country_code, n) AS country_code
    FROM (SELECT entity_id, country_code, count(*) AS n FROM votes GROUP BY ALL) GROUP BY entity_id)
UPDATE entities SET country_code = country.country_code FROM country
WHERE entities.entity_id = country.entity_id AND entities.entity_type = 'PERSON'
"""


def merge_events_in(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the event tables from `_event_candidates` and `entity_mentions`; returns the planned count.

    `events` holds what happened; an event no report says took place (予定,
    可能性...) goes to `_planned_events` (the `planned_events` view) instead.
    """
    from hodo.events import merge_events

    columns = ", ".join(PASS_COLUMNS["_event_candidates"])
    candidates = wh.frame(con, f"SELECT {columns} FROM _event_candidates ORDER BY doc_id, candidate_id")
    mentions = wh.frame(con, """SELECT m.*, e.country_code FROM entity_mentions m JOIN entities e USING (entity_id)
                                ORDER BY m.doc_id, m.start_char""")
    events, participants, event_mentions = merge_events(candidates, mentions)
    planned = events.filter(pl.col("status") == "planned")
    is_planned = pl.col("event_id").is_in(planned["event_id"].implode())
    planned_rows = (
        planned.join(participants.group_by("event_id").agg(pl.col("entity_id").sort().alias("participant_ids")),
                     on="event_id", how="left")
        .join(event_mentions.group_by("event_id").agg(pl.col("doc_id").unique().sort().alias("doc_ids")),
              on="event_id", how="left")
        .select("event_id", "event_type", "event_date", "location_entity_id", "duration", "participant_ids",
                "doc_ids")
        .sort("event_id"))
    con.execute("BEGIN")
    for table, frame in zip(EVENT_TABLES, (events, participants, event_mentions)):
        _replace_all(con, table, frame.filter(~is_planned))
    _replace_all(con, "_planned_events", planned_rows)
    con.execute("COMMIT")
    return planned.height


def attach_quote_speakers(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild `quotes` from `_quote_candidates`: the speaker's mention span gives its entity id."""
    con.execute("BEGIN")
    con.execute("DELETE FROM quotes")
    con.execute("""
        INSERT INTO quotes (doc_id, sentence_id, start_char, end_char, text, speaker_entity_id)
        SELECT q.doc_id, q.sentence_id, q.start_char, q.end_char, q.text, m.entity_id
        FROM _quote_candidates q
        LEFT JOIN entity_mentions m ON m.doc_id = q.doc_id AND m.start_char = q.speaker_start
        ORDER BY q.doc_id, q.start_char""")
    con.execute("COMMIT")
