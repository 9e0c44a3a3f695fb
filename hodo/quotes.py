"""Quotations: text inside 「」 and, when the sentence says so, who said it.

A quote's speaker is the PERSON (or ORGANIZATION) mention that the sentence
makes the subject of a verb of saying:

* ``Xは「...」と述べた/語った/発言した/強調した/説明した...`` (X before the quote),
* ``「...」とXは述べた`` (X right after the quote's と),
* ``Xによると、「...」`` / ``Xによれば``,
* ``X氏の発言を引用して報じた`` (the quoted person, not the outlet).

Conservative fallbacks across sentences: a quote with a verb of saying but no
named subject (``「...」と彼は述べた``, ``「...」と述べた``) or a sentence that
is only a quote after ``Xはこう述べた。`` / ``次のように語った。`` takes the
person named as subject at the start of the preceding sentence. Everything
else (captions, names in brackets, a reporter's shout) gets no speaker.
"""
from __future__ import annotations

import re
from typing import Sequence

from hodo.records import Mention, Quote, Sentence, Token

SPEAKER_TYPES = ("PERSON", "ORGANIZATION")

_SAY = (r"述べ|語っ|語り|語る|話し|話す|言っ|言い|言う|発言|強調|説明|明らかに|付け加え|答え|投稿|表明|発表|"
        r"指摘|主張|訴え|呼びかけ|評し|評価|表現|報じ|伝え|記し|書い|叫ん|認め|批判|警告|約束|示唆|補足|応じ|"
        r"演説|コメント|称賛|宣言|述懐|とし|明言|断言|反論|否定|嘆い|ツイート|投稿")
# 」と ... (verb of saying) in the rest of the clause
_AFTER_QUOTE = re.compile(r"^(?:と|って)(?!いう|いった|言う|の)")
_SAY_RE = re.compile(_SAY)
_SUBJ = re.compile(r"^(?:[一-龥ァ-ヶー]{0,6}?)(?:は|が|も)(?![じ])")
_ACCORDING = re.compile(r"^(?:[一-龥ァ-ヶー]{0,6}?)(?:によると|によれば|の話では)")
_CITING = re.compile(r"^(?:[一-龥ァ-ヶー]{0,6}?)の(?:発言|言葉|話)を引用")
_PRONOUN_SUBJ = re.compile(r"(?:^|[、。」])\s*(?:彼|彼女|同氏|氏|同大統領|同報道官|同長官)(?:は|が|も)")
_INTRO = re.compile(r"(?:次のように|こう|以下のように|このように)(?:[^。]{0,12})?(?:" + _SAY + r")[^。]*。?\s*$")
_LOOKBACK = 3
_NOT_SPEECH = re.compile(r"^(?:という|といった|との|と題|と記|と書|の文字|というキャプション)")
_REPORTED = re.compile(r"と(?:[^「」。]{0,15})?(?:" + _SAY + r")")
_DESCRIPTOR = re.compile(r"^[、一-龥ァ-ヶーA-Za-z]{0,8}$")
_TOPIC = re.compile(r"^(?:[一-龥ァ-ヶー]{0,6}?)(?:は|も)(?![じ])")
_GA = re.compile(r"^(?:[一-龥ァ-ヶー]{0,6}?)が")
_COLLECTIVE = re.compile(r"両首脳|両者|両大統領|両国|彼ら|記者|たちは|らは")
_SUBJ_WORD = re.compile(r"^と、?([^、。「」]{1,12}?)(?:は|が|も)")
_PRONOUN_OR_TITLE = re.compile(r"(?:彼|彼女|同氏|知事|報道官|大統領|長官|首相|氏|特使|外相|大使|顧問|補佐官)$")


