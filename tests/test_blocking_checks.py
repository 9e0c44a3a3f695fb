"""A broken stage stops the line: a real `hodo run` over a corrupted working database.

The working database is corrupted between two runs (a token offset past the
end of its text, a bogus entity_type); the second run must fail the tokens
check with a message a person can act on, materialize nothing downstream of
it, keep the previously published warehouse byte for byte, and exit non-zero.
"""
import hashlib
import json
import os
import time

import duckdb

from conftest import copy_landed, run_hodo


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failed_blocking_check_keeps_the_published_warehouse(sample_warehouse, tmp_path):
    landing, db = copy_landed(sample_warehouse, tmp_path)
    work = db.with_name("hodo.work.duckdb")
    before = _digest(db)
    con = duckdb.connect(str(work))
    con.execute("UPDATE tokens SET end_char = end_char + 100000 WHERE token_id = 0")
    con.close()
    # a changed mtime makes the run a real one (same content: no NLP work is redone)
    first = sorted(landing.glob("*.txt"))[0]
    os.utime(first, (time.time() + 5, time.time() + 5))

    summary_path = tmp_path / "summary.json"
    proc = run_hodo(["run", "--input", str(landing), "--db", str(db), "--json-summary", str(summary_path)])
    assert proc.returncode != 0
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    assert summary["ok"] is False
    tokens_check = summary["assets"]["tokens"]["checks"][0]
    assert tokens_check["blocking"] and not tokens_check["passed"]
    assert any("offset" in name or "slice" in name or "surface" in name
               for name in tokens_check["failed_expectations"]), tokens_check
    for downstream in ("entities", "entity_mentions", "events", "quotes", "published_warehouse"):
        assert not summary["assets"][downstream]["materialized"], downstream
    assert "tokens" in proc.stderr and "kept" in proc.stderr
    assert _digest(db) == before  # the published file was not touched
