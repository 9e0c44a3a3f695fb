"""Entity mentions of one document, from janome tokens and news cues.

One left-to-right pass per sentence over the tokens (linear, a few dict
lookups a token), then one document-level pass that labels names the first
pass could not type on their own (プーチン with no title in this sentence, but
プーチン大統領 elsewhere in the document) and splits pairs such as
トランプ・プーチン into two people.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from hodo.entities.gazetteer import Entry, gazetteer
from hodo.records import Mention, Sentence, Token

_KATA = re.compile(r"^[\u30A1-\u30FA\u30FC\u30FD\u30FE\u30FB=]+$")
_KATA_CHAR = re.compile(r"[\u30A1-\u30FA\u30FC]")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9&'\-]*$|^[0-9]+$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,7}$")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_CAPWORD = re.compile(r"^[A-Z][A-Za-z'\-]+$")
_DOMAIN = re.compile(r"(?<![A-Za-z0-9_.\-@/])(?:https?://)?((?:[A-Za-z0-9\-]+\.)+(?:com|org|net|gov|edu|int|ru|nl|de|uk|fr|jp|it|es|ua|cn|kr|io|info|news|tv))(?![A-Za-z0-9])")
_SEP = "・="
_DESCRIPTIVE = frozenset("国営 政府系 大手 地元 主要 各 同 新 旧 国内 海外 現地 当時 全 両 系".split())
_FACILITY_HEADS = ("基地", "空港", "港", "駅", "宮殿", "本部")
_FIRST_WORD = re.compile(r"[\u30A1-\u30FA\u30FC]+|[A-Za-z]+|[\u3400-\u9fff]{2,}(?=[\u30A1-\u30FC])")
_CJK = re.compile(r"[\u3400-\u9fff]")
_HONORIFICS = frozenset({"氏", "さん", "様", "君", "ちゃん", "殿"})
_NUMERALS = "一二三四五六七八九十百千"
_AWARD = re.compile(r"[一-龥]{0,3}賞(?![賛])")
#: Groupings of countries the dictionary tags as regions: "the West", "Japan and the US"... not places.
_COLLECTIVES = frozenset({"欧米", "日米", "米欧", "日欧", "日米欧", "日中韓", "日米韓", "米英", "英米", "西側"})
#: One-kana parts of Western names (ジョルジュ・ド・ボールガール, オリヴィア・デ・ハヴィランド).
_NAME_PARTICLES = frozenset({"ド", "デ", "ダ", "ル", "ラ", "フォン"})
#: Heads that make a common noun a kind of business rather than a name (ガス会社, データ放送).
_GENERIC_HEADS = frozenset({"会社", "放送", "企業", "業者", "産業", "業界", "メーカー"})
#: Nouns after a name that say what it is without being part of it (オメガ・シー企業).
_ORG_CLASSIFIERS = frozenset({"企業"})
#: Words that end only a company's name, even one made of common words (サクラテック・ホールディングス).
_CORPORATE_HEADS = frozenset({"ホールディングス", "コーポレーション", "カンパニー", "インダストリーズ", "テクノロジーズ",
                              "システムズ", "パートナーズ", "エンタープライズ", "リミテッド"})
#: A legal form written before the name (株式会社ミナトエナジー).
_CORPORATE_PREFIXES = frozenset({"株式会社", "有限会社", "合同会社", "合資会社"})
#: Words that open the name of a facility (ホテル・ニューオータニ).
_FACILITY_PREFIXES = frozenset({"ホテル", "キャンプ"})
#: Last words of katakana compounds that are titles or kinds of event, not names.
_NOT_NAME_HEADS = frozenset("""ディレクター プレジデント マネージャー オフィサー コミッティー フェスティバル ツアー
グランプリ カップ スタイル サミット""".split())
#: Words after a country abbreviation that show it stands for the state (米大統領, 日米首脳).
_STATE_NEXT = frozenset("""大統領 副大統領 首相 外相 国防相 政府 軍 首脳 大使 側 政権 国務長官 国防長官 当局 当局者 代表 紙 誌
空軍 海軍 陸軍 海兵隊 議会 外務省 国防総省 国務省 財務省 大統領府 関係 両国 国民 高官 企業 主導 製 産 国籍 軍事 経済
長官 特使 報道官 上院 下院 連邦 中央銀行 政府高官 外交 同盟 首脳会談 会談 協議 交渉 間 国境 戦 戦争 艦 機 部隊 情報機関""".split())
#: Country abbreviations that are unambiguous once janome tags them as a country.
_STRONG_ABBREV = frozenset("米露英仏独韓朝")
#: Acronyms in news that are not entities.
_NOT_ENTITY = frozenset("""FTA EPA TPP CPTPP RCEP IPEF NPT CTBT INF START ABM
ISSN ISBN DOI URL PDF GDP GNP CPI AI IT SNS PC TV CM PR OK NG Q A LNG LPG EV DX
ID PIN CEO CFO COO CTO VIP PCR DNA RNA UTC GMT JST AM PM NO MP UN_ II III IV VI VII VIII IX XI""".split())
_ORG_WORDS = frozenset("""Images Inc Corp Corporation Company Co Ltd LLC Group News Times Post Journal Press
Agency Network Media Social Bank University College Institute Foundation Council Party Association
Service Services Airlines Motors Holdings Partners Capital Club Union Committee Ministry Office""".split())
#: Ordinary English words of titles and headlines: a capitalized run holding one is no person's name
#: (Foreign Affairs, China-Japan Relations).
_TITLE_WORDS = frozenset("""The A An Of And For In On To With From By At As Is Are Why How What New Old
Foreign Affairs Relations Policy Politics History Review Studies Report Reports Quarterly Monthly Weekly
Daily International National Global World Security Economic Economics Economy Financial Trade War Peace
Strategy Strategic Crisis Future Power Age Century Summit Talks Deal Law Rights Human Public State States
Today Tonight Live Breaking Update Analysis Opinion Guide Introduction Handbook Asia Asian Europe European
Pacific Eastern Western Northern Southern East West North South United Republic Kingdom Federal
About With Over After Before Into Against Between Under Amid Says Said Jokes Meets Meeting Election
Retrieved Arrives Arrive Visits Visit Talks Summit House January February March April May June July August
September October November December""".split())


def _is_kata(s: str) -> bool:
    return bool(_KATA.match(s)) and s[0] not in _SEP and s[-1] not in _SEP


def _noun(t: Token) -> bool:
    return t.pos.startswith("名詞") and not t.pos.startswith("名詞,数")


class _Doc:
    """Per-document state of the first pass."""

    def __init__(self, text: str):
        self.text = text
        self.out: list[list] = []  # [sid, start, end, surface, title, type, code, hint, strength]
        self.pending: list[tuple[int, int, int, str]] = []  # untyped katakana names (sid, start, end, surface)
        self.kanji_names: dict[str, set[str]] = {}  # first character -> the kanji names of people found

    def add(self, sid, start, end, typ, title=None, code=None, hint=None, strength=2):
        if "_" in (self.text[start - 1:start], self.text[end:end + 1]):
            return  # a piece of an identifier, such as a file name (Trump_at_the_G20_(4814).jpg)
        if typ == "PERSON" and _AWARD.match(self.text, end):
            return  # an award named after a person (ノーベル平和賞, ピュリツァー賞), not the person
        if typ == "LOCATION" and self.text.startswith(_WITHIN_AREA, end) and self.text[end - 1] not in "市県州区町村" \
                and _IDEOGRAPHS.fullmatch(self.text, start, end):
            end += 1  # 熊本|市内で: the city is 熊本市 (janome reads 市内 as one word); リマ市内: リマ
        surface = self.text[start:end]
        if typ == "PERSON" and 2 <= len(surface) <= _KANJI_NAME_MAX + 1 and _IDEOGRAPHS.fullmatch(surface):
            self.kanji_names.setdefault(surface[0], set()).add(hint or surface)
        self.out.append([sid, start, end, surface, title, typ, code, hint, strength])


#: "Within the city/prefecture/state": the place's suffix read as part of 内 (熊本|市内).
_WITHIN_AREA = ("市内", "県内", "州内", "区内", "町内", "村内")


def _adjacent(a: Token, b: Token, text: str) -> bool:
    """b follows a with nothing, or one space, between."""
    return b.start_char == a.end_char or (b.start_char == a.end_char + 1 and text[a.end_char] in " \u3000")


def _title_after(toks: list[Token], j: int, g, text: str) -> tuple[str | None, int]:
    """Title starting at token j (optionally after a country abbreviation): (title, end index)."""
    n = len(toks)
    if j < n and toks[j].surface == "(" and toks[j].start_char == toks[j - 1].end_char:
        j = _gloss_end(toks, j, text) or j  # 習近平(シー・ジンピン)国家主席: past the reading
    if j >= n:
        return None, j
    k0 = j
    if toks[j].surface in g.abbrevs and j + 1 < n:
        k0 = j + 1
    best = None
    s = ""
    named = False  # a piece of a name in it: no minister's title (進|次郎農林水産相, 晋|三元首相)
    for k in range(k0, min(n, k0 + 6)):
        if k > k0 and toks[k].start_char != toks[k - 1].end_char:
            break
        s += toks[k].surface
        named = named or "人名" in toks[k].pos or "名詞,数" in toks[k].pos or toks[k].reading == "*" \
            or k == k0 and len(toks[k].surface) == 1 and toks[k].surface not in "前元新"  # (赤沢亮|正経済再生相)
        if s in g.titles or len(s) >= 3 and not named and _MINISTER.fullmatch(s):
            best = (s, k + 1)
    if best and k0 != j and best[0] in _HONORIFICS:
        return None, j
    if best and toks[j - 1].end_char != toks[j].start_char and best[0] not in _HONORIFICS:
        # a space between a name and a title is fine; a line break is not
        if text[toks[j - 1].end_char:toks[j].start_char].strip(" \u3000"):
            return None, j
    return best if best else (None, j)


#: A minister or secretary of some portfolio, present or past (農林水産相, 前経済安全保障相, デジタル相, 陸軍長官).
_MINISTER = re.compile(r"[前元新]?(?:(?:[\u4e00-\u9fff]{1,7}|[\u30A1-\u30FC]{2,6})(?:相|大臣)|[\u4e00-\u9fff]{1,4}(?:長官|次官))")
_GLOSS = re.compile(r"\(([\u30A1-\u30FA\u30FC・=]{2,24}|[\u4e00-\u9fff]{2,4})\)")


def _gloss_end(toks: list[Token], j: int, text: str) -> int | None:
    """The index after a katakana reading in brackets starting at token j ((シー・ジンピン)), if any."""
    m = _GLOSS.match(text, toks[j].start_char)
    if not m:
        return None
    k = j + 1
    while k < len(toks) and toks[k].end_char <= m.end():
        k += 1
    return k


def _title_after_body(toks: list[Token], j: int, g, text: str) -> str | None:
    """The title after a body's name starting at token j (国連|事務総長, NATO|事務総長,
    欧州理事会|議長): a person's post in that body, or None."""
    n = len(toks)
    name = ""
    for k in range(j, min(n, j + 4)):
        if k > j and toks[k].start_char != toks[k - 1].end_char:
            return None
        name += toks[k].surface
        e = g.names.get(name)
        if e is not None and e.type == "ORGANIZATION" and e.kind not in ("media", "venue") \
                and k + 1 < n and toks[k + 1].start_char == toks[k].end_char:
            title, _ = _title_after(toks, k + 1, g, text)
            if title and title not in _HONORIFICS:
                return title
    return None


