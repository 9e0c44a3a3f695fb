"""Shared fixtures.

``sample_warehouse``: one real ``hodo run`` over the bundled sample corpus
(data/samples), in a subprocess exactly as a user runs it, once per test
session. Tests that only *read* the published warehouse (views, examples,
report, export, ...) share it; a test that needs to change the landing
directory or the warehouse must copy it (``copy_landed``) rather than touch it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"


def hodo_cmd() -> list[str]:
    """The installed `hodo` script of the interpreter running the tests (else `python -m pipelines.cli`)."""
    script = Path(sys.executable).with_name("hodo")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child `hodo`/`dagster`: no HODO_*/DAGSTER_* leaking in from the caller."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HODO_", "DAGSTER_"))}
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


@dataclass(frozen=True)
class SampleWarehouse:
    input_dir: Path  # the landing directory that was run (data/samples: never write to it)
    db: Path  # the published warehouse (open it read-only)
    work_db: Path  # the working database beside it
    summary_path: Path
    summary: dict  # the parsed --json-summary
    stdout: str
    stderr: str
    elapsed_s: float

    @property
    def directory(self) -> Path:
        return self.db.parent


def run_hodo(args: list[str], *, timeout: float = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(hodo_cmd() + args, cwd=ROOT, env=env or child_env(), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> SampleWarehouse:
    """A warehouse built by a real `hodo run --input data/samples` (read-only for tests)."""
    out = tmp_path_factory.mktemp("sample_warehouse")
    db, summary = out / "hodo.duckdb", out / "summary.json"
    started = time.monotonic()
    proc = run_hodo(["run", "--input", str(SAMPLES), "--db", str(db), "--json-summary", str(summary)])
    elapsed = time.monotonic() - started
    report = f"rc={proc.returncode}\n--- stdout ---\n{proc.stdout[-4000:]}\n--- stderr ---\n{proc.stderr[-4000:]}"
    if proc.returncode != 0 or not db.is_file() or not summary.is_file():
        pytest.fail(f"`hodo run` on data/samples failed; every test using sample_warehouse depends on it:\n{report}",
                    pytrace=False)
    data = json.loads(summary.read_text(encoding="utf-8"))
    if not data.get("ok"):
        pytest.fail(f"`hodo run` on data/samples reported ok=false:\n{report}", pytrace=False)
    from hodo.warehouse import work_path_for

    return SampleWarehouse(SAMPLES, db, work_path_for(db), summary, data, proc.stdout, proc.stderr,
                           round(elapsed, 1))


def copy_landed(sample: SampleWarehouse, dest: Path) -> tuple[Path, Path]:
    """A private copy of the landed state: the sample corpus in ``dest/landing`` and the published and
    working databases in ``dest/wh`` (so a run there starts from "already processed").
    Returns (landing dir, published db path)."""
    landing = dest / "landing"
    shutil.copytree(sample.input_dir, landing)
    wh = dest / "wh"
    wh.mkdir(parents=True)
    for f in (sample.db, sample.work_db):
        shutil.copy2(f, wh / f.name)
    return landing, wh / sample.db.name


@pytest.fixture
def sample_inputs_small(tmp_path_factory):
    """Two sample articles in a fresh landing directory: a quick real corpus."""
    import shutil

    root = tmp_path_factory.mktemp("landing-small")
    samples = Path(__file__).resolve().parents[1] / "data" / "samples"
    for name in ("wire_un_security_council_sudan.txt", "wire_un_security_council_sudan.meta.json",
                 "feature_us_russia_summit_takeaways.txt"):
        shutil.copy(samples / name, root / name)
    return root


_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without interpreter finalization once pytest has printed its summary:
    duckdb 2.0's nanobind bindings print spurious "leaked instances" lines at
    shutdown, which would otherwise follow (and bury) pytest's closing line."""
    if _EXIT_STATUS and not os.environ.get("HODO_PYTEST_FINALIZE"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
