"""Past one machine: shards write Parquet, one assembler builds a warehouse of views.

No Dagster here (pipelines/scaleout.py wraps these functions as assets).

* :func:`process_shard` runs the whole per-document chain (ingest, sentences,
  tokens, mention / timex / event / quote candidates) on the landing files
  whose stable hash falls in one shard, in memory (every document is tokenized
  once and its tokens feed every later stage directly), and writes one Parquet
  file per table under ``<out>/shards/shard=<i>/<table>.parquet``. Shards share
  nothing: no database file, no lock, only a directory (local, NFS, or object
  storage in production), so they can run on any number of machines.
* :func:`assemble` reads every shard's Parquet with DuckDB, runs the
  cross-document steps exactly as the single-process assets do
  (hodo.entities.resolve_entities, hodo.events.merge_events, the quote
  speaker join), writes the global tables as Parquet under ``<out>/global/``
  and creates ``<out>/warehouse.duckdb``: views over all the Parquet files
  (``read_parquet(..., hive_partitioning=true)``) plus the BI views of
  sql/views, so ``hodo sql --db <out>/warehouse.duckdb`` works unchanged.

Table schemas come from sql/ddl (each shard loads its rows into an in-memory
DuckDB created from the DDL, then COPYs each table to Parquet), so the
Parquet columns and types are exactly the single-process warehouse's.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from hodo import warehouse as wh
from hodo.crossdoc import attach_quote_speakers, merge_events_in, resolve_entities_in
from hodo.docpass import PASS_COLUMNS

#: Tables each shard writes (per-document: a document's rows live in its shard only).
SHARD_TABLES = ("documents", "ingest_errors", "sentences", "tokens", "temporal_expressions",
                "_mention_candidates", "_event_candidates", "_quote_candidates")
#: Tables the assembler computes across all documents.
GLOBAL_TABLES = ("entities", "entity_mentions", "events", "event_participants", "event_mentions", "quotes",
                 "_planned_events")
#: The public tables, as views in the assembled warehouse.
PUBLIC_TABLES = ("documents", "ingest_errors", "sentences", "tokens", "entities", "entity_mentions",
                 "temporal_expressions", "events", "event_participants", "event_mentions", "quotes")

DOC_COLUMNS = ("doc_id", "source_path", "source_url", "title", "published_date", "published_basis",
               "content_sha256", "char_count", "text", "source", "encoding")


def shard_of(relative_path: str, shards: int) -> int:
    """Stable shard of a landing file (its path relative to the landing directory):
    the same on every machine and every Python run (unlike ``hash()``)."""
    digest = hashlib.sha256(relative_path.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % shards


def shard_dir(out_dir: str | Path, shard: int) -> Path:
    return Path(out_dir) / "shards" / f"shard={shard}"


def scan_shard(input_dir: str | Path, shard: int, shards: int):
    """Documents and ingest errors of the landing files in ``shard``: hodo.ingest.scan_landing's
    own records (same doc ids, same errors), restricted to this shard's files (a sidecar
    goes with its ``.txt``, a jsonl file's lines with the file).

    When scan_landing takes an ``include`` predicate on relative paths, other shards'
    files are not even read; otherwise every shard scans the whole directory and keeps
    its own records (correct, at the cost of N reads of the landing directory).
    """
    import inspect

    from hodo.ingest import scan_landing

    def mine(rel: str) -> bool:
        return shard_of(rel, shards) == shard

    if "include" in inspect.signature(scan_landing).parameters:
        yield from scan_landing(input_dir, include=mine)
        return
    for rec in scan_landing(input_dir):
        if mine(_source_file(rec.source_path)):
            yield rec


def _source_file(source_path: str) -> str:
    """The landing file of a record: jsonl records are ``file#id`` / ``file#L3``, a sidecar's
    error belongs to its article."""
    path = source_path.split("#", 1)[0] if ".jsonl#" in source_path else source_path
    if path.endswith(".meta.json"):
        path = path[: -len(".meta.json")] + ".txt"
    return path


def analyze_document(doc_id: str, text: str, published) -> dict[str, list[tuple]]:
    """Rows of every per-document table for one document, in the single-process pipeline's
    column order: the same pass the tokens asset runs (hodo.docpass)."""
    from hodo.docpass import analyze_tokens, token_rows
    from hodo.sentences import split_sentences
    from hodo.tokenize import tokenize_document

    sentences = split_sentences(text)
    tokens = tokenize_document(text, sentences)
    return {
        "sentences": [(doc_id, *s) for s in sentences],
        "tokens": token_rows(doc_id, sentences, tokens),
        **analyze_tokens(doc_id, text, published, sentences, tokens),
    }


# Column order of the rows analyze_document builds, per table (names as in sql/ddl).
_ROW_COLUMNS = {
    "sentences": ("doc_id", "sentence_id", "start_char", "end_char", "text"),
    **PASS_COLUMNS,
}


def _memory_db() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(wh.ddl_statements())
    return con


def _insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Rows into a DDL table; types come from the table, never inferred from the rows."""
    if not rows:
        return
    types = dict(con.execute(f"SELECT column_name, data_type FROM information_schema.columns "
                             f"WHERE table_name = '{table}'").fetchall())
    frame = pl.DataFrame(rows, schema={c: _polars_type(types[c]) for c in columns}, orient="row")
    wh.replace_doc_rows(con, table, [], frame)


