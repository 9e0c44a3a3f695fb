"""The one Great Expectations adapter: suites in ``expectations/<table>.json``
validated inside DuckDB, exposed as blocking Dagster asset checks.

Why it looks like this (details and reproductions in ../shared/notes/ecosystem.md):

* GX is imported lazily, inside functions only: ``import great_expectations``
  costs ~3.5 s and ~250 MB, and Dagster imports this module on every load.
* GX talks to DuckDB through SQLAlchemy + duckdb-engine (its SQL datasource), so
  every expectation runs as SQL inside DuckDB; no table is pulled into Python.
  Only aggregates and at most a few hundred example rows cross over.
* GX 1.24 needs two patches for DuckDB, both in :func:`_patch_gx_for_duckdb`.
* Regex expectations are unsupported for the duckdb dialect ("Regex is not
  supported for dialect duckdb"); the suites express regex rules, and every
  rule GX has no expectation for (foreign keys, offsets into documents.text,
  tokens rebuilding sentences...), as ``unexpected_rows_expectation`` with an
  ``unexpected_rows_query``: ``{batch}`` is the table under test, other tables
  are named directly. Literal braces in a query must be doubled (GX formats it
  with ``str.format``), so the suites write ``\\d\\d\\d\\d``, not ``\\d{4}``.
* A suite expectation may carry ``"severity": "warning"``: it is reported, but
  only ``critical`` (the default) failures fail the check.
* The GX engines are disposed after every validation: duckdb-engine connects
  with its own config, and DuckDB refuses a second connection to the same file
  with a different configuration in the same process ("Can't open a connection
  to same database file with a different configuration than existing
  connections") as long as any of them is open.
"""
from __future__ import annotations

import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

EXPECTATIONS_DIR = Path(__file__).resolve().parent.parent / "expectations"

#: The tables with a suite, in pipeline order.
TABLES = (
    "documents", "sentences", "tokens", "entities", "entity_mentions", "temporal_expressions",
    "events", "event_participants", "event_mentions", "quotes", "ingest_errors",
)

#: Columns that identify a row, reported beside unexpected values of column expectations.
KEY_COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id"],
    "sentences": ["doc_id", "sentence_id"],
    "tokens": ["doc_id", "token_id"],
    "entities": ["entity_id"],
    "entity_mentions": ["doc_id", "start_char"],
    "temporal_expressions": ["doc_id", "start_char"],
    "events": ["event_id"],
    "event_participants": ["event_id", "entity_id"],
    "event_mentions": ["event_id", "doc_id", "sentence_id"],
    "quotes": ["doc_id", "start_char"],
    "ingest_errors": ["source_path"],
}

#: How many example rows an outcome keeps, and a failed unexpected-rows rule keeps for Data Docs
#: (GX fetches at most 200 per rule).
EXAMPLES = 5
DETAIL_ROWS = 20


@dataclass
class ExpectationOutcome:
    name: str  # the suite's meta.name, e.g. "tokens_surface_matches_text"
    passed: bool
    unexpected_count: int | None  # rows (or values) that broke the rule; None when GX gives no count
    examples: list  # a few offending rows as dicts (keys + the values that matter)
    details: str  # one line a person can act on
    expectation_type: str = ""
    severity: str = "critical"  # only critical failures fail the check


@dataclass
class SuiteOutcome:
    table: str
    passed: bool  # no critical expectation failed
    outcomes: list[ExpectationOutcome]
    data_docs_index: str | None
    elapsed_s: float = 0.0
    failed: list[ExpectationOutcome] = field(init=False)

    def __post_init__(self) -> None:
        self.failed = [o for o in self.outcomes if not o.passed]


def suite_path(table: str) -> Path:
    return EXPECTATIONS_DIR / f"{table}.json"


def load_suite_spec(table: str) -> dict:
    """The suite JSON of ``table``: ``{"name", "expectations": [{"type", "kwargs", "meta", ...}]}``."""
    path = suite_path(table)
    if not path.is_file():
        raise FileNotFoundError(f"no GX suite for table {table!r}: {path}")
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- GX patches

