"""Stage 3: `sentences` → `tokens`, the hot path, and one pass over each document.

Each document is tokenized once in a process pool (one tokenizer per worker)
and, in the same worker while its tokens are in memory, the per-document
language stages run on them (hodo.docpass): mention, date, event and quote
candidates. The batches stream back as Arrow tables and are written in one
transaction each. The entity, date, event and quote assets then only resolve
across documents (and analyse any document this pass did not reach, e.g.
after their own code changed).
"""

import dagster as dg
import polars as pl

from assets._stage import ANALYSIS_STAGES, chunks, open_work, progress, sentences_by_doc, stage_result
from hodo import warehouse as wh
from hodo.docpass import PASS_COLUMNS, pass_batch
from hodo.tokenize import backend_name, tokenize_batches
from pipelines.resources import Warehouse

STAGE = "tokens"
#: Stages whose per-document work the pass does; marked done with the tokens.
PASS_STAGES = (STAGE, *ANALYSIS_STAGES)


@dg.asset(deps=["sentences"], group_name="text", kinds={"duckdb", "janome"},
          description="janome tokens (surface, base form, reading, full POS) with offsets into documents.text; "
                      "the same pass finds each document's mention, date, event and quote candidates.")
def tokens(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with open_work(warehouse) as con:
        # the pool's workers are the hot path: DuckDB's own insert threads would only compete with them
        con.execute("SET threads = 1")
        todo = wh.pending_docs(con, STAGE)

        def docs():
            for part in chunks(todo):
                sents = sentences_by_doc(con, part)
                rows = con.execute("SELECT doc_id, text, published_date FROM documents "
                                   "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [part]).fetchall()
                info = {r[0]: r[1:] for r in rows}
                for doc_id in part:
                    yield doc_id, info[doc_id][0], info[doc_id][1], sents[doc_id]

        done = 0
        for batch in tokenize_batches(docs(), work=pass_batch):
            batch_docs = pl.from_arrow(batch["tokens"].select(["doc_id"]))["doc_id"].unique().to_list()
            con.execute("BEGIN")
            for table in PASS_COLUMNS:
                wh.replace_doc_rows(con, table, batch_docs, pl.from_arrow(batch[table]))
            for stage in PASS_STAGES:
                wh.mark_done(con, stage, batch_docs, context.run.run_id)
            con.execute("COMMIT")
            done += len(batch_docs)
            progress(context, f"tokenized and analysed {done}/{len(todo)} documents")
        # documents with no tokens at all (only whitespace or symbols) still count as done
        rest = wh.pending_docs(con, STAGE)
        con.execute("BEGIN")
        for table in PASS_COLUMNS:
            wh.replace_doc_rows(con, table, rest, None)
        for stage in PASS_STAGES:
            wh.mark_done(con, stage, rest, context.run.run_id)
        con.execute("COMMIT")
        return stage_result(context, con, "tokens", STAGE, tokenizer=dg.MetadataValue.text(backend_name()))
