"""The landing sensor and the daily schedule, evaluated the way the daemon evaluates them."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.resources import Warehouse
from pipelines.schedules import daily_refresh
from pipelines.sensors import SETTLE_SECONDS, landing_sensor, scan_landing


@pytest.fixture()
def instance():
    with dg.DagsterInstance.ephemeral() as inst:
        yield inst


@pytest.fixture()
def stored_instance():
    """An instance with storage on disk (schedule contexts need an instance ref, as in the daemon)."""
    with dg.instance_for_test() as inst:
        yield inst


def _old(path: Path) -> Path:
    """Backdate a file past the settle time, as if it landed a while ago."""
    t = time.time() - 10 * SETTLE_SECONDS - 1
    os.utime(path, (t, t))
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return _old(path)


def tick(instance, landing: Path, cursor: str | None):
    # a context manager: the Warehouse resource has setup/teardown (the run lock), as the daemon uses it
    with dg.build_sensor_context(instance=instance, cursor=cursor,
                                 resources={"warehouse": Warehouse(input_dir=str(landing),
                                                                   db_path=str(landing.parent / "hodo.duckdb"))}) as ctx:
        return landing_sensor.evaluate_tick(ctx)


def test_first_tick_runs_unchanged_skips_changed_file_runs_again(instance, tmp_path):
    landing = tmp_path / "landing"
    write(landing / "a.txt", "米国の大統領は15日、会談した。")
    write(landing / "sub" / "b.txt", "日本の首相は会見した。")
    write(landing / "sub" / "b.meta.json", json.dumps({"published_at": "2025-08-15"}))
    (landing / "notes.md").write_text("not an article")

    first = tick(instance, landing, None)
    assert len(first.run_requests) == 1 and first.cursor
    assert first.run_requests[0].tags["hodo/changed_files"] == "3"

    same = tick(instance, landing, first.cursor)
    assert not same.run_requests and "no new or changed files" in same.skip_message

    # touching a file (new mtime, same bytes) is not a change
    p = landing / "a.txt"
    os.utime(p, (time.time() - 100, time.time() - 100))
    touched = tick(instance, landing, same.cursor or first.cursor)
    assert not touched.run_requests

    write(landing / "sub" / "b.txt", "日本の首相は会見し、記者の質問に答えた。")
    changed = tick(instance, landing, touched.cursor or same.cursor or first.cursor)
    assert len(changed.run_requests) == 1
    assert changed.run_requests[0].run_key != first.run_requests[0].run_key
    assert changed.run_requests[0].tags["hodo/changed_files"] == "1"

    again = tick(instance, landing, changed.cursor)
    assert not again.run_requests


def test_reverting_a_file_to_earlier_content_still_runs(instance, tmp_path):
    landing = tmp_path / "landing"
    write(landing / "a.txt", "版A")
    t1 = tick(instance, landing, None)
    write(landing / "a.txt", "版B")
    t2 = tick(instance, landing, t1.cursor)
    write(landing / "a.txt", "版A")
    t3 = tick(instance, landing, t2.cursor)
    keys = [t.run_requests[0].run_key for t in (t1, t2, t3)]
    assert len(set(keys)) == 3, keys


def test_new_file_and_file_still_being_written(instance, tmp_path):
    landing = tmp_path / "landing"
    write(landing / "a.txt", "一つ目")
    t1 = tick(instance, landing, None)
    fresh = landing / "b.txt"
    fresh.write_text("書き込み中", encoding="utf-8")  # mtime = now: may still be copying
    t2 = tick(instance, landing, t1.cursor)
    assert not t2.run_requests and "still being written" in t2.skip_message
    _old(fresh)
    t3 = tick(instance, landing, t2.cursor or t1.cursor)
    assert len(t3.run_requests) == 1 and t3.run_requests[0].tags["hodo/changed_files"] == "1"


def test_deleting_a_file_does_not_run(instance, tmp_path):
    landing = tmp_path / "landing"
    write(landing / "a.txt", "一つ目")
    write(landing / "b.txt", "二つ目")
    t1 = tick(instance, landing, None)
    (landing / "b.txt").unlink()
    t2 = tick(instance, landing, t1.cursor)
    assert not t2.run_requests
    write(landing / "b.txt", "二つ目")  # it comes back: a run
    t3 = tick(instance, landing, t2.cursor)
    assert len(t3.run_requests) == 1


def test_missing_landing_directory_skips(instance, tmp_path):
    result = tick(instance, tmp_path / "nowhere", None)
    assert not result.run_requests and "does not exist" in result.skip_message


def test_sensor_and_schedule_skip_while_a_run_is_in_flight(stored_instance, tmp_path):
    instance = stored_instance
    from pipelines.definitions import defs

    landing = tmp_path / "landing"
    write(landing / "a.txt", "一つ目")
    job = defs.resolve_job_def("hodo_job")
    run = instance.create_run_for_job(job_def=job, status=dg.DagsterRunStatus.STARTED)
    busy = tick(instance, landing, None)
    assert not busy.run_requests and "in progress" in busy.skip_message and busy.cursor is None
    ctx = dg.build_schedule_context(instance=instance)
    assert "in progress" in daily_refresh.evaluate_tick(ctx).skip_message
    instance.report_run_canceled(run)
    assert len(tick(instance, landing, None).run_requests) == 1


def test_schedule_requests_one_run_per_day(stored_instance):
    instance = stored_instance
    import datetime as dt

    when = dt.datetime(2025, 8, 15, 5, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    data = daily_refresh.evaluate_tick(dg.build_schedule_context(instance=instance, scheduled_execution_time=when))
    assert [r.run_key for r in data.run_requests] == ["hodo_daily-2025-08-15"]


def test_both_start_stopped_and_target_the_job():
    from pipelines.definitions import defs

    sensor = defs.resolve_sensor_def("landing_sensor")
    schedule = defs.resolve_schedule_def("hodo_daily")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert sensor.job_name == "hodo_job" and schedule.job_name == "hodo_job"
    assert schedule.cron_schedule == "0 5 * * *" and schedule.execution_timezone == "Asia/Tokyo"


def test_scan_reuses_hashes_of_unchanged_files(tmp_path, monkeypatch):
    import pipelines.sensors as sensors

    write(tmp_path / "a.txt", "一つ目")
    first, _ = scan_landing(tmp_path)
    calls = []
    monkeypatch.setattr(sensors, "_content_hash", lambda p: calls.append(p) or "x")
    again, _ = scan_landing(tmp_path, first)
    assert again == first and not calls
