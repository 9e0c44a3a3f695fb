"""The warehouse is an archive: a file that leaves the landing directory keeps its
document until the user asks `hodo run --prune`, which drops it and everything derived from it."""
import duckdb

from conftest import copy_landed, run_hodo

PER_DOC_TABLES = ("documents", "sentences", "tokens", "entity_mentions", "temporal_expressions",
                  "event_mentions", "quotes")


def counts(db, source_path):
    con = duckdb.connect(str(db), read_only=True)
    try:
        doc_id = con.execute("SELECT doc_id FROM documents WHERE source_path = ?", [source_path]).fetchone()
        total = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        rows = {t: con.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", [doc_id[0]]).fetchone()[0]
                for t in PER_DOC_TABLES} if doc_id else None
        return total, rows
    finally:
        con.close()


def test_removed_files_stay_until_prune(sample_warehouse, tmp_path):
    landing, db = copy_landed(sample_warehouse, tmp_path)
    gone = "wire_un_security_council_sudan.txt"
    total, rows = counts(db, gone)
    assert rows and rows["tokens"] > 0
    (landing / gone).unlink()
    (landing / "wire_un_security_council_sudan.meta.json").unlink()

    kept = run_hodo(["run", "--input", str(landing), "--db", str(db)])
    assert kept.returncode == 0, kept.stderr
    assert counts(db, gone) == (total, rows)  # archived, untouched

    pruned = run_hodo(["run", "--input", str(landing), "--db", str(db), "--prune"])
    assert pruned.returncode == 0, pruned.stderr
    assert counts(db, gone) == (total - 1, None)
    con = duckdb.connect(str(db), read_only=True)
    try:  # nothing derived from it is left behind, and no entity is left without a mention
        assert con.execute("SELECT count(*) FROM entities e WHERE NOT EXISTS "
                           "(SELECT 1 FROM entity_mentions m WHERE m.entity_id = e.entity_id)").fetchone()[0] == 0
    finally:
        con.close()
