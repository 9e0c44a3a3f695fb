"""The GX adapter (pipelines/checks.py) against a real DuckDB file and real GX validation.

The database is built from the project DDL and filled with a small, fully
consistent corpus whose rows are derived from the text (offsets computed in
Python, the way the stages do), then corrupted one rule at a time.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from hodo.warehouse import ensure_schema
from pipelines.checks import (
    EXPECTATIONS_DIR,
    TABLES,
    SuiteOutcome,
    check_result,
    load_suite_spec,
    validate_table,
)

ROOT = Path(__file__).resolve().parent.parent

DOC_A = "トランプ大統領は15日、アラスカでプーチン大統領と会談した。\n会談は約3時間続いた。ペスコフ報道官は「建設的だった」と述べた。"
DOC_B = "ゼレンスキー大統領 は 2025年8月に訪米する。😀"  # a space inside and an emoji (not in the BMP)


def _spans(text: str, pattern: str):
    for m in re.finditer(pattern, text):
        yield m.start(), m.end(), m.group()


def _find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return at, at + len(needle)


def _sentence_of(sentences, doc_id, start):
    return next(s[1] for s in sentences if s[0] == doc_id and s[2] <= start < s[3])


def build_corpus(path: Path) -> None:
    """Documents, sentences, tokens and every later table, consistent with each other."""
    from hodo.sentences import split_sentences

    ensure_schema(path)
    docs = {"doc_a": DOC_A, "doc_b": DOC_B}
    con = duckdb.connect(str(path))
    try:
        for i, (doc_id, text) in enumerate(docs.items()):
            con.execute(
                "INSERT INTO documents VALUES (?, ?, NULL, NULL, ?, ?, ?, ?, ?, 'test', 'utf-8', now())",
                [doc_id, f"{doc_id}.txt", date(2025, 8, 15) if i == 0 else None,
                 "dateline" if i == 0 else "unknown",
                 hashlib.sha256(text.encode()).hexdigest(), len(text), text],
            )
        sentences = []
        tokens = []
        for doc_id, text in docs.items():
            token_id = 0
            for s in split_sentences(text):
                sentences.append((doc_id, s.sentence_id, s.start_char, s.end_char, s.text))
                # a crude tokenizer: runs of one script; whitespace dropped (as hodo.tokenize does)
                for a, b, surface in _spans(s.text, r"[\u30a0-\u30ff]+|[\u4e00-\u9fff]+|[0-9]+|[\u3040-\u309f]+|\S"):
                    tokens.append((doc_id, s.sentence_id, token_id, s.start_char + a, s.start_char + b,
                                   surface, surface, None, "名詞,一般,*,*"))
                    token_id += 1
        con.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?)", sentences)
        con.executemany("INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tokens)

        con.execute("""INSERT INTO entities VALUES
            ('e_trump', 'PERSON', 'ドナルド・トランプ', 'US', 1, 1),
            ('e_putin', 'PERSON', 'ウラジーミル・プーチン', 'RU', 1, 1),
            ('e_peskov', 'PERSON', 'ドミトリー・ペスコフ', 'RU', 1, 1),
            ('e_zelensky', 'PERSON', 'ウォロディミル・ゼレンスキー', 'UA', 1, 1),
            ('e_alaska', 'LOCATION', 'アラスカ', 'US', 1, 1)""")
        mentions = []
        for doc_id, surface, title, entity_id, etype in [
            ("doc_a", "トランプ", "大統領", "e_trump", "PERSON"),
            ("doc_a", "プーチン", "大統領", "e_putin", "PERSON"),
            ("doc_a", "ペスコフ", "報道官", "e_peskov", "PERSON"),
            ("doc_a", "アラスカ", None, "e_alaska", "LOCATION"),
            ("doc_b", "ゼレンスキー", "大統領", "e_zelensky", "PERSON"),
        ]:
            a, b = _find(docs[doc_id], surface)
            mentions.append((doc_id, _sentence_of(sentences, doc_id, a), a, b, surface, title, entity_id, etype))
        con.executemany("INSERT INTO entity_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", mentions)

        timexes = []
        for doc_id, surface, ttype, value, rs, re_ in [
            ("doc_a", "15日", "DATE", "2025-08-15", date(2025, 8, 15), date(2025, 8, 15)),
            ("doc_a", "3時間", "DURATION", "PT3H", None, None),
            ("doc_b", "2025年8月", "DATE", "2025-08", date(2025, 8, 1), date(2025, 8, 31)),
        ]:
            a, b = _find(docs[doc_id], surface)
            timexes.append((doc_id, _sentence_of(sentences, doc_id, a), a, b, surface, ttype, value, rs, re_))
        con.executemany("INSERT INTO temporal_expressions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", timexes)

        con.execute("""INSERT INTO events VALUES
            ('ev1', 'MEETING', '2025-08-15', 'e_alaska', 'PT3H', 'reported'),
            ('ev2', 'VISIT', '2025-08', NULL, NULL, 'planned')""")
        con.execute("""INSERT INTO event_participants VALUES
            ('ev1', 'e_trump'), ('ev1', 'e_putin'), ('ev2', 'e_zelensky')""")
        con.execute("INSERT INTO event_mentions VALUES ('ev1', 'doc_a', 0), ('ev1', 'doc_a', 1), ('ev2', 'doc_b', 0)")
        a, b = _find(DOC_A, "建設的だった")
        con.execute("INSERT INTO quotes VALUES ('doc_a', ?, ?, ?, '建設的だった', 'e_peskov')",
                    [_sentence_of(sentences, "doc_a", a), a, b])
        con.execute("""INSERT INTO ingest_errors VALUES
            ('broken.txt', 'undecodable: not text in any supported encoding', ?, ?)""",
                    [hashlib.sha256(b"\xff\xfe\x00").hexdigest(), datetime(2025, 8, 15, 12, 0)])
    finally:
        con.close()


@pytest.fixture(scope="module")
def good_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gx") / "good.duckdb"
    build_corpus(path)
    return path


@pytest.fixture()
def db(tmp_path, good_db) -> Path:
    """A private copy of the good database, free to corrupt."""
    path = tmp_path / "work.duckdb"
    path.write_bytes(good_db.read_bytes())
    return path


def run_sql(path: Path, sql: str, params=None) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(sql, params or [])
    finally:
        con.close()


def failed_names(outcome: SuiteOutcome) -> set[str]:
    return {o.name for o in outcome.outcomes if not o.passed}


def outcome_of(outcome: SuiteOutcome, name: str):
    return next(o for o in outcome.outcomes if o.name == name)


# --------------------------------------------------------------------------- suites as files

def test_every_table_has_a_wellformed_suite():
    ddl_tables = set(re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", (ROOT / "sql/ddl/001_contract_tables.sql").read_text()))
    assert set(TABLES) == ddl_tables
    for table in TABLES:
        spec = json.loads((EXPECTATIONS_DIR / f"{table}.json").read_text(encoding="utf-8"))
        assert spec["name"] == table
        names = [x["meta"]["name"] for x in spec["expectations"]]
        assert len(names) == len(set(names)), f"duplicate expectation names in {table}"
        for x in spec["expectations"]:
            assert "id" not in x
            assert x["type"] not in {"expect_column_values_to_match_regex", "expect_column_values_to_not_match_regex"}, \
                "regex expectations are unsupported for duckdb: use unexpected_rows_expectation"
            if x["type"] == "unexpected_rows_expectation":
                assert "{batch}" in x["kwargs"]["unexpected_rows_query"]
        assert load_suite_spec(table)["expectations"]


# --------------------------------------------------------------------------- good data

def test_all_suites_pass_on_consistent_data(good_db, tmp_path):
    docs = tmp_path / "data_docs"
    for table in TABLES:
        outcome = validate_table(good_db, table, data_docs_dir=docs if table in ("documents", "tokens") else None)
        assert outcome.passed, (table, [(o.name, o.details, o.examples) for o in outcome.failed])
        assert not outcome.failed, (table, [o.details for o in outcome.failed])  # warnings too
        assert all(o.unexpected_count in (0, None) for o in outcome.outcomes)
    assert (docs / "index.html").is_file()
    assert outcome_of(validate_table(good_db, "tokens"), "tokens_rebuild_sentences").passed


def test_data_docs_index_lists_every_table_and_keeps_bounded_history(db, tmp_path, monkeypatch):
    import pipelines.checks as checks

    docs = tmp_path / "docs"
    monkeypatch.setattr(checks, "KEEP_RESULTS", 2)
    run_sql(db, "UPDATE entities SET entity_type = 'BOGUS' WHERE entity_id = 'e_alaska'")
    for table in ("entities", "quotes", "entities", "entities"):
        outcome = validate_table(db, table, data_docs_dir=docs)
    assert outcome.data_docs_index == str((docs / "index.html").resolve())
    index = (docs / "index.html").read_text(encoding="utf-8")
    # each check runs in its own GX context: the index still lists both tables' suites and results
    assert "expectations/entities.html" in index and "expectations/quotes.html" in index
    assert len(list(docs.glob("validations/quotes/**/*.html"))) == 1
    assert len(list(docs.glob("validations/entities/**/*.html"))) == 2  # history pruned to KEEP_RESULTS
    page = next(docs.glob("validations/entities/**/*.html")).read_text(encoding="utf-8")
    assert "BOGUS" in page


def test_duckdb_counts_code_points_like_python():
    """Offsets are Python str indices; DuckDB substr/length must count the same units (code points,
    not bytes or grapheme clusters) for the slice checks to be right."""
    text = "a👨\u200d👩e\u0301z日本😀"
    con = duckdb.connect()
    try:
        assert con.execute("SELECT length(?)", [text]).fetchone()[0] == len(text)
        for start, end in [(1, 4), (4, 6), (6, 9), (8, 9)]:
            got = con.execute("SELECT substr(?, ?, ?)", [text, start + 1, end - start]).fetchone()[0]
            assert got == text[start:end]
    finally:
        con.close()


# --------------------------------------------------------------------------- corrupted data

def test_offset_past_end_of_text_fails(db):
    run_sql(db, "UPDATE tokens SET end_char = end_char + 1000 WHERE doc_id = 'doc_a' AND token_id = 2")
    outcome = validate_table(db, "tokens")
    assert not outcome.passed
    o = outcome_of(outcome, "tokens_offsets_within_text")
    assert not o.passed and o.unexpected_count == 1
    assert o.examples[0]["doc_id"] == "doc_a" and o.examples[0]["token_id"] == 2
    assert o.examples[0]["char_count"] == len(DOC_A)
    assert "0 <= start_char < end_char <= documents.char_count" in o.details
    # the same row breaks the slice and sentence rules, and nothing else
    assert failed_names(outcome) == {"tokens_offsets_within_text", "tokens_surface_matches_text",
                                     "tokens_within_sentence", "tokens_ids_contiguous_and_ordered"}


def test_bogus_entity_type_fails_with_the_value_and_key(db):
    run_sql(db, "UPDATE entities SET entity_type = 'BOGUS' WHERE entity_id = 'e_alaska'")
    outcome = validate_table(db, "entities")
    assert not outcome.passed
    assert failed_names(outcome) == {"entities_entity_type_in_set"}
    o = outcome_of(outcome, "entities_entity_type_in_set")
    assert o.unexpected_count == 1
    assert o.examples == [{"entity_id": "e_alaska", "entity_type": "BOGUS"}]
    result = check_result(outcome)
    assert result.passed is False
    assert result.metadata["failed_expectations"].value == ["entities_entity_type_in_set"]
    assert result.metadata["unexpected_rows"].value == {"entities_entity_type_in_set": 1}
    assert "BOGUS" in result.metadata["examples"].value
    assert "entities_entity_type_in_set (1 unexpected)" in result.description


def test_token_surface_mismatch_fails(db):
    run_sql(db, "UPDATE tokens SET surface = 'トラソプ' WHERE doc_id = 'doc_a' AND token_id = 0")
    outcome = validate_table(db, "tokens")
    assert failed_names(outcome) == {"tokens_surface_matches_text", "tokens_rebuild_sentences"}
    o = outcome_of(outcome, "tokens_surface_matches_text")
    assert o.unexpected_count == 1
    assert o.examples[0]["surface"] == "トラソプ" and o.examples[0]["text_slice"] == "トランプ"
    rebuilt = outcome_of(outcome, "tokens_rebuild_sentences")
    assert rebuilt.unexpected_count == 1 and rebuilt.examples[0]["sentence_id"] == 0


def test_dropped_token_breaks_sentence_rebuild(db):
    run_sql(db, "DELETE FROM tokens WHERE doc_id = 'doc_b' AND surface = '訪米'")
    outcome = validate_table(db, "tokens")
    assert "tokens_rebuild_sentences" in failed_names(outcome)
    assert "tokens_ids_contiguous_and_ordered" in failed_names(outcome)


def test_dangling_entity_id_fails(db):
    run_sql(db, "UPDATE entity_mentions SET entity_id = 'e_nobody' WHERE surface = 'プーチン'")
    outcome = validate_table(db, "entity_mentions")
    assert failed_names(outcome) == {"entity_mentions_entity_id_exists"}
    o = outcome_of(outcome, "entity_mentions_entity_id_exists")
    assert o.unexpected_count == 1 and o.examples[0]["entity_id"] == "e_nobody"
    # and the orphaned entity is caught on the other side
    assert "entities_have_mentions" in failed_names(validate_table(db, "entities"))


def test_timex_rules(db):
    run_sql(db, "UPDATE temporal_expressions SET value = '2025/8/15' WHERE surface = '15日'")
    run_sql(db, "UPDATE temporal_expressions SET resolved_start = DATE '2025-09-01' WHERE surface = '2025年8月'")
    outcome = validate_table(db, "temporal_expressions")
    assert {"temporal_expressions_value_is_timex3", "temporal_expressions_resolved_range_ordered",
            "temporal_expressions_resolved_range_matches_value"} <= failed_names(outcome)
    assert outcome_of(outcome, "temporal_expressions_value_is_timex3").examples[0]["value"] == "2025/8/15"


TIMEX_OK = ["2025", "2025-08", "2025-08-15", "2025-W33", "2025-W33-3", "2025-Q3", "2025-H1", "202", "202X",
            "XXXX-08-15", "XXXX-08", "XXXX-WXX-3", "2025-08-15T11", "2025-08-15T11:00", "2025-08-15TMO",
            "2025-08-15TNI", "19XX", "20", "P3Y", "P2M", "P2W", "P1D", "PT3H", "PT90M", "PT30S", "P2W/P3W", "PRESENT_REF",
            "PAST_REF", "FUTURE_REF", "2025-08-01/2025-08-15", "P1DT2H", "PXD", "2025-SU"]
TIMEX_BAD = ["2025/08/15", "2025-13", "2025-08-32", "25-08-15", "2025-W54", "T25", "P3", "PT", "3H", "P3H",
             "2025-08-15T", "NOW", "", "2025-08-15 11:00", "XXXX-XX-XX-XX", "202-08", "20-08-15"]


def test_timex3_pattern(db):
    pattern = next(x for x in load_suite_spec("temporal_expressions")["expectations"]
                   if x["meta"]["name"] == "temporal_expressions_value_is_timex3")["kwargs"]["unexpected_rows_query"]
    regex = re.search(r"regexp_full_match\(b\.value, '([^']*)'\)", pattern).group(1).format()
    con = duckdb.connect()
    try:
        for v in TIMEX_OK:
            assert con.execute("SELECT regexp_full_match(?, ?)", [v, regex]).fetchone()[0], v
        for v in TIMEX_BAD:
            assert not con.execute("SELECT regexp_full_match(?, ?)", [v, regex]).fetchone()[0], v
    finally:
        con.close()


def test_documents_rules(db):
    run_sql(db, "UPDATE documents SET published_date = DATE '1850-01-01', char_count = 3 WHERE doc_id = 'doc_a'")
    run_sql(db, "UPDATE documents SET published_basis = 'guessed' WHERE doc_id = 'doc_b'")
    outcome = validate_table(db, "documents")
    assert failed_names(outcome) == {"documents_published_date_plausible", "documents_char_count_is_text_length",
                                     "documents_published_basis_in_set", "documents_published_basis_matches_date"}


def test_events_without_participants_and_empty_tables(db):
    run_sql(db, "DELETE FROM event_participants WHERE event_id = 'ev2'")
    assert failed_names(validate_table(db, "events")) == {"events_have_participants"}
    run_sql(db, "DELETE FROM tokens")
    assert "tokens_not_empty" in failed_names(validate_table(db, "tokens"))


def test_empty_warehouse_passes(tmp_path):
    """An empty landing directory is legitimate: empty tables pass."""
    path = tmp_path / "empty.duckdb"
    ensure_schema(path)
    for table in TABLES:
        outcome = validate_table(path, table)
        assert outcome.passed, (table, [o.details for o in outcome.failed])


def test_warning_does_not_fail_the_check(db):
    run_sql(db, "UPDATE entity_mentions SET surface = 'トランプ大統領', end_char = end_char + 3 WHERE surface = 'トランプ'")
    outcome = validate_table(db, "entity_mentions")
    warning = outcome_of(outcome, "entity_mentions_title_not_in_surface")
    assert not warning.passed and warning.severity == "warning"
    assert failed_names(outcome) == {"entity_mentions_title_not_in_surface"}
    assert outcome.passed and check_result(outcome).passed
    assert "entity_mentions_title_not_in_surface" in check_result(outcome).description
    run_sql(db, "UPDATE entities SET canonical_name = 'ドナルド・トランプ' WHERE entity_id = 'e_putin'")
    outcome = validate_table(db, "entities")
    assert failed_names(outcome) == {"entities_canonical_name_unique_per_type"}
    assert outcome.passed
    assert check_result(outcome).passed


# --------------------------------------------------------------------------- the GX/DuckDB fixes

UNPATCHED = textwrap.dedent("""
    import sys
    import great_expectations as gx
    ctx = gx.get_context(mode="ephemeral")
    ds = ctx.data_sources.add_sql(name="w", connection_string="duckdb:///" + sys.argv[1])
    batch = ds.add_table_asset(name="entities", table_name="entities").add_batch_definition_whole_table("all").get_batch()
    suite = gx.ExpectationSuite(name="s", expectations=[
        gx.expectations.ExpectColumnValuesToNotBeNull(column="entity_id"),
        gx.expectations.ExpectColumnValuesToBeInSet(column="entity_type", value_set=["PERSON", "ORGANIZATION", "LOCATION"]),
    ])
    if len(sys.argv) > 2:
        from pipelines.checks import _patch_gx_for_duckdb
        _patch_gx_for_duckdb()
    r = batch.validate(suite)
    for x in r.results:
        info = x.exception_info
        infos = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
        errors = [i.get("exception_message") for i in infos if i.get("raised_exception")]
        print("RESULT", x.success, "error" if errors else "ok")
        for e in errors:
            print("ERROR", e)
    batch.data.execution_engine.engine.dispose(); ds.get_engine().dispose()
