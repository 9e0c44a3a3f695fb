"""The surface patterns of Japanese temporal expressions, one group per TIMEX3 type.

Calendar expressions (DATE/TIME) are found as *atoms* (a year, a month, a
day, a weekday, a clock time, a part of day...) that the tagger then chains
into one expression when they stand next to each other (2025年 8月 15日
午前 11時 → one TIME). Durations, offsets (3年前) and frequencies (SET) are
whole patterns of their own. Every pattern is compiled once at import; the
tagger runs each over the document text with ``finditer``.

All patterns read normalized text (NFKC: ASCII digits; ranges written ~ or 〜).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from hodo.timex.numerals import KANJI_NUM_CHARS

_DATA = Path(__file__).parent / "data"
ERAS: dict[str, int] = {e["name"]: e["start_year"]
                        for e in json.loads((_DATA / "eras.json").read_text(encoding="utf-8"))["eras"]}

RANGE = "[~\u301c]"  # 2~3週間, 2〜3週間 (NFKC makes ～ a ~ but keeps the wave dash)
SP = r"[ \u3000]?"  # news (and PDF copy) puts stray spaces inside dates: 2025 年 2 月 13 日
_K = "〇一二三四五六七八九十"
N2 = rf"(?:\d{{1,2}}|[{_K}]{{1,3}})"  # a month, day, hour or minute number
NB = r"(?<![\d.,/\-])(?<![\d]:)(?<!第)"  # no digit, decimal point, clock colon (10:30), ordinal 第 before a number
# 2025, 二〇二五, 二千二十五
YEAR_NUM = r"(?:[12]\d{3}|[〇一二三四五六七八九]{4}|[一二]千[一二三四五六七八九十百]{0,5})"
ERA_NAMES = "|".join(sorted(ERAS, key=len, reverse=True))

# Python's re tries every alternative at every position of the text; a
# leading lookahead on the characters an atom can start with lets it skip
# almost all of them (13x faster on the seeds). tests/test_timex.py checks
# that the guarded and the unguarded patterns find the same atoms.
ATOM_FIRST = r"[\d〇一二三四五六七八九十令平昭大明再今昨去来本前後翌同先当月火水木金土日(午早未正朝昼夕深夜晩上中下初半末春夏秋冬きあおこけゆ年週元]"
# Broadcast copy writes deictic words in hiragana (きょう, あす, ことし); one is a word only when
# a particle, a bracket or a non-kana character follows (not きょうだい, あすなろ).
_KANA_END = r"(?=[はのもにでがへとや、。」)]|まで|から|[^\u3040-\u309f])"
DUR_FIRST = rf"[\d{KANJI_NUM_CHARS}数半四]"
SET_FIRST = r"[毎隔1一年月週日]"

# ---------------------------------------------------------------- DATE / TIME atoms
ATOMS_BODY = "|".join([
    # 令和7年, 平成23年度, 令和元年
    rf"(?P<era>{ERA_NAMES}){SP}(?P<eyn>元|\d{{1,2}}|[{_K}]{{1,3}}){SP}年(?P<efy>度)?",
    # 2025/08/16, 2025-08-16, 2025.8.16 (a 4-digit year first: never 3-3 or 0362-4331)
    rf"(?<![\d/.\-])(?P<sy>[12]\d{{3}})(?P<sep>[/.\-])(?P<sm>\d{{1,2}})(?P=sep)(?P<sd>\d{{1,2}})(?![\d/])",
    # 2025年, 二〇二五年, 2024~2025年, 2025年度, 2020年代
    rf"{NB}(?P<yn>{YEAR_NUM})(?:{SP}{RANGE}{SP}(?P<yn2>{YEAR_NUM}))?"
    rf"{SP}年(?P<ysuf>度|代)?",
    # 90年代
    rf"{NB}(?P<dec2>\d0)年代",
    # 25年8月: a two-digit year only when a month follows
    # (or the second year of a span: 2018年から19年にかけて)
    rf"{NB}(?P<y2>\d{{2}})年(?={SP}\d{{1,2}}{SP}月|にかけ|まで)|(?<=年から)(?P<y2s>\d{{2}})年(?=にかけ|まで)",
    # 今年, 昨年度, 同年...
    r"(?P<ry>一昨年|再来年|今年|昨年|去年|来年|本年|前年|翌年|同年|翌々年)(?P<ryfy>度)?",
    rf"(?P<kry>ことし|おととし){_KANA_END}",
    # 今春, 昨秋, 来夏...
    r"(?P<rys>[今昨来][春夏秋冬])",
    # 8月, 7~9月
    rf"{NB}(?P<mn>{N2})(?:(?:{SP}{RANGE}{SP}|、)(?P<mn2>{N2}))?{SP}月(?!間)",  # (3、4月: the two months)
    r"(?P<rm>先々月|再来月|今月|先月|来月|同月|翌月|前月)",
    # 15日, 15~17日 (not 2日目, an ordinal; 3日続落, 5日連続, 1日あたり/平均, 2泊3日: counts and rates)
    # (15、16日 and 9、10両日: the two days, as a range)
    rf"{NB}(?<!泊)(?P<dn>{N2})(?:(?:{SP}{RANGE}{SP}|、)(?P<dn2>{N2}))?{SP}(?:の?両)?日(?!間|目|続|連|あたり|当たり|平均|早|遅|\d(?!\d?{SP}時))",  # (03日19時42分: a dateline)
    r"(?P<rd>一昨日|明後日|翌々日|今日|本日|昨日|明日|同日|当日|翌日|前日)",
    rf"(?P<krd>きょう|あす|あした|きのう|おととい|あさって){_KANA_END}",
    r"(?P<rw>先々週|再来週|今週|先週|来週|翌週|同週|前週)",
    # 年内にも, 週明けにも, 月内, 元日: vague spans reckoned from publication
    r"(?<![今昨来本同前翌先])(?P<vg>年内|年末|年明け|月内|月末|週末|週明け|元日|大みそか)",
    r"(?P<wd>[月火水木金土日])曜日?",
    r"\((?P<pwd>[月火水木金土日])(?:曜日?)?\)",
    # 午前11時, 16時30分, 3時半 (not 3時間, 時代, 時点)
    rf"(?:(?P<ap>午前|午後){SP})?{NB}(?P<hh>{N2}){SP}時(?:{SP}(?P<mi>{N2}){SP}分|(?P<half>半))?"
    r"(?!間|代|点|期|刻|差|速|給|流|効|事|局|計|価)",
    # 16:30
    r"(?<![\d:.,/])(?P<ch>[01]?\d|2[0-3]):(?P<cm>[0-5]\d)(?![\d:])",
    r"(?P<rpod>今朝|今夜|今晩|今夕|昨夜|昨晩|昨朝|明朝|明晩)",
    rf"(?P<krpod>けさ|ゆうべ){_KANA_END}",
    # (朝 after a country abbreviation is North Korea: 米朝, 日朝)
    r"(?P<pod>午前中|午前|午後|早朝|未明|正午|朝方|昼前|昼過ぎ|夕方|夕刻|深夜|夜半|(?<![米中韓露ロ英仏独南])(?<![^\d〇一二三四五六七八九十]日)(?<!^日)朝|昼|夕|夜|晩)",
    r"(?P<part>上旬|中旬|下旬|初旬|上半期|下半期|前半|後半|半ば|初め|初頭|末|春|夏|秋|冬)",
])
ATOMS = re.compile(f"(?={ATOM_FIRST})(?:{ATOMS_BODY})")

# ---------------------------------------------------------------- DURATION and offsets
_NUM = rf"(?:\d+(?:\.\d+)?|[{KANJI_NUM_CHARS}]+|十数|数十|数)"
_UNIT = r"(?:年間|年|か月間|カ月間|ヶ月間|ケ月間|ヵ月間|箇月間|か月|カ月|ヶ月|ケ月|ヵ月|箇月|週間|週|日間|日|時間|分間|分|秒間|秒)"
DURATIONS_BODY = (
    rf"(?<![\d.,])(?<!第)(?P<n>{_NUM})(?:{SP}{RANGE}{SP}(?P<n2>{_NUM}))?{SP}(?P<unit>{_UNIT})(?P<half>半)?"
    r"(?P<rel>ぶり|振り|前(?!半|後)|後(?!半))?"
    r"|(?P<fixed>四半世紀|半世紀|半年間|半年)(?P<frel>ぶり|前(?!半)|後(?!半))?"
)
DURATIONS = re.compile(f"(?={DUR_FIRST})(?:{DURATIONS_BODY})")

# ---------------------------------------------------------------- SET
SETS_BODY = (
    r"(?P<every>毎日|毎週|毎月|毎年|毎朝|毎晩|毎夜|毎時|隔週|隔月|隔年)"
    rf"|(?<![\d{_K}])(?:(?:1|一){SP})?(?P<per>年|月|週|日)に?{SP}(?P<cnt>\d+|[{_K}]+){SP}回(?!目|戦|転|線)"
)
SETS = re.compile(f"(?={SET_FIRST})(?:{SETS_BODY})")

URLS = re.compile(r"(?:https?://|www\.)[^\s「」『』()（）<>\"]+")
