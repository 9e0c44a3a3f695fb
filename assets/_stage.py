"""What every stage asset does around its language work: connect, find the
documents it has not processed, replace their rows in one transaction, and
report counts with a small preview."""

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


def sentences_by_doc(con, doc_ids: list[str]) -> dict[str, list]:
    """Sentence records of ``doc_ids``, as plain records for hodo/."""
    from hodo.records import Sentence

    frame = wh.frame(con, 
        """SELECT doc_id, sentence_id, start_char, end_char, text FROM sentences
           WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, sentence_id""", [doc_ids])
    out: dict[str, list] = {d: [] for d in doc_ids}
    for doc_id, *rest in frame.iter_rows():
        out[doc_id].append(Sentence(*rest))
    return out


def tokens_by_doc(con, doc_ids: list[str], sentences: dict[str, list]) -> dict[str, list[list]]:
    """Tokens of ``doc_ids`` grouped per sentence (reusing the tokens stage's output)."""
    from hodo.records import Token

    frame = wh.frame(con, 
        """SELECT doc_id, sentence_id, start_char, end_char, surface, base_form, reading, pos FROM tokens
           WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY doc_id, token_id""", [doc_ids])
    out = {d: [[] for _ in sentences.get(d, [])] for d in doc_ids}
    for doc_id, sid, *rest in frame.iter_rows():
        out[doc_id][sid].append(Token(*rest))
    return out


def doc_texts(con, doc_ids: list[str]) -> dict[str, tuple[str, object]]:
    rows = con.execute("SELECT doc_id, text, published_date FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                       [doc_ids]).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}
