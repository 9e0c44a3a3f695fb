"""The definitions the UI loads: `dagster definitions validate -w workspace.yaml`, and what they hold."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT, child_env


def dagster_cmd() -> list[str]:
    script = Path(sys.executable).with_name("dagster")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dagster"]


def test_dagster_definitions_validate_passes(tmp_path):
    proc = subprocess.run(dagster_cmd() + ["definitions", "validate", "-w", "workspace.yaml"], cwd=ROOT,
                          env=child_env(DAGSTER_HOME=str(tmp_path)), capture_output=True, text=True, timeout=180)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-4000:]
    assert "Validation successful for code location hodo" in out


def test_definitions_hold_schedule_landing_sensor_checks_and_bi_assets():
    from pipelines.definitions import defs

    assert [s.name for s in defs.schedules] == ["hodo_daily"]
    assert [s.name for s in defs.sensors] == ["landing_sensor"]
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {"published_warehouse", "parquet_export", "report"} <= keys
    for key in ("parquet_export", "report"):
        node = graph.get(next(k for k in graph.get_all_asset_keys() if k.to_user_string() == key))
        assert node.group_name == "publish"
        assert {k.to_user_string() for k in node.parent_keys} == {"published_warehouse"}
    checks = list(graph.asset_check_keys)
    assert len(checks) >= 11 and all(graph.get_check_spec(k).blocking for k in checks)
    job = defs.resolve_job_def("hodo_job")
    in_job = {k.to_user_string() for k in job.asset_layer.asset_graph.get_all_asset_keys()}
    assert {"published_warehouse", "parquet_export", "report"} <= in_job
