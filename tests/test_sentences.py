"""The sentence splitter: boundaries, brackets, bounded pieces, offsets."""
from hypothesis import given, settings, strategies as st

from hodo.sentences import MAX_SENTENCE, split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_enders_and_line_breaks_end_sentences():
    assert texts("会談した。合意した！本当か？\n- 箇条書き\n| 表 | 行 |") == [
        "会談した。", "合意した！", "本当か？", "- 箇条書き", "| 表 | 行 |"]


def test_quotes_and_parentheses_stay_whole():
    assert texts("首相は「晴れ。明日も。」と述べた。次。") == ["首相は「晴れ。明日も。」と述べた。", "次。"]
    assert texts("大統領府（クレムリン。ロシア）が発表した。") == ["大統領府（クレムリン。ロシア）が発表した。"]


def test_a_bracket_that_is_a_paragraph_is_split():
    long_quote = "「" + "これは長い引用文です。" * 40 + "」と述べた。"
    assert len(split_sentences(long_quote)) > 1


def test_pathological_line_is_cut_into_bounded_pieces():
    text = "あ" * 2_000_000
    pieces = split_sentences(text)
    assert max(s.end_char - s.start_char for s in pieces) <= MAX_SENTENCE
    assert sum(len(s.text) for s in pieces) == len(text)


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("あい会談。！？!?\n 「」『』（）()、")), max_size=400))
def test_offsets_point_at_their_text_and_lose_nothing(text):
    sentences = split_sentences(text)
    prev_end = 0
    for i, s in enumerate(sentences):
        assert s.sentence_id == i
        assert text[s.start_char:s.end_char] == s.text
        assert s.start_char >= prev_end
        assert text[prev_end:s.start_char].strip() == ""  # only whitespace between sentences
        prev_end = s.end_char
    assert text[prev_end:].strip() == ""
