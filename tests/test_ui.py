"""The Dagster UI for real: `hodo ui` (dagster dev: webserver + daemon + code server) on a free
localhost port with a temporary DAGSTER_HOME, the job launched through the GraphQL API, run by
the daemon's run queue, and its asset-check results and the schedule/sensor states read back.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import duckdb
import pytest

from conftest import ROOT, SAMPLES, child_env, hodo_cmd

LOCATION, REPOSITORY, JOB = "hodo", "__repository__", "hodo_job"
START_TIMEOUT, RUN_TIMEOUT = 150, 300

LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on InvalidSubsetError { message }
    ... on PipelineNotFoundError { message }
  }
}"""

RUN_STATUS = """
query Run($runId: ID!) {
  runOrError(runId: $runId) { __typename ... on Run { status } ... on PythonError { message } }
}"""

RUN_ERRORS = """
query Logs($runId: ID!) {
  logsForRun(runId: $runId) {
    __typename
    ... on EventConnection { events { __typename ... on MessageEvent { message } } }
  }
}"""

CHECKS = """
query Checks {
  assetNodes {
    assetKey { path }
    assetChecksOrError {
      __typename
      ... on AssetChecks {
        checks { name blocking executionForLatestMaterialization { runId status evaluation { success } } }
      }
    }
  }
  assetCheckExecutions(assetKey: {path: ["documents"]}, checkName: "documents_gx_suite", limit: 5) {
    runId status evaluation { success description }
  }
}"""

INSTIGATORS = """
query States($repo: RepositorySelector!) {
  schedulesOrError(repositorySelector: $repo) {
    __typename ... on Schedules { results { name cronSchedule scheduleState { status } } }
  }
  sensorsOrError(repositorySelector: $repo) {
    __typename ... on Sensors { results { name sensorState { status } } }
  }
}"""

LOCATIONS = """
query Workspace {
  workspaceOrError {
    __typename
    ... on Workspace { locationEntries { name loadStatus locationOrLoadError { __typename ... on PythonError { message stack } } } }
  }
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GraphQL:
    def __init__(self, port: int):
        self.url = f"http://127.0.0.1:{port}/graphql"

    def __call__(self, query: str, variables: dict | None = None, timeout: float = 30) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        req = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                data = json.loads(resp.read())
        except urllib.error.HTTPError as exc:  # GraphQL validation errors come back as 400 with a body
            raise AssertionError(f"GraphQL {exc.code}: {exc.read().decode(errors='replace')[:2000]}") from None
        assert not data.get("errors"), data["errors"]
        return data["data"]


@pytest.fixture()
def dagster_ui(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLES, landing)
    db = tmp_path / "wh" / "hodo.duckdb"
    port = free_port()
    log = tmp_path / "ui.log"
    env = child_env(DAGSTER_HOME=str(home), HODO_INPUT_DIR=str(landing), HODO_DB_PATH=str(db))
    with open(log, "wb") as out:
        proc = subprocess.Popen(hodo_cmd() + ["ui", "--port", str(port)], cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    gql = GraphQL(port)

    def log_tail() -> str:
        return log.read_text(encoding="utf-8", errors="replace")[-5000:]

    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # the webserver answers, and the code location has loaded
            assert proc.poll() is None, f"`hodo ui` exited with {proc.returncode}:\n{log_tail()}"
            assert time.monotonic() < deadline, f"the UI did not come up in {START_TIMEOUT}s:\n{log_tail()}"
            try:
                ws = gql(LOCATIONS, timeout=10)["workspaceOrError"]
                entries = {e["name"]: e for e in ws.get("locationEntries", [])}
                entry = entries.get(LOCATION)
                if entry and entry["loadStatus"] == "LOADED":
                    assert entry["locationOrLoadError"]["__typename"] == "RepositoryLocation", entry
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(1)
        yield gql, db, log_tail
    finally:
        # dagster dev shuts its webserver, daemon and code server down on SIGTERM; then make sure
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        except ProcessLookupError:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def test_launch_job_through_graphql_and_read_back_checks_and_instigators(dagster_ui):
    gql, db, log_tail = dagster_ui
    repo = {"repositoryLocationName": LOCATION, "repositoryName": REPOSITORY}

    # schedules and sensors start STOPPED (nothing runs until someone turns them on)
    states = gql(INSTIGATORS, {"repo": repo})
    schedules = {s["name"]: s for s in states["schedulesOrError"]["results"]}
    sensors = {s["name"]: s for s in states["sensorsOrError"]["results"]}
    assert schedules["hodo_daily"]["scheduleState"]["status"] == "STOPPED"
    assert schedules["hodo_daily"]["cronSchedule"] == "0 5 * * *"
    assert sensors["landing_sensor"]["sensorState"]["status"] == "STOPPED"

    launched = gql(LAUNCH, {"params": {"selector": {**repo, "jobName": JOB}, "runConfigData": {}}})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]

    deadline = time.monotonic() + RUN_TIMEOUT
    status = None
    while time.monotonic() < deadline:
        status = gql(RUN_STATUS, {"runId": run_id})["runOrError"].get("status")
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(2)
    if status != "SUCCESS":
        logs = gql(RUN_ERRORS, {"runId": run_id})["logsForRun"]
        messages = [e.get("message") for e in logs.get("events", []) if "Failure" in e["__typename"]
                    or "Error" in e["__typename"]]
        pytest.fail(f"run {run_id} ended {status}: {messages[-5:]}\n{log_tail()}")

    # the run wrote the published warehouse and its siblings where HODO_DB_PATH says
    assert db.is_file() and (db.parent / "report.html").is_file() and (db.parent / "export").is_dir()
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
    finally:
        con.close()

    data = gql(CHECKS)
    checks = {}
    for node in data["assetNodes"]:
        result = node["assetChecksOrError"]
        assert result["__typename"] == "AssetChecks", result
        for c in result["checks"]:
            checks[(tuple(node["assetKey"]["path"]), c["name"])] = c
    assert len(checks) >= 11
    for key, c in checks.items():
        execution = c["executionForLatestMaterialization"]
        assert c["blocking"], key
        assert execution and execution["runId"] == run_id, (key, execution)
        assert execution["status"] == "SUCCEEDED" and execution["evaluation"]["success"], (key, execution)
    history = data["assetCheckExecutions"]
    assert history and history[0]["runId"] == run_id and history[0]["status"] == "SUCCEEDED"
    assert history[0]["evaluation"]["success"] and "documents" in history[0]["evaluation"]["description"]

    # still STOPPED after a run
    states = gql(INSTIGATORS, {"repo": repo})
    assert {s["sensorState"]["status"] for s in states["sensorsOrError"]["results"]} == {"STOPPED"}
    assert {s["scheduleState"]["status"] for s in states["schedulesOrError"]["results"]} == {"STOPPED"}
