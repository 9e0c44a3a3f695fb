"""Encoding detection and normalization on real bytes."""
import pytest
from hypothesis import given, strategies as st

from hodo.decode import DecodeError, decode_bytes
from hodo.normalize import normalize_text

ARTICLE = "ロシアのプーチン大統領と米国のトランプ大統領は１５日、アラスカで会談した。「前進だ」と述べた。"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"),
    ("cp932", None), ("euc_jp", None),
])
def test_japanese_encodings_round_trip(encoding, expected):
    decoded = decode_bytes(ARTICLE.encode(encoding))
    assert decoded.text.lstrip("\ufeff") == ARTICLE
    if expected:
        assert decoded.encoding == expected


def test_short_shift_jis_is_not_mistaken_for_a_latin_code_page():
    decoded = decode_bytes("日本の首相".encode("cp932"))
    assert decoded.text == "日本の首相"


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
])
def test_unreadable_bytes_get_a_reason(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_normalization_unifies_width_newlines_and_ranges():
    text = normalize_text("\ufeff２０２５年８月１５日\r\n2～3週間\rｶﾀｶﾅ\n6\u301c7時間")
    # NFKC: the full-width tilde becomes ~, the wave dash stays as written
    assert text == "2025年8月15日\n2~3週間\nカタカナ\n6\u301c7時間"


@given(st.text())
def test_normalization_is_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