def _title_before(toks: list[Token], i: int, g, text: str) -> str | None:
    if i == 0:
        return None
    prev = toks[i - 1]
    gap = text[prev.end_char:toks[i].start_char]
    if gap.strip(" \u3000") or len(gap) > 1:
        return None
    s = ""
    best = None
    for k in range(i - 1, max(-1, i - 4), -1):
        s = toks[k].surface + s
        if s in g.titles and s not in _HONORIFICS:
            best = s
        if k > 0 and toks[k - 1].end_char != toks[k].start_char:
            break
    return best


#: Nouns a name may run through before its suffix (日本|音楽|事業|者|協会).
SUFFIX_REACH = 5


def _suffix_ext(toks: list[Token], j: int, g, state: bool = False) -> tuple[int, str] | None:
    """Tokens j.. that end in an organization/place suffix (証券/取引/所): (end index, type).

    After a country (``state``), a token janome knows as an organization is one
    too: the state's body (ロシア|国防省, 英|国防省), not the country and a body."""
    n = len(toks)
    best = None
    for k in range(j, min(n, j + SUFFIX_REACH)):
        t = toks[k]
        if t.start_char != toks[k - 1].end_char or not _noun(t):
            break
        if (_KATA_CHAR.search(t.surface) or t.surface.isascii()) and t.surface not in g.suffixes \
                and (t.reading == "*" or not t.pos.startswith("名詞,一般")):
            break  # a name of its own (米テスラ社); a katakana word of the dictionary may run on (日本ラグビー協会)
        if t.surface in _DESCRIPTIVE:
            break
        if state and t.pos.startswith("名詞,固有名詞,組織"):
            best = (k + 1, "ORGANIZATION")
            continue
        last = t.surface
        two = toks[k - 1].surface + last if k > j else last
        three = toks[k - 2].surface + two if k > j + 1 else two
        for cand in (three, two, last):
            typ = g.suffixes.get(cand)
            if typ:
                best = (k + 1, typ)
                break
        else:
            if t.pos.startswith("名詞,接尾") and _HIRAGANA.search(t.surface):
                break  # a kana suffix ends the word (ガザ停戦|巡り: not on to 平行|線; 事業|者 runs on)
    return best


def _abbrev_ok(toks: list[Token], i: int, g) -> bool:
    t = toks[i]
    n = len(toks)
    nxt = toks[i + 1] if i + 1 < n and toks[i + 1].start_char == t.end_char else None
    prv = toks[i - 1] if i > 0 and toks[i - 1].end_char == t.start_char else None
    if (nxt and nxt.surface in g.abbrevs) or (prv and prv.surface in g.abbrevs and "固有名詞" in prv.pos):
        # runs of abbreviations (日米, 米ロ, 米中): the pair itself is the cue; the fourth of
        # 日米豪印 may be a common noun to janome (印)
        pprv = toks[i - 2] if prv is not None and i >= 2 and toks[i - 2].end_char == prv.start_char else None
        return "固有名詞" in t.pos or (nxt is not None and "固有名詞" in nxt.pos) or t.surface == "ロ" \
            or (pprv is not None and pprv.surface in g.abbrevs and "固有名詞" in pprv.pos)
    if nxt is not None and nxt.surface in g.names and g.names[nxt.surface].kind == "country" \
            and "固有名詞" in t.pos:
        return True  # 日インドネシア, 日|韓国(交正常化): an abbreviation before a country is one too
    if nxt is None:
        return False
    nx = nxt.surface
    if nx == "の" and t.surface in _STRONG_ABBREV and i + 2 < n and _is_kata(toks[i + 2].surface) \
            and toks[i + 2].start_char == nxt.end_char:
        return True  # 独のメルツ首相, 英のスターマー首相: the country of a foreign name
    if t.surface in _STRONG_ABBREV and (nx in g.names and g.names[nx].type == "LOCATION" and g.names[nx].kind != "country"
                                        or nxt.pos.startswith("名詞,固有名詞,地域") and _is_kata(nx)):
        return True  # 英ロンドン, 米ワシントン, 米メリーランド州: the country of the place after it
    follows = nx in _STATE_NEXT or nx in g.titles and nx not in _HONORIFICS or g.suffixes.get(nx) == "ORGANIZATION"
    if not follows:
        two = nx + (toks[i + 2].surface if i + 2 < n else "")
        follows = two in _STATE_NEXT or two in g.titles or two in g.names
        if not follows and nx in g.names and g.names[nx].type == "ORGANIZATION" and not g.names[nx].country_code:
            follows = True  # 露外務省
    if not follows:
        return False
    if "固有名詞" in t.pos:
        return t.surface in _STRONG_ABBREV or t.surface not in ("日", "中", "ロ", "西", "比", "土", "台", "加", "印")
    # janome reads 米 in ドナルド・トランプ米大統領 as a suffix: accept it after a name
    return t.surface in _STRONG_ABBREV and prv is not None and _noun(prv)


