"""The landing-directory sensor: a run of hodo_job when article files arrive or change.

* **What counts as a change.** The cursor holds, per article file (relative
  path), its content hash (SHA-256, 16 hex digits) with the size and mtime it
  was hashed at; a file is re-read only when its size or mtime moved, so a tick
  over an unchanged directory reads no file contents. A run is requested only
  when a path is new or its content hash differs; touching a file without
  changing it, or an unchanged directory, skips.
* **run_key.** ``<generation>-<digest of the changed (path, hash) pairs>``. The
  generation grows with every requested run and lives in the cursor, so a file
  changed back to an earlier content (A → B → A) still gets a new run, while a
  tick that is retried after its cursor was lost re-requests the same key and
  Dagster deduplicates it.
* **Files still being written** (modified less than ``SETTLE_SECONDS`` ago)
  are left for a later tick, so a half-copied file does not start a run.
* **One run at a time.** While a hodo_job run is queued or in progress the
  sensor skips without moving its cursor: the changes are picked up by the
  next tick after it ends (that run may already have processed them; the next
  one then costs nothing per document). Two runs would fight over the working
  DuckDB file.
* Deleted files do not start a run (their documents stay until ``hodo run
  --prune``); they leave the cursor, so a file that comes back starts one.

Which documents a run analyses is decided inside the run by content hash
(``_stage_progress``): unchanged documents cost no NLP work, so the run
requested for one new file processes that file only.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import dagster as dg

from pipelines.resources import Warehouse

ARTICLE_SUFFIXES = (".txt", ".jsonl", ".meta.json")
JOB_NAME = "hodo_job"
#: A file modified this recently may still be being copied in: wait for the next tick.
SETTLE_SECONDS = 2.0
CURSOR_VERSION = 2


def _content_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def scan_landing(root: Path, known: dict[str, list] | None = None, *, settle_seconds: float = 0.0,
                 now: float | None = None) -> tuple[dict[str, list], list[str]]:
    """Every article file under ``root`` (links pointing out of it skipped).

    Returns ``({relative path: [content hash, size, mtime_ns]}, unsettled paths)``. A file whose
    size and mtime match its ``known`` entry is not read again. Files modified less than
    ``settle_seconds`` ago are reported as unsettled and keep their ``known`` entry, if any.
    """
    known = known or {}
    now = time.time() if now is None else now
    out: dict[str, list] = {}
    unsettled: list[str] = []
    if not root.is_dir():
        return out, unsettled
    real_root = root.resolve()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if not name.endswith(ARTICLE_SUFFIXES):
                continue
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            try:
                if not p.resolve().is_relative_to(real_root):
                    continue
                st = p.stat()
                if now - st.st_mtime < settle_seconds:
                    unsettled.append(rel)
                    if rel in known:
                        out[rel] = known[rel]
                    continue
                prev = known.get(rel)
                if prev and prev[1] == st.st_size and prev[2] == st.st_mtime_ns:
                    out[rel] = prev
                else:
                    out[rel] = [_content_hash(p), st.st_size, st.st_mtime_ns]
            except OSError:  # vanished or unreadable between listing and reading: next tick
                continue
    return out, sorted(unsettled)


def landing_fingerprint(root: Path) -> dict[str, str]:
    """path -> content hash of every article file under ``root``."""
    files, _ = scan_landing(root)
    return {p: v[0] for p, v in files.items()}


def _load_cursor(raw: str | None) -> tuple[int, dict[str, list]]:
    if not raw:
        return 0, {}
    data = json.loads(raw)
    if isinstance(data, dict) and data.get("v") == CURSOR_VERSION:
        return int(data.get("generation", 0)), data.get("files", {})
    # version 1 cursors were {path: content hash}: keep the hashes, re-stat every file once
    return 0, {p: [h, -1, -1] for p, h in data.items() if isinstance(h, str)}


def runs_in_flight(instance: dg.DagsterInstance, job_name: str = JOB_NAME) -> list[str]:
    """Ids of queued or in-progress runs of ``job_name``."""
    runs = instance.get_runs(filters=dg.RunsFilter(
        job_name=job_name,
        statuses=[dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
                  dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]), limit=5)
    return [r.run_id for r in runs]


@dg.sensor(job_name=JOB_NAME, minimum_interval_seconds=60,
           default_status=dg.DefaultSensorStatus.STOPPED,
           description="Starts hodo_job when article files land in or change in the landing directory "
                       "(keyed by path and content hash). Stopped by default: turn it on in the UI or with "
                       "`dagster sensor start -w workspace.yaml landing_sensor`.")
def landing_sensor(context: dg.SensorEvaluationContext, warehouse: Warehouse):
    root = Path(warehouse.input_dir)
    if not root.is_dir():
        return dg.SkipReason(f"landing directory {root} does not exist (set HODO_INPUT_DIR)")
    busy = runs_in_flight(context.instance)
    if busy:
        return dg.SkipReason(f"a {JOB_NAME} run is in progress ({busy[0]}); changes wait for the next tick")
    generation, previous = _load_cursor(context.cursor)
    current, unsettled = scan_landing(root, previous, settle_seconds=SETTLE_SECONDS)
    changed = sorted(p for p, v in current.items() if (previous.get(p) or [None])[0] != v[0])
    if not changed:
        if current.keys() != previous.keys() or any(current[p] != previous[p] for p in current):
            # deletions or touched-but-identical files: remember the new state, no run
            context.update_cursor(json.dumps({"v": CURSOR_VERSION, "generation": generation, "files": current},
                                             sort_keys=True))
        wait = f" ({len(unsettled)} file(s) still being written)" if unsettled else ""
        return dg.SkipReason(f"no new or changed files in the landing directory{wait}")
    generation += 1
    digest = hashlib.sha256(json.dumps([(p, current[p][0]) for p in changed]).encode()).hexdigest()[:16]
    context.update_cursor(json.dumps({"v": CURSOR_VERSION, "generation": generation, "files": current},
                                     sort_keys=True))
    context.log.info(f"{len(changed)} new or changed file(s): {', '.join(changed[:10])}"
                     + (" ..." if len(changed) > 10 else ""))
    return dg.RunRequest(run_key=f"{generation}-{digest}",
                         tags={"hodo/trigger": "landing_sensor", "hodo/changed_files": str(len(changed))})


SENSORS = [landing_sensor]
