"""End to end: the whole graph through Dagster into a real DuckDB file.

Runs `hodo run` in-process (the same job the UI runs) on the seeds and checks
the contract's invariants with SQL on the published warehouse.
"""
import json
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent (the shared seeds live beside the repo)")
    out = tmp_path_factory.mktemp("seeds")
    db, summary = out / "hodo.duckdb", out / "summary.json"
    code = main(["run", "--input", str(SEEDS), "--db", str(db), "--json-summary", str(summary)])
    return code, db, json.loads(summary.read_text(encoding="utf-8"))


def q(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_run_succeeds_with_every_blocking_check(seeds_run):
    code, db, summary = seeds_run
    assert code == 0 and summary["ok"]
    for table in ("documents", "sentences", "tokens", "entities", "entity_mentions", "temporal_expressions",
                  "events", "quotes"):
        checks = summary["assets"][table]["checks"]
        assert checks and all(c["passed"] and c["blocking"] for c in checks), table
    assert (db.parent / "data_docs" / "index.html").exists()


def test_five_documents_and_no_ingest_errors(seeds_run):
    _, db, _ = seeds_run
    assert q(db, "SELECT count(*) FROM documents") == [(5,)]
    assert q(db, "SELECT count(*) FROM ingest_errors") == [(0,)]


@pytest.mark.parametrize("table", ["sentences", "tokens", "entity_mentions", "temporal_expressions"])
def test_offsets_point_at_their_own_text(seeds_run, table):
    _, db, _ = seeds_run
    text_col = "text" if table == "sentences" else "surface"
    bad = q(db, f"""SELECT count(*) FROM {table} t JOIN documents d USING (doc_id)
                    WHERE NOT (0 <= t.start_char AND t.start_char < t.end_char AND t.end_char <= d.char_count)
                       OR substr(d.text, t.start_char + 1, t.end_char - t.start_char) <> t.{text_col}""")
    assert bad == [(0,)]
    assert q(db, f"SELECT count(*) > 0 FROM {table}") == [(True,)]


def test_tokens_rebuild_every_sentence(seeds_run):
    _, db, _ = seeds_run
    bad = q(db, """WITH rebuilt AS (
                     SELECT doc_id, sentence_id, string_agg(surface, '' ORDER BY token_id) AS joined
                     FROM tokens GROUP BY ALL)
                   SELECT count(*) FROM sentences s LEFT JOIN rebuilt r USING (doc_id, sentence_id)
                   WHERE coalesce(r.joined, '') <> regexp_replace(s.text, '\\s', '', 'g')""")
    assert bad == [(0,)]
