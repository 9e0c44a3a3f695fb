"""Stage 2: `documents` → `sentences` (hodo.sentences.split_sentences)."""

import dagster as dg
import polars as pl

from assets._stage import chunks, open_work, progress, table_result
from hodo import warehouse as wh
from hodo.sentences import split_sentences
from pipelines.resources import Warehouse

STAGE = "sentences"


@dg.asset(deps=["documents"], group_name="text", kinds={"duckdb"},
          description="Sentences with character offsets into documents.text.")
def sentences(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        todo = wh.pending_docs(con, STAGE)
        for part in chunks(todo):
            rows = con.execute("SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                               [part]).fetchall()
            cols = {"doc_id": [], "sentence_id": [], "start_char": [], "end_char": [], "text": []}
            for doc_id, text in rows:
                for s in split_sentences(text):
                    cols["doc_id"].append(doc_id)
                    cols["sentence_id"].append(s.sentence_id)
                    cols["start_char"].append(s.start_char)
                    cols["end_char"].append(s.end_char)
                    cols["text"].append(s.text)
            con.execute("BEGIN")
            wh.replace_doc_rows(con, "sentences", part, pl.DataFrame(cols))
            wh.mark_done(con, STAGE, part, context.run.run_id)
            con.execute("COMMIT")
        progress(context, f"split {len(todo)} documents")
        return table_result(con, "sentences", processed_docs=len(todo))