""")


def test_unpatched_gx_cannot_read_duckdb(good_db, tmp_path):
    """Why _patch_gx_for_duckdb exists: without it, GX's lazy CursorResult is read after the pooled
    connection was reset, DuckDB has dropped the rows, and expectations on perfectly good data error out
    ("list index out of range") and fail. Run in a subprocess so the patch of this process does not apply."""
    script = tmp_path / "unpatched.py"
    script.write_text(UNPATCHED)

    def run(*extra):
        proc = subprocess.run([sys.executable, str(script), str(good_db), *extra], cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)},
                              capture_output=True, text=True, timeout=120)
        return [line for line in proc.stdout.splitlines() if line.startswith("RESULT")], proc

    unpatched, proc = run()
    assert unpatched == ["RESULT False error", "RESULT False error"], proc.stdout + proc.stderr[-2000:]
    assert "list index out of range" in proc.stdout
    patched, proc = run("patch")
    assert patched == ["RESULT True ok", "RESULT True ok"], proc.stdout + proc.stderr[-2000:]


def test_engines_are_disposed_so_duckdb_can_reopen_the_file(db):
    """Two validations in a row, then a plain read-write duckdb.connect in this process: works only
    because validate_table disposes both GX engines (else: "different configuration")."""
    assert validate_table(db, "entities").passed
    assert validate_table(db, "documents").passed
    con = duckdb.connect(str(db))
    try:
        con.execute("INSERT INTO ingest_errors VALUES ('x.txt', 'empty file', NULL, now())")
    finally:
        con.close()
    assert validate_table(db, "ingest_errors").passed


def test_waits_for_a_writer_in_another_process(db):
    """A stage writing from another process holds DuckDB's file lock; the check waits instead of failing."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('locked', flush=True); time.sleep(1.5); c.close()", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(db), read_only=True)
        assert validate_table(db, "event_mentions").passed
    finally:
        holder.wait(timeout=30)


