"""Property tests for the pure parts (issue 8, part 5), beyond the small-alphabet ones in
test_sentences.py / test_tokenize.py and normalization idempotence in test_decode.py.

- the splitter and the tokenizer wrapper never lose or reorder characters, on any text;
- ingest never crashes on arbitrary bytes: a file becomes a document or an error;
- decode_bytes either decodes or raises DecodeError, nothing else.
(The date resolver's property lives with its owner in test_timex.py.)
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from hodo.decode import DecodeError, decode_bytes
from hodo.ingest import DocumentRecord, IngestError, scan_landing
from hodo.normalize import normalize_text
from hodo.sentences import MAX_SENTENCE, split_sentences
from hodo.tokenize import tokenize_document

# Japanese news characters plus the awkward ones: every kind of bracket and ender, Unicode
# whitespace and line separators, combining marks, emoji, control characters, Latin and digits.
JA = list("あいうえおかがきくけこさしすせそたちつてとなにぬねのはばぱまみむめもやゆよらりるれろわをんー"
          "アイウエオカキクケコサシスセソタチツテトナニヌネノハバパマミムメモヤユヨラリルレロワヲンヴ・"
          "日本米国首相大統領会談東京都市年月日時分外務省記者会見電話合意発表述べ")
AWKWARD = list("。！？!?、，,.「」『』（）()〈〉【】\n\r\t \u3000\u2028\u2029\x85\x0b\x0c\x1c\x1f\x00\u200b\ufeff"
               "\u0301\u3099ｶﾞ１２ＡＢ～~〜😀🇯🇵abcXYZ0129-|:%")
rich_text = st.text(alphabet=st.sampled_from(JA + AWKWARD), max_size=300) | st.text(max_size=200)


@st.composite
def long_lines(draw):
    """Text with runs longer than MAX_SENTENCE (so the bounded cutter works), mixed with short bits."""
    parts = draw(st.lists(
        st.one_of(rich_text,
                  st.builds(lambda c, n: c * n, st.sampled_from(JA + list("a 、,")), st.integers(100, 1500)),
                  st.builds(lambda s, n: s * n, st.text(st.sampled_from(JA + AWKWARD), min_size=1, max_size=8),
                            st.integers(50, 400))),
        max_size=5))
    return "".join(parts)


def _assert_partition(text: str, sentences) -> None:
    """Sentences are in order, do not overlap, point at their text, are bounded and, with the
    whitespace between them, are the whole text again."""
    prev = 0
    for i, s in enumerate(sentences):
        assert s.sentence_id == i
        assert prev <= s.start_char < s.end_char <= len(text)
        assert text[s.start_char:s.end_char] == s.text
        assert s.end_char - s.start_char <= MAX_SENTENCE
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        assert text[prev:s.start_char].strip() == ""
        prev = s.end_char
    assert text[prev:].strip() == ""
    assert "".join(text.split()) == "".join("".join(s.text.split()) for s in sentences)


@settings(max_examples=300, deadline=None)
@given(rich_text)
@example("「" + "あ。" * 300 + "」と述べた。")
@example("a" * 2000)
@example("\u2028。\x1c\x85")
def test_splitter_partitions_any_text(raw):
    for text in (raw, normalize_text(raw)):  # hodo splits normalized text, but the splitter must not care
        _assert_partition(text, split_sentences(text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(long_lines())
def test_splitter_bounds_long_lines_without_losing_characters(text):
    _assert_partition(text, split_sentences(text))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_text)
@example("ｶﾞｷﾞ①②㍻〜ＡＢＣ１２３\u3000全角")
@example("\u200b会談\ufeff。😀🇯🇵\u0301")
@example("0\u1680\x80")  # a space janome does not know as one, inside a token
def test_tokens_rebuild_their_sentences_in_order(raw):
    text = normalize_text(raw)
    sentences = split_sentences(text)
    per_sentence = tokenize_document(text, sentences)
    assert len(per_sentence) == len(sentences)
    for s, toks in zip(sentences, per_sentence):
        prev = s.start_char
        for t in toks:
            assert prev <= t.start_char < t.end_char <= s.end_char, (t, s)
            assert text[t.start_char:t.end_char] == t.surface
            assert not t.surface.isspace()
            assert text[prev:t.start_char].strip() == "", f"characters skipped before {t}"
            prev = t.end_char
        assert text[prev:s.end_char].strip() == ""
        assert "".join(t.surface for t in toks) == "".join(s.text.split())


# --- ingest on arbitrary bytes -----------------------------------------------------------------

def _scan_one(name: str, data: bytes, sidecar: bytes | None = None) -> list:
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / name).write_bytes(data)
        if sidecar is not None:
            (root / (name[:-len(".txt")] + ".meta.json")).write_bytes(sidecar)
        out = list(scan_landing(root))  # never raises
    for r in out:
        assert isinstance(r, (DocumentRecord, IngestError))
        if isinstance(r, IngestError):
            assert r.reason.strip() and "unexpected error" not in r.reason, r.reason
        else:
            assert r.text.strip() and r.char_count == len(r.text)
            assert normalize_text(r.text) == r.text
            r.text.encode("utf-8")  # storable: no lone surrogates
    return out


ENCODED_TEXT = st.builds(lambda t, enc: t.encode(enc, errors="ignore") if enc != "utf-16" else t.encode(enc),
                         rich_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp932", "euc_jp"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000) | ENCODED_TEXT)
@example(b"\xff\xfe\x00")  # UTF-16 BOM, odd length
@example(b"\xfe\xff\xd8\x00")  # UTF-16 BOM, lone surrogate
@example(b"\xef\xbb\xbf")  # a BOM and nothing else
@example(b"\xef\xbb\xbf\xff")
def test_a_txt_file_of_any_bytes_is_a_document_or_an_error(data):
    out = _scan_one("x.txt", data)
    assert [r.source_path for r in out] == ["x.txt"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000) | ENCODED_TEXT, st.binary(max_size=300) | st.none())
def test_a_sidecar_of_any_bytes_never_loses_its_document(data, sidecar):
    out = _scan_one("x.txt", "記事の本文。".encode() + data[:0], sidecar)
    assert [r.source_path for r in out if isinstance(r, DocumentRecord)] == ["x.txt"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
article_objects = st.fixed_dictionaries(
    {}, optional={"text": st.text(max_size=80) | json_values, "id": json_values, "title": json_values,
                  "url": json_values, "published_at": json_values | st.dates().map(str), "source": json_values})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article_objects.map(lambda o: json.dumps(o, ensure_ascii=False))
                | st.text(max_size=60) | st.just('{"text": "\\ud800 lone surrogate"}'), max_size=6))
@example(['{"text": "行\u2028区切り", "id": 1}', '{"text": "次"}'])  # U+2028 is valid inside a JSON string
@example(["[" * 5000])  # nesting deeper than the recursion limit
@example(['{"text": "x", "id": ' + "9" * 5000 + "}"])  # an integer longer than Python will parse
@example(['{"text": "x", "published_at": "99999-12-31"}', '{"text": "y", "published_at": 20250815}'])
def test_a_jsonl_file_of_any_lines_yields_documents_and_errors(lines):
    out = _scan_one("feed.jsonl", "\n".join(lines).encode("utf-8", errors="surrogatepass"))
    assert all(r.source_path.startswith("feed.jsonl") for r in out)
    good = [ln for ln in lines if _is_article(ln)]
    assert len([r for r in out if isinstance(r, DocumentRecord)]) <= len(good)


def _is_article(line: str) -> bool:
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and isinstance(obj.get("text"), str)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_bytes_decodes_or_explains(data):
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(decoded.text, str) and decoded.encoding


def test_jsonl_lines_end_only_at_newlines():
    """U+2028, U+0085 and friends are legal inside a JSON string; they must not cut a line."""
    lines = ['{"id": "a", "text": "会談した。\u2028続報。\x85終わり。"}', '{"id": "b", "text": "次の記事。\u2029"}']
    out = _scan_one("feed.jsonl", ("\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert [r.source_path for r in out if isinstance(r, DocumentRecord)] == ["feed.jsonl#a", "feed.jsonl#b"]
    assert not [r for r in out if isinstance(r, IngestError)]


@given(st.text(alphabet=st.sampled_from(JA), min_size=2, max_size=200), st.integers(1, 2))
def test_utf8_cut_inside_its_last_character_is_still_utf8(text, cut):
    decoded = decode_bytes(text.encode("utf-8")[:-cut])
    assert decoded.encoding == "utf-8"
    assert decoded.text == text[:-1] + "\ufffd"
