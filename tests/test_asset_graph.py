"""A snapshot of the asset graph: keys, groups, dependencies and checks.

A change to the graph shows up as a reviewable diff of
tests/snapshots/asset_graph.json. Regenerate it on purpose with
HODO_UPDATE_SNAPSHOTS=1 pytest tests/test_asset_graph.py.
"""
import json
import os
from pathlib import Path

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.json"


def current_graph() -> dict:
    from pipelines.definitions import defs

    graph = defs.resolve_asset_graph()
    out = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        out[key.to_user_string()] = {
            "group": node.group_name,
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "checks": sorted(c.name for c in graph.get_check_keys_for_assets([key])) if hasattr(
                graph, "get_check_keys_for_assets") else sorted(c.name for c in node.check_keys),
        }
    jobs = sorted(j.name for j in defs.resolve_all_job_defs() if not j.name.startswith("__"))
    return {"assets": out, "jobs": jobs,
            "schedules": sorted(s.name for s in defs.schedules or []),
            "sensors": sorted(s.name for s in defs.sensors or [])}


def test_asset_graph_matches_snapshot():
    graph = current_graph()
    if os.environ.get("HODO_UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(graph, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert graph == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_every_table_asset_has_a_blocking_check():
    from pipelines.definitions import CHECKED_TABLES, all_checks

    blocking = {spec.asset_key.to_user_string() for c in all_checks for spec in c.check_specs if spec.blocking}
    assert set(CHECKED_TABLES) <= blocking
