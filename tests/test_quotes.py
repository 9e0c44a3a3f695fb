"""Quotes and their speakers on hand-made mentions over real janome tokens."""
from __future__ import annotations

from hodo.quotes import find_quotes
from hodo.records import Mention
from hodo.sentences import split_sentences
from hodo.tokenize import tokenize_document

# Person and organization names used in the cases; a mention is placed at every occurrence.
NAMES = {
    "トランプ": "PERSON", "プーチン": "PERSON", "ペスコフ": "PERSON", "ゼレンスキー": "PERSON",
    "ダルチエフ": "PERSON", "リービット": "PERSON", "ドミトリエフ": "PERSON", "ルビオ": "PERSON",
    "ハニティー": "PERSON", "ラブロフ": "PERSON", "ホワイトハウス": "ORGANIZATION", "クレムリン": "ORGANIZATION",
    "RIAノーボスチ": "ORGANIZATION", "フォックスニュース": "ORGANIZATION", "ロシア": "LOCATION", "米国": "LOCATION",
}
TITLES = ("大統領", "報道官", "氏", "国務長官", "外相", "特使", "大使")


def analyse(text: str):
    sentences = split_sentences(text)
    tokens = tokenize_document(text, sentences)
    mentions = []
    for name, etype in NAMES.items():
        i = text.find(name)
        while i >= 0:
            sid = next(s.sentence_id for s in sentences if s.start_char <= i < s.end_char)
            title = next((t for t in TITLES if text.startswith(t, i + len(name))), None)
            mentions.append(Mention(sid, i, i + len(name), name, title, etype))
            i = text.find(name, i + len(name))
    mentions.sort(key=lambda m: m.start_char)
    return text, sentences, tokens, mentions


def speakers(text: str) -> list[tuple[str, str | None]]:
    text, sentences, tokens, mentions = analyse(text)
    out = []
    for q in find_quotes(text, sentences, tokens, mentions):
        assert text[q.start_char - 1] == "「" and text[q.end_char] == "」"
        assert q.text == text[q.start_char:q.end_char]
        out.append((q.text, text[q.speaker_start:q.speaker_end] if q.speaker_start is not None else None))
    return out


def test_offsets_and_text():
    text = "トランプ大統領は「非常に生産的だった」と述べた。"
    t, sentences, tokens, mentions = analyse(text)
    (q,) = find_quotes(t, sentences, tokens, mentions)
    assert (q.sentence_id, q.text) == (0, "非常に生産的だった")
    assert q.start_char == text.index("非") and q.end_char == text.index("」")
    assert (q.speaker_start, q.speaker_end) == (0, 4)


def test_to_nobeta():
    assert speakers("トランプ大統領は「合意はまだない」と述べた。") == [("合意はまだない", "トランプ")]


def test_to_katatta_with_speaker_after_quote():
    assert speakers("「大統領はいつも時間通りだ」とペスコフ氏は語った。") == [("大統領はいつも時間通りだ", "ペスコフ")]


def test_to_hatsugen():
    assert speakers("プーチン大統領は記者会見で「次回はモスクワで」と発言した。") == [("次回はモスクワで", "プーチン")]


def test_niyoruto():
    assert speakers("クレムリンによると、会談は「建設的」だった。") == [("建設的", "クレムリン")]


def test_unattributed_quote_has_no_speaker():
    got = speakers("記者が叫んだ。「あなたは殺害をやめられるか?」\n両首脳は「アラスカ2025」と記された演台の前に立った。")
    assert got == [("あなたは殺害をやめられるか?", None), ("アラスカ2025", None)]


def test_caption_is_not_speech():
    got = speakers("ホワイトハウスは写真に「平和の追求」というキャプションを付けた。")
    assert got == [("平和の追求", None)]


def test_previous_sentence_speaker_for_pronoun():
    got = speakers("ペスコフ氏は記者団の質問に答えた。「交渉は順調だ」と彼は述べた。")
    assert got == [("交渉は順調だ", "ペスコフ")]


def test_collective_subject_is_not_resolved():
    got = speakers("ペスコフ氏は会談が始まったと述べた。両首脳は会談を「生産的だった」と述べた。")
    assert got == [("生産的だった", None)]


def test_a_collective_inside_the_quote_does_not_block_the_previous_speaker():
    got = speakers("ペスコフ氏は記者団に説明した。そのうえで「両首脳が議論に集中することは間違いない」と述べた。")
    assert got == [("両首脳が議論に集中することは間違いない", "ペスコフ")]


# (text, quote, expected speaker): 「」 after (or before) a named speaker's verb of saying
CASES = [
    ("トランプ大統領は「非常に少ない問題が残っている」と述べた。", "トランプ"),
    ("「次回はモスクワで開催されます」とプーチン大統領は英語で語った。", "プーチン"),
    ("「興味深い提案ですね」とトランプ氏は答えた。", "トランプ"),
    ("トランプ氏は会談を「非常に生産的」と評した。", "トランプ"),
    ("「米国側との協議は実務的だ」とダルチエフ氏は語った。", "ダルチエフ"),
    ("プーチン大統領は、ロシアは戦闘を終わらせることに「本当に関心がある」と述べた。", "プーチン"),
    ("ゼレンスキー大統領は先に、「ウクライナと直接協議する必要がある」と述べた。", "ゼレンスキー"),
    ("「我々は関係修復にも取り組んでいる」とドミトリエフ氏はRIAに語った。", "ドミトリエフ"),
    ("トランプ大統領はフォックスニュースのハニティー氏に「きっと誰かが暴露するだろう」と語った。", "トランプ"),
    ("ルビオ国務長官は「一本の電話で戦争が解決するわけではない」と強調した。", "ルビオ"),
    ("ラブロフ外相は「協議は有益だった」と説明した。", "ラブロフ"),
    ("クレムリンは「会談は終了した」と明らかにした。", "クレムリン"),
    ("「建設的に終わることを期待している」とRIAノーボスチはペスコフ氏の発言を引用して報じた。", "ペスコフ"),
    ("リービット報道官によると、会談は「三対三」の形式になる。", "リービット"),
    ("ホワイトハウスは会談を「歴史的」と表現した。", "ホワイトハウス"),
    ("トランプ大統領は、プーチン大統領との会談は「非常に生産的」だったと述べた。", "トランプ"),
    ("ペスコフ報道官は、航空機は「定刻通り」出発したと述べた。", "ペスコフ"),
    ("トランプ大統領は「問題が残っている」とし、「1つの問題が最も重大だ」と発言した。", "トランプ"),
    ("プーチン氏は次のように語った。「ロシアの懸念は考慮されるべきだ」", "プーチン"),
    ("トランプ大統領は記者団に語った。「今日それが起こるかは分からない」と彼は言った。", "トランプ"),
]


def test_named_speaker_accuracy_at_least_80_percent():
    right = 0
    total = 0
    for text, expected in CASES:
        got = speakers(text)
        assert got, text
        for _quote, speaker in got:
            total += 1
            right += speaker == expected
    assert total >= len(CASES)
    assert right / total >= 0.8, f"{right}/{total}"