_PATCH_LOCK = threading.Lock()
_PATCHED = False


def _memory_bytecode_cache():
    from jinja2 import BytecodeCache

    class MemoryBytecodeCache(BytecodeCache):
        """Compiled Data Docs templates, kept for the life of the process."""

        def __init__(self) -> None:
            self._code: dict[str, bytes] = {}

        def load_bytecode(self, bucket) -> None:
            if bucket.key in self._code:
                bucket.bytecode_from_string(self._code[bucket.key])

        def dump_bytecode(self, bucket) -> None:
            self._code[bucket.key] = bucket.bytecode_to_string()

    return MemoryBytecodeCache()


class _LazyTemplateCache:
    """Created on first use, so importing this module never imports jinja2."""

    _cache = None

    def __getattr__(self, name):
        if _LazyTemplateCache._cache is None:
            _LazyTemplateCache._cache = _memory_bytecode_cache()
        return getattr(_LazyTemplateCache._cache, name)


_TEMPLATE_CACHE = _LazyTemplateCache()


def _patch_gx_for_duckdb() -> None:
    """Make GX 1.24's SQLAlchemy engine usable with DuckDB. Idempotent; the only monkeypatch of GX.

    1. ``SqlAlchemyExecutionEngine.execute_query`` returns a lazy ``CursorResult``
       *after* its ``with get_connection()`` block has returned the connection to
       the pool. The pool's reset (ROLLBACK) makes DuckDB drop the pending result,
       so every later ``fetchall()`` sees ``[]`` and every expectation fails with
       ``MetricResolutionError: list index out of range`` (great_expectations
       #10738; reproduced in tests/test_checks.py::test_unpatched_gx_cannot_read_duckdb).
       Fix: buffer the result while the connection is still open (``.freeze()``).
       Metric queries return aggregates, so buffering is small.
    2. With (1), the rows of an ``unexpected_rows_query`` would be buffered in full
       before GX keeps only the first 200 (``fetchmany(MAX_RESULT_RECORDS)``): a
       badly broken tokens table would pull millions of rows into Python. The
       query-metric fetch is replaced by one that fetches those 200 rows inside
       the connection scope and leaves the rest in DuckDB. (``fetch_all=True``
       keeps its meaning.)
    3. ``UnexpectedRowsExpectation`` returns its offending rows only with result_format
       COMPLETE, and the run-time result_format overrides any per-expectation one;
       COMPLETE would make every column expectation return *all* its unexpected
       values. So a failed unexpected-rows rule gets the first ``DETAIL_ROWS`` of the
       rows GX already fetched (the ``unexpected_rows_query.table`` metric) under any
       result format.
    Remove all three once GX ships a native DuckDB engine (PR #12084).

    4. Speed, not correctness: every Data Docs build makes new Jinja environments
       and compiles the same templates again (about 0.3 s of each check's 0.4 s of
       docs). The environments share one in-memory bytecode cache, so a template is
       compiled once per process.
    5. Speed, not correctness: an unexpected-rows rule runs its query twice, once for
       the rows (the first 200) and once wrapped in ``SELECT COUNT(*)``. Whichever
       comes first fetches up to 201 rows and keeps them on the engine (one engine
       per validation, so nothing outlives it); when there are at most 200, the
       count is their number and the query ran once. More rows: the real COUNT runs.
    """
    global _PATCHED
    with _PATCH_LOCK:
        if _PATCHED:
            return
        from great_expectations.compatibility.sqlalchemy import sqlalchemy as sa
        from great_expectations.constants import MAX_RESULT_RECORDS
        from great_expectations.execution_engine.sqlalchemy_execution_engine import SqlAlchemyExecutionEngine
        from great_expectations.expectations.core.unexpected_rows_expectation import UnexpectedRowsExpectation
        from great_expectations.expectations.metrics.query_metric_provider import QueryMetricProvider

        def fetch_rows(engine, subquery: str, limit: int | None) -> list:
            """The first ``limit`` rows of ``subquery`` (all with None), fetched while the connection is open."""
            with engine.get_connection() as connection:
                result = engine._execute_query_with_recovery(connection, sa.text(subquery))
                rows = result.fetchall() if limit is None else result.fetchmany(limit)
                result.close()
            return rows

        def rows_seen(engine) -> dict:
            """Rows each unexpected-rows query returned in this engine's validation (see 5. above)."""
            return engine.__dict__.setdefault("_hodo_rows_seen", {})

        def execute_query(self, query):
            count_of = _COUNT_QUERY.match(str(query))
            if count_of:
                subquery = count_of.group(1)
                seen = rows_seen(self).get(subquery)
                if seen is None:  # count first: fetch the rows once, for the rows metric too
                    seen = fetch_rows(self, subquery, MAX_RESULT_RECORDS + 1)
                    rows_seen(self)[subquery] = seen
                if len(seen) <= MAX_RESULT_RECORDS:
                    return _Count(len(seen))
            with self.get_connection() as connection:
                return self._execute_query_with_recovery(connection, query).freeze()()

        def records(cls, substituted_batch_subquery: str, execution_engine, fetch_all: bool = False):
            if fetch_all:
                rows = fetch_rows(execution_engine, substituted_batch_subquery, None)
            else:
                rows = rows_seen(execution_engine).get(substituted_batch_subquery)
                if rows is None:
                    rows = fetch_rows(execution_engine, substituted_batch_subquery, MAX_RESULT_RECORDS + 1)
                    rows_seen(execution_engine)[substituted_batch_subquery] = rows
                rows = rows[:MAX_RESULT_RECORDS]
            return [row._asdict() for row in rows]

        validate_unexpected_rows = UnexpectedRowsExpectation._validate

        def _validate(self, metrics, runtime_configuration=None, execution_engine=None):
            out = validate_unexpected_rows(self, metrics, runtime_configuration, execution_engine)
            if isinstance(out, dict) and not out.get("success") and "result" in out:
                details = out["result"].setdefault("details", {})
                details.setdefault("unexpected_rows",
                                   list(metrics.get("unexpected_rows_query.table") or [])[:DETAIL_ROWS])
            return out

        from great_expectations.render.view.view import DefaultJinjaView

        view_init = DefaultJinjaView.__init__

        def init_with_shared_bytecode(self, *args, **kwargs):
            view_init(self, *args, **kwargs)
            self.env.bytecode_cache = _TEMPLATE_CACHE

        DefaultJinjaView.__init__ = init_with_shared_bytecode
        SqlAlchemyExecutionEngine.execute_query = execute_query
        UnexpectedRowsExpectation._validate = _validate
        QueryMetricProvider._get_sqlalchemy_records_from_substituted_batch_subquery = classmethod(records)
        _PATCHED = True