def _segment(s: str, g) -> list[tuple[int, int, Entry]] | None:
    """Split run-together katakana (ベラルーシカザフスタン) into gazetteer names, or None."""
    n = len(s)
    best: list = [None] * (n + 1)
    best[0] = []
    for a in range(n):
        if best[a] is None:
            continue
        for b in range(min(n, a + g.max_seg), a + 1, -1):
            e = g.segmentable.get(s[a:b])
            if e is not None and (best[b] is None or len(best[b]) > len(best[a]) + 1):
                best[b] = best[a] + [(a, b, e)]
    return best[n] if best[n] and len(best[n]) >= 2 else None


def _emit_gaz(doc: _Doc, sid, toks, i, j, e: Entry, g):
    """Emit a gazetteer name spanning tokens i..j-1, extended by a suffix (アンカレッジ市, ロシア外務省)."""
    start, end = toks[i].start_char, toks[j - 1].end_char
    n = len(toks)
    after = doc.text[end:end + 1]
    if e.type == "ORGANIZATION" and after.isascii() and after.isalnum() and not doc.text[start:end].isascii():
        return j  # a maker in a model designation (ボーイング747, ボーイングE-3C): a product
    if e.kind == "country" and j < n and toks[j].start_char == end:
        if toks[j].surface in ("語", "人"):
            return j + 1  # (日本語, 日本人; but ベトナム時間 names the country, as the gold keys have it)
        cat = ""
        for k in range(j, min(n, j + 6)):
            if k > j and toks[k].start_char != toks[k - 1].end_char:
                break
            cat += toks[k].surface
            if cat not in g.prefixes:
                break
            o = g.names.get(cat)
            if o is not None and o.type == "ORGANIZATION" and o.kind == "org" \
                    and (k + 1 >= n or toks[k + 1].start_char != toks[k].end_char or not _is_kata(toks[k + 1].surface)):
                doc.add(sid, start, toks[k].end_char, "ORGANIZATION", code=e.country_code)
                return k + 1
    if e.type in ("LOCATION", "ORGANIZATION") and e.kind != "media" and j < len(toks) \
            and toks[j].start_char == end:
        ext = _suffix_ext(toks, j, g, state=e.kind in ("country", "abbrev"))
        if ext and (ext[1] == "ORGANIZATION" or e.kind not in ("country", "abbrev")) \
                and not (e.type == "ORGANIZATION" and ext[1] == "ORGANIZATION" and ext[0] == j + 1
                         and toks[j].surface in ("党", "軍")):
            k, typ = ext
            # a place + place suffix is the same place (アンカレッジ市); + org suffix a new body
            if typ == "LOCATION" and k == j + 1 and e.type == "LOCATION":
                doc.add(sid, start, toks[k - 1].end_char, "LOCATION", code=e.country_code, hint=e.canonical)
            else:
                doc.add(sid, start, toks[k - 1].end_char, typ, code=e.country_code)
            return k
    code = e.country_code if e.type == "LOCATION" or e.kind in ("org", "media", "venue") else None
    doc.add(sid, start, end, e.type, code=code, hint=e.canonical)
    return j


_NAME_ITEM = r"[\u30A1-\u30FC・=A-Za-z\-]+"
_AUTHORS = re.compile(rf"((?:{_NAME_ITEM}[、,] ?)+{_NAME_ITEM}) ?[((]\d{{4}}")


def _authors(doc: _Doc, sent: Sentence) -> list[tuple[int, int]]:
    """Author lists of citations: "Family、Given、Family、Given(2025年..." or "A・B、C・D(2025..."."""
    claims = []
    for m in _AUTHORS.finditer(sent.text):
        items = [(x.start(), x.end()) for x in re.finditer(_NAME_ITEM, m.group(1))]
        base = sent.start_char + m.start(1)
        if any("・" in m.group(1)[a:b] for a, b in items):
            spans = items
        elif len(items) % 2 == 0:
            spans = [(items[k][0], items[k + 1][1]) for k in range(0, len(items), 2)]
        else:
            continue
        for a, b in spans:
            doc.add(sent.sentence_id, base + a, base + b, "PERSON", hint=doc.text[base + a:base + b])
            claims.append((base + a, base + b))
    return claims