def _polars_type(duck: str):
    return {"VARCHAR": pl.Utf8, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DATE": pl.Date,
            "TIMESTAMP": pl.Datetime("us"), "INTEGER[]": pl.List(pl.Int32)}[duck]


def _copy_out(con: duckdb.DuckDBPyConnection, table: str, path: Path) -> int:
    tmp = path.with_name(path.name + ".tmp")
    con.execute(f"COPY (SELECT * FROM {table}) TO '{tmp}' (FORMAT parquet, COMPRESSION zstd)")
    os.replace(tmp, path)  # a reader never sees a half-written file
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def process_shard(input_dir: str | Path, shard: int, shards: int, out_dir: str | Path) -> dict[str, int]:
    """Run the per-document chain on one shard's landing files; write its Parquet files.

    Returns {table: rows}. Rewrites the shard's directory whole (a shard is the
    unit of retry: rerunning it after a crash is safe).
    """
    from hodo.ingest import DocumentRecord, IngestError

    con = _memory_db()
    try:
        docs: list[tuple] = []
        errors: list[tuple] = []
        per_table: dict[str, list[tuple]] = {t: [] for t in _ROW_COLUMNS}
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for rec in scan_shard(input_dir, shard, shards):
            if isinstance(rec, IngestError):
                errors.append((rec.source_path, rec.reason, rec.bytes_sha256, now))
                continue
            assert isinstance(rec, DocumentRecord)
            docs.append(tuple(getattr(rec, c) for c in DOC_COLUMNS))
            for table, rows in analyze_document(rec.doc_id, rec.text, rec.published_date).items():
                per_table[table].extend(rows)
        # the same document id twice (duplicate jsonl ids...) is resolved like the
        # single-process ingest: the last record wins
        docs = list({d[0]: d for d in docs}.values())
        _insert_rows(con, "documents", DOC_COLUMNS, docs)
        con.execute("UPDATE documents SET ingested_at = ?", [now])
        _insert_rows(con, "ingest_errors", ("source_path", "reason", "bytes_sha256", "detected_at"), errors)
        for table, rows in per_table.items():
            _insert_rows(con, table, _ROW_COLUMNS[table], rows)
        target = shard_dir(out_dir, shard)
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        return {t: _copy_out(con, t, target / f"{t}.parquet") for t in SHARD_TABLES}
    finally:
        con.close()


def _shard_glob(out_dir: Path, table: str) -> str:
    return (out_dir / "shards" / "*" / f"{table}.parquet").as_posix()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table]).fetchall()]


def assemble(out_dir: str | Path, shards: int | None = None) -> dict[str, int]:
    """Cross-document steps over every shard's Parquet; the global Parquet; the view warehouse.

    ``shards``, when given, is checked against the shard directories present
    (a missing shard fails loudly rather than publishing a partial warehouse).
    Returns {table: rows} of the public tables.
    """

    out = Path(out_dir).resolve()
    present = sorted(p.name for p in (out / "shards").glob("shard=*"))
    if shards is not None and len(present) != shards:
        raise RuntimeError(f"expected {shards} shards under {out / 'shards'}, found {len(present)}: {present}")
    glob_dir = out / "global"
    glob_dir.mkdir(parents=True, exist_ok=True)

    con = _memory_db()
    try:
        # Shard tables as in-memory DDL tables (same column order as the single-process database).
        for table in SHARD_TABLES:
            cols = ", ".join(_columns(con, table))
            con.execute(f"INSERT INTO {table} SELECT {cols} FROM read_parquet('{_shard_glob(out, table)}', "
                        f"hive_partitioning = true, union_by_name = true)")
        # The cross-document steps, exactly as the single-process assets run them.
        previous = None
        prev_path = glob_dir / "entities.parquet"
        if prev_path.exists():  # keep entity ids stable across assemblies, as the pipeline does
            previous = wh.frame(con, f"SELECT entity_id, entity_type, canonical_name, country_code "
                                     f"FROM read_parquet('{prev_path.as_posix()}')")
        resolve_entities_in(con, previous)
        merge_events_in(con)
        attach_quote_speakers(con)
        for table in GLOBAL_TABLES:
            _copy_out(con, table, glob_dir / f"{table}.parquet")
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in PUBLIC_TABLES}
    finally:
        con.close()
    build_view_warehouse(out)
    return counts


def view_sql(out_dir: Path, table: str) -> str:
    """The view of one public table over its Parquet files."""
    if table in GLOBAL_TABLES:
        return f"SELECT * FROM read_parquet('{(out_dir / 'global' / f'{table}.parquet').as_posix()}')"
    return (f"SELECT * EXCLUDE (shard) FROM read_parquet('{_shard_glob(out_dir, table)}', "
            f"hive_partitioning = true, union_by_name = true)")


def build_view_warehouse(out_dir: str | Path) -> Path:
    """``<out>/warehouse.duckdb``: one view per public table over the Parquet, plus sql/views.

    Built beside and renamed into place, so readers never see a half-built file."""
    from hodo.publish import create_views

    out = Path(out_dir).resolve()
    final = out / "warehouse.duckdb"
    tmp = out / f".warehouse.duckdb.building-{os.getpid()}"
    for p in (tmp, tmp.with_name(tmp.name + ".wal")):
        if p.exists():
            p.unlink()
    con = duckdb.connect(str(tmp))
    try:
        for table in (*PUBLIC_TABLES, "_planned_events"):  # the BI views read _planned_events too
            con.execute(f"CREATE OR REPLACE VIEW {table} AS {view_sql(out, table)}")
        create_views(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, final)
    return final
