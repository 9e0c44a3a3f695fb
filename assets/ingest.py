"""Stage 1: the landing directory → `documents` and `ingest_errors`."""

from pathlib import Path

import dagster as dg
import polars as pl

from assets._stage import open_work, progress, table_result
from hodo import warehouse as wh
from hodo import workahead
from hodo.docpass import pass_text_batch
from hodo.ingest import DocumentRecord, IngestError, scan_landing
from pipelines.resources import Warehouse

DOC_COLUMNS = ["doc_id", "source_path", "source_url", "title", "published_date", "published_basis",
               "content_sha256", "char_count", "text", "source", "encoding"]
DOC_SCHEMA = {"doc_id": pl.Utf8, "source_path": pl.Utf8, "source_url": pl.Utf8, "title": pl.Utf8,
              "published_date": pl.Date, "published_basis": pl.Utf8, "content_sha256": pl.Utf8,
              "char_count": pl.Int32, "text": pl.Utf8, "source": pl.Utf8, "encoding": pl.Utf8}
FLUSH_CHARS = 4_000_000


@dg.multi_asset(
    specs=[
        dg.AssetSpec("documents", group_name="ingest", kinds={"duckdb"},
                     description="One row per article: normalized text, metadata, publication date and how it was known."),
        dg.AssetSpec("ingest_errors", group_name="ingest", kinds={"duckdb"},
                     description="Files and lines that could not become documents, with a reason to act on."),
    ],
)
def ingest(context: dg.AssetExecutionContext, warehouse: Warehouse):
    root = Path(warehouse.input_dir)
    if not root.is_dir():
        raise dg.Failure(f"input directory {root} does not exist: pass --input DIR or set HODO_INPUT_DIR")
    with open_work(warehouse) as con:
        known = dict(con.execute("SELECT doc_id, content_sha256 FROM documents").fetchall())
        errors: list[IngestError] = []
        batch: list[DocumentRecord] = []
        size = changed = seen = 0
        seen_ids: set[str] = set()

        def flush():
            nonlocal batch, size
            if not batch:
                return
            frame = pl.DataFrame([{c: getattr(r, c) for c in DOC_COLUMNS} for r in batch], schema=DOC_SCHEMA)
            con.execute("BEGIN")
            wh.replace_doc_rows(con, "documents", frame["doc_id"].to_list(), frame)
            con.execute("UPDATE documents SET ingested_at = now() WHERE ingested_at IS NULL")
            con.execute("COMMIT")
            batch, size = [], 0

        # A large input starts its token pass now, on the cores this step leaves idle.
        ahead = workahead.WorkAhead(pass_text_batch)
        try:
            for rec in scan_landing(root):
                if isinstance(rec, IngestError):
                    errors.append(rec)
                    continue
                seen += 1
                seen_ids.add(rec.doc_id)
                if known.get(rec.doc_id) == rec.content_sha256:
                    continue
                changed += 1
                batch.append(rec)
                ahead.offer(rec.doc_id, rec.text, rec.published_date)
                size += rec.char_count
                if size >= FLUSH_CHARS:
                    flush()
            flush()
            ahead.flush()
        except BaseException:
            ahead.close()
            raise
        if ahead.started:
            workahead.keep(str(warehouse.work_path), ahead)
        _replace_errors(con, errors)
        gone = sorted(set(known) - seen_ids)
        if gone and context.run.tags.get("hodo/prune") == "True":
            _prune(con, gone)
            progress(context, f"pruned {len(gone)} documents whose files left the landing directory")
        elif gone:
            progress(context, f"{len(gone)} archived documents are no longer in the landing directory "
                             "(kept; run with --prune to drop them)")
        progress(context, f"{seen} documents in {root} ({changed} new or changed), {len(errors)} ingest errors")
        yield table_result(con, "documents", processed_docs=changed,
                           documents_seen=dg.MetadataValue.int(seen))
        yield table_result(con, "ingest_errors")


def _replace_errors(con, errors: list[IngestError]) -> None:
    """ingest_errors shows the problems of the current landing directory; a problem seen
    before keeps its first detected_at, so reruns leave the table unchanged."""
    frame = pl.DataFrame(
        {"source_path": [e.source_path for e in errors], "reason": [e.reason for e in errors],
         "bytes_sha256": [e.bytes_sha256 for e in errors]},
        schema={"source_path": pl.Utf8, "reason": pl.Utf8, "bytes_sha256": pl.Utf8},
    )
    con.register("_errors", frame)
    try:
        con.execute("BEGIN")
        con.execute("""
            CREATE OR REPLACE TEMP TABLE _merged AS
            SELECT n.source_path, n.reason, n.bytes_sha256, coalesce(o.detected_at, now()::TIMESTAMP) AS detected_at
            FROM _errors n LEFT JOIN ingest_errors o
              ON o.source_path = n.source_path AND o.reason = n.reason
             AND o.bytes_sha256 IS NOT DISTINCT FROM n.bytes_sha256""")
        con.execute("DELETE FROM ingest_errors")
        con.execute("INSERT INTO ingest_errors SELECT * FROM _merged ORDER BY source_path")
        con.execute("COMMIT")
    finally:
        con.unregister("_errors")


PER_DOCUMENT_TABLES = ("sentences", "tokens", "temporal_expressions", "_mention_candidates",
                       "_event_candidates", "_quote_candidates", "_stage_progress", "documents")


def _prune(con, doc_ids: list[str]) -> None:
    """Drop documents (and everything derived from them) whose files are gone; --prune only."""
    con.execute("BEGIN")
    for table in PER_DOCUMENT_TABLES:
        wh.replace_doc_rows(con, table, doc_ids, None)
    con.execute("COMMIT")
