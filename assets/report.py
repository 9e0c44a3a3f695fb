"""``report.html`` beside the published warehouse (hodo/report.py draws it).

The data-quality table comes from the Dagster instance: the latest evaluation
of every asset check in the code location (in a `hodo run`, those of this very
run, since the report runs after the publish step that the blocking checks
gate).
"""

import dagster as dg

from assets._stage import progress

from hodo.report import CheckRow, write_report
from pipelines.resources import Warehouse


def latest_check_rows(context: dg.AssetExecutionContext) -> list[CheckRow]:
    # the job's own asset graph: `hodo run` executes the job without a repository on the context
    graph = context.job_def.asset_layer.asset_graph
    keys = sorted(graph.asset_check_keys, key=lambda k: (k.asset_key.to_user_string(), k.name))
    records = context.instance.event_log_storage.get_latest_asset_check_execution_by_key(keys)
    rows = []
    for key in keys:
        spec = graph.get_check_spec(key)
        record = records.get(key)
        evaluation = record.evaluation if record else None
        failed = evaluation.metadata.get("failed_expectations") if evaluation else None
        details = (evaluation.description or "") if evaluation else ""
        if failed is not None and failed.value and not evaluation.passed:
            details = f"{details} (failed: {', '.join(map(str, failed.value))})".strip()
        rows.append(CheckRow(
            asset=key.asset_key.to_user_string(), name=key.name,
            passed=None if evaluation is None else bool(evaluation.passed),
            blocking=bool(spec.blocking), description=details,
            run_id=record.run_id if record else None))
    return rows


@dg.asset(deps=["published_warehouse"], group_name="publish", kinds={"html"},
          description="report.html beside the warehouse: top entities and their mentions over time, "
                      "the event timeline and the data-quality results, as inline SVG charts.")
def report(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    checks = latest_check_rows(context)
    out = write_report(warehouse.published_path, warehouse.published_path.parent / "report.html", checks)
    progress(context, f"wrote {out}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(out)),
        "checks": dg.MetadataValue.int(len(checks)),
        "checks_passed": dg.MetadataValue.int(sum(1 for c in checks if c.passed)),
    })
