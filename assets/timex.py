"""Stage 5: `tokens` → `temporal_expressions` (TIMEX3, resolved against the publication date)."""

import dagster as dg
import polars as pl

from assets._stage import chunks, doc_texts, open_work, sentences_by_doc, table_result, tokens_by_doc
from hodo import warehouse as wh
from hodo.timex import tag_timex
from pipelines.resources import Warehouse

STAGE = "temporal_expressions"
TIMEX_SCHEMA = {"doc_id": pl.Utf8, "sentence_id": pl.Int32, "start_char": pl.Int32, "end_char": pl.Int32,
                "surface": pl.Utf8, "timex_type": pl.Utf8, "value": pl.Utf8, "resolved_start": pl.Date,
                "resolved_end": pl.Date}


@dg.asset(deps=["tokens"], group_name="time", kinds={"duckdb"},
          description="Dates, times, durations and sets as TIMEX3 values with the calendar range they cover.")
def temporal_expressions(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        todo = wh.pending_docs(con, STAGE)
        for part in chunks(todo):
            texts = doc_texts(con, part)
            sents = sentences_by_doc(con, part)
            toks = tokens_by_doc(con, part, sents)
            rows = [(doc_id, *t) for doc_id in part
                    for t in tag_timex(texts[doc_id][0], sents[doc_id], toks[doc_id], texts[doc_id][1])]
            con.execute("BEGIN")
            wh.replace_doc_rows(con, "temporal_expressions", part,
                                pl.DataFrame(rows, schema=TIMEX_SCHEMA, orient="row"))
            wh.mark_done(con, STAGE, part)
            con.execute("COMMIT")
        context.log.info(f"tagged {len(todo)} documents")
        return table_result(con, "temporal_expressions", processed_docs=len(todo))
