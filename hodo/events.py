"""Diplomatic events: who met, called, visited whom, when and where.

Two stages, no Dagster:

* :func:`find_events` reads one document (its sentences, tokens, entity
  mentions and temporal expressions, all found by earlier stages) and returns
  one :class:`EventCandidate` per event keyword (会談, 電話会談, 訪問, 記者会見,
  署名...), with the participants' and the place's mention offsets, the date,
  a stated duration and whether the event is reported or only planned.
* :func:`merge_events` turns the candidates of many documents into the
  contract tables: reports of one event (same type, compatible date,
  overlapping participants), across sentences and documents, become one
  ``event_id`` with one ``event_mentions`` row per reporting sentence.

Planned or hypothetical events (予定, 可能性, 提案, 見通し, 〜へ, 調整...) are
kept and marked ``status = 'planned'``; a planned report that joins an event
also reported as having happened makes that event ``'reported'``.

Cost: one precompiled regex scan per sentence plus work proportional to the
mentions and dates of the sentence; no re-tokenization.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from datetime import date
from functools import lru_cache
from typing import NamedTuple, Sequence

import polars as pl

from hodo.records import Mention, Sentence, Timex, Token
from hodo.sections import MARKS, ends_line, opens_line, section_of, section_starts


class EventCandidate(NamedTuple):
    sentence_id: int
    event_type: str  # MEETING | PHONE_CALL | PRESS_CONFERENCE | VISIT | SIGNING
    event_date: str | None  # TIMEX3 value
    location_start: int | None  # start_char of the LOCATION mention of the place
    duration: str | None  # ISO 8601
    status: str  # 'reported' | 'planned'
    participant_starts: list[int]  # start_char of each participant mention


EVENT_TYPES = ("MEETING", "PHONE_CALL", "PRESS_CONFERENCE", "VISIT", "SIGNING")

# Longest alternatives first: at one position the regex takes the first that matches.
_KEYWORDS: list[tuple[str, str]] = [
    ("PHONE_CALL", r"電話(?:首脳)?(?:会談|協議|会議)|電話で(?:の)?(?:会談|協議|会話|話し合|話|対談)"
                   r"|電話で(?:約|およそ)?[\d一二三四五六七八九十]+(?:時間半?|分間?)(?:ほど|余り)?(?:にわたり|にわたって)?、?"
                   r"(?:会談|協議|会話|話し合)"
                   r"|電話(?:を)?(?:し|する|かけ)"),
    ("PRESS_CONFERENCE", r"(?:共同)?記者会見(?![室場])|(?:共同)?記者発表|(?:共同)?会見(?![室場])"),
    ("SIGNING", r"署名|調印"),
    ("VISIT", r"公式訪問|国賓訪問|訪問(?!団)|訪[米中日露ロ韓朝欧英仏独印]|来日|来訪|到着|訪れ|(?<=[ァ-ヶー一-龥])入り(?=し)"
              r"|(?<=[ァ-ヶー一-龥]に)移動(?=し)"),
    ("MEETING", r"表敬(?:訪問)?|陳情|(?:要望|要請)書を(?:手渡|提出)|対面(?:での)?会談|首脳会談|首脳会議|二国間会談|会談|会合|協議(?!会)|会議(?![室所員])"
                r"|サミット|対面|面会|面談|会食|立ち話"),
]
_KW_RE = re.compile("|".join(f"(?P<{t}>{p})" for t, p in _KEYWORDS))

# Masked spans: quotations and parentheses (photo credits, glosses, citations).
_OPENERS = {"「": "」", "『": "』", "(": ")", "（": "）", "[": "]"}

# Planned / hypothetical markers looked for just after the keyword ...
_PLANNED_AFTER = re.compile(
    r"^(?:へ(?:の|向け))|"  # (会談への, 会談へ向け: right after the keyword only; not インドへの投資)
    r"^[^。]{0,24}?(?:予定(?!より|を上|を超|通り|どおり|の[\d一二三四五六七八九十])|可能性|提案|見通し|調整|方針|検討|見込|"
    r"とみられ|だろう|つもり|意向|計画|期待|目指|"
    r"準備|用意|(?:開催|実施|実現)で(?:一致|合意)|する(?:と|こと|ため|よう|方向|べき|[「『。]|$)|します(?:。|$)|の成功に向け|ために|前に|に先立|"
    r"(?:行う|開く|実施する)(?:と|こと|方向|の)|(?:行われる|開かれる|開催される)(?:の|こと|と|方向))"
)
# A headline ending in the keyword + へ (サウジ対面会談へ): "heading for", not held yet.
_HEADLINE_TOWARD = re.compile(r"へ[】」』)\s]*$")
# ... and just before it (次回の首脳会談, 予定されている会談).
_PLANNED_BEFORE = re.compile(r"(?:(?:次回の?|次の|予定されている|予定の|予定されていた|将来の?|新たな|三国|相互に|定期的に"
                             r"|(?:開かれる|行われる|開催される)(?!予定))[^、。]{0,12}|今後の?[^、。]{0,3})$")
# A sentence ending in a plan or a verb of the future (…と会談する。…方向で調整している。).
_FUTURE_END = re.compile(
    r"(?:する|行う|訪れる|臨む|開く|会う|予定だ?|見通しだ?|方針だ?|調整している|調整中だ?|計画だ?|見込みだ?|意向だ?|方向だ?)"
    r"(?:と(?:いう|している|した|述べた|語った|明らかにした|発表した))?[。」』)\s]*$")
# Reported forms right after the keyword override a planned reading of the tail.
_REPORTED_AFTER = re.compile(r"^(?:を|が|は)?(?:行った|行われた|した|し、|開いた|開き|終え|終了|実施した|実現した|後|の後|中|の際|した際)")

# A reporting frame: the subject of such a verb is the source, not a participant.
_REPORT_VERB = re.compile(
    r"(?:と|ことを|ことも|ように)(?:[^。]{0,12})?(?:述べ|語っ|語り|明らかに|発表|報じ|伝え|指摘|強調|説明|"
    r"付け加え|確認|表明|投稿|主張|示唆|言及|発言|答え)"
)
_SOURCE_AFTER = re.compile(r"^(?:[^\s、。]{0,6}?)(?:によると|によれば|の発表|の発言|の声明|の報道|の情報|は[、]?[^。]{0,60}?と(?:報じ|伝え))")
_SUBJECT_AFTER = re.compile(r"^(?:[一-龥ァ-ヶー]{0,8}?)(?:は|が|も)(?![じ])")
_PLACE_AFTER = re.compile(
    r"^(?:[市州県都府区国]?)(?:内|郊外|近郊)?(?:で|において|にて|での|にある|を(?:公式|国賓)?訪問|を訪れ|に到着|へ到着|訪問|入り|を訪|に移動"
    r"|の[^、。「」()]{1,20}?(?:で|において|での|を訪問|に到着))"
)
_DURATION_AFTER = re.compile(r"^(?:間)?(?:以上)?、?(?:続|にわた|に及|(?:電話で)?(?:会談|協議|会議|会合|面会|話し|電話)"
                             r"|の(?:[^、。]{0,6})?(?:会談|協議|会議|電話|会合))")
_DURATION_BEFORE = re.compile(r"(?:会談|協議|会議|会合|電話会談|会見)(?:は|が)(?:約|およそ|少なくとも)?$")
# A date that is the time since which (以来, ぶり) is not the date of a later keyword.
_SINCE = re.compile(r"以来|ぶり|前から|以前")
_DATE_AFTER_OK = re.compile(r"^(?:は|が|も|するのも|したのも|は、|が、|は.{0,2}、)?[、]?$")
_SAME_OCCASION = re.compile(r"訪問中|滞在中|同日|この日|その際|同じ日|当日|(?:会談|協議|会合|会議)(?:後|の後)")
_REFERENCE_HEADINGS = {"参考文献", "脚注", "注釈", "出典", "参照", "関連項目", "外部リンク", "References"}
_CITATION_LINE = re.compile(r"^\s*-?\s*\^")
_TODAY = re.compile(r"本日|今日|きょう")
_PLACE_SUFFIXES = ("州", "市", "県", "都", "区", "町", "村", "基地", "空港", "島", "本部", "地方", "極東")
_ACTOR_AFTER = re.compile(r"^(?:と|、|・|側|政府|両政府|両国|代表団|首脳|大統領|指導者|首相|外相|による|が|は|も|"
                          r"の(?:首脳|両首脳|大統領|指導者|首相|外相|代表団|政府|当局|閣僚|高官|財務相|国防相|通商|"
                          r"(?:直接|2国間|二国間|和平|停戦)?(?:協議|会談|交渉|首脳会談)))")
_OF_SOURCE = re.compile(r"^(?:の|・)?[一-龥ァ-ヶー]{0,6}?(?:の)?$")
_NEGATED = re.compile(r"^(?:を|は)?(?:して(?:い)?ない|しなかった|せず|していな|されていない|されなかった)"
                      # refused, called off or put off: no event (会談を拒否した, 訪米は延期された)
                      r"|^(?:の|を|は|が)?(?:拒否|拒ん|拒絶|断っ|見送|延期|中止|取りやめ|取り止め|撤回)"
                      # (会談は日程が合わず見送られた: the reason may stand between)
                      r"|^(?:は|が)[^。、「」]{1,10}?(?:見送ら|延期さ|中止さ|取りやめ)"
                      r"|^(?:は|が)?実現(?:しなかった|せず|していない|しない)")
# Wished for, asked for, or supposed: not (yet) an event (会談に意欲, 会談を求めた, 会談したい, 訪米した場合).
_UNREAL_AFTER = re.compile(r"^(?:の|を|に|は|が|へ|には)?(?:意欲|望|呼びかけ|求め|要請|要求|打診|時期尚早|慎重|否定的|難色)"
                           r"|^(?:し|する)?(?:たい|かどうか|か否か)|^(?:した|する)場合|^(?:すれば|できれば|しても)"
                           r"|^(?:が|は)?(?:実現|開催)(?:すれば|した場合|する場合|するか|されれば)")
_FRAME_AFTER = re.compile(r"^(?:で|において|では|の場で|の席で)、")
_FUTURE_BEFORE = re.compile(r"今後|将来|来週|来月|近いうちに|近く")
#: Between two people listed as one subject: 、/と/や, and the second one's place (と長岡市の).
_LIST_JOINT = re.compile(r"[、とや,](?:[^、。とや「」]{1,10}の)?")
_BOTH = re.compile(r"両首脳|両大統領|両者|両国首脳|両トップ|両氏|両首相|両外相")
_ORG_AT_KW = re.compile(r"^(?:本部)?(?:で|での|との|と|の)?$")
# 会談の報道, 会談の議題: the keyword as a noun phrase modifier, not as the clause's predicate
# An event named as what something is about (首脳会談について, 会談をめぐって, 会談を前に).
_TOPIC_AFTER = re.compile(r"について|をめぐ|を巡|に関し|に関す|に向け|を前に|の実施|の開催")
_NOMINAL_AFTER = re.compile(r"^の(?!際|後|前|間|中|時|最中|ため|席|場)")
# Participants, places and visitors.
_ABBREV_CHARS = "米露ロ英仏独中韓朝日印豪加伊"
_COUNTRY_OF_PLACE = re.compile(r"・[^、。・]{1,12}?(?:で|において|にて)")
_ATTEND = re.compile(r"(?:が|も)(?:出席|参加|同席)")
#: A sentence's own topic or subject before its partner (岩屋外相は同日、…ルビオ国務長官と): no borrowing.
_OWN_TOPIC = re.compile(r"[^、。][^、。にでとかまへもの](?:は|が)(?!ず)")
#: ... unless it points back to the running one (同知事は, 同氏は, 一行は, 知事らは).
_ANAPHORIC_SUBJECT = re.compile(r"(?:同(?:氏|[一-龥]{1,5})|一行|[一-龥]{1,6}ら)(?:は|が|も)$")


def _own_topic(s: str, end: int) -> bool:
    """Whether ``s`` names its own subject before ``end`` (an anaphoric one does not count)."""
    return any(not _ANAPHORIC_SUBJECT.search(s, 0, x.end()) for x in _OWN_TOPIC.finditer(s, 0, end))


#: A visit word qualifying the person after it (来日中の, 来日した, 訪問中の).
_VISITOR_AFTER = re.compile(r"(?:中の|した|している|た)(?![際後]|ため|上|こと|の|と|、|。|が|は|い|ら|り|び|ところ)")
#: ... or the group it qualifies (訪日した韓国の特使団, 来日中の代表団).
_VISITING_GROUP = re.compile(r"(?:中の|した|している|た)[^、。]{0,10}?(?:特使団|代表団|使節団|訪問団|議員団|視察団|一行|関係者)")
#: Date words that count forward from the present (来年, 来月, 来週, 明日, あす, 3日後, 翌年, 次の).
_LOOKING_AHEAD = re.compile(r"来|明|あす|あした|あさって|後|翌|次")
_HELD_AT = re.compile(r"で(?:開かれ|行われ|開催され|実施され)")
_YEAR_VALUE = re.compile(r"\d{4}")
#: An event stated as confirmed or announced (会談が行われたことを確認した): the date before it is the statement's.
_CONFIRMED = re.compile(r"(?:が|は)(?:行われ|あっ|実施され|開かれ)た(?:こと|と)(?:を)?[^。]{0,8}?(?:確認|発表|明らかに|認め)")
#: Between the two ends of a date range (25日から27日, 25日~27日).
_RANGE_JOINTS = ("から", "~", "〜", "-")
_AFTER_A_GAP = re.compile(r"ぶりの?(?:対面)?(?:の)?$|ぶりとなる(?:対面)?$")


def _masks(s: str) -> list[tuple[int, int]]:
    """Spans (relative to the sentence) inside 「」『』() brackets, outermost only."""
    out = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(s):
        if ch in _OPENERS:
            stack.append((_OPENERS[ch], i))
        elif stack and ch == stack[-1][0]:
            _, st = stack.pop()
            if not stack:
                out.append((st, i + 1))
    if stack:  # unclosed bracket: mask to the end of the sentence
        out.append((stack[0][1], len(s)))
    return out


def _fast_masks(s: str) -> list[tuple[int, int]]:
    out = _masks(s) if any(c in s for c in "「『(（[") else []
    if "<ref" in s or "{{" in s:  # wiki citations: a cited title is not an event of the text
        out += [m.span() for m in _WIKI_MARKUP.finditer(s)]
    if "【" in s:  # a byline (【北京=山田太郎】): the reporter takes part in nothing
        out += [m.span() for m in _BYLINE.finditer(s)]
    return out


_BYLINE = re.compile(r"【[^】]{0,20}=[^】]{0,20}】")


_WIKI_MARKUP = re.compile(r"<ref[^>]*?/>|<ref[^>]*>.*?(?:</ref>|$)|\{\{.*?(?:\}\}|$)")


def _inside(pos: int, masks: list[tuple[int, int]]) -> bool:
    for a, b in masks:
        if a <= pos < b:
            return True
    return False


def _by_sentence(items, n: int) -> list[list]:
    out: list[list] = [[] for _ in range(n)]
    for it in items:
        if 0 <= it.sentence_id < n:
            out[it.sentence_id].append(it)
    for lst in out:
        lst.sort(key=lambda x: x.start_char)
    return out


def _reference_sentences(sentences: Sequence[Sentence]) -> set[int]:
    """Sentences of a reference list or a citation line: no events there."""
    skip: set[int] = set()
    in_refs = False
    for s in sentences:
        t = s.text.strip()
        if t in _REFERENCE_HEADINGS or t.rstrip(":：") in _REFERENCE_HEADINGS and len(t) < 8:
            in_refs = True
        if in_refs or _CITATION_LINE.match(t) or t.startswith("|"):  # (an infobox row: 先行 | 2018年G20…)
            skip.add(s.sentence_id)
    return skip


_MEDIA_SUFFIX = re.compile(r"(?:通信|通信社|新聞|新聞社|テレビ|放送|ニュース|タイムズ|ポスト)$")


def _gazetteer_kind(m: Mention, names: dict) -> str | None:
    """The gazetteer's kind of a mention's name ('media', 'venue', 'org'...), if it knows it
    (``names``: the gazetteer's names, looked up once per document)."""
    entry = names.get(m.surface) or (names.get(m.canonical_hint) if m.canonical_hint else None)
    return entry.kind if entry is not None else None  # (a byline's 共同 is 共同通信)


def _is_media(m: Mention, names: dict) -> bool:
    """A news outlet or agency (gazetteer kind 'media', or a name like 共同通信, 読売新聞)."""
    if m.entity_type != "ORGANIZATION":
        return False
    return _gazetteer_kind(m, names) == "media" or bool(_MEDIA_SUFFIX.search(m.surface))


def _is_venue(m: Mention, names: dict) -> bool:
    """A body named by its building (ホワイトハウス, クレムリン, 首相官邸; gazetteer kind 'venue')."""
    return _gazetteer_kind(m, names) == "venue"


def _after_title(text: str, m: Mention, limit: int) -> int:
    """Offset just after the mention and its title (トランプ|大統領)."""
    end = m.end_char
    if m.title:
        # a reading or a country abbreviation may stand between (李在明(イ・ジェミョン)大統領, ルフェーブル仏外相)
        gap = _BEFORE_TITLE.match(text, end)
        if text.startswith(m.title, gap.end()):
            end = gap.end() + len(m.title)
    gloss = _AFTER_TITLE_GLOSS.match(text, end) or (m.title and _CONCURRENT_TITLE.match(text, end))
    if gloss:  # ウシャコフ大統領補佐官(外交担当)は, ブイ・タイン・ソン副首相兼外相と
        end = gloss.end()
    return min(end, limit)


_AFTER_TITLE_GLOSS = re.compile(r"\([^)]{1,12}\)")
#: A second post held at once (副首相兼外相): part of the title.
_CONCURRENT_TITLE = re.compile(r"兼[\u4e00-\u9fff\u30A1-\u30FC]{0,8}?(?:相|大臣|長官|議長|長|官)")
#: What follows an event's counterpart: Xと会談, Xへの表敬訪問, Xを表敬.
_PARTNER_AFTER = re.compile(r"と|(?:への|を|に)表敬|に(?=[^。、]{0,30}?(?:陳情|(?:要望|要請)書を))")
_BEFORE_TITLE = re.compile(r"(?:\([\u30A1-\u30FC・=]{1,24}\))?[米露ロ英仏独中韓朝日印豪加伊]?")


def _planned(s: str, kw_start: int, kw_end: int, next_kw: int | None = None) -> bool:
    """Whether the keyword at kw_start..kw_end names a planned or hypothetical event. The tail
    read stops at the next keyword when a clause break stands between (記者会見で、…と会談する
    方向で調整: the plan is the meeting's)."""
    stop = kw_end + 30
    if next_kw is not None and "、" in s[kw_end:next_kw]:
        stop = min(stop, next_kw)
    tail = s[kw_end:stop]
    if _UNREAL_AFTER.match(tail):
        return True
    if _HEADLINE_TOWARD.match(tail):
        return True
    done = _REPORTED_AFTER.match(tail)
    if done:
        if done.group(0).endswith(("し、", "開き")) and _FUTURE_END.search(s):
            return True  # 訪米し、…会談する方向で調整している: the chain's last verb says when
        return bool(_PLANNED_BEFORE.search(s[max(0, kw_start - 20):kw_start]))
    if _PLANNED_AFTER.match(tail):
        return True
    return bool(_PLANNED_BEFORE.search(s[max(0, kw_start - 20):kw_start]))


def _talk_of_the_call(c: list, s: str, call_date: str | None) -> bool:
    """A bare 会談/協議 candidate ``c`` read as the phone call just reported: it names no place
    of its own and no other day (9月にはヒューストンで会談し is a meeting of its own)."""
    return c[0] == "MEETING" and s[c[6]:c[7]] in ("会談", "協議") and c[2] is None and c[1] in (None, call_date)


def _is_party_location(s: str, rel_end: int, m: Mention) -> bool:
    """A country named as an actor (ロシアと米国の首脳会談, 米国代表団), not as a place."""
    if m.surface.endswith(_PLACE_SUFFIXES):
        return False
    if _COUNTRY_OF_PLACE.match(s, rel_end):
        return False  # オランダ・ハーグで: the country of the place, not a party
    # 日米首脳会談: a country abbreviation before another one shares its role
    return bool(_ACTOR_AFTER.match(s[rel_end:rel_end + 12].lstrip(_ABBREV_CHARS)))




def find_events(text: str, sentences: Sequence[Sentence], tokens: Sequence[Sequence[Token]],
                mentions: Sequence[Mention], timexes: Sequence[Timex],
                published_date: date | None) -> list[EventCandidate]:
    """Event candidates of one document, one per event keyword (or per listed date)."""
    n = len(sentences)
    if n == 0:
        return []
    from hodo.entities.gazetteer import gazetteer

    gaz_names = gazetteer().names
    m_by_s = _by_sentence(mentions, n)
    t_by_s = _by_sentence(timexes, n)
    skip = _reference_sentences(sentences)
    out: list[EventCandidate] = []
    topics: dict[str, tuple[int, list[int], list]] = {}  # running topic per type: (sentence_id, participant starts)
    last_dated: tuple[int, str] | None = None  # (sentence_id, date) of the last dated candidate
    pub = published_date.isoformat() if published_date else None
    n_tok = len(tokens)
    stamps = _time_stamps(text, timexes)

    headings = section_starts(text)
    by_start = {m.start_char: m for m in mentions}
    sections: list[int] = []  # the section of each candidate in out
    subject: tuple[int, int, str | None] | None = None  # (sentence, start, name) of the last event's first party
    section = 0
    for sent in sentences:
        sid = sent.sentence_id
        if sid in skip:
            continue
        heading = section_of(headings, sent.start_char)  # headings so far
        if heading > section:
            # a new item of a digest or blog (■..., ▼...): nothing carries over from the last one
            section = heading
            topics.clear()
            last_dated = subject = None
        s = sent.text
        base = sent.start_char
        hits = []
        masks = None
        for km in _KW_RE.finditer(s):
            if masks is None:
                masks = _fast_masks(s)
            if _inside(km.start(), masks):
                continue
            hits.append((km.start(), km.end(), km.lastgroup))
        # 会う / 会った as a verb (janome base form) is a meeting too
        if "会" in s and sid < n_tok:
            for t in tokens[sid]:
                if t.base_form == "会う" and t.surface.startswith("会"):
                    if masks is None:
                        masks = _fast_masks(s)
                    st = t.start_char - base
                    if not _inside(st, masks):
                        hits.append((st, t.end_char - base, "MEETING"))
        if not hits:
            _attach_attendees(out, sections, section, sid, s, m_by_s[sid], by_start)
            continue
        hits.sort()
        ms = [m for m in m_by_s[sid] if not _inside(m.start_char - base, masks)]
        txs = [x for x in t_by_s[sid] if not _inside(x.start_char - base, masks)]
        dates = [x for x in txs if x.timex_type in ("DATE", "TIME")]
        durs = [x for x in txs if x.timex_type == "DURATION"]
        both_leaders = bool(_BOTH.search(s))

        # sources (Xによると, Xは...と報じた, the topic of a reporting frame) and subjects (Xは/Xが)
        sources: set[int] = set()
        subjects: list[Mention] = []
        partners: set[int] = set()  # mentions followed by と/との: the subject's counterpart
        report = None
        for report in _REPORT_VERB.finditer(s):
            pass  # the last reporting verb closes the frame
        for m in ms:
            rel = _after_title(text, m, sent.end_char) - base
            tail = s[rel:rel + 80]
            if _is_media(m, gaz_names) or _SOURCE_AFTER.match(tail):  # news media report events, they do not hold them
                sources.add(m.start_char)
            elif _SUBJECT_AFTER.match(tail[:10]):
                subjects.append(m)
            elif _PARTNER_AFTER.match(tail):
                partners.add(m.start_char)
        # a list of people ending in the subject (マクロン大統領、スターマー首相、メルツ首相が) is the subject
        listed = {m.start_char for m in subjects}
        # (新潟県の佐伯知事と長岡市の森田市長は: each with its place)
        people = [m for m in ms if m.entity_type == "PERSON"]
        for a, b in reversed(list(zip(people, people[1:]))):
            if b.start_char in listed and a.start_char not in sources \
                    and _LIST_JOINT.fullmatch(text, _after_title(text, a, sent.end_char), b.start_char):
                listed.add(a.start_char)
        if len(listed) > len(subjects):
            subjects = sorted((m for m in ms if m.start_char in listed), key=lambda m: m.start_char)
            partners -= listed
        if report and subjects:
            first = subjects[0]
            # Xは、Yが...と会談したと述べた: the reported content has its own subject
            after_first = text[_after_title(text, first, sent.end_char):][:2]
            if first.start_char - base < hits[0][0] and (first.entity_type != "PERSON" or any(
                    m.entity_type == "PERSON" and m.start_char - base < report.start()
                    for m in subjects[1:]) or (after_first == "は、" and any(
                    m.entity_type == "PERSON" and m.start_char > first.start_char and m.start_char not in partners
                    and m.start_char - base < report.start() for m in ms))):
                sources.add(first.start_char)
        # クレムリンのペスコフ報道官は: the source's organization is a source too
        if sources:
            for m in ms:
                if m.start_char in sources:
                    continue
                for src in sources:
                    gap = src - m.end_char
                    if 0 <= gap <= 8 and _OF_SOURCE.match(text[m.end_char:src]):
                        sources.add(m.start_char)
                        break

        # a body named inside a person's title (グテレス|国連|事務総長) is where they work, not a party
        person_ends = {m.end_char for m in ms if m.entity_type == "PERSON"}
        outsiders = sources | {m.start_char for m in ms if m.entity_type == "ORGANIZATION" and m.start_char in person_ends}

        # places: LOCATION followed by で/において/を訪問/に到着
        places = []
        for m in ms:
            if (m.entity_type == "LOCATION" or _is_venue(m, gaz_names)) and _PLACE_AFTER.match(s[m.end_char - base:m.end_char - base + 16]):
                places.append(m)  # (a body named by its building is the place where it meets: ホワイトハウスで)
        place_starts = {p.start_char for p in places}

        used_dates: set[int] = set()
        sent_cands: list[list] = []
        prev_end = 0
        for k, (ks, ke, etype) in enumerate(hits):
            if etype == "PRESS_CONFERENCE" and s[ks - 1:ks] == "と" and s[ks:ke] == "会見":
                etype = "MEETING"  # 大統領と会見された: an audience with someone is a meeting
            nxt = hits[k + 1][0] if k + 1 < len(hits) else len(s)
            if _NEGATED.match(s[ke:ke + 10]):
                prev_end = ke
                continue  # 訪問していない: no event
            comma = s.find("、", ke, nxt)
            after_end = comma if comma >= 0 else nxt
            seg = [m for m in ms if prev_end <= m.start_char - base < ks]
            after = [m for m in ms if ke <= m.start_char - base < after_end and m.entity_type == "PERSON"]
            if _FRAME_AFTER.match(s[ke:ke + 6]) and not any(m.start_char - base < ks for m in subjects):
                # 会議で、米国のヘグゼス国防長官は...: the main clause's subject attended
                after += [m for m in subjects if m.start_char - base >= ke and m.entity_type == "PERSON"
                          and m.start_char not in sources][:1]
            subj_before = [m for m in subjects if m.start_char - base < prev_end]
            pool = {m.start_char: m for m in subj_before + seg + after
                    if m.start_char not in outsiders}
            persons = [m for m in pool.values() if m.entity_type == "PERSON"]
            if etype == "VISIT" and any(m in subjects for m in persons):
                # 訪問先のサウジアラビアでムハンマド皇太子と会談: the host is met, not visiting; トランプ氏の
                # 特使に指名されたウィトコフ氏は…訪れた: an owner is not visiting either
                persons = [m for m in persons if m.start_char not in partners and (m in subjects or not s.startswith(
                    "の", _after_title(text, m, sent.end_char) - base))] or persons
            place = None
            if etype != "PHONE_CALL":
                cands_pl = [p for p in places if prev_end <= p.start_char - base < ks] or \
                           [p for p in places if ke <= p.start_char - base < after_end]
                if not cands_pl:  # 首脳会談は12日、シンガポールで開かれた: the place of the predicate
                    cands_pl = [p for p in places if p.start_char - base >= ke
                                and _HELD_AT.match(s, _after_title(text, p, sent.end_char) - base)][:1]
                if cands_pl:
                    place = cands_pl[-1] if cands_pl[-1].start_char - base < ks else cands_pl[0]
                elif etype == "VISIT":  # ドイツ訪問, マガダン市...訪問
                    near = [p for p in seg if p.entity_type == "LOCATION" and 0 <= ks - (p.end_char - base) <= 1]
                    place = near[-1] if near else None
            if persons:
                parts = persons
                if etype == "MEETING":  # NATO本部での会議: the organization takes part
                    parts = parts + [m for m in seg if m.entity_type == "ORGANIZATION" and m.start_char not in outsiders
                                     and m.start_char not in place_starts and _ORG_AT_KW.match(s[m.end_char - base:ks])]
            elif both_leaders and etype != "VISIT":
                parts = []  # 両首脳: the leaders of the running topic
            else:
                parts = []
                for m in pool.values():
                    if place is not None and m.start_char == place.start_char or m.start_char in place_starts:
                        continue
                    rel_end = _after_title(text, m, sent.end_char) - base
                    if m.entity_type == "ORGANIZATION":
                        if etype != "VISIT" or _SUBJECT_AFTER.match(s[rel_end:rel_end + 6]):
                            parts.append(m)
                    elif m.entity_type == "LOCATION" and _is_party_location(s, rel_end, m):
                        if etype != "VISIT" or _SUBJECT_AFTER.match(s[rel_end:rel_end + 6]):
                            parts.append(m)
            status = "planned" if _planned(s, ks, ke, hits[k + 1][0] if k + 1 < len(hits) else None) \
                or _FUTURE_BEFORE.search(s, 0, ks) else "reported"

            # date: the nearest free date before the keyword in its segment; a
            # date list (3月18日、5月19日、...) gives one candidate per date; a
            # date before 以来 (2015年の...以来の訪米) is an earlier occasion of the same kind
            kdates: list[str] = []
            topic = bool(_TOPIC_AFTER.match(s, ke))
            nominal = topic or bool(_NOMINAL_AFTER.match(s[ke:ke + 4]))
            before = [x for x in dates if x.end_char - base <= ks and x.start_char not in used_dates
                      and x.start_char - base >= prev_end]
            chosen = None
            since = False
            # 会談を8月15日に行う: the date in the keyword's own clause, not the main verb's (8日、…発表した)
            own = next((x for x in dates if x.start_char - base >= ke and x.start_char not in used_dates
                        and s[ke:x.start_char - base] == "を" and s.startswith("に", x.end_char - base)), None)
            if own is not None:
                before = [own]
            if before and _YEAR_VALUE.fullmatch(before[-1].value) and s.startswith("の", before[-1].end_char - base) \
                    and _TOPIC_AFTER.search(s, before[-1].end_char - base, ks):
                before = before[:-1]  # 2025年の関税交渉について協議: the year of the negotiations, not of this talk
            if before and not nominal:
                x = before[-1]
                if len(before) > 1 and s[before[-2].end_char - base:x.start_char - base] in _RANGE_JOINTS:
                    x = before[-2]  # 25日から27日にかけて訪問した: the visit began on the 25th
                between = s[x.end_char - base:ks]
                if _SINCE.search(between):
                    since = True
                chosen = x
            if chosen is None and not nominal:
                afterd = [x for x in dates if x.start_char - base >= ke and x.start_char not in used_dates]
                if afterd:
                    x = afterd[0]
                    gap = s[ke:x.start_char - base]
                    if len(gap) <= 8 and _DATE_AFTER_OK.match(gap):
                        chosen = x
                        since = bool(_SINCE.match(s[x.end_char - base:x.end_char - base + 3]))
            if chosen is not None and chosen.end_char - base <= ks and _CONFIRMED.match(s, ke):
                chosen = None  # 同日、電話会談が行われたことを確認した: the day of the confirmation
            ahead = chosen is not None and bool(_LOOKING_AHEAD.search(chosen.surface))
            if chosen is not None:
                group = _date_list(s, base, dates, chosen)
                for x in group:
                    used_dates.add(x.start_char)
                kdates = [_day(x.value) for x in group]
            elif topic:
                status = "planned"  # 首脳会談について投稿した: talked about, not reported as held
            elif _TODAY.search(s[max(0, ks - 30):ks]) and pub:
                kdates = [pub]

            duration = None
            if etype in ("MEETING", "PHONE_CALL", "PRESS_CONFERENCE"):
                for x in (d for d in durs if not d.surface.endswith(("ぶり", "振り"))):  # (1年ぶりの会談: a gap)
                    xs, xe = x.start_char - base, x.end_char - base
                    if prev_end <= xs and xe <= ks and ks - xe <= 14 and _DURATION_AFTER.match(s[xe:xe + 12]):
                        duration = x.value
                    elif xs >= ke and xs - ke <= 6 and _DURATION_BEFORE.search(s[:xs]) and \
                            _DURATION_AFTER.match(s[xe:xe + 6]):
                        duration = x.value
                        break
            if etype == "VISIT" and _VISITOR_AFTER.match(s, ke):
                # 来日中のオーストラリアのウォン外相と面会した: the visitor is the person it qualifies
                guest = next((m for m in ms if m.entity_type == "PERSON" and ke < m.start_char - base <= ke + 20), None)
                group = _VISITING_GROUP.match(s, ke) if guest is None else None
                if guest is not None:
                    parts = [guest]
                elif group:  # 訪日した韓国の特使団から: a group visited; named by its country, if at all
                    parts = [m for m in ms if ke < m.start_char - base < group.end()
                             and m.entity_type in ("LOCATION", "ORGANIZATION")][:1]
            part_starts = sorted({m.start_char for m in parts})
            loc = place.start_char if place else None
            if since:
                # 2015年の...以来の訪米: an earlier visit in 2015 and the present one
                for d in kdates:
                    sent_cands.append([etype, d, None, None, "reported", part_starts, ks, ke, True, False])
                kdates = []
            for d in (kdates or [None]):
                sent_cands.append([etype, d, loc, duration, status, part_starts, ks, ke, False, ahead])
            prev_end = ke

        # キーウを訪問し、ゼレンスキー氏と会談した: the meeting is where the visit went
        for c in sent_cands:
            if c[0] in ("MEETING", "SIGNING", "PRESS_CONFERENCE") and c[2] is None:
                visit = next((d for d in sent_cands if d[0] == "VISIT" and d[2] is not None and d[7] <= c[6]), None)
                if visit is not None:
                    c[2] = visit[2]
        # same occasion within a sentence: an undated keyword takes the date of a
        # dated one (訪問した際、...と会談した; 会談後に共同記者会見を開き)
        for c in sent_cands:
            if c[1] is None:
                for d in sent_cands:
                    if d[1] is not None and not d[8] and not _SINCE.search(s[min(c[7], d[7]):max(c[6], d[6])]):
                        c[1] = d[1]
                        break
        if stamps and stamps[0][0] < base:  # under a live blog's time stamp: that entry's day
            for c in sent_cands:
                if c[1] is None and c[4] == "reported" and not c[8]:
                    c[1] = stamps[bisect_right(stamps, (base,)) - 1][1]
        if last_dated and last_dated[0] >= sid - 2 and _SAME_OCCASION.search(s):
            for c in sent_cands:
                if c[1] is None:
                    c[1] = last_dated[1]
        # running topic: a keyword without participants borrows the previous event's
        names = {m.start_char: m.canonical_hint or m.surface for m in ms}
        # a joint event (共同記者会見) naming one party has the others of the running topic it shares
        for c in sent_cands:
            if len(c[5]) == 1 and s[c[6]:c[7]].startswith("共同"):
                party = names.get(c[5][0])
                for t in ("PRESS_CONFERENCE", "MEETING", "PHONE_CALL"):
                    tp = topics.get(t)
                    if tp and len(tp[1]) >= 2 and party in tp[2]:
                        c[5] = sorted(set(c[5]) | set(tp[1]))
                        break
        # a meeting naming only its partner (マクロン大統領とは…会談し) is the running subject's:
        # the first party of this section's last event, at most two sentences back
        if subject and sid - subject[0] <= 2:
            for c in sent_cands:
                if not c[5] and c[0] == "VISIT" and not _own_topic(s, c[6]):
                    c[5] = [subject[1]]  # 翌30日には板門店を訪れ: the story's subject went
                if len(c[5]) == 1 and c[0] in ("MEETING", "PHONE_CALL") and names.get(c[5][0]) != subject[2]:
                    m = next((m for m in ms if m.start_char == c[5][0]), None)
                    if m is not None and m.entity_type == "PERSON" \
                            and _PARTNER_AFTER.match(s, _after_title(text, m, len(text)) - base) \
                            and not _own_topic(s, m.start_char - base):
                        c[5] = sorted([subject[1], c[5][0]])
        # 16日に会談する予定で、約1年ぶりの会談となる: the second names the first again
        sent_cands = [c for c in sent_cands if not (
            _AFTER_A_GAP.search(s, max(0, c[6] - 8), c[6]) and c[1] is None
            and any(d is not c and d[0] == c[0] and d[6] < c[6] for d in sent_cands))]
        # 首相は、A首相、B首相とそれぞれ会談した: one meeting with each partner
        if "それぞれ" in s:
            split = []
            for c in sent_cands:
                if c[0] not in ("MEETING", "PHONE_CALL") or "それぞれ" not in s[:c[6]]:
                    split.append(c)
                    continue
                partners_here = [p for p in c[5] if p in partners or s[_after_title(
                    text, next(m for m in ms if m.start_char == p), len(text)) - base:][:1] in ("と", "、")]
                own = [p for p in c[5] if p not in partners_here]
                host = own[:1] or ([subject[1]] if subject and sid - subject[0] <= 3 else [])
                if len(partners_here) >= 2 and host:
                    split += [c[:5] + [sorted(host + [p])] + c[6:] for p in partners_here]
                else:
                    split.append(c)
            sent_cands = split
        # a signing or press conference naming no one in a sentence that names a meeting's parties
        for c in sent_cands:
            if len(c[5]) <= 1 and c[0] in ("SIGNING", "PRESS_CONFERENCE"):
                # (…と会談し、共同声明に署名した: the signing is the meeting's parties')
                donor = next((d for d in sent_cands if len(d[5]) >= 2 and d[0] == "MEETING" and d[4] == c[4]
                              and set(c[5]) <= set(d[5])), None)
                if donor:
                    c[5] = list(donor[5])
                    c[1] = c[1] or donor[1]
        for c in sent_cands:
            if c[5]:
                # この会談 / 会談 right after a phone call, naming only its parties, is that call
                tp = topics.get("PHONE_CALL")
                tm = topics.get("MEETING")
                if tp and sid - tp[0] <= 12 and (tm is None or tm[0] < tp[0]) and _talk_of_the_call(c, s, tp[3]) \
                        and {names.get(x) for x in c[5]} <= set(tp[2]):
                    c[0] = "PHONE_CALL"
                continue
            want = {"MEETING": ("MEETING", "PHONE_CALL"), "PRESS_CONFERENCE": ("MEETING", "PRESS_CONFERENCE"),
                    "PHONE_CALL": ("PHONE_CALL",), "VISIT": ("VISIT",), "SIGNING": ("SIGNING", "MEETING")}[c[0]]
            best = None
            for t in want:
                tp = topics.get(t)
                if tp and sid - tp[0] <= 12 and (best is None or tp[0] > best[1][0]):
                    best = (t, tp)
            if best is None and both_leaders and c[0] in ("MEETING", "PHONE_CALL", "PRESS_CONFERENCE", "SIGNING"):
                # 両首脳 with no event before: the last two people the previous sentences named
                recent: dict[str, int] = {}
                for back in (sid - 2, sid - 1):
                    for m in (m_by_s[back] if 0 <= back < n else ()):
                        if m.entity_type == "PERSON" and section_of(headings, m.start_char) == section:
                            recent.pop(m.canonical_hint or m.surface, None)
                            recent[m.canonical_hint or m.surface] = m.start_char
                if len(recent) >= 2:
                    c[5] = sorted(list(recent.values())[-2:])
            if best is not None:
                c[5] = list(best[1][1])
                if c[1] is None:
                    c[1] = best[1][3]  # この会談 / 会談では right after it: that event, on its date
                if best[0] == "PHONE_CALL" and _talk_of_the_call(c, s, best[1][3]):
                    c[0] = "PHONE_CALL"  # 会談 right after a phone call is that call
        for c in sent_cands:
            if c[4] == "reported" and _after(c[1], pub) and (c[9] or _FUTURE_END.search(s)):
                # dated after publication by a word that looks ahead (来年4月に訪問し) or in a
                # sentence about the future: not happened yet. (A publication date inferred from
                # the body may predate its own past events: 2019年2月に…決裂した stays reported.)
                c[4] = "planned"
            cand = EventCandidate(sid, c[0], c[1], c[2], c[3], c[4], c[5])
            out.append(cand)
            sections.append(-1 if c[8] else section)  # an earlier occasion (以来) dates nothing else
            current = c[1] is None or pub is None or c[1][:4] >= pub[:4]
            if c[5] and current and not c[8] and c[4] == "reported" and (len(c[5]) >= 2 or c[0] == "VISIT"):
                topics[c[0]] = (sid, c[5], [names.get(x) or _name_at(text, x, mentions) for x in c[5]], c[1])
            if c[1] and not c[8]:
                last_dated = (sid, c[1])
            if c[5] and c[4] == "reported" and not c[8] and (
                    by_start[c[5][0]].entity_type == "PERSON" if c[5][0] in by_start else True):
                # (a meeting of countries, 日米豪印外相会合, leaves the story's acting person the subject)
                subject = (sid, c[5][0], names.get(c[5][0]) or _name_at(text, c[5][0], mentions))
        _attach_attendees(out, sections, section, sid, s, [m for m in ms if m.start_char not in outsiders], by_start)
    out = _headline_like_body(out, sentences, {m.start_char: m for m in mentions})
    if not headings:
        return out
    heads = {x.sentence_id for x in sentences if section_of(headings, x.start_char)
             and not text[headings[section_of(headings, x.start_char) - 1]:x.start_char].strip(MARKS)}
    return _date_from_section(out, sections, heads,
                              {m.start_char: m.canonical_hint or m.surface for m in mentions}, pub)


def _attach_attendees(out: list[EventCandidate], sections: list[int], section: int, sid: int, s: str,
                      ms: Sequence[Mention], by_start: dict[int, Mention]) -> None:
    """会談は…で行われ、岩屋毅外務大臣、王毅外相…が出席した: the people who attended a meeting told
    just before (with no named people of its own) are its parties."""
    if not _ATTEND.search(s):
        return
    people = [m.start_char for m in ms if m.entity_type == "PERSON"]
    if len(people) < 2:
        return
    for idx in range(len(out) - 1, -1, -1):
        prev = out[idx]
        if prev.sentence_id < sid - 2 or sections[idx] != section:
            return
        if prev.event_type == "MEETING" and not any(
                p in by_start and by_start[p].entity_type == "PERSON" for p in prev.participant_starts):
            out[idx] = prev._replace(participant_starts=sorted(people))
            return


def _headline_like_body(cands: list[EventCandidate], sentences: Sequence[Sentence],
                        by_start: dict[int, Mention]) -> list[EventCandidate]:
    """A headline's event is the story's: 石破首相、トランプ氏と会談 over a body that says they met by
    phone is that call; インドネシア大統領が国賓来日 (countries only) over a body visit adds nothing."""
    if not cands or not sentences or "。" in sentences[0].text:
        return cands
    body = [c for c in cands if c.sentence_id > 0]
    name = lambda p: (by_start[p].canonical_hint or by_start[p].surface) if p in by_start else None  # noqa: E731
    out = []
    for c in cands:
        if c.sentence_id == 0 and body:
            mine = {name(p) for p in c.participant_starts} - {None}
            kinds = {b.event_type for b in body if mine & {name(p) for p in b.participant_starts}}
            if c.event_type == "MEETING" and "PHONE_CALL" in kinds and "MEETING" not in kinds:
                c = c._replace(event_type="PHONE_CALL")
            elif all(p in by_start and by_start[p].entity_type == "LOCATION" for p in c.participant_starts) \
                    and any(b.event_type == c.event_type for b in body):
                continue
            if c.event_date is None and mine:  # and on the story's date
                day = next((b.event_date for b in body if b.event_type == c.event_type and b.event_date
                            and b.status == "reported" and mine <= {name(p) for p in b.participant_starts}), None)
                c = c._replace(event_date=day) if day else c
        out.append(c)
    return out


def _date_from_section(cands: list[EventCandidate], sections: list[int], heads: set[int],
                       name_of: dict[int, str], pub: str | None) -> list[EventCandidate]:
    """In a document of headed sections (a digest, a blog), an undated report that shares a party
    with a dated report of its section takes that date: a headline (a sentence of ``heads``) the
    date of its story, another sentence the date of a report at most two sentences before it;
    one of its own kind first, then the nearest."""
    dated = [(i, c) for i, c in enumerate(cands) if c.event_date and c.status == "reported"]
    if not dated:
        return cands
    out = list(cands)
    for i, c in enumerate(cands):
        if c.event_date or c.status != "reported" or not c.participant_starts or sections[i] < 0:
            continue
        mine = {name_of.get(p) for p in c.participant_starts} - {None}
        headline = c.sentence_id in heads
        near = [(d.event_type != c.event_type, abs(d.sentence_id - c.sentence_id), d.event_date)
                for j, d in dated if sections[j] == sections[i]
                and (headline or 0 < c.sentence_id - d.sentence_id <= 2)
                and mine & {name_of.get(p) for p in d.participant_starts}]
        if near:
            day = min(near)[2]
            out[i] = c._replace(event_date=day)
    return out


def _after(day: str | None, pub: str | None) -> bool:
    """Whether a calendar value (2026-04, 2025-11-21) lies wholly after the publication date."""
    if not day or not pub or not _CALENDAR.fullmatch(day):
        return False
    return day > pub[:len(day)]


_CALENDAR = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _time_stamps(text: str, timexes: Sequence[Timex]) -> list[tuple[int, str]]:
    """(offset, day) of the times that stand alone on their line, when there are several: a
    live blog's entries (▼午前11時45分), each the day of the events reported under it."""
    stamps = []
    for x in timexes:
        if x.timex_type != "TIME" or not x.value[:1].isdigit():
            continue
        if opens_line(text, x.start_char) and ends_line(text, x.end_char):
            stamps.append((x.start_char, _day(x.value)))
    return sorted(stamps) if len(stamps) >= 2 else []


def _name_at(text: str, start: int, mentions: Sequence[Mention]) -> str | None:
    for m in mentions:
        if m.start_char == start:
            return m.canonical_hint or m.surface
    return None


def _day(value: str) -> str:
    """The calendar part of a TIME value (2025-08-15T11:00 -> 2025-08-15)."""
    return value.split("T", 1)[0] if "T" in value and value[:1].isdigit() else value


_LIST_GAP = re.compile(r"^(?:[、,と及びおよ]|\s|\[[^\]]{0,8}\]|\([^)]{0,20}\))*$")


def _date_list(s: str, base: int, dates: list[Timex], chosen: Timex) -> list[Timex]:
    """The enumeration of dates that `chosen` belongs to (3月18日、5月19日、...)."""
    i = dates.index(chosen)
    group = [chosen]
    j = i
    while j > 0:
        a, b = dates[j - 1], dates[j]
        if b.start_char - a.end_char > 40 or not _LIST_GAP.match(s[a.end_char - base:b.start_char - base]):
            break
        group.insert(0, a)
        j -= 1
    j = i
    while j + 1 < len(dates):
        a, b = dates[j], dates[j + 1]
        if b.start_char - a.end_char > 40 or not _LIST_GAP.match(s[a.end_char - base:b.start_char - base]):
            break
        group.append(b)
        j += 1
    # dates inside a parenthesis gloss (8月18日(モスクワ時間8月19日夜)) are not list items
    masks = _fast_masks(s)
    group = [x for x in group if not _inside(x.start_char - base, masks)]
    return group or [chosen]


# ---------------------------------------------------------------------------
# merging across sentences and documents


@lru_cache(maxsize=1 << 16)  # few distinct dates, asked about hundreds of thousands of times
def _date_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    for w, d in ((a, b), (b, a)):  # 先週の会談 (2025-W33) and 15日の会談 (2025-08-15) of that week
        if "-W" in w and len(d) == 10 and d[:4].isdigit() and w[:4].isdigit():
            try:
                iso = date.fromisoformat(d).isocalendar()
            except ValueError:
                return False
            return w[:8] == f"{iso[0]:04d}-W{iso[1]:02d}"
    if "T" in a or "T" in b:
        a, b = a.split("T")[0], b.split("T")[0]
        if a == b:
            return True
    pa, pb = a.split("-"), b.split("-")
    if (pa[0] == "XXXX" and len(pb) < 3) or (pb[0] == "XXXX" and len(pa) < 3):
        return False  # a day of an unknown year (水曜日) is not an event known only by its year or month
    for x, y in zip(pa, pb):
        if x != y and "X" not in x and "X" not in y:
            return False
    return True


def _more_specific(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    ka = (len(a.split("-")) + ("T" in a), "X" not in a)
    kb = (len(b.split("-")) + ("T" in b), "X" not in b)
    return a if ka >= kb else b


def _compatible(parts: set[str], group: set[str]) -> int:
    """Overlap score of a report's participants with an event's (0 = not the same event)."""
    if not parts or not group:
        return 0
    inter = len(parts & group)
    if inter >= 2 or (inter and (parts <= group or group <= parts)):
        return inter
    return 0


#: Events between two parties at least: a meeting or a call with one named party is not kept.
_TWO_PARTY = frozenset({"MEETING", "PHONE_CALL"})

_EMPTY_EVENTS = {"event_id": pl.Utf8, "event_type": pl.Utf8, "event_date": pl.Utf8,
                 "location_entity_id": pl.Utf8, "duration": pl.Utf8, "status": pl.Utf8}
_EMPTY_PARTS = {"event_id": pl.Utf8, "entity_id": pl.Utf8}
_EMPTY_MENTIONS = {"event_id": pl.Utf8, "doc_id": pl.Utf8, "sentence_id": pl.Int32}


def merge_events(candidates: pl.DataFrame, entity_mentions: pl.DataFrame
                 ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """events, event_participants, event_mentions from per-document candidates."""
    if candidates.height == 0:
        return (pl.DataFrame(schema=_EMPTY_EVENTS), pl.DataFrame(schema=_EMPTY_PARTS),
                pl.DataFrame(schema=_EMPTY_MENTIONS))
    cands = candidates.with_columns(pl.col("candidate_id").cast(pl.Int64), pl.col("sentence_id").cast(pl.Int64))
    em = entity_mentions.select(
        pl.col("doc_id"), pl.col("start_char").cast(pl.Int64), pl.col("entity_id"),
        pl.col("entity_type") if "entity_type" in entity_mentions.columns else pl.lit(None, pl.Utf8).alias("entity_type"),
    ).unique(subset=["doc_id", "start_char"], keep="first")

    # participants: explode the offsets and join them with the resolved mentions
    part = (cands.select("doc_id", "candidate_id", pl.col("participant_starts").cast(pl.List(pl.Int64)))
            .explode("participant_starts").drop_nulls("participant_starts")
            .rename({"participant_starts": "start_char"})
            .join(em, on=["doc_id", "start_char"], how="inner")
            .group_by("doc_id", "candidate_id")
            .agg(pl.col("entity_id").unique().sort().alias("entity_ids")))
    loc = (cands.select("doc_id", "candidate_id", pl.col("location_start").cast(pl.Int64).alias("start_char"))
           .drop_nulls("start_char").join(em, on=["doc_id", "start_char"], how="inner")
           .select("doc_id", "candidate_id", pl.col("entity_id").alias("location_entity_id")))
    rows = (cands.join(part, on=["doc_id", "candidate_id"], how="left")
            .join(loc, on=["doc_id", "candidate_id"], how="left")
            .filter(pl.col("entity_ids").list.len() > 0)
            .sort("doc_id", "sentence_id", "candidate_id"))
    recs = rows.select("doc_id", "sentence_id", "candidate_id", "event_type", "event_date",
                       "location_entity_id", "duration", "status", "entity_ids").to_dicts()
    if not recs:
        return (pl.DataFrame(schema=_EMPTY_EVENTS), pl.DataFrame(schema=_EMPTY_PARTS),
                pl.DataFrame(schema=_EMPTY_MENTIONS))

    etypes = dict(zip(em["entity_id"].to_list(), em["entity_type"].to_list()))
    # the country of each place, when known: a visit to アラスカ州 and one to 米国 that day are one trip
    countries = (dict(zip(entity_mentions["entity_id"].to_list(), entity_mentions["country_code"].to_list()))
                 if "country_code" in entity_mentions.columns else {})

    def same_country(loc: str, locs: set) -> bool:
        code = countries.get(loc)
        return code is not None and any(countries.get(other) == code for other in locs)

    for r in recs:
        r["persons"] = any(etypes.get(e) == "PERSON" for e in r["entity_ids"])
        r["countries_only"] = (not r["persons"] and len(r["entity_ids"]) <= 3
                               and all(etypes.get(e) == "LOCATION" for e in r["entity_ids"]))

    # the document's reference date: the date most of its reports carry
    ref: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}
    for r in recs:
        if r["event_date"] and r["status"] == "reported":
            c = counts.setdefault(r["doc_id"], {})
            c[r["event_date"]] = c.get(r["event_date"], 0) + 1
    for doc, c in counts.items():
        ref[doc] = max(c, key=lambda d: (c[d], d))

    groups: list[dict] = []

    # Inverted indexes over the groups (exact: a group scores 0 unless it shares a
    # participant, or, for a countries-only report, names persons in the same document),
    # so best_group looks at the few groups that can match instead of all of them.
    # keyed by (event type, entity or document): a report only ever joins a group of its own type
    by_entity: dict[tuple[str, str], list[int]] = {}
    by_doc: dict[tuple[str, str], list[int]] = {}

    def new_group(r) -> dict:
        g = {"type": r["event_type"], "date": r["event_date"], "parts": set(r["entity_ids"]),
             "members": [r], "docs": {r["doc_id"]: 1}, "persons": r["persons"],
             "locs": {r["location_entity_id"]} - {None}, "i": len(groups)}
        groups.append(g)
        for e in g["parts"]:
            by_entity.setdefault((g["type"], e), []).append(g["i"])
        by_doc.setdefault((g["type"], r["doc_id"]), []).append(g["i"])
        return g

    def add(g, r):
        g["members"].append(r)
        if not (r["countries_only"] and g["persons"]):
            for e in r["entity_ids"]:
                if e not in g["parts"]:
                    g["parts"].add(e)
                    by_entity.setdefault((g["type"], e), []).append(g["i"])
        g["date"] = _more_specific(g["date"], r["event_date"])
        if r["doc_id"] not in g["docs"]:
            by_doc.setdefault((g["type"], r["doc_id"]), []).append(g["i"])
        g["docs"][r["doc_id"]] = g["docs"].get(r["doc_id"], 0) + 1
        g["persons"] = g["persons"] or r["persons"]
        if r["location_entity_id"]:
            g["locs"].add(r["location_entity_id"])

    def best_group(r, need_date: bool):
        ps = set(r["entity_ids"])
        best, key = None, None
        near: set[int] = set()
        etype = r["event_type"]
        for e in ps:
            near.update(by_entity.get((etype, e), ()))
        if r["countries_only"]:
            near.update(by_doc.get((etype, r["doc_id"]), ()))
        for g in (groups[i] for i in sorted(near)):  # list order: ties resolve as before
            if need_date:
                if g["date"] is None or not _date_compatible(g["date"], r["event_date"]):
                    continue
            # a visit to another place is another visit (a place in the same country: the same trip);
            # so is a meeting elsewhere on a date that only contains the other's (9月下旬 in New York)
            if r["location_entity_id"] and g["locs"] and (r["event_type"] == "VISIT" or r["event_date"] != g["date"]) \
                    and r["location_entity_id"] not in g["locs"] and not same_country(r["location_entity_id"], g["locs"]):
                continue
            same_doc = g["docs"].get(r["doc_id"], 0)
            score = _compatible(ps, g["parts"])
            if not score and r["countries_only"] and g["persons"] and same_doc:
                score = 0.5  # ロシアと米国の首脳会談: the leaders' summit the document is about
            if not score:
                continue
            k = (same_doc > 0, score, len(g["members"]), g["date"] or "")
            if key is None or k > key:
                best, key = g, k
        return best

    def order(r):
        return (r["countries_only"], -len(r["entity_ids"]), r["doc_id"], r["sentence_id"], r["candidate_id"])

    # 1. dated reports: larger participant sets first, so the main party list seeds the event
    for r in sorted((r for r in recs if r["event_date"]), key=order):
        g = best_group(r, need_date=True)
        add(g, r) if g else new_group(r)

    # 2. undated reports: a reported one is about the document's occasion (its
    #    reference date) unless the sentence marks it as past; a planned one
    #    joins a compatible event of its document, if any
    by_sentence: dict[tuple, list[dict]] = {}
    for g in groups:
        for m in g["members"]:
            by_sentence.setdefault((m["doc_id"], m["sentence_id"]), []).append(g)
    for r in sorted((r for r in recs if not r["event_date"]), key=order):
        ps = set(r["entity_ids"])
        g = None
        for sg in by_sentence.get((r["doc_id"], r["sentence_id"]), []):
            if sg["type"] == r["event_type"] and sg["date"] and _compatible(ps, sg["parts"]):
                g = sg
                break
        if g is None and r["location_entity_id"]:
            # 会談がアラスカで行われる: the dated event of this document at that place
            g = next((groups[i] for e in sorted(ps) for i in by_entity.get((r["event_type"], e), ())
                      if groups[i]["docs"].get(r["doc_id"]) and groups[i]["date"]
                      and r["location_entity_id"] in groups[i]["locs"] and _compatible(ps, groups[i]["parts"])), None)
        if g is None and r["status"] == "reported" and r["doc_id"] in ref:
            r = dict(r, event_date=ref[r["doc_id"]])
            g = best_group(r, need_date=True)
        if g is None and not r["event_date"]:
            g = best_group(r, need_date=False)
            if g is not None and not g["docs"].get(r["doc_id"]):
                g = None  # an undated report never joins another document's event alone
        add(g, r) if g else new_group(r)

    # 3. output
    ev_rows, part_rows, ment_rows = [], [], []
    seen_ids: dict[str, int] = {}
    for g in groups:
        parts = _core_participants(g)
        if g["type"] in _TWO_PARTY and len(parts) < 2:
            continue  # one named party: the other is unknown, or the sentence is about something else
        locs = [m["location_entity_id"] for m in g["members"] if m["location_entity_id"]]
        if g["type"] == "VISIT" and locs and countries.get(_mode(locs)) and all(
                etypes.get(p) == "PERSON" and countries.get(p) == countries.get(_mode(locs)) for p in parts):
            continue  # トランプ大統領がアラスカに到着: travel at home, not a visit
        key = "|".join([g["type"], g["date"] or ""] + parts)
        eid = "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        if eid in seen_ids:  # two groups with one key: keep ids unique and stable
            seen_ids[eid] += 1
            eid = f"{eid}_{seen_ids[eid]}"
        else:
            seen_ids[eid] = 0
        durs = [m["duration"] for m in g["members"] if m["duration"]]
        status = "reported" if any(m["status"] == "reported" for m in g["members"]) else "planned"
        ev_rows.append({"event_id": eid, "event_type": g["type"], "event_date": g["date"],
                        "location_entity_id": _mode(locs), "duration": _mode(durs), "status": status})
        part_rows.extend({"event_id": eid, "entity_id": p} for p in parts)
        for m in g["members"]:
            ment_rows.append({"event_id": eid, "doc_id": m["doc_id"], "sentence_id": m["sentence_id"]})
    events = pl.DataFrame(ev_rows, schema=_EMPTY_EVENTS).sort("event_date", "event_id", nulls_last=True)
    parts_df = pl.DataFrame(part_rows, schema=_EMPTY_PARTS).unique().sort("event_id", "entity_id")
    ments_df = pl.DataFrame(ment_rows, schema=_EMPTY_MENTIONS).unique().sort("event_id", "doc_id", "sentence_id")
    return events, parts_df, ments_df


def _core_participants(g: dict) -> list[str]:
    """Participants named by enough of an event's reports (one noisy report does not add its names)."""
    counts: dict[str, int] = {}
    for m in g["members"]:
        for e in set(m["entity_ids"]):
            if e in g["parts"]:
                counts[e] = counts.get(e, 0) + 1
    if not counts:
        return sorted(g["parts"])
    n = len(g["members"])
    need = max(1, -(-n // 5))  # ceil(n / 5)
    core = sorted(e for e, c in counts.items() if c >= need)
    if len(core) < 2:
        core = sorted(counts, key=lambda e: (-counts[e], e))[:max(2, len(core))]
        core = [e for e in core if counts[e] * 3 >= max(counts.values()) or len(core) <= 1] or core[:1]
        core.sort()
    return core


def _mode(values: list[str]) -> str | None:
    if not values:
        return None
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda v: (counts[v], -values.index(v)))
