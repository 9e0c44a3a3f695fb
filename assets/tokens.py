"""Stage 3: `sentences` → `tokens`, the hot path, and one pass over each document.

Each document is tokenized once in a process pool (one tokenizer per worker)
and, in the same worker while its tokens are in memory, the per-document
language stages run on them (hodo.docpass): mention, date, event and quote
candidates. The batches stream back as Arrow tables and are written in one
transaction each. The entity, date, event and quote assets then only resolve
across documents (and analyse any document this pass did not reach, e.g.
after their own code changed).

On a large input the pool starts at ingest (hodo.workahead): this step takes
those results when their inputs are unchanged and feeds the rest of its
documents to the same pool.
"""

import dagster as dg
import polars as pl

from assets._stage import ANALYSIS_STAGES, chunks, open_work, progress, sentences_by_doc, stage_result
from hodo import warehouse as wh
from hodo import workahead
from hodo.docpass import PASS_COLUMNS, SENTENCE_CHECK, pass_batch, pass_text_batch
from hodo.tokenize import BATCH_CHARS, backend_name, batches_of, stop_fork_server, tokenize_batches
from pipelines.resources import Warehouse

STAGE = "tokens"
#: Stages whose per-document work the pass does; marked done with the tokens.
PASS_STAGES = (STAGE, *ANALYSIS_STAGES)


@dg.asset(deps=["sentences"], group_name="text", kinds={"duckdb", "janome"},
          description="janome tokens (surface, base form, reading, full POS) with offsets into documents.text; "
                      "the same pass finds each document's mention, date, event and quote candidates.")
def tokens(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    ahead = workahead.claim(str(warehouse.work_path))  # passes ingest started (large inputs only)
    try:
        with open_work(warehouse) as con:
            # the pool's workers are the hot path: DuckDB's own insert threads would only compete with them
            con.execute("SET threads = 1")
            todo = wh.pending_docs(con, STAGE)
            started, covered = _take(con, ahead, todo) if ahead else ([], set())
            rest = [d for d in todo if d not in covered]
            # Every pending document's old rows go at once; each batch below then only inserts.
            # A crash in between leaves those documents pending, so the next run rewrites them.
            con.execute("BEGIN")
            for table in PASS_COLUMNS:
                wh.replace_doc_rows(con, table, todo, None)
            con.execute("COMMIT")

            def texts(doc_ids):
                for part in chunks(doc_ids):
                    rows = con.execute("SELECT doc_id, text, published_date FROM documents "
                                       "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [part]).fetchall()
                    info = {r[0]: r[1:] for r in rows}
                    for doc_id in part:
                        yield doc_id, *info[doc_id]

            def docs(doc_ids):  # with their stored sentences
                for part in chunks(doc_ids):
                    sents = sentences_by_doc(con, part)
                    for doc_id, text, published in texts(part):
                        yield doc_id, text, published, sents[doc_id]

            # Workers split each text again (cheap, and the split is checked against the stored
            # sentences below) rather than receive the sentences: less for this process to read and send.
            stream = (ahead.run(started, pass_text_batch, batches_of(texts(rest), BATCH_CHARS)) if ahead
                      else tokenize_batches(texts(rest), work=pass_text_batch))
            done, redo = 0, []
            for batch in stream:
                batch_docs = _doc_ids(batch["tokens"])
                split = batch.pop(SENTENCE_CHECK, None)
                if split is not None and not _same_sentences(con, split):
                    redo += _doc_ids(split)
                    continue
                _write(con, batch, batch_docs, context.run.run_id)
                done += len(batch_docs)
                progress(context, f"tokenized and analysed {done}/{len(todo)} documents")
            if ahead:
                ahead.close()
            if redo:  # stored sentences another split than this code's (e.g. split by an older version)
                context.log.warning(f"{len(redo)} documents have stored sentences that differ from a fresh split; "
                                    "tokenizing them along the stored ones")
                for batch in tokenize_batches(docs(sorted(redo)), work=pass_batch):
                    batch_docs = _doc_ids(batch["tokens"])
                    _write(con, batch, batch_docs, context.run.run_id)
            # documents with no tokens at all (only whitespace or symbols) still count as done
            rest = wh.pending_docs(con, STAGE)
            con.execute("BEGIN")
            for table in PASS_COLUMNS:
                wh.replace_doc_rows(con, table, rest, None)
            wh.mark_done(con, PASS_STAGES, rest, context.run.run_id)
            con.execute("COMMIT")
            return stage_result(context, con, "tokens", STAGE, tokenizer=dg.MetadataValue.text(backend_name()),
                                passed_ahead=dg.MetadataValue.int(len(covered - set(redo))))
    finally:
        if ahead:
            ahead.close()
        stop_fork_server()  # the pool is done: its preloaded server would only hold memory


def _take(con, ahead: workahead.WorkAhead, todo: list[str]):
    """The passes started ahead whose documents are pending with the same text and date."""
    pending = set(todo)
    ids = [d for inputs, _ in ahead.batches for d in inputs if d in pending]
    rows = con.execute("SELECT doc_id, text, published_date FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                       [ids]).fetchall()
    return ahead.take({r[0]: (r[1], r[2]) for r in rows})


def _same_sentences(con, split) -> bool:
    """Whether the sentences a pass ahead split are exactly the stored ones of its documents."""
    con.register("_split", split)
    try:
        return con.execute("""
            WITH stored AS (SELECT doc_id, sentence_id, start_char, end_char FROM sentences
                            WHERE doc_id IN (SELECT DISTINCT doc_id FROM _split))
            SELECT count(*) FROM ((SELECT * FROM stored EXCEPT ALL SELECT * FROM _split)
                                  UNION ALL (SELECT * FROM _split EXCEPT ALL SELECT * FROM stored))""").fetchall()[0][0] == 0
    finally:
        con.unregister("_split")


def _doc_ids(table) -> list[str]:
    """The documents an Arrow table of a pass has rows for."""
    return pl.from_arrow(table.select(["doc_id"]))["doc_id"].unique().to_list()


def _write(con, batch: dict, batch_docs: list[str], run_id: str) -> None:
    """One batch's rows (their documents' old rows are already gone) and its progress, in one transaction."""
    con.execute("BEGIN")
    for table in PASS_COLUMNS:
        wh.replace_doc_rows(con, table, [], pl.from_arrow(batch[table]))
    wh.mark_done(con, PASS_STAGES, batch_docs, run_id)
    con.execute("COMMIT")
