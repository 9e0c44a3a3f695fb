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
from hodo.crossdoc import resolve_entities_in
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
        resolve_entities_in(con)  # cheap and columnar; ids must follow every added or pruned document
        progress(context, f"resolved {wh.row_count(con, 'entities')} entities from "
                          f"{wh.row_count(con, 'entity_mentions')} mentions")
        yield stage_result(context, con, "entity_mentions", STAGE)
        yield table_result(con, "entities")
