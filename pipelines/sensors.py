"""The landing-directory sensor: a run when files arrive or change.

The cursor maps each article file to a hash of its size and mtime; a run is
requested (run_key = a digest of the changed paths and their content hashes)
only for a real change, so an unchanged directory never starts a run and a
changed file is reprocessed. Which documents a run then analyses is decided
by content hash inside the run (unchanged documents cost nothing).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import dagster as dg

from pipelines.resources import Warehouse

ARTICLE_SUFFIXES = (".txt", ".jsonl", ".meta.json")


def landing_fingerprint(root: Path) -> dict[str, str]:
    """path -> content hash of every article file under ``root`` (links out of it skipped)."""
    out: dict[str, str] = {}
    if not root.is_dir():
        return out
    real_root = root.resolve()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if not name.endswith(ARTICLE_SUFFIXES):
                continue
            p = Path(dirpath) / name
            try:
                if not p.resolve().is_relative_to(real_root):
                    continue
                out[p.relative_to(root).as_posix()] = hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            except OSError:
                continue
    return out


@dg.sensor(job_name="hodo_job", minimum_interval_seconds=60,
           default_status=dg.DefaultSensorStatus.STOPPED,
           description="Starts hodo_job when article files land in or change in the landing directory.")
def landing_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    current = landing_fingerprint(Path(warehouse.input_dir))
    previous = json.loads(context.cursor) if context.cursor else {}
    changed = sorted(p for p, h in current.items() if previous.get(p) != h)
    if not changed:
        return dg.SkipReason("no new or changed files in the landing directory")
    run_key = hashlib.sha256(json.dumps([(p, current[p]) for p in changed]).encode()).hexdigest()[:20]
    context.update_cursor(json.dumps(current, sort_keys=True))
    return dg.RunRequest(run_key=run_key, tags={"hodo/changed_files": str(len(changed))})


SENSORS = [landing_sensor]
