"""Schedules: the whole graph once a day."""
from __future__ import annotations

import dagster as dg

daily_refresh = dg.ScheduleDefinition(
    name="hodo_daily",
    job_name="hodo_job",
    cron_schedule="0 5 * * *",
    execution_timezone="Asia/Tokyo",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Runs the whole graph at 05:00 JST; unchanged documents cost no NLP work.",
)

SCHEDULES = [daily_refresh]
