"""Bad input, in one landing directory, one real `hodo run` (issue 8, part 1).

Every kind of surprising file sits beside good articles; the run must exit 0,
store every good article with its text decoded correctly, list every bad item
in `ingest_errors` with a reason, read nothing from outside the landing
directory and keep its memory bounded. A unit-level race test checks a file
that is deleted and rewritten while the scanner reads it.
"""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import duckdb
import pytest

from _hodo_e2e import CONTRACT_TABLES, run_pipeline
from hodo.ingest import DocumentRecord, IngestError, scan_landing
from hodo.normalize import normalize_text

pytestmark = pytest.mark.slow

ARTICLES = {
    "cp932.txt": ("cp932", "外務省は３日、日英外相会談を東京で開いたと発表した。「協力を深める」と述べた。"),
    "eucjp.txt": ("euc_jp", "大阪市で５日、経済団体の会合が開かれた。関係者は「前向きだ」と語った。"),
    "utf16.txt": ("utf-16", "防衛省は７日、共同訓練を来月実施すると発表した。"),
    "utf16be.txt": ("utf-16-be-bom", "札幌市で８日、雪まつりの準備が始まった。"),
    "bom.txt": ("utf-8-sig", "首相は１０日、記者会見を開いた。「改革を進める」と強調した。"),
    "plain.txt": ("utf-8", "ｶﾀｶﾅの見出し\r\n京都府で１２日、国際会議が開幕した。２～３日間の日程だ。"),
    "sub/deeper/nested.txt": ("utf-8", "名古屋市の工場で１５日、新しい生産ラインが稼働した。"),
    "good_with_bad_sidecar.txt": ("utf-8", "福岡市で１８日、港湾の整備計画が発表された。"),
    "churn.txt": ("utf-8", "この記事は実行中に書き換えられる。"),
}
JSONL_GOOD = [{"id": "a1", "text": "横浜市で２０日、見本市が開かれた。"},
              {"text": "仙台市で２１日、復興会議が開かれた。", "published_at": "2025-08-21"}]
