"""What every stage asset does around its language work: connect, find the
documents it has not processed, replace their rows in one transaction, and
report counts with a small preview."""

import gc
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