def _sentence(doc: _Doc, sid: int, toks: list[Token], g, claims=()) -> None:
    text = doc.text
    n = len(toks)
    title_first = _title_first_chars(g.titles)
    # tokens that may start a title (or, with a country abbreviation, one token later)
    # (or a bracketed reading before one: 李在明(イ・ジェミョン)大統領)
    maybe_title = [k for k, t in enumerate(toks)
                   if t.surface[:1] in title_first or t.surface in g.abbrevs or t.surface == "("]
    i = 0
    while i < n:
        t = toks[i]
        s = t.surface
        if claims and any(a <= t.start_char < b for a, b in claims):
            i += 1
            continue
        # 1. country abbreviations in a state context (米大統領, 日米, 米ロ首脳会談)
        if s in g.abbrevs and _abbrev_ok(toks, i, g):
            e = g.abbrevs[s]
            if i + 1 < n and toks[i + 1].start_char == t.end_char:
                ext = _suffix_ext(toks, i + 1, g)
                if ext and ext[1] == "ORGANIZATION" and ext[0] == i + 2:  # 米軍, 米空軍, 露外務省
                    doc.add(sid, t.start_char, toks[i + 1].end_char, "ORGANIZATION", code=e.country_code)
                    i += 2
                    continue
            doc.add(sid, t.start_char, t.end_char, "LOCATION", code=e.country_code, hint=e.canonical)
            i += 1
            continue
        # 2. a kanji name before a title (李在明大統領, 岩屋毅外相, 尹錫悦前大統領)
        if _CJK.match(s) and i > 0 and toks[i - 1].surface == "(" and doc.out and doc.out[-1][5] == "PERSON" \
                and doc.out[-1][2] == toks[i - 1].start_char:
            g_end = _GLOSS.match(text, toks[i - 1].start_char)
            if g_end and _IDEOGRAPHS.fullmatch(g_end.group(1)):
                # チョ・テヨル(趙兌烈)外相: the name in its own script, the same person
                owner = doc.out[-1]
                doc.add(sid, t.start_char, g_end.end() - 1, "PERSON", hint=owner[7] or owner[3])
                while i < n and toks[i].end_char <= g_end.end() - 1:
                    i += 1
                continue
        if _CJK.match(s):
            j = None
            if s[0] in doc.kanji_names or _some_between(maybe_title, i + 1, i + _KANJI_NAME_MAX + 1):
                j = _kanji_name(doc, sid, toks, i, g)
            if not j and (i == 0 or not _IDEOGRAPHS.fullmatch(toks[i - 1].surface)
                          or toks[i - 1].end_char != t.start_char):
                j = _title_in_run(doc, sid, toks, i, g)  # janome cut across the name's end (俊|人知|事)
            if j:
                i = j
                continue
        # 3. longest gazetteer name over token concatenations
        best = None
        cat = ""
        for k in range(i, min(n, i + 8)):
            if k > i and toks[k].start_char != toks[k - 1].end_char:
                # Latin names may have spaces (Getty Images)
                if not (text[toks[k - 1].end_char:toks[k].start_char] == " " and (cat + " ") in g.prefixes):
                    break
                cat += " "
            cat += toks[k].surface
            if cat not in g.prefixes:
                break
            if cat in g.names:
                best = (k + 1, g.names[cat])
        if best is not None:
            j, e = best
            last = toks[j - 1]
            # a name that ends inside a katakana or Latin word is no match (ロシアン)
            cont = j < n and toks[j].start_char == last.end_char and (
                (_KATA_CHAR.search(last.surface[-1]) and _is_kata(toks[j].surface) and toks[j].surface[0] not in _SEP
                 and not _segment(text[last.end_char:_kata_end(toks, j)], g) and toks[j].surface not in g.names
                 and toks[j].surface not in g.suffixes)  # (ソフトバンク|グループ: the suffix extends it)
                or (last.surface[-1].isascii() and last.surface[-1].isalnum() and toks[j].surface[0].isascii()
                    and toks[j].surface[0].isalnum()))
            if not cont:
                i = _emit_gaz(doc, sid, toks, i, j, e, g)
                continue
        # 4. a company with its legal form first (株式会社ミナトエナジー)
        if s in _CORPORATE_PREFIXES and i + 1 < n and toks[i + 1].start_char == t.end_char:
            j = i + 1
            while j < n and j - i <= 4 and toks[j].start_char == toks[j - 1].end_char and _noun(toks[j]) \
                    and (_is_kata(toks[j].surface) or toks[j].surface.isascii() or _IDEOGRAPHS.fullmatch(toks[j].surface)):
                j += 1
            if j > i + 1:
                doc.add(sid, t.start_char, toks[j - 1].end_char, "ORGANIZATION")
                i = j
                continue
        # 5. katakana names
        if _is_kata(s) or (s in _SEP and False):
            j = i + 1
            while j < n and toks[j].start_char == toks[j - 1].end_char and _KATA.match(toks[j].surface):
                j += 1
            while j > i + 1 and toks[j - 1].surface[-1] in _SEP:
                j -= 1
            owner = doc.out[-1] if doc.out and i > 0 and toks[i - 1].surface == "(" else None
            if owner is not None and owner[5] == "PERSON" and owner[2] == toks[i - 1].start_char \
                    and text.startswith(")", toks[j - 1].end_char):
                # the reading of the name just before it (習近平(シー・ジンピン)): the same person
                doc.add(sid, t.start_char, toks[j - 1].end_char, "PERSON", hint=owner[7] or owner[3])
                i = j
                continue
            i = _kata_unit(doc, sid, toks, i, j, g)
            continue
        # 6. Latin names and acronyms
        if _LATIN.match(s) and not s.isdigit():
            i = _latin_unit(doc, sid, toks, i, g)
            continue
        # 7. a kanji name glossed with its reading (金正恩(キム・ジョンウン)), however janome cuts it
        if _IDEOGRAPHS.fullmatch(s) and i + 1 < n:
            j = _glossed_name(doc, sid, toks, i, g)
            if j is not None:
                i = j
                continue
        # 8. janome's proper nouns (kanji names, places, bodies)
        if t.pos.startswith("名詞,固有名詞"):
            i = _proper(doc, sid, toks, i, g)
            continue
        # 9. a ministry or agency written as common nouns + 省/庁 (経済産業省, 厚生労働省)
        if _IDEOGRAPHS.fullmatch(s) and s[0] not in _DEICTIC and t.pos.startswith(_KANJI_NOUNS):
            j = i + 1
            while j < n and j - i <= 3 and toks[j].start_char == toks[j - 1].end_char \
                    and _IDEOGRAPHS.fullmatch(toks[j].surface) and toks[j].pos.startswith(_KANJI_NOUNS + ("名詞,接尾",)):
                if toks[j].surface[-1] in "省庁":
                    doc.add(sid, t.start_char, toks[j].end_char, "ORGANIZATION")
                    break
                if toks[j].pos.startswith("名詞,接尾"):
                    break
                j += 1
            else:
                j = -1
            if j > 0 and j < n and toks[j].surface[-1] in "省庁":
                i = j + 1
                continue
        i += 1


def _glossed_name(doc: _Doc, sid: int, toks: list[Token], i: int, g) -> int | None:
    """A run of 2-4 ideographs holding a name piece, right before a katakana reading in
    brackets: a person (the reading, next, joins them). Not a known name, not a word
    glossed (中央日報(チュンアン・イルボ) has no name piece)."""
    n = len(toks)
    k, length = i, 0
    while k < n and _IDEOGRAPHS.fullmatch(toks[k].surface) and toks[k].pos.startswith("名詞") \
            and not toks[k].pos.startswith(("名詞,数", "名詞,接尾")) and (k == i or toks[k].start_char == toks[k - 1].end_char):
        length += len(toks[k].surface)
        k += 1
    if k == i or k >= n or toks[k].surface != "(" or toks[k].start_char != toks[k - 1].end_char \
            or not 2 <= length <= _KANJI_NAME_MAX:
        return None
    gloss = _GLOSS.match(doc.text, toks[k].start_char)
    if not gloss or not _KATA_CHAR.match(gloss.group(1)):
        return None
    run = toks[i:k]
    name = doc.text[run[0].start_char:run[-1].end_char]
    if name in g.names or name[0] in _NOT_NAME_START or not any("人名" in t.pos or t.reading == "*" for t in run):
        return None
    doc.add(sid, run[0].start_char, run[-1].end_char, "PERSON")
    return k


#: Single ideographs that open a title or qualify one rather than start a name (故, 元, 前, 現...).
_NOT_NAME_START = frozenset("故元前現新旧同両各副次全本当他計約総第同諸某")
#: Longest kanji name read before a title: 2-4 ideographs, 5 when the dictionary marks a name in it.
_KANJI_NAME_MAX = 4


@lru_cache(maxsize=4)
def _title_first_chars(titles: frozenset[str]) -> frozenset[str]:
    return frozenset(t[0] for t in titles)


def _some_between(sorted_ks: list[int], lo: int, hi: int) -> bool:
    """Whether a value of ``sorted_ks`` lies in [lo, hi]."""
    at = bisect_left(sorted_ks, lo)
    return at < len(sorted_ks) and sorted_ks[at] <= hi