#: The row-count query GX wraps around an unexpected-rows query (QueryRowCount, GX 1.24).
_COUNT_QUERY = re.compile(r"\ASELECT COUNT\(\*\) as unexpected_row_count FROM \((.*)\) AS substituted_batch_subquery\Z",
                          re.DOTALL)


class _Count:
    """A one-row, one-column query result: what GX reads from its COUNT query (``fetchone()[0]``)."""

    def __init__(self, n: int) -> None:
        self._row = (n,)

    def fetchone(self):
        return self._row

    def fetchall(self):
        return [self._row]


# --------------------------------------------------------------------------- validation

def _result_format(table: str) -> dict:
    return {
        "result_format": "SUMMARY",
        "partial_unexpected_count": EXAMPLES,
        "unexpected_index_column_names": KEY_COLUMNS.get(table, []),
    }


def _build_suite(gx, spec: dict, table: str):
    """An ExpectationSuite from the JSON spec."""
    return gx.ExpectationSuite(name=spec.get("name", table), expectations=[dict(x) for x in spec["expectations"]],
                               meta=spec.get("meta"))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def _describe(etype: str, kwargs: dict) -> str:
    """``expect_column_values_to_be_in_set(column='entity_type', value_set=[...])``, shortened."""
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items() if k not in ("batch_id", "result_format"))
    return f"{etype}({args if len(args) <= 160 else args[:159] + '…'})"