MARKER = "OUTSIDEMARKERzq7"
MARKER_JA = "外部秘密文書"
LONG_CHARS = 2 * 1024 * 1024


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def _long_line() -> str:
    """A 2 MB line without punctuation or spaces (a pasted blob): mostly letters, some Japanese."""
    unit = "abcdefghijklmnopqrstuvwxyz" * 15 + "ながいぎょう"
    return (unit * (LONG_CHARS // len(unit) + 1))[:LONG_CHARS]


def build_landing(base: Path) -> tuple[Path, dict[str, str], set[str]]:
    """The landing directory; returns it, {source_path: expected text} and the bad source paths."""
    landing = base / "landing"
    landing.mkdir()
    outside = base / "outside"
    outside.mkdir()
    expected: dict[str, str] = {}
    bad: set[str] = set()
    for rel, (enc, text) in ARTICLES.items():
        p = landing / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(_encode(text, enc))
        expected[rel] = normalize_text(text)
    (landing / "good_with_bad_sidecar.meta.json").write_text('{"title": "題", broken', encoding="utf-8")
    bad.add("good_with_bad_sidecar.meta.json")

    (landing / "feed.jsonl").write_text(
        json.dumps(JSONL_GOOD[0], ensure_ascii=False) + "\n{\"text\": \"壊れた行\n"
        + json.dumps(JSONL_GOOD[1], ensure_ascii=False) + "\n", encoding="utf-8")
    expected["feed.jsonl#a1"] = normalize_text(JSONL_GOOD[0]["text"])
    expected["feed.jsonl#L3"] = normalize_text(JSONL_GOOD[1]["text"])
    bad.add("feed.jsonl#L2")

    long = _long_line()
    (landing / "long_line.txt").write_text(long, encoding="utf-8")
    expected["long_line.txt"] = long

    (landing / "empty.txt").write_bytes(b"")
    (landing / "blank.txt").write_text(" \n\u3000\t\n", encoding="utf-8")
    (landing / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    bad |= {"empty.txt", "blank.txt", "image.txt"}

    # Everything outside the landing directory carries the marker; none of it may be read.
    (outside / "secret.txt").write_text(f"{MARKER} {MARKER_JA}。", encoding="utf-8")
    (outside / "secret.meta.json").write_text(json.dumps({"title": f"{MARKER}{MARKER_JA}", "url": f"https://{MARKER}.jp/"}),
                                              encoding="utf-8")
    (outside / "dir").mkdir()
    (outside / "dir" / "inner.txt").write_text(f"{MARKER}{MARKER_JA}。", encoding="utf-8")
    (landing / "escape.txt").symlink_to(outside / "secret.txt")
    (landing / "escape_dir").symlink_to(outside / "dir")
    (landing / "stolen_meta.txt").write_text("広島市で２５日、式典が開かれた。", encoding="utf-8")
    (landing / "stolen_meta.meta.json").symlink_to(outside / "secret.meta.json")
    expected["stolen_meta.txt"] = "広島市で２５日、式典が開かれた。"
    expected["stolen_meta.txt"] = normalize_text(expected["stolen_meta.txt"])
    bad |= {"escape.txt", "escape_dir", "stolen_meta.meta.json"}

    # A file that disappeared between listing and reading: a dangling link is the frozen moment.
    gone = landing / "vanished_target.txt"
    gone.write_text("消える記事。", encoding="utf-8")
    (landing / "vanished.txt").symlink_to(gone)
    gone.unlink()
    bad.add("vanished.txt")

    # A named pipe called .txt: reading it would block the run forever.
    os.mkfifo(landing / "pipe.txt")
    bad.add("pipe.txt")

    if os.geteuid() != 0:
        locked = landing / "locked.txt"
        locked.write_text("読めない記事。", encoding="utf-8")
        locked.chmod(0)
        bad.add("locked.txt")
    return landing, expected, bad


def _table_text(con, table: str) -> str:
    return "\n".join(repr(r) for r in con.execute(f"SELECT * FROM {table}").fetchall())


def test_one_run_over_every_kind_of_bad_input(tmp_path: Path):
    landing, expected, bad = build_landing(tmp_path)
    db = tmp_path / "wh" / "hodo.duckdb"
    db.parent.mkdir()

    # The churn file is rewritten and briefly deleted all through the run.
    stop = threading.Event()
    churn = landing / "churn.txt"

    def churner():
        n = 0
        while not stop.is_set():
            n += 1
            tmp = churn.with_name(".churn.tmp")
            tmp.write_text(ARTICLES["churn.txt"][1], encoding="utf-8")
            if n % 3 == 0:
                churn.unlink(missing_ok=True)
                time.sleep(0.002)
            os.replace(tmp, churn)
            time.sleep(0.003)

    thread = threading.Thread(target=churner, daemon=True)
    thread.start()
    try:
        res = run_pipeline(landing, db, timeout=170)
    finally:
        stop.set()
        thread.join()
    assert res.rc == 0, str(res)
    assert res.summary and res.summary["ok"], str(res)
    assert "Traceback" not in res.stderr, res.stderr

    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = dict(con.execute("SELECT source_path, text FROM documents").fetchall())
        errors = dict(con.execute("SELECT source_path, reason FROM ingest_errors").fetchall())
        # every good document, decoded correctly
        expected.pop("churn.txt")  # read whole, or reported, or not listed at that instant: checked below
        for path, text in expected.items():
            assert path in docs, f"{path} missing from documents; errors: {errors.get(path)}"
            assert docs[path] == text, f"{path} decoded wrongly: {docs[path][:80]!r}"
        if "churn.txt" in docs:
            assert docs["churn.txt"] == normalize_text(ARTICLES["churn.txt"][1])
        assert set(docs) - {"churn.txt"} == set(expected), f"unexpected documents: {set(docs) - set(expected)}"
        # every bad item, with a reason a person can act on
        for path in bad:
            assert path in errors, f"{path} not in ingest_errors: {errors}"
            assert len(errors[path]) > 15, errors[path]
        assert set(errors) - {"churn.txt"} == bad, f"unexpected errors: {set(errors) - bad}"
        # the sidecar that pointed outside was not used either
        title = con.execute("SELECT title, source_url FROM documents WHERE source_path = 'stolen_meta.txt'").fetchone()
        assert MARKER not in repr(title)
        # nothing from outside the landing directory, in any table
        for table in CONTRACT_TABLES:
            text = _table_text(con, table)
            assert MARKER not in text and MARKER_JA not in text, f"outside content leaked into {table}"
        # the long line was stored whole and cut into bounded sentences
        n_long, longest = con.execute(
            """SELECT count(*), max(end_char - start_char) FROM sentences s JOIN documents d USING (doc_id)
               WHERE d.source_path = 'long_line.txt'""").fetchone()
        assert n_long > 1000 and longest <= 512
    finally:
        con.close()

    # memory stays bounded: peak RSS of hodo and its workers
    assert res.max_rss_kb < 1_500_000, f"peak RSS {res.max_rss_kb / 1024:.0f} MB"


def test_scanner_survives_a_file_deleted_and_rewritten_while_it_reads(tmp_path: Path):
    """A real race (no mocks): one thread deletes, truncates and rewrites a file in a loop while
    scan_landing reads the directory again and again. Every scan finishes without raising and
    reports the file as a document, as an error, or not at all (absent when listed)."""
    text = "会談は３時間続いた。" * 200
    good = normalize_text(text)
    (tmp_path / "stable.txt").write_text("安定した記事。", encoding="utf-8")
    target = tmp_path / "racy.txt"
    side = tmp_path / "racy.meta.json"
    stop = threading.Event()

    def mutate():
        data = text.encode("utf-8")
        while not stop.is_set():
            target.unlink(missing_ok=True)
            side.unlink(missing_ok=True)
            with open(target, "wb") as fh:  # appears empty, then grows in pieces
                for i in range(0, len(data), 1000):
                    fh.write(data[i:i + 1000])
                    fh.flush()
            side.write_text('{"title": "題"}', encoding="utf-8")
            with open(target, "r+b") as fh:  # shrinks under a reader
                fh.truncate(len(data) // 2)
            target.write_bytes(data)

    thread = threading.Thread(target=mutate, daemon=True)
    thread.start()
    seen = {"doc": 0, "error": 0, "absent": 0}
    try:
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            out = list(scan_landing(tmp_path))  # must not raise
            assert all(isinstance(r, (DocumentRecord, IngestError)) for r in out)
            assert "stable.txt" in {r.source_path for r in out if isinstance(r, DocumentRecord)}
            racy = [r for r in out if r.source_path == "racy.txt"]
            if not racy:
                seen["absent"] += 1
            for r in racy:
                if isinstance(r, DocumentRecord):
                    seen["doc"] += 1
                    # a torn read yields a prefix of the article (the next run re-reads it), never other bytes
                    assert good.startswith(r.text[:-1]), r.text[:50]
                else:
                    seen["error"] += 1
                    assert r.reason
    finally:
        stop.set()
        thread.join()
    print("race outcomes:", seen)
    assert sum(seen.values()) > 20, seen


def test_scanner_refuses_pipes_and_sidecars_from_outside(tmp_path: Path):
    """Unit-level twins of the end-to-end cases that used to hang or leak: a named pipe called .txt
    (reading it blocked forever) and a sidecar symlinked to a file outside the landing directory
    (its title and url were read)."""
    landing = tmp_path / "landing"
    landing.mkdir()
    (tmp_path / "secret.meta.json").write_text(json.dumps({"title": MARKER}), encoding="utf-8")
    (landing / "a.txt").write_text("記事。", encoding="utf-8")
    (landing / "a.meta.json").symlink_to(tmp_path / "secret.meta.json")
    os.mkfifo(landing / "pipe.txt")
    out = list(scan_landing(landing))
    docs = {r.source_path: r for r in out if isinstance(r, DocumentRecord)}
    errors = {r.source_path: r.reason for r in out if isinstance(r, IngestError)}
    assert set(docs) == {"a.txt"} and docs["a.txt"].title != MARKER
    assert "outside the landing directory" in errors["a.meta.json"]
    assert "not a regular file" in errors["pipe.txt"]
