"""Idempotence (issue 8, part 2): a second `hodo run` over the same input leaves every
contract table exactly as it was (same rows, ids, values, timestamps) and does no NLP work."""
from __future__ import annotations

import shutil

import pytest

from _hodo_e2e import CONTRACT_TABLES, assert_same_tables, dump_tables, reference_run, run_pipeline, scratch_dir

pytestmark = pytest.mark.slow

NLP_STAGES = ["sentences", "tokens", "entity_mentions", "temporal_expressions", "events", "quotes"]


def test_second_run_changes_nothing():
    ref = reference_run()
    # Work on a copy of the reference run's warehouse directory, so other tests keep the original.
    base = scratch_dir("idempotence")
    wh = base / "wh"
    shutil.copytree(ref.db.parent, wh)
    db = wh / ref.db.name

    res = run_pipeline(ref.corpus, db)
    assert res.rc == 0, str(res)
    assert_same_tables(dump_tables(db), ref.tables, "after a second run over the same input")

    assets = res.summary["assets"]
    assert assets["documents"]["processed_docs"] == 0
    for stage in NLP_STAGES:
        assert assets[stage].get("processed_docs") == 0, (stage, assets[stage])
    for table in CONTRACT_TABLES:
        assert assets[table]["rows"] == len(ref.tables[table][1]), table