def _outcome(evr, table: str) -> ExpectationOutcome:
    cfg = evr.expectation_config
    meta = cfg.meta or {}
    etype = cfg.type
    name = meta.get("name") or f"{etype}({cfg.kwargs.get('column') or cfg.kwargs.get('column_list') or ''})"
    severity = str(getattr(cfg.severity, "value", cfg.severity) or "critical")
    result = evr.result or {}
    exc = evr.exception_info or {}
    # exception_info is either {"raised_exception": ...} or keyed by metric id
    excs = [exc] if "raised_exception" in exc else [v for v in exc.values() if isinstance(v, dict)]
    raised = [e for e in excs if e.get("raised_exception")]
    what = cfg.description or meta.get("description") or _describe(etype, cfg.kwargs)

    if raised:
        msg = raised[0].get("exception_message") or "error"
        return ExpectationOutcome(name, False, None, [], f"{what} -- could not be evaluated: {msg}", etype, severity)

    if etype == "unexpected_rows_expectation":
        count = result.get("observed_value")
        rows = (result.get("details") or {}).get("unexpected_rows") or []
        examples = [_jsonable(dict(r)) for r in rows[:EXAMPLES]]
    else:
        count = result.get("unexpected_count")
        examples = result.get("partial_unexpected_index_list") or []
        if not examples:
            examples = [{"value": v} for v in result.get("partial_unexpected_list") or []]
            if not examples and "observed_value" in result:
                examples = [{"observed_value": result["observed_value"]}]
        examples = [_jsonable(x) for x in examples[:EXAMPLES]]
    count = int(count) if isinstance(count, (int, float)) else None
    passed = bool(evr.success)
    if passed:
        details = f"ok: {what}"
    else:
        n = f"{count} unexpected" if count is not None else f"observed {result.get('observed_value')!r}"
        details = f"FAILED ({n}): {what}"
    return ExpectationOutcome(name, passed, count, examples, details, etype, severity)


def _docs_site_config(directory: Path) -> dict:
    return {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(directory)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


#: Under the Data Docs directory: GX's expectation and validation-result stores (run-time state, never
#: committed), so that the site index lists every table's latest results, not only the last one validated.
STORES_DIR = ".gx_stores"
#: Validation results kept per table (the oldest are pruned; their pages drop out of the index).
KEEP_RESULTS = 10


def _context(gx, data_docs_dir: Path | None):
    """An ephemeral context; with a Data Docs directory, its suites and results live on disk beside it.

    Each check runs in its own context (often its own process). The site index is built from the
    context's stores, and pages without a stored result are deleted, so with in-memory stores every
    check would leave an index of its own table only.
    """
    if data_docs_dir is None:
        return gx.get_context(mode="ephemeral")
    from great_expectations.data_context.types.base import DataContextConfig, InMemoryStoreBackendDefaults

    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False))
    for store, sub in (("expectations_store", "expectations"), ("validation_results_store", "validations")):
        config.stores[store]["store_backend"] = {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(data_docs_dir / STORES_DIR / sub),
        }
    return gx.get_context(mode="ephemeral", project_config=config)


def _prune_results(suite_results: Path, keep: int | None = None) -> None:
    """Delete all but the newest ``keep`` stored validation runs of one suite (run dirs sort by time)."""
    import shutil

    keep = KEEP_RESULTS if keep is None else keep
    if not suite_results.is_dir():
        return
    runs = sorted(p for p in suite_results.glob("*/*") if p.is_dir())
    for old in runs[: max(len(runs) - (keep - 1), 0)]:
        shutil.rmtree(old, ignore_errors=True)


def _drop_corrupt_store_files(stores: Path) -> None:
    """Delete stored suites/results that are not valid JSON (cut short by a full disk or a killed
    run): GX fails on them with a TypeError, and they are run-time state that the next check rewrites."""
    if not stores.is_dir():
        return
    for path in stores.rglob("*.json"):
        try:
            ok = bool(json.loads(path.read_bytes()))
        except (ValueError, OSError):
            ok = False
        if not ok:
            path.unlink(missing_ok=True)