def test_importing_the_adapter_does_not_import_gx():
    code = "import sys, pipelines.checks; sys.exit('great_expectations' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=120).returncode == 0


def test_unexpected_rows_are_not_pulled_into_python(db):
    """A rule broken by many rows reports the full count but keeps only a few example rows."""
    run_sql(db, """INSERT INTO ingest_errors
                   SELECT 'f' || i || '.txt', '', NULL, TIMESTAMP '2025-01-01' FROM range(5000) t(i)""")
    outcome = validate_table(db, "ingest_errors")
    o = outcome_of(outcome, "ingest_errors_reason_not_blank")
    assert o.unexpected_count == 5000
    assert len(o.examples) == 5



@pytest.mark.parametrize("broken", [200, 201])
def test_unexpected_rows_count_is_exact_around_the_rows_gx_keeps(db, broken):
    """The count of an unexpected-rows rule comes from the rows fetched when there are at most
    200 (GX's cap), from a real COUNT when there are more: exact on both sides of the cap."""
    run_sql(db, f"""INSERT INTO ingest_errors
                    SELECT 'g' || i || '.txt', '', NULL, TIMESTAMP '2025-01-01' FROM range({broken}) t(i)""")
    o = outcome_of(validate_table(db, "ingest_errors"), "ingest_errors_reason_not_blank")
    assert not o.passed and o.unexpected_count == broken
    assert len(o.examples) == 5