def _kanji_name(doc: _Doc, sid: int, toks: list[Token], i: int, g) -> int | None:
    """A run of ideograph tokens right before a person's title is that person's name, however
    janome cut it (李|在|明, 岩屋|毅, 尹|錫|悦, 茂木|敏|充): returns the index after the run.

    The run must start a word (nothing kanji before it but a known name or a title: 韓国李在明,
    大統領習近平), hold no known place, body or country abbreviation, and look like a name: pieces
    janome tags as names or does not know, or single ideographs; one ordinary word is allowed
    only first and only when a name piece follows (岩屋|毅). A lone ideograph (李大統領) counts only when it opens
    a name already found in the document."""
    n = len(toks)
    if i > 0 and toks[i - 1].end_char == toks[i].start_char and _IDEOGRAPHS.fullmatch(toks[i - 1].surface) \
            and toks[i - 1].surface not in g.names and toks[i - 1].surface not in _NOT_NAME_START \
            and toks[i - 1].surface not in g.titles:
        return None
    if toks[i].surface in _NOT_NAME_START or toks[i].surface in g.abbrevs:
        return None
    t = toks[i]
    for full in doc.kanji_names.get(t.surface[0], ()):
        if len(full) >= 2 and doc.text.startswith(full, t.start_char):
            end = t.start_char + len(full)
            k = next((x for x in range(i, min(n, i + 5)) if toks[x].end_char == end), None)
            if k is not None and not (k + 1 < n and toks[k + 1].start_char == end and _CJK.match(toks[k + 1].surface)):
                doc.add(sid, t.start_char, end, "PERSON", hint=full)  # 就任した李在明は: the name again, bare
                return k + 1
    if t.surface[0] in doc.kanji_names and t.surface[1:] in g.titles:  # 習氏, one token to janome
        _add_family(doc, sid, t.start_char, t.surface[1:])
        return i + 1
    text = doc.text
    length = 0
    namey = 0
    k = i
    while k < n and length < _KANJI_NAME_MAX + 1:
        t = toks[k]
        if k > i and t.start_char != toks[k - 1].end_char:
            break
        if not _IDEOGRAPHS.fullmatch(t.surface) or not t.pos.startswith(("名詞", "接頭詞")) \
                or t.pos.startswith("名詞,接尾") and (k == i or len(t.surface) > 1) or t.surface in g.names \
                or t.pos.startswith("名詞,数") and (k == i or t.surface.strip(_NUMERALS)):
            break  # (a numeral or a one-ideograph suffix inside a name is fine: 安倍晋|三, 朴|成|民)
        if k > i and (t.surface in g.titles or t.surface in _TITLE_LEFT or t.surface in g.suffixes):
            break  # (金英哲|党|副委員長: a party or 副 opens the title)
        length += len(t.surface)
        namey += "人名" in t.pos or t.reading == "*" or len(t.surface) == 1
        k += 1
        title, _ = _title_after(toks, k, g, text)
        if not title or (title in _HONORIFICS and title != "氏"):
            continue
        run = toks[i:k]
        if not (2 <= length <= _KANJI_NAME_MAX or (length == _KANJI_NAME_MAX + 1 and namey)):
            if length == 1 and t.surface in doc.kanji_names:
                _add_family(doc, sid, t.start_char, title)
                return k
            continue
        whole = text[run[0].start_char:run[-1].end_char]
        fulls = [f for f in doc.kanji_names.get(whole[0], ()) if len(f) > len(whole) and f.startswith(whole)]
        if len(fulls) == 1:  # 岩屋外相 after 岩屋毅外相: the family name of the one full name
            doc.add(sid, run[0].start_char, run[-1].end_char, "PERSON", title=title, hint=fulls[0])
            return k
        plain = [x for x in run if len(x.surface) > 1 and "固有名詞" not in x.pos and x.reading != "*"]
        family_and_word = len(run) == 2 and len(run[0].surface) == 1 and len(run[1].surface) == 2  # 孫|正義
        if not namey or plain and not family_and_word and (
                len(plain) > 1 or plain[0] is not run[0] or len(run) == 1
                or "人名" not in run[1].pos and run[1].reading != "*"):
            return None  # 福岡|市長, 次期|大統領: a place or a word, not a name
        name = _name_before_title(whole, title, g)
        start = run[0].start_char
        doc.add(sid, start, start + len(name), "PERSON", title=whole[len(name):] + title)
        return k
    return None


#: Modifiers a title may carry on its left inside a kanji run (党副委員長, 前経済相).
_TITLE_LEFT = "副前元新党総"


def _title_in_run(doc: _Doc, sid: int, toks: list[Token], i: int, g) -> int | None:
    """A run of ideographs that ends in a known title, read by characters: janome's tokens may
    cross the boundary between name and title (熊谷|俊|人知|事, 趙|兌烈外|相, 三|木谷|浩史|会長).
    The name before it must be 2-5 ideographs holding a name piece, and no known name."""
    n = len(toks)
    k = i
    while k < n and _IDEOGRAPHS.fullmatch(toks[k].surface) and (k == i or toks[k].start_char == toks[k - 1].end_char):
        k += 1
    if k - i < 2 or k < n and toks[k].start_char == toks[k - 1].end_char and _CJK.match(toks[k].surface):
        return None
    text = doc.text
    start, end = toks[i].start_char, toks[k - 1].end_char
    run = text[start:end]
    first = _title_first_chars(g.titles)
    if len(run) < 4 or not any(ch in first for ch in run[2:]):
        return None
    # the first place a known title starts, after at least two ideographs (三木谷浩史|会長|兼社長)
    found = next(((c, L) for c in range(2, min(len(run) - 1, _KANJI_NAME_MAX + 12))
                  for L in range(min(8, len(run) - c), 1, -1)
                  if run[c:c + L] in g.titles and run[c:c + L] not in _HONORIFICS), None)
    if found is None:
        return None
    cut, title_end = found[0], found[0] + found[1]
    org = None
    body_end = cut  # 金英哲|朝鮮労働党|副|委員長: the body may stand before the title's modifier
    while body_end > 3:
        org = next((run[c:body_end] for c in range(2, body_end - 1)
                    if (e := g.names.get(run[c:body_end])) is not None and e.type == "ORGANIZATION"), None)
        if org is not None or run[body_end - 1] not in _TITLE_LEFT:
            break
        body_end -= 1
    if org:
        cut = body_end
    while not org and cut > 2 and run[cut - 1] in _TITLE_LEFT:  # 金英哲|党副委員長, 二階俊博|元幹事長
        cut -= 1
    name = run[:cut]
    if org:  # 金正恩|朝鮮労働党|委員長: a person of a body, the body named between them
        e = g.names[org]
        doc.add(sid, start + cut - len(org), start + cut, "ORGANIZATION", code=e.country_code, hint=e.canonical)
        name, cut = name[:-len(org)], cut - len(org)
    pieces = [t for t in toks[i:k] if t.start_char < start + cut]
    name_like = any("人名" in t.pos or t.reading == "*" for t in pieces)
    numeral_first = pieces[0].pos.startswith("名詞,数") and not any("人名" in t.pos for t in pieces[1:])
    if not (2 <= len(name) <= _KANJI_NAME_MAX + 1) or name in g.names or name[0] in _NOT_NAME_START \
            or name[0] in g.abbrevs or not name_like or numeral_first:
        return None
    doc.add(sid, start, start + cut, "PERSON", title=run[cut + (len(org) if org else 0):title_end])
    end = start + title_end
    while k > i + 1 and toks[k - 1].start_char >= end:
        k -= 1
    return k


def _add_family(doc: _Doc, sid: int, start: int, title: str) -> None:
    """A lone family character (李大統領, 習氏) as the person whose full kanji name opens with it."""
    fulls = doc.kanji_names[doc.text[start]]
    doc.add(sid, start, start + 1, "PERSON", title=title, hint=next(iter(fulls)) if len(fulls) == 1 else None)


def _name_before_title(run: str, title: str, g) -> str:
    """The name in an unknown ideograph run before ``title``: the run itself, unless the
    dictionary's grouping swallowed the head of a longer title (習国家|主席 is 習|国家主席)."""
    for cut in range(1, len(run)):
        if run[cut:] + title in g.titles:
            return run[:cut]
    return run


_IDEOGRAPHS = re.compile(r"[\u4e00-\u9fff]+")
_KANJI_NOUNS = ("名詞,一般", "名詞,サ変接続", "名詞,固有名詞")
#: A first character that points back or around rather than names (同省, 各省, 本省, 両省).
_DEICTIC = "同各本当両旧前新全他"
_SMALL_KANA = "ンーッァィゥェォャュョヮ"


def _kata_end(toks: list[Token], j: int) -> int:
    end = toks[j].end_char
    k = j + 1
    while k < len(toks) and toks[k].start_char == toks[k - 1].end_char and _is_kata(toks[k].surface):
        end = toks[k].end_char
        k += 1
    return end


def _kata_head(word: str, g) -> str | None:
    """The type of the suffix a katakana word is or ends in (システムズ, マイクロシステムズ); a short
    suffix only as the whole word (バス, not コロンバス)."""
    typ = g.suffixes.get(word)
    if typ:
        return typ
    for c in range(1, len(word) - 3):
        typ = g.suffixes.get(word[c:])
        if typ and _is_kata(word[c:]):
            return typ
    return None