def _dispose(datasource) -> None:
    """Close every connection GX opened (both engines; see the module docstring)."""
    for engine in (
        getattr(getattr(datasource, "_execution_engine", None), "engine", None),
        getattr(datasource, "_engine", None),
    ):
        if engine is not None:
            engine.dispose()


#: How long a check waits for a writer in another process to release the database file.
LOCK_WAIT_S = 120.0


def _wait_until_readable(db_path: Path, timeout_s: float | None = None) -> None:
    """Wait while another process holds the DuckDB file (a writer's lock blocks even read-only opens).

    DuckDB allows one writing process, or any number of read-only ones. The stages write with short
    connections and retry on lock conflicts; a check does the same here, before GX connects. A
    connection still open in *this* process raises at once (duckdb.ConnectionException): close it
    before validating.
    """
    import duckdb

    deadline = time.monotonic() + (LOCK_WAIT_S if timeout_s is None else timeout_s)
    delay = 0.05
    while True:
        try:
            duckdb.connect(str(db_path), read_only=True).close()
            return
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def validate_table(db_path: str | Path, table: str, *, data_docs_dir: Path | None = None) -> SuiteOutcome:
    """Validate ``table`` of the DuckDB file ``db_path`` against ``expectations/<table>.json``.

    The database is opened read-only through GX's SQL datasource; every rule runs as SQL in DuckDB.
    With ``data_docs_dir``, GX Data Docs are (re)built there and ``data_docs_index`` is its index.html.
    """
    started = time.perf_counter()
    db_path = Path(db_path).resolve()
    if not db_path.is_file():
        raise FileNotFoundError(f"no database at {db_path}")
    spec = load_suite_spec(table)
    _wait_until_readable(db_path)

    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    _patch_gx_for_duckdb()
    if data_docs_dir is not None:
        data_docs_dir = Path(data_docs_dir).resolve()
        _prune_results(data_docs_dir / STORES_DIR / "validations" / spec.get("name", table))
        _drop_corrupt_store_files(data_docs_dir / STORES_DIR)
    ctx = _context(gx, data_docs_dir)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    datasource = ctx.data_sources.add_sql(
        name="hodo_warehouse",
        connection_string=f"duckdb:///{db_path}",
        # Checks only read; read-only also lets checks in several processes share the file.
        # A fixed cap on DuckDB's memory keeps validation flat however large the tables grow
        # (DuckDB otherwise caches up to 80% of RAM); HODO_CHECK_MEMORY_LIMIT raises it.
        kwargs={"connect_args": {"read_only": True, "config": {
            "memory_limit": os.environ.get("HODO_CHECK_MEMORY_LIMIT", "256MB")}}},
    )
    index: str | None = None
    try:
        asset = datasource.add_table_asset(name=table, table_name=table)
        batch_definition = asset.add_batch_definition_whole_table(name=f"{table}_whole_table")
        suite = ctx.suites.add_or_update(_build_suite(gx, spec, table))
        validation = ctx.validation_definitions.add(
            gx.ValidationDefinition(name=f"{table}_validation", data=batch_definition, suite=suite))
        if data_docs_dir is None:
            result = validation.run(result_format=_result_format(table))
        else:
            ctx.add_data_docs_site(site_name="hodo_data_docs", site_config=_docs_site_config(data_docs_dir))
            checkpoint = ctx.checkpoints.add(gx.Checkpoint(
                name=f"{table}_checkpoint",
                validation_definitions=[validation],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs",
                                                            site_names=["hodo_data_docs"])],
                result_format=_result_format(table),
            ))
            run = checkpoint.run()
            result = next(iter(run.run_results.values()))
            if (data_docs_dir / "index.html").is_file():
                index = str(data_docs_dir / "index.html")
    finally:
        for ds in list(ctx.data_sources.all().values()) + [datasource]:
            _dispose(ds)

    outcomes = [_outcome(evr, table) for evr in result.results]
    passed = all(o.passed for o in outcomes if o.severity == "critical")
    return SuiteOutcome(table, passed, outcomes, index, round(time.perf_counter() - started, 3))


# --------------------------------------------------------------------------- Dagster

