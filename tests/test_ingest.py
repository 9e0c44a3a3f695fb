"""The landing directory: formats, sidecars, and every kind of bad input."""
import json
import os
from pathlib import Path

import pytest

from hodo.ingest import DocumentRecord, IngestError, scan_landing

GOOD = "米国のトランプ大統領は２０２５年８月１５日、会談した。「進展だ」と述べた。"


def scan(root):
    out = list(scan_landing(root))
    return ([r for r in out if isinstance(r, DocumentRecord)], [r for r in out if isinstance(r, IngestError)])


def test_formats_encodings_and_sidecars(tmp_path: Path):
    (tmp_path / "utf8.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(GOOD.encode("utf-8-sig"))
    (tmp_path / "u16.txt").write_bytes(GOOD.encode("utf-16"))
    (tmp_path / "sjis.txt").write_bytes(GOOD.encode("cp932"))
    (tmp_path / "euc.txt").write_bytes(GOOD.encode("euc_jp"))
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("見出し\n" + GOOD, encoding="utf-8")
    (sub / "a.meta.json").write_text(json.dumps({"title": "題", "url": "https://x.jp/1", "published_at": "2025-08-16"}))
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "n1", "text": GOOD, "published_at": "2025-08-14"}, ensure_ascii=False) + "\n"
        + "{not json\n"
        + json.dumps({"text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    docs, errors = scan(tmp_path)
    texts = {d.source_path: d for d in docs}
    assert {"utf8.txt", "bom.txt", "u16.txt", "sjis.txt", "euc.txt", "sub/a.txt", "feed.jsonl#n1",
            "feed.jsonl#L3"} == set(texts)
    from hodo.normalize import normalize_text
    for p in ("utf8.txt", "bom.txt", "u16.txt", "sjis.txt", "euc.txt"):
        assert texts[p].text == normalize_text(GOOD)
    assert texts["sub/a.txt"].title == "題" and texts["sub/a.txt"].published_basis == "metadata"
    assert texts["feed.jsonl#n1"].published_date.isoformat() == "2025-08-14"
    assert [e.source_path for e in errors] == ["feed.jsonl#L2"]
    assert "line 2" in errors[0].reason
    assert len({d.doc_id for d in docs}) == len(docs)


def test_bad_files_get_reasons_and_good_ones_go_on(tmp_path: Path):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\u3000\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + os.urandom(512))
    (tmp_path / "bad.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.meta.json").write_text("{broken", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("秘密の文書。", encoding="utf-8")
    (tmp_path / "escape.txt").symlink_to(outside)
    docs, errors = scan(tmp_path)
    assert sorted(d.source_path for d in docs) == ["bad.txt", "good.txt"]
    reasons = {e.source_path: e.reason for e in errors}
    assert "empty" in reasons["empty.txt"]
    assert "blank" in reasons["blank.txt"]
    assert "binary" in reasons["image.txt"]
    assert "malformed sidecar" in reasons["bad.meta.json"]
    assert "outside the landing directory" in reasons["escape.txt"]
    assert all("秘密" not in d.text for d in docs)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read everything: nothing is denied")
def test_unreadable_file(tmp_path: Path):
    p = tmp_path / "locked.txt"
    p.write_text(GOOD, encoding="utf-8")
    p.chmod(0)
    _docs, errors = scan(tmp_path)
    assert "permission denied" in errors[0].reason


def test_doc_ids_are_stable_across_scans(tmp_path: Path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert scan(tmp_path)[0][0].doc_id == scan(tmp_path)[0][0].doc_id