def _quote_spans(s: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost 「...」 in s (start after 「, end at 」)."""
    out = []
    depth = 0
    st = 0
    for i, ch in enumerate(s):
        if ch == "「":
            if depth == 0:
                st = i + 1
            depth += 1
        elif ch == "」" and depth:
            depth -= 1
            if depth == 0:
                out.append((st, i))
    return out


def _outside(s: str, spans: list[tuple[int, int]]) -> str:
    """``s`` with the text of its quotes left out (brackets kept)."""
    out, pos = [], 0
    for a, b in spans:
        out.append(s[pos:a])
        pos = b
    out.append(s[pos:])
    return "".join(out)


def _inside_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a - 1 <= pos <= b for a, b in spans)


def _tail_after(text: str, m: Mention) -> int:
    end = m.end_char
    if m.title and text.startswith(m.title, end):
        end += len(m.title)
    return end


def _sentence_subject(text: str, sent: Sentence, ms: list[Mention]) -> Mention | None:
    """The PERSON/ORG named as topic or subject (Xは/Xが) of a sentence, outside quotes."""
    spans = _quote_spans(sent.text)
    for m in ms:
        if m.entity_type not in SPEAKER_TYPES or _inside_any(m.start_char - sent.start_char, spans):
            continue
        end = _tail_after(text, m)
        if _SUBJ.match(text[end:end + 10]) or _ACCORDING.match(text[end:end + 10]):
            return m
    return None


def find_quotes(text: str, sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]],
                mentions: Sequence[Mention]) -> list[Quote]:
    """Every 「」 quotation of the document, with its speaker's mention span when known."""
    out: list[Quote] = []
    n = len(sentences)
    by_s: list[list[Mention]] = [[] for _ in range(n)]
    for m in mentions:
        if 0 <= m.sentence_id < n:
            by_s[m.sentence_id].append(m)
    for lst in by_s:
        lst.sort(key=lambda m: m.start_char)

    for sent in sentences:
        s = sent.text
        if "「" not in s:
            continue
        spans = _quote_spans(s)
        if not spans:
            continue
        base = sent.start_char
        ms = [m for m in by_s[sent.sentence_id] if m.entity_type in SPEAKER_TYPES
              and not _inside_any(m.start_char - base, spans)]
        for qi, (qs, qe) in enumerate(spans):
            speaker = _speaker(text, sentences, by_s, sent, spans, qi, ms)
            out.append(Quote(sent.sentence_id, base + qs, base + qe, text[base + qs:base + qe],
                             speaker.start_char if speaker else None, speaker.end_char if speaker else None))
    return out


def _speaker(text: str, sentences: Sequence[Sentence], by_s: list[list[Mention]], sent: Sentence,
             spans: list[tuple[int, int]], qi: int, ms: list[Mention]) -> Mention | None:
    s = sent.text
    base = sent.start_char
    qs, qe = spans[qi]
    nxt = spans[qi + 1][0] - 1 if qi + 1 < len(spans) else len(s)
    tail = s[qe + 1:]
    said = False
    if _AFTER_QUOTE.match(tail):
        # the verb of saying must follow in this clause (before the next quote)
        said = bool(_SAY_RE.search(s, qe + 2, max(nxt, qe + 2) if qi + 1 < len(spans) else len(s)))
        # a later quote of the same sentence may carry the verb: 「...」とし、...「...」と発言した
        if not said and qi + 1 < len(spans):
            said = bool(_SAY_RE.search(s, spans[-1][1]))
    elif not _NOT_SPEECH.match(tail):
        # Xは、会談は「非常に生産的」だったと述べた: the quote inside reported content
        said = bool(_REPORTED.search(s, qe + 1, nxt if qi + 1 < len(spans) else len(s)))
    if said:
        # 1. 「...」とXは述べた: the subject right after と (国営通信社RIAは...X氏の発言を引用して)
        after_to = base + qe + 2
        for m in ms:
            if after_to <= m.start_char <= after_to + 8 and _DESCRIPTOR.match(text[after_to:m.start_char]):
                end = _tail_after(text, m)
                rest = text[end:base + len(s)]
                if _SUBJ.match(rest[:10]):
                    for c in ms:
                        if c.start_char > m.start_char and c.entity_type == "PERSON":
                            cend = _tail_after(text, c)
                            if _CITING.match(text[cend:cend + 12]):
                                return c
                    return m
        # 2. Xは「...」と述べた: the topic/subject before the quote (first は, else nearest が)
        topic = ga = None
        for m in ms:
            if m.start_char - base >= qs - 1:
                break
            end = _tail_after(text, m)
            rest = text[end:end + 10]
            if _TOPIC.match(rest):
                topic = topic or m
            elif _GA.match(rest):
                ga = m
        if topic or ga:
            return topic or ga
    # 3. Xによると / Xによれば before the quote
    for m in ms:
        if m.start_char - base < qs:
            end = _tail_after(text, m)
            if _ACCORDING.match(text[end:end + 10]):
                return m
    if said:
        # 4. no named subject (と彼は述べた, と知事は付け加えた, 「...」と述べた): the
        #    previous sentence's named subject; never for a collective subject (両首脳は)
        if _COLLECTIVE.search(_outside(s, spans)):  # 両首脳は「...」と述べた (not 「...両首脳が...」)
            return None
        subj = _SUBJ_WORD.match(tail)
        if subj is None or _PRONOUN_OR_TITLE.search(subj.group(1)):
            return _previous_subject(text, sentences, by_s, sent)
        return None
    # 5. a sentence that is only a quote after "Xはこう述べた。" / "次のように語った。"
    if qs <= 1 and qe >= len(s.rstrip("。 ")) - 1 and sent.sentence_id > 0:
        prev = sentences[sent.sentence_id - 1]
        if _INTRO.search(prev.text):
            return _previous_subject(text, sentences, by_s, sent)
    # 6. Xは...次のように語った。「...」 within one sentence
    intro = _INTRO.search(s[:max(qs - 1, 0)])
    if intro:
        for m in ms:
            if m.start_char - base < qs:
                end = _tail_after(text, m)
                if _SUBJ.match(text[end:end + 10]):
                    return m
    return None


def _previous_subject(text: str, sentences: Sequence[Sentence], by_s: list[list[Mention]],
                      sent: Sentence) -> Mention | None:
    """The named subject of the nearest preceding sentence (a few back at most)."""
    for back in range(1, _LOOKBACK + 1):
        sid = sent.sentence_id - back
        if sid < 0:
            return None
        prev = sentences[sid]
        subj = _sentence_subject(text, prev, by_s[sid])
        if subj is not None:
            return subj if subj.entity_type == "PERSON" else None
        # a pronoun subject (彼は) refers further back; anything else ends the search
        if not _PRONOUN_SUBJ.search(prev.text) and not prev.text.startswith("「"):
            return None
    return None
