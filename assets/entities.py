"""Stage 4: `tokens` → `entity_mentions` and `entities`.

Mentions are found per changed document (hodo.entities.find_mentions) and
kept as candidates; entities are then resolved across *all* documents in one
columnar pass (hodo.entities.resolve_entities), so one real entity has one id
however many documents name it, and ids stay stable as documents arrive.
"""

import dagster as dg
import polars as pl

from assets._stage import chunks, doc_texts, open_work, sentences_by_doc, table_result, tokens_by_doc
from hodo import warehouse as wh
from hodo.entities import find_mentions, resolve_entities
from hodo.records import Mention
from pipelines.resources import Warehouse

STAGE = "entity_mentions"
CANDIDATE_SCHEMA = {"doc_id": pl.Utf8, "sentence_id": pl.Int32, "start_char": pl.Int32, "end_char": pl.Int32,
                    "surface": pl.Utf8, "title": pl.Utf8, "entity_type": pl.Utf8, "country_code": pl.Utf8,
                    "canonical_hint": pl.Utf8}


@dg.multi_asset(
    specs=[
        dg.AssetSpec("entity_mentions", deps=["tokens"], group_name="entities", kinds={"duckdb"},
                     description="Every PERSON / ORGANIZATION / LOCATION mention: the name alone, its title, its entity."),
        dg.AssetSpec("entities", deps=["tokens"], group_name="entities", kinds={"duckdb"},
                     description="One row per real entity across documents, with canonical name and country code."),
    ],
)
def entities(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with open_work(warehouse) as con:
        todo = wh.pending_docs(con, STAGE)
        for part in chunks(todo):
            texts = doc_texts(con, part)
            sents = sentences_by_doc(con, part)
            toks = tokens_by_doc(con, part, sents)
            rows = [(doc_id, *m) for doc_id in part
                    for m in find_mentions(texts[doc_id][0], sents[doc_id], toks[doc_id])]
            frame = pl.DataFrame(rows, schema=CANDIDATE_SCHEMA, orient="row")
            con.execute("BEGIN")
            wh.replace_doc_rows(con, "_mention_candidates", part, frame)
            wh.mark_done(con, STAGE, part)
            con.execute("COMMIT")
        _resolve_all(con)  # cheap and columnar; ids must follow every added or pruned document
        context.log.info(f"found mentions in {len(todo)} documents")
        yield table_result(con, "entity_mentions", processed_docs=len(todo))
        yield table_result(con, "entities")


def _resolve_all(con) -> None:
    candidates = wh.frame(con, f"SELECT {', '.join(CANDIDATE_SCHEMA)} FROM _mention_candidates "
                             "ORDER BY doc_id, start_char")
    previous = wh.frame(con, "SELECT entity_id, entity_type, canonical_name, country_code FROM entities")
    ents, mentions = resolve_entities(candidates, previous if len(previous) else None)
    con.execute("BEGIN")
    con.execute("DELETE FROM entities")
    con.execute("DELETE FROM entity_mentions")
    wh.replace_doc_rows(con, "entities", [], ents.sort("entity_id"))
    wh.replace_doc_rows(con, "entity_mentions", [], mentions.sort(["doc_id", "start_char"]))
    con.execute("COMMIT")


assert Mention._fields[:3] == ("sentence_id", "start_char", "end_char")  # row layout above relies on it