# --------------------------------------------------------------------------- Dagster

def test_blocking_check_stops_downstream(tmp_path):
    import dagster as dg

    from pipelines.checks import gx_checks_for
    from pipelines.resources import Warehouse

    warehouse = Warehouse(input_dir=str(tmp_path), db_path=str(tmp_path / "hodo.duckdb"))
    work = warehouse.work_path
    ensure_schema(work)
    run_sql(work, "INSERT INTO documents VALUES ('d', 'd.txt', NULL, NULL, NULL, 'unknown', ?, 8, "
                  "'アラスカに行く。', NULL, NULL, NULL)", ["0" * 64])
    run_sql(work, "INSERT INTO sentences VALUES ('d', 0, 0, 8, 'アラスカに行く。')")
    marker = tmp_path / "downstream_ran"

    def make_defs(entity_type: str):
        @dg.asset(name="entities")
        def entities_asset() -> None:
            run_sql(work, "DELETE FROM entity_mentions; DELETE FROM entities")
            run_sql(work, "INSERT INTO entities VALUES ('e1', ?, 'アラスカ', 'US', 1, 1)", [entity_type])
            run_sql(work, "INSERT INTO entity_mentions VALUES ('d', 0, 0, 4, 'アラスカ', NULL, 'e1', NULL)")

        @dg.asset(deps=[entities_asset])
        def downstream() -> None:
            marker.write_text("yes")

        return [entities_asset, downstream, gx_checks_for("entities", "entities")]

    good = dg.materialize(make_defs("LOCATION"), resources={"warehouse": warehouse}, raise_on_error=False)
    assert good.success
    evals = good.get_asset_check_evaluations()
    assert [(e.check_name, e.passed) for e in evals] == [("entities_gx_suite", True)]
    assert Path(evals[0].metadata["data_docs"].path).name == "index.html"
    assert marker.read_text() == "yes"
    marker.unlink()

    bad = dg.materialize(make_defs("BOGUS"), resources={"warehouse": warehouse}, raise_on_error=False)
    assert not bad.success
    evals = bad.get_asset_check_evaluations()
    assert [(e.check_name, e.passed) for e in evals] == [("entities_gx_suite", False)]
    assert evals[0].metadata["failed_expectations"].value == ["entities_entity_type_in_set"]
    assert "BOGUS" in evals[0].metadata["examples"].value
    assert not marker.exists()
    materialized = {e.asset_key for e in bad.get_asset_materialization_events()}
    assert dg.AssetKey("downstream") not in materialized
