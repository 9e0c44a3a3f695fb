"""The optional MeCab backend (fugashi + ipadic, HODO_TOKENIZER=mecab) matches janome.

Skipped when the ``mecab`` extra is not installed. Parity is measured as
bench/tokenizer_parity.py does: per sentence, the (start_char, end_char,
surface, pos) sequences of both backends are aligned, and at least 99% of
janome's tokens must come out identical from MeCab.
"""
from pathlib import Path

import pytest

pytest.importorskip("fugashi", reason="the mecab extra is not installed (pip install -e '.[mecab]')")
pytest.importorskip("ipadic", reason="the mecab extra is not installed (pip install -e '.[mecab]')")

import sys  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from tokenizer_parity import compare, load  # noqa: E402

from hodo.normalize import normalize_text  # noqa: E402
from hodo.sentences import split_sentences  # noqa: E402
from hodo.tokenize import tokenize_batches, tokenize_document  # noqa: E402


def test_feature_layout_matches_janome_on_known_words():
    text = normalize_text("ロシアのプーチン大統領は15日、アラスカ州で会談した。")
    sentences = split_sentences(text)
    jan = tokenize_document(text, sentences, "janome")[0]
    mec = tokenize_document(text, sentences, "mecab")[0]
    assert [tuple(t) for t in mec] == [tuple(t) for t in jan]
    by_surface = {t.surface: t for t in mec}
    assert by_surface["会談"].pos == "名詞,サ変接続,*,*" and by_surface["会談"].reading == "カイダン"
    assert by_surface["し"].base_form == "する" and by_surface["し"].pos.startswith("動詞,自立")


def test_unknown_words_follow_janome_conventions():
    text = normalize_text("EVの新工場(2プラス2)を https://x.example.com で見た。")
    sentences = split_sentences(text)
    for t in tokenize_document(text, sentences, "mecab")[0]:
        assert text[t.start_char:t.end_char] == t.surface
        assert t.pos.count(",") == 3
        assert t.base_form and t.reading
    symbols = [t for t in tokenize_document(text, sentences, "mecab")[0] if t.surface == "("]
    assert symbols and symbols[0].pos == "名詞,サ変接続,*,*"  # janome's tag for an unknown symbol


def test_token_parity_on_the_samples_is_at_least_99_percent():
    result = compare(load([ROOT / "data" / "samples", ROOT.parent / "shared" / "seeds"]))
    assert result["janome_tokens"] > 1000
    assert result["parity"] >= 0.99, result["most_common_differences"]
    assert result["base_form_agreement"] >= 0.99 and result["reading_agreement"] >= 0.99


def test_the_setting_selects_mecab_in_the_batches(monkeypatch):
    text = normalize_text("岸本外相は14日夜、中国の外相と電話で話した。")
    docs = [("d1", text, split_sentences(text))]
    monkeypatch.setenv("HODO_TOKENIZER", "mecab")
    batch = next(tokenize_batches(docs, workers=1))
    assert batch["surface"] == [t.surface for t in tokenize_document(text, docs[0][2], "mecab")[0]]
