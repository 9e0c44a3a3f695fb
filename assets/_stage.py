"""What every stage asset does around its language work: connect, find the
documents it has not processed, replace their rows in one transaction, and
report counts with a small preview."""

import gc
import os
from functools import partial
from typing import Iterable

import dagster as dg
import polars as pl

from hodo import warehouse as wh
from pipelines.resources import Warehouse

#: Documents handled per transaction: bounds memory, and a crash loses at most one chunk of work.
CHUNK_DOCS = 200


def chunks(items: list, size: int = CHUNK_DOCS) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i: i + size]


def preview(con, table: str, limit: int = 5) -> dg.MetadataValue:
    frame = wh.frame(con, f"SELECT * FROM {table} LIMIT {limit}")
    short = frame.with_columns(pl.col(c).cast(pl.Utf8).str.slice(0, 40) for c in frame.columns)
    header = "| " + " | ".join(short.columns) + " |"
    sep = "|" + "---|" * len(short.columns)
    body = "\n".join("| " + " | ".join("" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
                                       for v in row) + " |" for row in short.iter_rows())
    return dg.MetadataValue.md("\n".join([header, sep, body]))


def table_result(con, table: str, processed_docs: int | None = None, **extra) -> dg.MaterializeResult:
    meta = {"rows": dg.MetadataValue.int(wh.row_count(con, table)), "preview": preview(con, table)}
    if processed_docs is not None:
        meta["processed_docs"] = dg.MetadataValue.int(processed_docs)
    meta.update(extra)
    return dg.MaterializeResult(asset_key=table, metadata=meta)


def progress(context: dg.AssetExecutionContext, message: str) -> None:
    """A progress line: to Dagster's log and, under `hodo run` (HODO_PROGRESS=1), to stdout."""
    context.log.info(message)
    if os.environ.get("HODO_PROGRESS") == "1":
        print(f"  {context.op_execution_context.op.name:28s} {message}", flush=True)


def open_work(warehouse: Warehouse):
    wh.ensure_schema(warehouse.work_path)
    return wh.connect(warehouse.work_path)


def _records(cls, columns: list[list]) -> list:
    """Rows of ``columns`` as ``cls`` NamedTuples, built without a Python call per row.

    The cyclic GC is paused meanwhile: a million new tuples would otherwise set off
    full collections over every object of the process (Dagster, GX...), which cost
    about 8x the building itself. Tuples of str/int/date hold no cycles."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return list(map(partial(tuple.__new__, cls), zip(*columns)))
    finally:
        if enabled:
            gc.enable()


def _runs(keys: list) -> list[tuple[object, int, int]]:
    """(key, start, end) of each run of equal consecutive ``keys``."""
    out = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out.append((keys[start], start, i))
            start = i
    return out


def sentences_by_doc(con, doc_ids: list[str]) -> dict[str, list]:
    """Sentence records of ``doc_ids``, as plain records for hodo/."""
    from hodo.records import Sentence

    frame = wh.frame(con,
        """SELECT doc_id, sentence_id, start_char, end_char, text FROM sentences
           WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, sentence_id""", [doc_ids])
    out: dict[str, list] = {d: [] for d in doc_ids}
    cols = [frame[c].to_list() for c in frame.columns]
    records = _records(Sentence, cols[1:])
    for doc_id, lo, hi in _runs(cols[0]):
        out[doc_id] = records[lo:hi]
    return out


def tokens_by_doc(con, doc_ids: list[str], sentences: dict[str, list]) -> dict[str, list[list]]:
    """Tokens of ``doc_ids`` grouped per sentence (reusing the tokens stage's output).

    Columnar: one query, one list per column, NamedTuples built in C and sliced
    per (document, sentence) run; no Python call per token.
    """
    from hodo.records import Token

    frame = wh.frame(con,
        """SELECT doc_id, sentence_id, start_char, end_char, surface, base_form, reading, pos FROM tokens
           WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, token_id""", [doc_ids])
    out = {d: [[] for _ in sentences.get(d, [])] for d in doc_ids}
    if not len(frame):
        return out
    runs = (frame.select(pl.col("doc_id"), pl.col("sentence_id"))
            .with_row_index("i")
            .group_by(["doc_id", "sentence_id"], maintain_order=True)
            .agg(pl.col("i").first().alias("lo"), pl.len().alias("n")))
    records = _records(Token, [frame[c].to_list() for c in frame.columns[2:]])
    for doc_id, sid, lo, n in runs.iter_rows():
        out[doc_id][sid] = records[lo:lo + n]
    return out


def doc_texts(con, doc_ids: list[str]) -> dict[str, tuple[str, object]]:
    rows = con.execute("SELECT doc_id, text, published_date FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                       [doc_ids]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


#: Per-document language stages after tokenization; the token pass (assets/tokens.py,
#: hodo.docpass) does their work for every document it tokenizes.
ANALYSIS_STAGES = ("entity_mentions", "temporal_expressions", "events", "quotes")


def analyse_pending(context: dg.AssetExecutionContext, con) -> int:
    """Run the per-document analysis for documents the token pass has not analysed
    (e.g. tokenized before an analysis stage existed), from their stored tokens.

    Normally a no-op; it keeps every analysis stage correct on its own. Returns
    how many documents it analysed.
    """
    from hodo.docpass import analyze_tokens

    todo = sorted(set().union(*(wh.pending_docs(con, s) for s in ANALYSIS_STAGES))
                  - set(wh.pending_docs(con, "tokens")))
    for part in chunks(todo):
        texts = doc_texts(con, part)
        sents = sentences_by_doc(con, part)
        toks = tokens_by_doc(con, part, sents)
        rows: dict[str, list] = {}
        for doc_id in part:
            text, published = texts[doc_id]
            for table, r in analyze_tokens(doc_id, text, published, sents[doc_id], toks[doc_id]).items():
                rows.setdefault(table, []).extend(r)
        con.execute("BEGIN")
        for table, r in rows.items():
            wh.replace_doc_rows(con, table, part, rows_frame(con, table, r))
        for stage in ANALYSIS_STAGES:
            wh.mark_done(con, stage, part, context.run.run_id)
        con.execute("COMMIT")
    if todo:
        context.log.info(f"analysed {len(todo)} documents from their stored tokens")
    return len(todo)


def rows_frame(con, table: str, rows: list[tuple]) -> pl.DataFrame:
    """Row tuples in the table's column order as a frame typed from the table's DDL."""
    from hodo.docpass import PASS_COLUMNS

    cols = PASS_COLUMNS[table]
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                             [table]).fetchall())
    pl_types = {"VARCHAR": pl.Utf8, "INTEGER": pl.Int32, "DATE": pl.Date, "INTEGER[]": pl.List(pl.Int32)}
    return pl.DataFrame(rows, schema={c: pl_types[types[c]] for c in cols}, orient="row")


def stage_result(context: dg.AssetExecutionContext, con, table: str, stage: str | None = None,
                 **extra) -> dg.MaterializeResult:
    """table_result with the number of documents ``stage`` processed in this run."""
    processed = wh.processed_in_run(con, stage, context.run.run_id) if stage else None
    return table_result(con, table, processed_docs=processed, **extra)
