"""Stage 7: entity mentions → `quotes` (who said what, inside 「」)."""

import dagster as dg
import polars as pl

from assets._records import mentions_by_doc
from assets._stage import chunks, doc_texts, open_work, sentences_by_doc, table_result, tokens_by_doc
from hodo import warehouse as wh
from hodo.quotes import find_quotes
from pipelines.resources import Warehouse

STAGE = "quotes"
CANDIDATE_SCHEMA = {"doc_id": pl.Utf8, "sentence_id": pl.Int32, "start_char": pl.Int32, "end_char": pl.Int32,
                    "text": pl.Utf8, "speaker_start": pl.Int32}


@dg.asset(deps=["entities", "entity_mentions"], group_name="events", kinds={"duckdb"},
          description="Quoted speech inside 「」 with the speaker's entity when the sentence names one.")
def quotes(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        todo = wh.pending_docs(con, STAGE)
        for part in chunks(todo):
            texts = doc_texts(con, part)
            sents = sentences_by_doc(con, part)
            toks = tokens_by_doc(con, part, sents)
            ments = mentions_by_doc(con, part)
            rows = [(doc_id, q.sentence_id, q.start_char, q.end_char, q.text, q.speaker_start)
                    for doc_id in part
                    for q in find_quotes(texts[doc_id][0], sents[doc_id], toks[doc_id], ments[doc_id])]
            con.execute("BEGIN")
            wh.replace_doc_rows(con, "_quote_candidates", part,
                                pl.DataFrame(rows, schema=CANDIDATE_SCHEMA, orient="row"))
            wh.mark_done(con, STAGE, part)
            con.execute("COMMIT")
        con.execute("BEGIN")
        con.execute("DELETE FROM quotes")
        con.execute("""
            INSERT INTO quotes (doc_id, sentence_id, start_char, end_char, text, speaker_entity_id)
            SELECT q.doc_id, q.sentence_id, q.start_char, q.end_char, q.text, m.entity_id
            FROM _quote_candidates q
            LEFT JOIN entity_mentions m ON m.doc_id = q.doc_id AND m.start_char = q.speaker_start
            ORDER BY q.doc_id, q.start_char""")
        con.execute("COMMIT")
        context.log.info(f"found quotes in {len(todo)} documents")
        return table_result(con, "quotes", processed_docs=len(todo))