def _kata_unit(doc: _Doc, sid: int, toks: list[Token], i: int, j: int, g) -> int:
    text = doc.text
    start, end = toks[i].start_char, toks[j - 1].end_char
    surf = text[start:end]
    if surf in g.suffixes:
        return j  # 大阪市内のホテル, グループ: a kind of place or body alone is no name
    parts = [p for p in re.split(r"[・=]", surf)]
    # run-together or ・-joined places and bodies (ロシア・ウクライナ, ベラルーシカザフスタン)
    if len(parts) > 1 and all(p in g.names for p in parts):
        pos = start
        for p in parts:
            e = g.names[p]
            doc.add(sid, pos, pos + len(p), e.type, code=e.country_code, hint=e.canonical)
            pos += len(p) + 1
        return j
    if len(parts) == 1:
        seg = _segment(surf, g)
        if seg:
            for a, b, e in seg:
                doc.add(sid, start + a, start + b, e.type, code=e.country_code, hint=e.canonical)
            return j
    # a name run into a country before a title (ウラジーミル・プーチンロシア大統領)
    if len(surf) >= 5:
        for c in range(2, len(surf) - 1):
            e = g.names.get(surf[c:])
            if e is not None and e.kind == "country" and surf[c - 1] not in _SEP:
                title, _ = _title_after(toks, j, g, text)
                if title:
                    doc.add(sid, start, start + c, "PERSON", title=title)
                    doc.add(sid, start + c, end, "LOCATION", code=e.country_code, hint=e.canonical)
                    return j
                break
    # a known body or place run into a name before a title (ホワイトハウストランプ大統領)
    if len(parts) == 1 and len(surf) >= 5:
        title, _ = _title_after(toks, j, g, text)
        if title:
            for c in range(len(surf) - 2, 1, -1):
                e = g.names.get(surf[:c])
                if e is not None and e.kind != "abbrev" and surf[c] not in _SMALL_KANA:
                    doc.add(sid, start, start + c, e.type, code=e.country_code, hint=e.canonical)
                    doc.add(sid, start + c, end, "PERSON", title=title)
                    return j
    # a word the dictionary knows as a common noun (データ, ガス, メディア) before a generic head
    # is a kind of business (データ放送, ガス会社, メディア企業), not the name of one; before other
    # suffixes it may well be a name (トランプ政権, フェンダー社)
    common = j == i + 1 and toks[i].pos.startswith("名詞,一般") and toks[i].reading != "*" \
        and j < len(toks) and toks[j].surface in _GENERIC_HEADS
    # organization / place suffix (ノリッジ大学, エルメンドルフ・リチャードソン空軍基地), unless a
    # longer title starts there (イエルマーク|大統領府長官)
    title_k = _title_after(toks, j, g, text)  # (the title after the name, if any, and where it ends)
    long_title = title_k[0]
    if long_title and len(long_title) >= 4 and long_title not in _HONORIFICS:
        common = True
    if j < len(toks) and toks[j].start_char == end and not common:
        ext = _suffix_ext(toks, j, g)
        if ext and ext[1] == "LOCATION" and len(parts) == 1:
            for c in range(len(surf) - 2, 1, -1):  # a country run into a region (ウクライナヘルソン州)
                e = g.names.get(surf[:c])
                if e is not None and e.kind == "country":
                    doc.add(sid, start, start + c, "LOCATION", code=e.country_code, hint=e.canonical)
                    doc.add(sid, start + c, toks[ext[0] - 1].end_char, "LOCATION")
                    return ext[0]
        if ext:
            k, typ = ext
            hint = surf if typ == "LOCATION" and toks[k - 1].surface == "市" and k == j + 1 else None
            doc.add(sid, start, toks[k - 1].end_char, typ, hint=hint)
            return k
    if j < len(toks) and toks[j].start_char == end and toks[j].surface in _ORG_CLASSIFIERS and len(surf) >= 2 \
            and not common:
        doc.add(sid, start, end, "ORGANIZATION")  # オメガ・シー企業: the company オメガ・シー
        return j
    title, k = title_k
    before = _title_before(toks, i, g, text)
    if not title and not before and j < len(toks) and toks[j].start_char == end:
        body_title = _title_after_body(toks, j, g, text)
        if body_title and len(surf) >= 2:  # グテレス|国連|事務総長: the body is read next, as a name of its own
            doc.add(sid, start, end, "PERSON", title=body_title)
            return j
    if title or before:
        if len(surf) >= 2:
            doc.add(sid, start, end, "PERSON", title=title if title and (title not in _HONORIFICS or not before)
                    else before or title)
        # past a long title (欧州委員長: no 欧州 in it), but not past a country before it (米大統領)
        return k if title and len(title) > 2 and toks[j].surface not in g.abbrevs else j
    if 1 < len(parts) <= 3 and all(len(p) >= 2 or p in _NAME_PARTICLES for p in parts) \
            and len(parts[0]) >= 2 and len(parts[-1]) >= 2:
        words = [t for t in toks[i:j] if t.surface not in _SEP]
        head = _kata_head(parts[-1], g) or ("LOCATION" if parts[0] in _FACILITY_PREFIXES else None)
        if all(t.reading != "*" and "固有名詞" not in t.pos for t in words) and parts[-1] not in _CORPORATE_HEADS:
            pass  # common words only: a description (スポーツ・レクリエーションセンター), no name
        elif head:
            # a company, hotel or arena word at its end (サン・マイクロシステムズ, ホテル・X)
            doc.add(sid, start, end, head, strength=1)
        elif parts[-1] in _NOT_NAME_HEADS:
            pass  # a job title or a kind of event (マネージング・ディレクター, X・フェスティバル)
        else:
            first = g.names.get(parts[0])
            if first is not None and first.type == "LOCATION":
                # a place first (ボストン・ブルドッグス, バイエルン・ミュンヘン): a team or company
                doc.add(sid, start, end, "ORGANIZATION", strength=1)
            else:
                doc.add(sid, start, end, "PERSON", strength=1)  # given・family
        return j
    # a known name run into a common word (テレグラムチャンネル)
    for c in range(len(surf) - 2, 2, -1):
        e = g.names.get(surf[:c])
        if e is not None and surf[c] not in _SMALL_KANA and e.kind != "abbrev":
            doc.add(sid, start, start + c, e.type, code=e.country_code, hint=e.canonical)
            return j
    if j == i + 1 and len(surf) >= 2 and toks[i].reading != "*" and toks[i].pos.startswith("名詞,固有名詞"):
        sub = toks[i].pos.split(",")[2]
        typ = {"人名": "PERSON", "地域": "LOCATION", "組織": "ORGANIZATION"}.get(sub)
        if typ == "PERSON" and _PLACE_EVENT_AFTER.match(text, end):
            typ = "LOCATION"  # ヒューストンで会談した: a place, whatever else the name may be
        if typ:
            doc.add(sid, start, end, typ, strength=1)
            return j
    if len(surf) >= 2:
        prev = g.names.get(toks[i - 2].surface) if i >= 2 and toks[i - 1].surface == "の" else None
        if (prev is not None and prev.type == "LOCATION" and _LOCATIVE_AFTER.match(text, end)
                or "・" not in surf and _PLACE_EVENT_AFTER.match(text, end)):
            doc.add(sid, start, end, "LOCATION", strength=1)  # ペルーのリマで: a place in that country
        else:
            doc.pending.append((sid, start, end, surf))
    return j


#: What follows a place where something happens or someone goes (リマで, リマに到着).
_LOCATIVE_AFTER = re.compile(r"で(?!は|も|き|す)|へ|を訪|に(?:到着|入|向|滞在|移動)|入り")
#: What follows a place even with no country before it (カナナスキスで開かれた, ラファを訪問).
_PLACE_EVENT_AFTER = re.compile(r"(?:市内|郊外|近郊)?で(?:開かれ|行われ|開催|会談|会見|会合|協議|首脳会談)|を(?:訪問|訪れ)|に到着"
                                r"|(?:市内|郊外|近郊)(?:の|で)")


