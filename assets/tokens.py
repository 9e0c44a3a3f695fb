"""Stage 3: `sentences` → `tokens`, the hot path.

Each document is tokenized once; the batches stream from a process pool (one
tokenizer per worker) straight into DuckDB, one transaction per batch. Workers
send each batch back as an Arrow table, so this process only moves buffers.
"""

import dagster as dg
import polars as pl

from assets._stage import chunks, open_work, sentences_by_doc, table_result
from hodo import warehouse as wh
from hodo.tokenize import backend_name, tokenize_batches
from pipelines.resources import Warehouse

STAGE = "tokens"
TOKEN_SCHEMA = {"doc_id": pl.Utf8, "sentence_id": pl.Int32, "token_id": pl.Int32, "start_char": pl.Int32,
                "end_char": pl.Int32, "surface": pl.Utf8, "base_form": pl.Utf8, "reading": pl.Utf8, "pos": pl.Utf8}


@dg.asset(deps=["sentences"], group_name="text", kinds={"duckdb", "janome"},
          description="janome tokens (surface, base form, reading, full POS) with offsets into documents.text.")
def tokens(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        todo = wh.pending_docs(con, STAGE)

        def docs():
            for part in chunks(todo):
                sents = sentences_by_doc(con, part)
                texts = dict(con.execute("SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                                         [part]).fetchall())
                for doc_id in part:
                    yield doc_id, texts[doc_id], sents[doc_id]

        done = 0
        for table in tokenize_batches(docs(), arrow=True):
            # an Arrow table straight from the worker: no per-row Python on this side
            frame = pl.from_arrow(table)
            batch_docs = frame["doc_id"].unique(maintain_order=True).to_list()
            con.execute("BEGIN")
            wh.replace_doc_rows(con, "tokens", batch_docs, frame)
            wh.mark_done(con, STAGE, batch_docs)
            con.execute("COMMIT")
            done += len(batch_docs)
            context.log.info(f"tokenized {done}/{len(todo)} documents")
        # documents with no tokens at all (only whitespace or symbols) still count as done
        con.execute("BEGIN")
        wh.replace_doc_rows(con, "tokens", [d for d in wh.pending_docs(con, STAGE)], None)
        wh.mark_done(con, STAGE, wh.pending_docs(con, STAGE))
        con.execute("COMMIT")
        return table_result(con, "tokens", processed_docs=len(todo),
                            tokenizer=dg.MetadataValue.text(backend_name()))
