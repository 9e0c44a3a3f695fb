"""hodo.lattice gives janome's tokens: same surfaces, base forms, readings and tags.

The reference is janome's own ``Tokenizer.tokenize`` (with hodo's user
dictionary), on the bundled samples and the seeds whole (so long documents are
chunked as janome chunks them), on sentences, on hand-picked edge cases and on
random text; plus the index cache's failure modes.
"""
from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from hodo import lattice
from hodo.ingest import DocumentRecord, scan_landing
from hodo.sentences import split_sentences
from hodo.tokenize import _janome, _janome_reference, _janome_tokenizer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def reference(text: str) -> list[tuple]:
    return list(_janome_reference()(text))


def fast(text: str) -> list[tuple]:
    return list(_janome()(text))


def corpus_texts() -> list[str]:
    texts = []
    for root in (ROOT / "data" / "samples", SEEDS):
        if root.is_dir():
            texts += [r.text for r in scan_landing(root) if isinstance(r, DocumentRecord)]
    return texts


def test_the_default_janome_backend_is_the_lattice():
    assert isinstance(_janome(), lattice.LatticeTokenizer)


def test_whole_documents_tokenize_exactly_as_janome():
    texts = corpus_texts()
    assert len(texts) >= 14
    assert max(map(len, texts)) > 1024  # janome's chunking is exercised
    for text in texts:
        assert fast(text) == reference(text)


def test_sentences_tokenize_exactly_as_janome():
    sentences = [s.text for t in corpus_texts() for s in split_sentences(t)]
    assert len(sentences) > 300
    mismatched = [s for s in sentences if fast(s) != reference(s)]
    assert mismatched == []


EDGE_CASES = [
    "", "   ", "\n\n", "ａｂｃ　１２３", "ｶﾀｶﾅとﾊﾝｶｸ", "😀🇯🇵漢字", "0\u1680\x80",
    "x" * 3000,                                   # one unknown run longer than a chunk
    "あ" * 1500,                                   # dictionary words across the 1024 cut
    "。" * 700,                                    # a split at every position past 500
    "\t\r\n\r\nテスト\r\n\r\n" * 200,              # blank-line splits
    ("東京都の会議は3時間続いた、" * 60),          # comma splits after 500 characters
    "アメリカ合衆国大統領ドナルド・トランプ氏とウラジーミル・プーチン大統領",
]


@pytest.mark.parametrize("text", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_edge_cases_tokenize_exactly_as_janome(text):
    assert fast(text) == reference(text)


ALPHABET = list("あいうかがきしすたちつてとなにのはばまみむもやよらりるれろをんー"
                "アイウカキクサシスタチツテトナニノハバマミムモヤヨラリルレロンヴ・"
                "日本米国首相大統領会談東京都市年月日時分外務省記者発表述べ一二三十百千万円")
AWKWARD = list("。！？!?、，,.「」（）()【】\n\r\t \u3000ｶﾞ１２ＡＢ～~〜😀abcXYZ0129-|:%")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(ALPHABET + AWKWARD), max_size=120) | st.text(max_size=60))
@example("日本" * 300 + "。" + "米国" * 300)
def test_random_text_tokenizes_exactly_as_janome(text):
    assert fast(text) == reference(text)


def test_user_dictionary_rows_are_used_as_janome_uses_them(tmp_path):
    """A user row (HODO_USER_DICT) wins over the system dictionary in both, identically."""
    udic = tmp_path / "extra.csv"
    udic.write_text("ヴェルダンスク,1288,1288,-2000,名詞,固有名詞,地域,一般,*,*,ヴェルダンスク,ヴェルダンスク,ヴェルダンスク\n",
                    encoding="utf-8")
    code = (
        "from hodo.tokenize import _janome, _janome_reference\n"
        "t = 'ヴェルダンスク市長はヴェルダンスクで会見した。'\n"
        "a, b = list(_janome()(t)), list(_janome_reference()(t))\n"
        "assert a == b, (a, b)\n"
        "print(a[0])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "HODO_USER_DICT": str(udic)}, check=True)
    assert "'ヴェルダンスク', 'ヴェルダンスク', 'ヴェルダンスク', '名詞,固有名詞,地域,一般'" in out.stdout


def test_the_index_is_cached_and_a_broken_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("HODO_CACHE_DIR", str(tmp_path / "cache"))
    sys_dic = _janome_tokenizer().sys_dic
    built = lattice.system_index(sys_dic)
    (path,) = (tmp_path / "cache").iterdir()
    assert lattice.system_index(sys_dic) == built  # read back from the file
    path.write_bytes(b"\x00not marshal")
    assert lattice.system_index(sys_dic) == built  # rebuilt
    assert path.read_bytes() != b"\x00not marshal"  # and the file repaired
    assert built["東京"] and built["東"] is not None and "東京都庁前駅x" not in built
    path.write_bytes(marshal.dumps({"東": b"\x00" * 5}))  # readable, but not this layout
    assert lattice.system_index(sys_dic) == built
    stale = path.with_name("janome-0.0.1-1-index-v1.marshal")
    stale.write_bytes(b"old")
    path.unlink()
    lattice.system_index(sys_dic)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [path.name]  # old indexes are removed


def test_an_unwritable_cache_directory_only_costs_the_rebuild(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("HODO_CACHE_DIR", str(blocker / "hodo"))
    tok = lattice.LatticeTokenizer(_janome_tokenizer().sys_dic)
    assert tok("会談した") == reference("会談した")


def test_an_unknown_janome_layout_falls_back_to_janome_itself(monkeypatch):
    from janome.dic import MMapDictionary

    monkeypatch.delattr(MMapDictionary, "_find_entry")
    assert lattice.load() is None