_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'&]*(?:[\-.][A-Za-z0-9]+)*(?: [A-Z][A-Za-z0-9'&]*(?:-[A-Za-z0-9]+)*){0,3}")


def _latin_unit(doc: _Doc, sid: int, toks: list[Token], i: int, g) -> int:
    text = doc.text
    n = len(toks)
    start = toks[i].start_char
    m = _LATIN_RUN.match(text, start)
    end = m.end() if m else toks[i].end_char
    j = i + 1
    while j < n and toks[j].end_char <= end:
        j += 1
    end = toks[j - 1].end_char
    surf = text[start:end]
    before, after = text[start - 1:start], text[end:end + 1]
    if "." in surf or (before.isalpha() and before < "\u3000") or (after.isalpha() and after < "\u3000"):
        return j  # a domain (found separately) or part of a non-ASCII Latin word (Süddeutsche)
    words = surf.split(" ")
    if len(words) > 1 and not words[0][0].isupper():
        end = start + len(words[0])
        j = i + 1
        while j < n and toks[j].end_char <= end:
            j += 1
        surf, words = text[start:end], [words[0]]
    if _ACRONYM.match(surf) and j < n and toks[j].start_char == end and toks[j].pos.startswith("名詞,固有名詞,地域") \
            and surf not in _NOT_ENTITY:
        doc.add(sid, start, toks[j].end_char, "ORGANIZATION")  # JR東日本, NTT西日本: a company of a region
        return j + 1
    if surf in g.names:
        return _emit_gaz(doc, sid, toks, i, j, g.names[surf], g)
    if len(words) >= 2:
        if words[-1] in _ORG_WORDS:
            doc.add(sid, start, end, "ORGANIZATION")
        elif all(_CAPWORD.match(w) or _ACRONYM.match(w) for w in words) and len(words) <= 4 \
                and not (all(w.isupper() for w in words) and doc.out and doc.out[-1][5] == "ORGANIZATION"
                         and doc.out[-1][2] >= start - 1) \
                and not any(p in _TITLE_WORDS for w in words for p in w.split("-")) \
                and not (before in _QUOTE_MARKS and after in _QUOTE_MARKS):
            doc.add(sid, start, end, "PERSON", strength=1)  # (a quoted run is the title of a work)
        return j
    if j < n and toks[j].start_char == end and toks[j].surface in ("指数", "株価指数"):
        return j  # a market index (RTS指数, S&P500指数), not the body behind it
    if (_ACRONYM.match(surf) and len(surf) >= 3 or re.match(r"^[A-Z][a-z]+[A-Z]?[a-z]*\d+$", surf)) \
            and surf not in _NOT_ENTITY \
            and not re.match(r"^[A-Z]{1,3}-?\d", surf):
        title, _ = _title_after(toks, j, g, text)
        if not title or title not in _HONORIFICS:
            ext = _suffix_ext(toks, j, g) if j < n and toks[j].start_char == end else None
            if ext:
                doc.add(sid, start, toks[ext[0] - 1].end_char, ext[1])
                return ext[0]
            doc.add(sid, start, end, "ORGANIZATION", hint=surf)
            return j
    # any other Latin name run into an organization suffix (Xojo社, 3Di社, Tesla社)
    if j < n and toks[j].start_char == end and toks[j].surface in _LATIN_ORG_SUFFIXES and surf not in _NOT_ENTITY:
        doc.add(sid, start, toks[j].end_char, "ORGANIZATION")
        return j + 1
    return j


_QUOTE_MARKS = frozenset('"“”「」『』\'')

#: Suffixes that make a Latin word before them a company (Xojo社): "X社" is what news writes.
_LATIN_ORG_SUFFIXES = frozenset({"社", "株式会社", "グループ"})


def _proper(doc: _Doc, sid: int, toks: list[Token], i: int, g) -> int:
    t = toks[i]
    n = len(toks)
    # (a numeral first is fine: IPADIC tags 三井物産, 千葉, 九州 as proper nouns, 二国間 as a number)
    if not _CJK.search(t.surface) or t.surface[0] in "数両各":
        return i + 1
    sub = t.pos.split(",")
    kind = sub[2] if len(sub) > 2 else ""
    if kind == "人名":
        j = i + 1
        ext = _suffix_ext(toks, j, g) if j < n and toks[j].start_char == t.end_char else None
        if ext:  # 菊水食品, 豊田自動織機
            doc.add(sid, t.start_char, toks[ext[0] - 1].end_char, ext[1])
            return ext[0]
        if sub[3:4] == ["姓"] and j < n and toks[j].start_char == t.end_char and toks[j].pos.startswith("名詞,固有名詞,人名,名"):
            j += 1
            if j < n and toks[j].start_char == toks[j - 1].end_char and toks[j].pos.startswith("名詞,数") \
                    and len(toks[j].surface) == 1 and toks[j].surface in _NUMERALS \
                    and not (j + 1 < n and toks[j + 1].pos.startswith("名詞,接尾,助数詞")):
                j += 1  # 安倍|晋|三: the numeral ends the given name
        title, _ = _title_after(toks, j, g, doc.text)
        if j == i + 1 and not title and (len(t.surface) == 1 or t.surface[0] in _NUMERALS):
            return j  # 林, 五大 (五大要点) alone: a word more likely than a family name
        doc.add(doc_sid(sid), t.start_char, toks[j - 1].end_char, "PERSON", title=title,
                strength=2 if title or j > i + 1 else 1)
        return j
    if len(t.surface) == 2 and all(ch in g.abbrevs for ch in t.surface) and kind in ("地域", "組織") \
            and i + 1 < n and (toks[i + 1].surface in _STATE_NEXT or toks[i + 1].surface in ("関係", "間")):
        for k, ch in enumerate(t.surface):  # 中日関係, 韓米同盟: two countries (not the newspaper, not a region)
            e = g.abbrevs[ch]
            doc.add(sid, t.start_char + k, t.start_char + k + 1, "LOCATION", code=e.country_code, hint=e.canonical)
        return i + 1
    if kind == "地域":
        j = i + 1
        while j < n and toks[j].start_char == toks[j - 1].end_char and (
                toks[j].pos.startswith("名詞,接尾,地域") or toks[j].pos.startswith("名詞,固有名詞,地域")
                and toks[j].surface not in g.abbrevs):
            j += 1
        ext = _suffix_ext(toks, j, g) if j < n and toks[j].start_char == toks[j - 1].end_char else None
        if ext:
            doc.add(sid, t.start_char, toks[ext[0] - 1].end_char, ext[1])
            return ext[0]
        surf = doc.text[t.start_char:toks[j - 1].end_char]
        if len(surf) >= 2 and surf not in _COLLECTIVES:
            doc.add(sid, t.start_char, toks[j - 1].end_char, "LOCATION", strength=1)
        return j
    if kind == "一般" and len(t.surface) >= 3 and g.suffixes.get(t.surface[-2:]) == "LOCATION":
        doc.add(sid, t.start_char, t.end_char, "LOCATION", strength=1)  # 尖閣諸島: one token to janome
        return i + 1
    if kind == "組織":
        j = i + 1
        ext = _suffix_ext(toks, j, g) if j < n and toks[j].start_char == t.end_char else None
        if ext:
            j = ext[0]
        if len(doc.text[t.start_char:toks[j - 1].end_char]) >= 2:
            doc.add(sid, t.start_char, toks[j - 1].end_char, "ORGANIZATION", strength=1)
        return j
    return i + 1


def doc_sid(sid: int) -> int:
    return sid


