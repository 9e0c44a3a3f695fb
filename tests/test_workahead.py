"""Work ahead (hodo.workahead): passes started at ingest give the same tables as passes started
by the tokens stage, and a pass whose inputs changed since is never used."""
from __future__ import annotations

from pathlib import Path

import pytest

from _hodo_e2e import assert_same_tables, child_env, dump_tables, make_corpus, run_pipeline, scratch_dir
from hodo.docpass import SENTENCE_CHECK, pass_batch, pass_text_batch
from hodo.ingest import DocumentRecord, scan_landing
from hodo.sentences import split_sentences
from hodo.workahead import WorkAhead

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _docs():
    return [(r.doc_id, r.text, r.published_date) for r in scan_landing(SAMPLES) if isinstance(r, DocumentRecord)]


def _offered(docs, **kw) -> WorkAhead:
    """A WorkAhead over two workers that was offered every document of ``docs``."""
    ahead = WorkAhead(pass_text_batch, workers=2, **kw)
    for d in docs:
        ahead.offer(*d)
    ahead.flush()
    return ahead


def _rows(results: list[dict], table: str) -> list[tuple]:
    return sorted(tuple(r.values()) for res in results for r in res[table].to_pylist())


def test_passes_ahead_equal_passes_of_stored_sentences():
    docs = _docs()
    ahead = _offered(docs, batch_chars=2_000, start_chars=4_000)
    try:
        assert ahead.started and len(ahead.batches) > 2
        started, covered = ahead.take({d: (t, p) for d, t, p in docs})
        assert covered == {d for d, _, _ in docs}
        got = list(ahead.run(started, pass_batch, []))
    finally:
        ahead.close()
    direct = [pass_batch([(d, t, p, split_sentences(t)) for d, t, p in docs])]
    for table in ("tokens", "_mention_candidates", "temporal_expressions", "_quote_candidates"):
        assert _rows(got, table) == _rows(direct, table), table
        assert _rows(got, table), table
    split = sorted(r["doc_id"] for res in got for r in res[SENTENCE_CHECK].to_pylist())
    assert len(split) == sum(len(split_sentences(t)) for _, t, _ in docs)


def test_a_pass_whose_input_changed_is_not_taken():
    docs = _docs()
    ahead = _offered(docs, batch_chars=2_000, start_chars=0)
    try:
        current = {d: (t, p) for d, t, p in docs}
        changed = docs[0][0]
        current[changed] = (current[changed][0] + "追記。", current[changed][1])
        started, covered = ahead.take(current)
        assert changed not in covered
        assert covered and covered < set(current)
        assert all(r["doc_id"] != changed for res in ahead.run(started, pass_batch, [])
                   for r in res["tokens"].select(["doc_id"]).to_pylist())
    finally:
        ahead.close()


def test_small_input_starts_no_pool():
    ahead = _offered(_docs()[:2])
    assert not ahead.started and ahead.batches == []


@pytest.mark.slow
def test_a_run_with_work_ahead_equals_one_without():
    base = scratch_dir("ahead")
    corpus = make_corpus(base / "landing", 12)  # ~150k characters: large enough that ingest starts the pool
    with_ahead, without = base / "a" / "hodo.duckdb", base / "b" / "hodo.duckdb"
    res = run_pipeline(corpus, with_ahead)
    assert res.rc == 0, str(res)
    assert res.summary["assets"]["tokens"].get("passed_ahead", 0) > 0, res.summary["assets"]["tokens"]
    res = run_pipeline(corpus, without, env=child_env(HODO_WORK_AHEAD="0"))
    assert res.rc == 0, str(res)
    assert res.summary["assets"]["tokens"].get("passed_ahead") == 0
    assert_same_tables(dump_tables(without, with_timestamps=False), dump_tables(with_ahead, with_timestamps=False),
                       "with and without work ahead")


def test_the_tokens_step_refuses_passes_whose_sentences_differ_from_the_stored_ones():
    import duckdb
    import pyarrow as pa

    from assets.tokens import _same_sentences

    con = duckdb.connect()
    con.execute("CREATE TABLE sentences (doc_id VARCHAR, sentence_id INTEGER, start_char INTEGER, "
                "end_char INTEGER, text VARCHAR)")
    con.execute("INSERT INTO sentences VALUES ('a', 0, 0, 5, 'xxxxx'), ('a', 1, 5, 9, 'yyyy'), ('b', 0, 0, 3, 'zzz')")

    def split(rows):
        cols = list(zip(*rows))
        return pa.table({"doc_id": pa.array(cols[0], pa.string()), "sentence_id": pa.array(cols[1], pa.int32()),
                         "start_char": pa.array(cols[2], pa.int32()), "end_char": pa.array(cols[3], pa.int32())})

    assert _same_sentences(con, split([("a", 0, 0, 5), ("a", 1, 5, 9)]))
    assert not _same_sentences(con, split([("a", 0, 0, 4), ("a", 1, 4, 9)]))  # another boundary
    assert not _same_sentences(con, split([("a", 0, 0, 9)]))  # a sentence fewer
    assert not _same_sentences(con, split([("b", 0, 0, 3), ("b", 1, 3, 6)]))  # a sentence more
