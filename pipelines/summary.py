"""The run summary: per-asset rows and check results, as JSON and as a table.

Shape (contract): {"ok", "elapsed_s", "assets": {key: {"rows", "checks": [{"name", "passed", "blocking"}]}}};
hodo adds "materialized", "processed_docs", "passed_ahead" (tokens: documents whose pass ingest started) and "elapsed_s" (wall time of the step that
materialized it; a multi-asset's keys share one step) and "step" per asset, "elapsed_s" and "step" per check,
"steps" ({step key: seconds}, from Dagster's step events) and "failures" (error messages).
"""
from __future__ import annotations

import dagster as dg


def _check_blocking() -> dict[tuple[str, str], bool]:
    from pipelines.definitions import all_checks

    out = {}
    for checks_def in all_checks:
        for spec in checks_def.check_specs:
            out[(spec.asset_key.to_user_string(), spec.name)] = bool(spec.blocking)
    return out


def _step_seconds(result: dg.ExecuteInProcessResult) -> dict[str, float]:
    """Wall time of every step that succeeded, from its STEP_SUCCESS event (duration_ms)."""
    out: dict[str, float] = {}
    for ev in result.all_events:
        if ev.step_key and ev.event_type == dg.DagsterEventType.STEP_SUCCESS:
            ms = getattr(ev.event_specific_data, "duration_ms", None)
            if ms is not None:
                out[ev.step_key] = round(ms / 1000, 3)
    return out


def build_summary(result: dg.ExecuteInProcessResult, elapsed: float) -> dict:
    from pipelines.definitions import all_assets

    steps = _step_seconds(result)

    assets: dict[str, dict] = {}
    for a in all_assets:
        for key in a.keys:
            assets[key.to_user_string()] = {"rows": 0, "materialized": False, "checks": []}
    for ev in result.get_asset_materialization_events():
        mat = ev.materialization
        entry = assets.setdefault(mat.asset_key.to_user_string(), {"rows": 0, "checks": []})
        entry["materialized"] = True
        if ev.step_key in steps:
            entry["elapsed_s"] = steps[ev.step_key]
            entry["step"] = ev.step_key
        for name in ("rows", "processed_docs", "passed_ahead"):
            if name in mat.metadata:
                entry[name] = int(mat.metadata[name].value)
    blocking = _check_blocking()
    check_steps = {}
    for ev in result.all_events:
        if ev.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION and ev.step_key:
            data = ev.event_specific_data
            check_steps[(data.asset_key.to_user_string(), data.check_name)] = ev.step_key
    for ev in result.get_asset_check_evaluations():
        key = ev.asset_key.to_user_string()
        step = check_steps.get((key, ev.check_name))
        assets.setdefault(key, {"rows": 0, "checks": []})["checks"].append({
            "name": ev.check_name,
            "passed": bool(ev.passed),
            "blocking": blocking.get((key, ev.check_name), False),
            "failed_expectations": (ev.metadata.get("failed_expectations").value
                                    if not ev.passed and "failed_expectations" in ev.metadata else None),
            "elapsed_s": steps.get(step) if step else None,
            "step": step,
        })
    failures = []
    for ev in result.all_events:
        if ev.event_type == dg.DagsterEventType.STEP_FAILURE and ev.step_failure_data:
            err = ev.step_failure_data.error
            msgs = []
            while err is not None:
                msgs.append(err.message)
                err = err.cause
            failures.append(f"step {ev.step_key}: " + " <- ".join(m.strip() for m in msgs if m))
    checks_ok = all(c["passed"] for a in assets.values() for c in a["checks"] if c["blocking"])
    return {"ok": bool(result.success and checks_ok), "elapsed_s": round(elapsed, 2), "assets": assets,
            "steps": steps, "failures": failures}


def print_summary(summary: dict) -> None:
    print()
    print(f"{'asset':24s} {'rows':>10s} {'new/changed docs':>17s}  checks")
    print("-" * 78)
    for key, a in summary["assets"].items():
        checks = a["checks"]
        state = (("-" if a.get("materialized", True) else "not run") if not checks else
                 "ok" if all(c["passed"] for c in checks) else
                 "FAILED: " + ", ".join(c["name"] for c in checks if not c["passed"]))
        rows = str(a["rows"]) if a.get("materialized", True) else "skipped"
        docs = str(a.get("processed_docs", ""))
        print(f"{key:24s} {rows:>10s} {docs:>17s}  {state}")
    n_checks = sum(len(a["checks"]) for a in summary["assets"].values())
    n_passed = sum(c["passed"] for a in summary["assets"].values() for c in a["checks"])
    print("-" * 78)
    print(f"checks: {n_passed}/{n_checks} passed   elapsed: {summary['elapsed_s']:.1f} s   "
          f"{'OK' if summary['ok'] else 'FAILED'}")
    if summary.get("published"):
        print(f"warehouse: {summary['published']}")
    if summary.get("data_docs"):
        print(f"data docs: {summary['data_docs']}")