def _md_cell(value: Any, width: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    text = text.replace("|", "\\|").replace("\n", "\\n")
    return text if len(text) <= width else text[: width - 1] + "…"


def examples_markdown(outcome: SuiteOutcome) -> str:
    """One section per failed expectation: what it checks, how many rows, a table of examples."""
    if not outcome.failed:
        return f"All {len(outcome.outcomes)} expectations on `{outcome.table}` passed."
    parts = []
    for o in outcome.failed:
        parts.append(f"**{o.name}** ({o.severity}, {o.unexpected_count if o.unexpected_count is not None else '?'} "
                     f"unexpected)  \n{o.details}")
        if o.examples:
            cols: list[str] = []
            for row in o.examples:
                for k in (row if isinstance(row, dict) else {"value": row}):
                    if k not in cols:
                        cols.append(k)
            lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
            for row in o.examples:
                row = row if isinstance(row, dict) else {"value": row}
                lines.append("| " + " | ".join(_md_cell(row.get(c, "")) for c in cols) + " |")
            parts.append("\n".join(lines))
    return "\n\n".join(parts)


def check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    """The Dagster result of one suite outcome."""
    failed = outcome.failed
    critical = [o.name for o in failed if o.severity == "critical"]
    warnings = [o.name for o in failed if o.severity != "critical"]
    metadata: dict[str, Any] = {
        "expectations": len(outcome.outcomes),
        "failed_expectations": critical,
        "warnings": warnings,
        "unexpected_rows": {o.name: o.unexpected_count for o in failed},
        "examples": dg.MetadataValue.md(examples_markdown(outcome)),
        "elapsed_s": outcome.elapsed_s,
    }
    if outcome.data_docs_index:
        metadata["data_docs"] = dg.MetadataValue.path(outcome.data_docs_index)
    if critical:
        description = f"{outcome.table}: {len(critical)} expectation(s) failed: " + "; ".join(
            f"{o.name} ({o.unexpected_count} unexpected)" for o in failed if o.severity == "critical")
    else:
        description = f"{outcome.table}: {len(outcome.outcomes)} expectations passed" + (
            f" ({len(warnings)} warning(s): {', '.join(warnings)})" if warnings else "")
    return dg.AssetCheckResult(
        passed=outcome.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=description,
        metadata=metadata,
    )


def gx_checks_for(asset_key: dg.AssetKey | str | list[str], table: str, *,
                  resource_key: str = "warehouse", blocking: bool = True) -> dg.AssetChecksDefinition:
    """A blocking asset check ``<table>_gx_suite`` on ``asset_key``: the whole GX suite of ``table``.

    One check per table (not one per expectation): a suite is validated in one GX run, the check's
    metadata names every failed expectation with its count and example rows, and the Data Docs hold
    the full per-expectation report. The resource under ``resource_key`` is a
    :class:`pipelines.resources.Warehouse` (``work_path``, ``data_docs_dir``).
    """
    load_suite_spec(table)  # fail at definition time if the suite is missing or not JSON
    key = asset_key if isinstance(asset_key, dg.AssetKey) else dg.AssetKey(asset_key)

    @dg.asset_check(
        asset=key,
        name=f"{table}_gx_suite",
        blocking=blocking,
        required_resource_keys={resource_key},
        description=f"Great Expectations suite expectations/{table}.json, run inside DuckDB.",
    )
    def _check(context) -> dg.AssetCheckResult:  # unannotated: `from __future__ import annotations` hides the type
        warehouse = getattr(context.resources, resource_key)
        outcome = validate_table(warehouse.work_path, table, data_docs_dir=warehouse.data_docs_dir)
        for o in outcome.failed:
            context.log.warning(f"{table}: {o.details}")
        if os.environ.get("HODO_PROGRESS") == "1":  # `hodo run`'s progress lines (assets/_stage.progress)
            verdict = "passed" if outcome.passed else f"FAILED: {', '.join(o.name for o in outcome.failed)}"
            print(f"  {table + ' checks':28s} {len(outcome.outcomes)} expectations {verdict}", flush=True)
        return check_result(outcome)

    return _check
