"""Stage 7: quote candidates → `quotes` (who said what, inside 「」).

The token pass finds each document's quotes with the span of the speaker's
mention (hodo.quotes.find_quotes); here the span is joined with the resolved
entity mentions to give the speaker's entity id.
"""

import dagster as dg

from assets._stage import analyse_pending, open_work, stage_result
from pipelines.resources import Warehouse

STAGE = "quotes"


@dg.asset(deps=["entities", "entity_mentions"], group_name="events", kinds={"duckdb"},
          description="Quoted speech inside 「」 with the speaker's entity when the sentence names one.")
def quotes(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        analyse_pending(context, con)
        con.execute("BEGIN")
        con.execute("DELETE FROM quotes")
        con.execute("""
            INSERT INTO quotes (doc_id, sentence_id, start_char, end_char, text, speaker_entity_id)
            SELECT q.doc_id, q.sentence_id, q.start_char, q.end_char, q.text, m.entity_id
            FROM _quote_candidates q
            LEFT JOIN entity_mentions m ON m.doc_id = q.doc_id AND m.start_char = q.speaker_start
            ORDER BY q.doc_id, q.start_char""")
        con.execute("COMMIT")
        return stage_result(context, con, "quotes", STAGE)
