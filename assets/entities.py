"""Stage 4: mention candidates → `entity_mentions` and `entities`.

Each document's mention candidates come from the token pass
(hodo.entities.find_mentions on its tokens); here entities are resolved
across *all* documents in one columnar pass (hodo.entities.resolve_entities),
so one real entity has one id however many documents name it, and ids stay
stable as documents arrive.
"""

import dagster as dg

from assets._stage import analyse_pending, open_work, progress, stage_result, table_result
from hodo import warehouse as wh
from hodo.docpass import PASS_COLUMNS
from hodo.entities import resolve_entities
from pipelines.resources import Warehouse

STAGE = "entity_mentions"


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
        analyse_pending(context, con)
        _resolve_all(con)  # cheap and columnar; ids must follow every added or pruned document
        progress(context, f"resolved {wh.row_count(con, 'entities')} entities from "
                          f"{wh.row_count(con, 'entity_mentions')} mentions")
        yield stage_result(context, con, "entity_mentions", STAGE)
        yield table_result(con, "entities")


def _resolve_all(con) -> None:
    columns = [c for c in PASS_COLUMNS["_mention_candidates"]]
    candidates = wh.frame(con, f"SELECT {', '.join(columns)} FROM _mention_candidates ORDER BY doc_id, start_char")
    previous = wh.frame(con, "SELECT entity_id, entity_type, canonical_name, country_code FROM entities")
    ents, mentions = resolve_entities(candidates, previous if len(previous) else None)
    con.execute("BEGIN")
    con.execute("DELETE FROM entities")
    con.execute("DELETE FROM entity_mentions")
    wh.replace_doc_rows(con, "entities", [], ents.sort("entity_id"))
    wh.replace_doc_rows(con, "entity_mentions", [], mentions.sort(["doc_id", "start_char"]))
    con.execute("COMMIT")
