"""The BI views (sql/views/) and the example queries (sql/examples/) on a real warehouse.

Every view and example runs against the warehouse a real `hodo run` built
from data/samples (the session fixture `sample_warehouse`), read-only as a BI
tool opens it, and returns the columns it documents with sane values.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
VIEWS = sorted((ROOT / "sql" / "views").glob("*.sql"))
EXAMPLES = sorted((ROOT / "sql" / "examples").glob("*.sql"))

#: The columns each of our views promises (more may be added, never removed).
VIEW_COLUMNS = {
    "entity_mentions_by_date": ["entity_id", "canonical_name", "entity_type", "published_date", "mention_count",
                                "document_count"],
    "entity_cooccurrence": ["entity_a_id", "entity_a_name", "entity_a_type", "entity_b_id", "entity_b_name",
                            "entity_b_type", "document_count", "first_published_date", "last_published_date"],
    "people_titles": ["entity_id", "canonical_name", "title", "first_seen", "last_seen", "mention_count",
                      "document_count"],
}


@pytest.fixture(scope="module")
def con(sample_warehouse):
    c = duckdb.connect(str(sample_warehouse.db), read_only=True)
    yield c
    c.close()


def query(con, sql: str) -> tuple[list[str], list[tuple]]:
    cur = con.execute(sql)
    return [d[0] for d in cur.description], cur.fetchall()


def test_view_files_are_create_or_replace_view_named_like_the_file():
    assert VIEWS, "no sql/views/*.sql"
    for f in VIEWS:
        sql = f.read_text(encoding="utf-8")
        m = re.search(r"CREATE\s+OR\s+REPLACE\s+VIEW\s+(\w+)\s+AS", sql, re.I)
        assert m and m.group(1) == f.stem, f"{f.name} must be `CREATE OR REPLACE VIEW {f.stem} AS ...`"


@pytest.mark.parametrize("view", [f.stem for f in VIEWS])
def test_every_view_is_in_the_published_warehouse_and_runs(con, view):
    kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
    assert kinds.get(view) == "VIEW", f"{view} is not a view of the published warehouse"
    cols, rows = query(con, f"SELECT * FROM {view}")
    assert cols and rows, f"{view} returned no rows on the sample corpus"
    if view in VIEW_COLUMNS:
        assert cols[: len(VIEW_COLUMNS[view])] == VIEW_COLUMNS[view] or set(VIEW_COLUMNS[view]) <= set(cols)


def test_entity_mentions_by_date_adds_up_to_entity_mentions(con):
    per_entity = dict(con.execute("SELECT entity_id, count(*) FROM entity_mentions GROUP BY 1").fetchall())
    from_view = dict(con.execute(
        "SELECT entity_id, sum(mention_count)::BIGINT FROM entity_mentions_by_date GROUP BY 1").fetchall())
    assert from_view == per_entity
    # one row per (entity, date); names and types come from entities
    assert con.execute("""SELECT count(*) FROM (SELECT entity_id, published_date FROM entity_mentions_by_date
                          GROUP BY ALL HAVING count(*) > 1)""").fetchone() == (0,)
    bad = con.execute("""SELECT count(*) FROM entity_mentions_by_date v JOIN entities e USING (entity_id)
                         WHERE v.canonical_name <> e.canonical_name OR v.entity_type <> e.entity_type
                            OR v.document_count > v.mention_count OR v.document_count < 1""").fetchone()
    assert bad == (0,)
    types = {r[0] for r in con.execute("SELECT DISTINCT entity_type FROM entity_mentions_by_date").fetchall()}
    assert types <= {"PERSON", "ORGANIZATION", "LOCATION"} and "PERSON" in types
    assert isinstance(con.execute("SELECT max(published_date) FROM entity_mentions_by_date").fetchone()[0], dt.date)


def test_entity_cooccurrence_pairs_are_unordered_and_counted(con):
    cols, rows = query(con, "SELECT * FROM entity_cooccurrence")
    r = [dict(zip(cols, row)) for row in rows]
    assert all(x["entity_a_id"] < x["entity_b_id"] for x in r), "each pair once, a < b"
    assert len({(x["entity_a_id"], x["entity_b_id"]) for x in r}) == len(r)
    assert all(x["document_count"] >= 1 for x in r)
    # recount one pair from the base table
    top = max(r, key=lambda x: x["document_count"])
    n = con.execute("""SELECT count(*) FROM (SELECT doc_id FROM entity_mentions WHERE entity_id = ?
                       INTERSECT SELECT doc_id FROM entity_mentions WHERE entity_id = ?)""",
                    [top["entity_a_id"], top["entity_b_id"]]).fetchone()[0]
    assert n == top["document_count"] > 1  # the sample corpus names the same actors across documents


def test_people_titles_are_people_with_titles_over_time(con):
    cols, rows = query(con, "SELECT * FROM people_titles")
    r = [dict(zip(cols, row)) for row in rows]
    assert r
    ids = [x["entity_id"] for x in r]
    types = dict(con.execute("SELECT entity_id, entity_type FROM entities").fetchall())
    assert {types[i] for i in ids} == {"PERSON"}
    assert all(x["title"] for x in r)
    assert all(x["first_seen"] is None or x["first_seen"] <= x["last_seen"] for x in r)
    assert all(x["mention_count"] >= x["document_count"] >= 1 for x in r)
    # someone is reported under a title in more than one document over time
    assert any(x["document_count"] > 1 and x["first_seen"] < x["last_seen"] for x in r)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f.stem for f in EXAMPLES])
def test_every_example_has_a_header_and_runs(con, example):
    sql = example.read_text(encoding="utf-8")
    header = [line for line in sql.splitlines() if line.strip()][:2]
    assert header and all(line.startswith("--") for line in header), f"{example.name}: start with a -- comment header"
    cols, rows = query(con, sql)
    assert cols and all(c and not c.startswith(("?", "(")) for c in cols), f"{example.name}: name every column {cols}"
    assert len(set(cols)) == len(cols)
    if example.stem not in {"08_ingest_problems"}:  # the samples decode cleanly: no ingest errors
        assert rows, f"{example.name} returned no rows on the sample corpus"


def test_there_are_five_to_eight_examples():
    assert 5 <= len(EXAMPLES) <= 8


def test_examples_run_through_hodo_sql(sample_warehouse):
    """`hodo sql` (what a user types) runs an example read-only against the published file."""
    from conftest import run_hodo

    sql = (ROOT / "sql" / "examples" / "05_documents_per_basis.sql").read_text(encoding="utf-8")
    proc = run_hodo(["sql", sql, "--db", str(sample_warehouse.db)], timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "published_basis" in proc.stdout and "metadata" in proc.stdout