def _domains(doc: _Doc, sentences: list[Sentence], g) -> None:
    """A web domain of a known organization is a mention of it (www.bbc.com → BBC); a domain
    the gazetteer cannot place is an address, not a name, and is left alone."""
    for s in sentences:
        if "." not in s.text:
            continue
        for m in _DOMAIN.finditer(s.text):
            a, b = s.start_char + m.start(1), s.start_char + m.end(1)
            hint = code = None
            for label in m.group(1).lower().split(".")[:-1]:
                e = g.latin_lower.get(label)
                if e is not None and e.type == "ORGANIZATION":
                    hint, code = e.canonical, e.country_code
            if hint is not None:
                doc.add(s.sentence_id, a, b, "ORGANIZATION", code=code, hint=hint, strength=1)


def find_mentions(text: str, sentences: list[Sentence], tokens: list[list[Token]]) -> list[Mention]:
    """Entity mentions of one document; see the package docstring."""
    g = gazetteer()
    doc = _Doc(text)
    for s, toks in zip(sentences, tokens):
        if toks:
            claims = _authors(doc, s) if ("、" in s.text or "," in s.text) and "(" in s.text else ()
            _sentence(doc, s.sentence_id, toks, g, claims)
    _domains(doc, sentences, g)
    _platforms(doc, sentences)
    _byline_agencies(doc, sentences, g)
    return _finish(doc, g)


#: A wire byline, 【ワシントン共同】 or 【北京=共同】: the agency is a name the text gives.
_BYLINE_AGENCY = re.compile(r"【[^】=]{1,12}?(?:=)?(共同|時事)】|^[^\n]{0,30}?[\u4e00-\u9fff\u30A1-\u30FC]=(共同|時事)[ \u3000]*$",
                            re.M)
_AGENCY = {"共同": "共同通信", "時事": "時事通信"}


def _byline_agencies(doc: _Doc, sentences: list[Sentence], g) -> None:
    starts = [x.start_char for x in sentences]
    for m in _BYLINE_AGENCY.finditer(doc.text):
        k = 1 if m.group(1) else 2
        at = bisect_left(starts, m.start(k) + 1) - 1
        if at < 0 or m.start(k) >= sentences[at].end_char:
            continue
        sid = sentences[at].sentence_id
        e = g.names.get(_AGENCY[m.group(k)])
        doc.add(sid, m.start(k), m.end(k), "ORGANIZATION", code=e.country_code if e else "JP",
                hint=e.canonical if e else _AGENCY[m.group(k)])


#: SNS「X」, 動画投稿アプリ「TikTok」, 交流サイト「フェイスブック」: a service named in brackets after what it is.
_PLATFORM = re.compile(r"(?:SNS|アプリ|サイト|プラットフォーム)「([^「」\s]{1,20})」")


def _platforms(doc: _Doc, sentences: list[Sentence]) -> None:
    for s in sentences:
        if "「" not in s.text:
            continue
        for m in _PLATFORM.finditer(s.text):
            doc.add(s.sentence_id, s.start_char + m.start(1), s.start_char + m.end(1), "ORGANIZATION", strength=1)


def _finish(doc: _Doc, g) -> list[Mention]:
    text = doc.text
    fam_sources: dict[str, set[str]] = {}  # family name -> full names (given・family) of this document
    first_sources: dict[str, set[str]] = {}  # first part -> full names (プラボウォ -> プラボウォ・スビアント)
    standalone: set[str] = set()  # people named alone with a cue (トランプ大統領)
    for m in doc.out:
        if m[5] != "PERSON":
            continue
        parts = re.split(r"[・=]", m[3])
        if len(parts) > 1:
            fam_sources.setdefault(parts[-1], set()).add(m[3])
            if m[4]:  # a full name with its title (プラボウォ・スビアント大統領), not a pair (トランプ・プーチン)
                first_sources.setdefault(parts[0], set()).add(m[3])
        elif m[8] >= 2:
            standalone.add(m[3])

    def is_pair(full: str) -> bool:
        parts = full.split("・")
        return len(parts) > 1 and all(p in standalone or fam_sources.get(p, set()) - {full} for p in parts)

    final: list[list] = []
    pairs: set[str] = set()
    for m in doc.out:
        if m[5] == "PERSON" and "・" in m[3] and is_pair(m[3]):
            pairs.add(m[3])
            pos = m[1]
            for p in m[3].split("・"):
                final.append([m[0], pos, pos + len(p), p, None, "PERSON", None, None, 2])
                pos += len(p) + 1
            continue
        final.append(m)
    family_full = {f: {x for x in fs if x not in pairs} for f, fs in fam_sources.items()}
    first_sources = {f: {x for x in fs if x not in pairs} for f, fs in first_sources.items()}
    family_full = {f: fs for f, fs in family_full.items() if fs}
    known = standalone | set(family_full)
    # untyped katakana words the document types elsewhere (プーチン with no title here)
    for sid, a, b, surf in doc.pending:
        if surf in known:
            final.append([sid, a, b, surf, None, "PERSON", None, None, 1])
    final.sort(key=lambda r: (r[1], -(r[2] - r[1])))
    alias: dict[str, tuple] = {}
    for a, b in zip(final, final[1:]):  # モスクワ証券取引所(MOEX)
        if b[1] == a[2] + 1 and text[a[2]] == "(" and text[b[2]:b[2] + 1] == ")" and b[3].isascii() \
                and b[3].upper() == b[3] and a[5] != "PERSON":
            alias[b[3]] = (a[7] or a[3], a[5])
    by_type: dict[str, dict[str, list]] = {}
    for m in final:
        if m[5] != "PERSON":
            by_type.setdefault(m[5], {}).setdefault(m[3], m)
    # one facility written several ways (エルメンドルフ空軍基地, エルメンドルフ・リチャードソン統合基地)
    fac: dict[tuple, list] = {}
    for m in final:
        if m[5] == "LOCATION" and m[3].endswith(_FACILITY_HEADS):
            head = _FIRST_WORD.match(m[3])
            if head and len(head.group(0)) >= 3 and len(head.group(0)) < len(m[3]) - 1:
                fac.setdefault((head.group(0), m[3][-2:]), []).append(m)
    for group in fac.values():
        names = [x[3] for x in group]
        rep_name = max(set(names), key=lambda x: (names.count(x), len(x), x))
        for x in group:
            x[7] = rep_name
    for m in final:
        if m[3] in alias:
            m[7], m[5] = alias[m[3]]
        elif m[5] == "ORGANIZATION" and m[3].isascii():
            for other, om in by_type[m[5]].items():  # RIA -> RIAノーボスチ
                if len(other) > len(m[3]) and other.startswith(m[3]) and not other[len(m[3])].isascii():
                    m[7] = om[7] or other
                    break
        elif m[5] != "PERSON":
            for other, om in by_type[m[5]].items():  # 極東 -> ロシア極東 in the same document
                if len(other) > len(m[3]) and other.endswith(m[3]):
                    e = g.names.get(other[:-len(m[3])])
                    if e is not None and e.kind in ("country", "abbrev"):
                        m[7] = om[7] or other
                        break
    out: list[Mention] = []
    last_end = -1
    for m in final:  # sorted by start, longest first: keep non-overlapping spans
        if m[1] < last_end:
            continue
        last_end = m[2]
        hint = m[7]
        if m[5] == "PERSON":
            fulls = family_full.get(m[3])
            if fulls and len(fulls) == 1:
                hint = next(iter(fulls))
            elif ("・" in m[3] or "=" in m[3]) and hint is None:
                hint = m[3]
            elif hint is None and len(first_sources.get(m[3], ())) == 1 and m[3] not in fam_sources \
                    and not fulls:
                # Indonesian, Malay and Arab leaders go by their first name (プラボウォ, アンワル, ムハンマド)
                hint = next(iter(first_sources[m[3]]))
            elif len(m[3]) == 1 and hint is None and len(doc.kanji_names.get(m[3], ())) == 1:
                hint = next(iter(doc.kanji_names[m[3]]))  # 朴大統領 in a headline, 朴成民 in the story
        out.append(Mention(m[0], m[1], m[2], text[m[1]:m[2]], m[4], m[5], m[6], hint))
    return out
