"""The parquet_export and report assets, as the real `hodo run` of `sample_warehouse` left them,
plus `hodo export --out DIR` and the pure report renderer."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from hodo.export import export_relations
from hodo.report import CheckRow, render_report, timex_to_date, write_report


def relations(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("""SELECT table_name, table_type FROM information_schema.tables
                                   WHERE table_schema = 'main' AND table_name NOT LIKE '\\_%' ESCAPE '\\'""").fetchall())
    finally:
        con.close()


def counts(db: Path, names) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def read_back(out: Path, name: str) -> tuple[int, list[str], list[str]]:
    """(rows, columns, pub_month partitions) of one exported relation, read with duckdb's read_parquet."""
    con = duckdb.connect()
    try:
        if (out / name).is_dir():
            src = f"read_parquet('{out / name}/**/*.parquet', hive_partitioning = true)"
            months = [r[0] for r in con.execute(f"SELECT DISTINCT pub_month FROM {src} ORDER BY 1").fetchall()]
        else:
            src = f"read_parquet('{out / (name + '.parquet')}')"
            months = []
        cur = con.execute(f"SELECT * FROM {src} LIMIT 0")
        cols = [d[0] for d in cur.description]
        return con.execute(f"SELECT count(*) FROM {src}").fetchone()[0], cols, months
    finally:
        con.close()


def assert_export_matches(db: Path, out: Path) -> None:
    rels = relations(db)
    expected = counts(db, rels)
    assert {"documents", "tokens", "entities", "entity_mentions_by_date", "entity_cooccurrence",
            "people_titles"} <= rels.keys()
    for name in rels:
        rows, cols, months = read_back(out, name)
        assert rows == expected[name], f"{name}: {rows} rows in Parquet, {expected[name]} in DuckDB"
        if name in ("documents", "sentences", "tokens", "entity_mentions", "quotes", "temporal_expressions",
                    "entity_mentions_by_date"):
            assert (out / name).is_dir() and "pub_month" in cols, f"{name} should be partitioned by pub_month"
            if expected[name]:
                assert months and all(m == "unknown" or re.fullmatch(r"\d{4}-\d{2}", m) for m in months), months
        if name in ("entities", "events", "entity_cooccurrence"):
            assert (out / f"{name}.parquet").is_file() and "pub_month" not in cols


def test_parquet_export_asset_wrote_every_relation_beside_the_warehouse(sample_warehouse):
    out = sample_warehouse.directory / "export"
    assert out.is_dir(), "the parquet_export asset did not run"
    assert_export_matches(sample_warehouse.db, out)
    # documents of the sample corpus span several months
    _, _, months = read_back(out, "documents")
    assert len([m for m in months if m != "unknown"]) >= 3
    assert (out / "documents" / f"pub_month={months[0]}").is_dir()
    assert not list(out.glob(".staging-*")) and not list(out.glob(".old-*"))
    asset = sample_warehouse.summary["assets"].get("parquet_export")
    assert asset and asset.get("materialized", True)


def test_hodo_export_cli_and_reexport_replaces(sample_warehouse, tmp_path):
    from conftest import run_hodo

    out = tmp_path / "exp"
    (out / "tokens").mkdir(parents=True)
    (out / "tokens" / "stale.parquet").write_bytes(b"not parquet")  # a previous export's leftover
    proc = run_hodo(["export", "--out", str(out), "--db", str(sample_warehouse.db)], timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "documents" in proc.stdout
    assert not (out / "tokens" / "stale.parquet").exists()
    assert_export_matches(sample_warehouse.db, out)


def test_export_of_an_empty_relation_keeps_its_schema(tmp_path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE documents (doc_id VARCHAR, published_date DATE)")
    con.execute("CREATE TABLE quotes (doc_id VARCHAR, text VARCHAR)")
    con.execute("INSERT INTO documents VALUES ('a', DATE '2025-08-15'), ('b', NULL)")
    con.close()
    exported = {r.name: r for r in export_relations(db, tmp_path / "out")}
    assert exported["quotes"].rows == 0 and exported["quotes"].partitioned
    rows, cols, _ = read_back(tmp_path / "out", "quotes")
    assert rows == 0 and cols[:2] == ["doc_id", "text"]
    rows, _, months = read_back(tmp_path / "out", "documents")
    assert rows == 2 and months == ["2025-08", "unknown"]


def test_report_asset_wrote_report_html_with_charts_and_top_entities(sample_warehouse):
    report = sample_warehouse.directory / "report.html"
    assert report.is_file(), "the report asset did not run"
    html = report.read_text(encoding="utf-8")
    assert html.count("<svg") >= 3  # top entities, mentions over time, event timeline
    assert "<polyline" in html or "<circle" in html
    con = duckdb.connect(str(sample_warehouse.db), read_only=True)
    try:
        top = [r[0] for r in con.execute("""SELECT e.canonical_name FROM entity_mentions m JOIN entities e
                    USING (entity_id) GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 5""").fetchall()]
        n_checks = sum(len(a["checks"]) for a in sample_warehouse.summary["assets"].values())
    finally:
        con.close()
    for name in top:
        assert name in html, f"top entity {name} missing from the report"
    # the data-quality table holds this run's check results, all passed
    assert "Data quality" in html and f"{n_checks} of {n_checks} checks passed" in html
    assert "documents_gx_suite" in html and "FAILED" not in html


def test_report_renderer_shows_failed_checks_and_escapes(sample_warehouse, tmp_path):
    checks = [CheckRow("documents", "documents_gx_suite", True, True, "ok"),
              CheckRow("tokens", "tokens_gx_suite", False, True, "1 expectation failed <script>")]
    out = write_report(sample_warehouse.db, tmp_path / "r.html", checks)
    html = out.read_text(encoding="utf-8")
    assert "1 of 2 checks passed" in html and 'class="fail"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    # the SVG fragments are well-formed XML
    import xml.etree.ElementTree as ET

    for svg in re.findall(r"<svg.*?</svg>", html, re.S):
        ET.fromstring(svg)


@pytest.mark.parametrize("value,expected", [
    ("2025-08-15", "2025-08-15"), ("2025-08-15T11:00", "2025-08-15"), ("2025-08", "2025-08-01"),
    ("2025", "2025-01-01"), ("2025-W33", "2025-08-11"), ("XXXX-08-15", None), (None, None), ("PT3H", None)])
def test_timex_to_date(value, expected):
    d = timex_to_date(value)
    assert (d.isoformat() if d else None) == expected


def test_report_on_an_empty_warehouse(tmp_path):
    from hodo.warehouse import ensure_schema

    db = tmp_path / "empty.duckdb"
    ensure_schema(db)
    html = render_report(db)
    assert "No entity mentions." in html and "no dated events" in html
