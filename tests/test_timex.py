"""hodo.timex: temporal expressions found in Japanese news text and resolved to TIMEX3.

The table below is the specification: each row is a sentence, the
publication date it is read against, and one expression the tagger must
return (surface, TIMEX3 type and value). Real janome tokens throughout.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hodo.normalize import normalize_text
from hodo.sentences import split_sentences
from hodo.timex import TIMEX3_PATTERN, is_valid_timex3, tag_timex, value_range
from hodo.timex.numerals import parse_number
from hodo.timex.patterns import ATOMS, ATOMS_BODY, DURATIONS, DURATIONS_BODY, SETS, SETS_BODY
from hodo.tokenize import tokenize_document

P = date(2025, 8, 15)  # a Friday; ISO week 2025-W33


def tag(text: str, pub: date | None = P):
    text = normalize_text(text)
    sentences = split_sentences(text)
    return text, tag_timex(text, sentences, tokenize_document(text, sentences), pub)


def by_surface(timexes, surface):
    return [t for t in timexes if t.surface == surface]


# (sentence, publication date, expected surface, type, value)
CASES = [
    # ---- a wire dateline run together: zero-padded month and day, then the time
    ("2025年09月03日19時42分", P, "2025年09月03日19時42分", "TIME", "2025-09-03T19:42"),
    # ---- absolute dates, Arabic and kanji numerals, eras
    ("2025年8月15日に会談した。", P, "2025年8月15日", "DATE", "2025-08-15"),
    ("二〇二五年八月十五日に会談した。", P, "二〇二五年八月十五日", "DATE", "2025-08-15"),
    ("会談は十五日に行われた。", P, "十五日", "DATE", "2025-08-15"),
    ("2022年に侵攻が始まった。", P, "2022年", "DATE", "2022"),
    ("2021年6月にジュネーブで会談した。", P, "2021年6月", "DATE", "2021-06"),
    ("2025/08/16 更新", P, "2025/08/16", "DATE", "2025-08-16"),
    ("2025-08-16に公開された。", P, "2025-08-16", "DATE", "2025-08-16"),
    ("2025.8.16付の記事", P, "2025.8.16", "DATE", "2025-08-16"),
    ("2025 年 2 月 13 日に発表した。", P, "2025 年 2 月 13 日", "DATE", "2025-02-13"),
    ("令和7年に改正された。", P, "令和7年", "DATE", "2025"),
    ("平成23年度の予算", P, "平成23年度", "DATE", "2011"),
    ("令和元年5月1日に即位した。", P, "令和元年5月1日", "DATE", "2019-05-01"),
    ("昭和64年1月7日に崩御した。", P, "昭和64年1月7日", "DATE", "1989-01-07"),
    ("平成三十一年四月に発表された。", P, "平成三十一年四月", "DATE", "2019-04"),
    ("二千二十五年の計画", P, "二千二十五年", "DATE", "2025"),
    ("2020年代に入って変わった。", P, "2020年代", "DATE", "202"),
    ("90年代の経済は停滞した。", P, "90年代", "DATE", "199"),
    ("2024~2025年に実施された。", P, "2024~2025年", "DATE", "2024/2025"),
    ("7~9月期の成長率", P, "7~9月", "DATE", "2025-07/2025-09"),
    ("8月15~17日に開催される。", P, "8月15~17日", "DATE", "2025-08-15/2025-08-17"),
    ("8月15日~17日に開催される。", P, "8月15日~17日", "DATE", "2025-08-15/2025-08-17"),
    ("8月15日\u301c17日に開催される。", P, "8月15日\u301c17日", "DATE", "2025-08-15/2025-08-17"),
    ("8月上旬に発表された。", P, "8月上旬", "DATE", "2025-08"),
    ("2025年春に発表された。", P, "2025年春", "DATE", "2025-SP"),
    ("今春の選挙", P, "今春", "DATE", "2025-SP"),
    ("昨秋の会談", P, "昨秋", "DATE", "2024-FA"),
    ("2025年前半の成長", P, "2025年前半", "DATE", "2025-H1"),
    ("今年後半に開催される。", P, "今年後半", "DATE", "2025-H2"),
    ("来年前半に延期された。", P, "来年前半", "DATE", "2026-H1"),
    ("25年8月に発表した。", P, "25年8月", "DATE", "2025-08"),
    ("2025年8月の会談", P, "2025年8月", "DATE", "2025-08"),
    ("2019年5月末に退任した。", P, "2019年5月末", "DATE", "2019-05"),
    # ---- a month or month-day without a year: the year nearest the publication date, by tense
    ("8月に会談する予定だ。", P, "8月", "DATE", "2025-08"),
    ("12月に合意した。", P, "12月", "DATE", "2024-12"),
    ("3月に開催する予定だ。", P, "3月", "DATE", "2026-03"),
    ("3月に合意した。", P, "3月", "DATE", "2025-03"),
    ("1月5日に会談した。", date(2025, 1, 10), "1月5日", "DATE", "2025-01-05"),
    ("12月28日に会談した。", date(2025, 1, 10), "12月28日", "DATE", "2024-12-28"),
    ("8月15日に会談した。", date(2025, 8, 16), "8月15日", "DATE", "2025-08-15"),
    ("10月16日に電話会談した。", date(2025, 10, 16), "10月16日", "DATE", "2025-10-16"),
    # ---- a bare day: the month being reported
    ("8日に発表した。", P, "8日", "DATE", "2025-08-08"),
    ("30日に発表した。", date(2025, 8, 3), "30日", "DATE", "2025-07-30"),
    ("20日に開催する予定だ。", P, "20日", "DATE", "2025-08-20"),
    ("2日に開く予定だ。", date(2025, 8, 28), "2日", "DATE", "2025-09-02"),
    ("8月30日に到着した。2日に会談した。", date(2025, 9, 5), "2日", "DATE", "2025-09-02"),
    ("2025年2月、交渉が始まった。12日には電話会談があった。", date(2025, 10, 16), "12日", "DATE", "2025-02-12"),
    ("2024年11月7日に祝福した。11月9日に述べた。", date(2025, 10, 16), "11月9日", "DATE", "2024-11-09"),
    ("2019年以来初めてだ。8月15日に会談した。", date(2025, 8, 16), "8月15日", "DATE", "2025-08-15"),
    ("2021年6月に会談して以来だ。\n両首脳は15日午前11時に会談する。", P, "15日午前11時", "TIME",
     "2025-08-15T11:00"),
    ("共和国は2024年1月1日をもって消滅した。\n\n両首脳は8日、会談した。", date(2025, 8, 9), "8日", "DATE",
     "2025-08-08"),
    ("2024年12月20日に合意した。1月5日に発効した。", date(2025, 2, 1), "1月5日", "DATE", "2025-01-05"),
    ("2025年2月12日に電話した。2月18日にも会談した。", date(2025, 10, 16), "2月18日", "DATE", "2025-02-18"),
    ("2017年1月28日に電話で話した。", date(2025, 10, 16), "2017年1月28日", "DATE", "2017-01-28"),
    # ---- relative days, weeks, months, years
    ("今日、声明を出した。", P, "今日", "DATE", "2025-08-15"),
    ("本日の会合", P, "本日", "DATE", "2025-08-15"),
    ("昨日発表された。", P, "昨日", "DATE", "2025-08-14"),
    ("明日会談する。", P, "明日", "DATE", "2025-08-16"),
    ("一昨日に到着した。", P, "一昨日", "DATE", "2025-08-13"),
    ("明後日に出発する。", P, "明後日", "DATE", "2025-08-17"),
    ("今年の目標", P, "今年", "DATE", "2025"),
    ("昨年の選挙", P, "昨年", "DATE", "2024"),
    ("去年の会談", P, "去年", "DATE", "2024"),
    ("来年の選挙", P, "来年", "DATE", "2026"),
    ("一昨年の会談", P, "一昨年", "DATE", "2023"),
    ("再来年に開催", P, "再来年", "DATE", "2027"),
    ("今年度の予算", P, "今年度", "DATE", "2025"),
    ("今月の会合", P, "今月", "DATE", "2025-08"),
    ("先月の会合", P, "先月", "DATE", "2025-07"),
    ("来月の会合", P, "来月", "DATE", "2025-09"),
    ("今週アンカレッジに派遣された。", P, "今週", "DATE", "2025-W33"),
    ("先週の会談", P, "先週", "DATE", "2025-W32"),
    ("来週の会談", P, "来週", "DATE", "2025-W34"),
    ("会談は来週水曜日に行われる。", P, "来週水曜日", "DATE", "2025-08-20"),
    ("先週金曜日に会談した。", P, "先週金曜日", "DATE", "2025-08-08"),
    ("今年9月に訪問する見通し。", P, "今年9月", "DATE", "2025-09"),
    ("昨年11月に選挙があった。", P, "昨年11月", "DATE", "2024-11"),
    ("来年1月に就任する。", P, "来年1月", "DATE", "2026-01"),
    ("今月15日に会談する。", P, "今月15日", "DATE", "2025-08-15"),
    ("先月20日に会談した。", P, "先月20日", "DATE", "2025-07-20"),
    ("8月10日に会談した。同日夜、声明を出した。", P, "同日夜", "TIME", "2025-08-10TNI"),
    ("8月10日に会談した。同日、声明を出した。", P, "同日", "DATE", "2025-08-10"),
    ("8月10日に到着した。翌日会談した。", P, "翌日", "DATE", "2025-08-11"),
    ("8月10日に会談した。前日に到着した。", P, "前日", "DATE", "2025-08-09"),
    ("8月10日に会談した。当日は雨だった。", P, "当日", "DATE", "2025-08-10"),
    ("同日、声明を出した。", P, "同日", "DATE", "2025-08-15"),
    ("2019年に就任した。同年、訪米した。", P, "同年", "DATE", "2019"),
    ("2019年に就任した。翌年に辞任した。", P, "翌年", "DATE", "2020"),
    ("今朝、発表があった。", P, "今朝", "TIME", "2025-08-15TMO"),
    ("今夜会談する。", P, "今夜", "TIME", "2025-08-15TNI"),
    ("昨夜、発表された。", P, "昨夜", "TIME", "2025-08-14TNI"),
    ("明朝出発する。", P, "明朝", "TIME", "2025-08-16TMO"),
    ("昨日午後に会見した。", P, "昨日午後", "TIME", "2025-08-14TAF"),
    # deictic words in a quotation count from the day being reported
    ("2025年8月15日、会談が行われた。「今日は良い日だ」と述べた。", date(2025, 8, 16), "今日", "DATE",
     "2025-08-15"),
    ("2025年8月15日、会談が行われた。「本日の合意は重要だ」と述べた。", date(2025, 8, 16), "本日", "DATE",
     "2025-08-15"),
    ("2025年8月15日、会談が行われた。今日、声明が出た。", date(2025, 8, 16), "今日", "DATE", "2025-08-16"),
    # ---- weekdays: the matching day nearest the publication date, by tense
    ("水曜日に会談した。", P, "水曜日", "DATE", "2025-08-13"),
    ("月曜日に会談する予定だ。", P, "月曜日", "DATE", "2025-08-18"),
    ("金曜日に会談した。", P, "金曜日", "DATE", "2025-08-15"),
    ("水曜に発表した。", P, "水曜", "DATE", "2025-08-13"),
    ("日曜日に開催される。", P, "日曜日", "DATE", "2025-08-17"),
    ("次の火曜日に会う。", P, "火曜日", "DATE", "2025-08-19"),
    ("土曜日の会合", P, "土曜日", "DATE", "2025-08-16"),
    ("会談は次の金曜日に行われる。", P, "金曜日", "DATE", "2025-08-22"),
    ("現地時間水曜日に電話会談した。", None, "水曜日", "DATE", "XXXX-WXX-3"),
    # ---- clock times and parts of day (a stated zone keeps the local value)
    ("午前11時に到着した。", P, "午前11時", "TIME", "2025-08-15T11:00"),
    ("午後3時に会見する。", P, "午後3時", "TIME", "2025-08-15T15:00"),
    ("16時30分に始まった。", P, "16時30分", "TIME", "2025-08-15T16:30"),
    ("午後3時半に終わった。", P, "午後3時半", "TIME", "2025-08-15T15:30"),
    ("16:30に始まった。", P, "16:30", "TIME", "2025-08-15T16:30"),
    ("午前0時に発効した。", P, "午前0時", "TIME", "2025-08-15T00:00"),
    ("8月15日午前11時(現地時間)に到着する予定だ。", P, "8月15日午前11時", "TIME", "2025-08-15T11:00"),
    ("朝8時に出発した。", P, "朝8時", "TIME", "2025-08-15T08:00"),
    ("夜9時に会見した。", P, "夜9時", "TIME", "2025-08-15T21:00"),
    ("午後十時に発表した。", P, "午後十時", "TIME", "2025-08-15T22:00"),
    ("十時十五分に始まった。", P, "十時十五分", "TIME", "2025-08-15T10:15"),
    ("両首脳は現地時間15日午前11時に会談する。", P, "15日午前11時", "TIME", "2025-08-15T11:00"),
    ("日本時間16日午前2時に始まる。", P, "16日午前2時", "TIME", "2025-08-16T02:00"),
    ("モスクワ時間8月19日夜に電話した。", date(2025, 10, 16), "8月19日夜", "TIME", "2025-08-19TNI"),
    ("偵察機が8月15日の朝に離陸した。", P, "8月15日の朝", "TIME", "2025-08-15TMO"),
    ("19日未明に攻撃があった。", date(2025, 8, 20), "19日未明", "TIME", "2025-08-19TNI"),
    ("午後に会見した。", P, "午後", "TIME", "2025-08-15TAF"),
    ("正午に発表した。", P, "正午", "TIME", "2025-08-15T12:00"),  # noon is a clock time
    # ---- broadcast copy: deictic words in hiragana
    ("きょう会見した。", P, "きょう", "DATE", "2025-08-15"),
    ("あす午前10時に発表する。", P, "あす午前10時", "TIME", "2025-08-16T10:00"),
    ("きのうの会談で合意した。", P, "きのう", "DATE", "2025-08-14"),
    ("ことし3月に発表した。", P, "ことし3月", "DATE", "2025-03"),
    ("けさ会見した。", P, "けさ", "TIME", "2025-08-15TMO"),
    ("会談は1時間前後続いた。", P, "1時間", "DURATION", "PT1H"),
    ("夕方の演説で述べた。", P, "夕方", "TIME", "2025-08-15TEV"),
    ("2025/08/16 10:30 更新", P, "2025/08/16 10:30", "TIME", "2025-08-16T10:30"),
    ("8月10日に到着し、午後2時に会談した。", P, "午後2時", "TIME", "2025-08-10T14:00"),
    # ---- durations (the bare expression: 3時間 of 約3時間)
    ("会議は3時間続いた。", P, "3時間", "DURATION", "PT3H"),
    ("会談は約3時間続いた。", P, "3時間", "DURATION", "PT3H"),
    ("少なくとも6~7時間続く。", P, "6~7時間", "DURATION", "PT6H/PT7H"),
    ("少なくとも6~7時間続く。", P, "6~7時間", "DURATION", "PT6H/PT7H"),
    ("少なくとも6～7時間続く。", P, "6~7時間", "DURATION", "PT6H/PT7H"),
    ("2~3週間かかる。", P, "2~3週間", "DURATION", "P2W/P3W"),
    ("少なくとも6\u301c7時間続く。", P, "6\u301c7時間", "DURATION", "PT6H/PT7H"),  # wave dash, kept
    ("おそらく2~3週間後に再検討する。", P, "2~3週間", "DURATION", "P2W/P3W"),
    ("会談は1時間半続いた。", P, "1時間半", "DURATION", "PT1H30M"),
    ("90分間の会談", P, "90分間", "DURATION", "PT90M"),
    ("3年間にわたる政策", P, "3年間", "DURATION", "P3Y"),
    ("3年以上にわたる戦争", P, "3年", "DURATION", "P3Y"),
    ("10年ぶりの訪問", P, "10年ぶり", "DURATION", "P10Y"),
    ("6年ぶりに会談した。", P, "6年ぶり", "DURATION", "P6Y"),
    ("半年が過ぎた。", P, "半年", "DURATION", "P6M"),
    ("1年半続いた。", P, "1年半", "DURATION", "P1Y6M"),
    ("3カ月続いた。", P, "3カ月", "DURATION", "P3M"),
    ("3ヶ月続いた。", P, "3ヶ月", "DURATION", "P3M"),
    ("3か月間の停戦", P, "3か月間", "DURATION", "P3M"),
    ("最初の数分以内に分かる。", P, "数分", "DURATION", "PTXM"),
    ("数日間続いた。", P, "数日間", "DURATION", "PXD"),
    ("数年かかる。", P, "数年", "DURATION", "PXY"),
    ("数十年にわたる紛争", P, "数十年", "DURATION", "PXY"),
    ("動画は2分23秒。", P, "2分23秒", "DURATION", "PT2M23S"),
    ("1時間30分の会談", P, "1時間30分", "DURATION", "PT1H30M"),
    ("就任から100日が過ぎた。", P, "100日", "DURATION", "P100D"),
    ("30秒の動画", P, "30秒", "DURATION", "PT30S"),
    ("1.5時間の会議", P, "1.5時間", "DURATION", "PT1.5H"),
    ("十五分の休憩", P, "十五分", "DURATION", "PT15M"),
    ("三日間の日程", P, "三日間", "DURATION", "P3D"),
    ("四半世紀ぶりの訪問", P, "四半世紀ぶり", "DURATION", "P25Y"),
    ("会談の約1時間後に出発した。", P, "1時間", "DURATION", "PT1H"),
    ("会談の2週間後に発表された。", P, "2週間", "DURATION", "P2W"),
    ("2時間以上にわたった。", P, "2時間", "DURATION", "PT2H"),
    ("1年2カ月ぶりの会談", P, "1年2カ月ぶり", "DURATION", "P1Y2M"),
    # ---- offsets from now: DATE
    ("3年前に会談した。", P, "3年前", "DATE", "2022"),
    ("2週間後に再開する。", P, "2週間後", "DATE", "2025-W35"),
    ("3日前に到着した。", P, "3日前", "DATE", "2025-08-12"),
    ("3か月前に合意した。", P, "3か月前", "DATE", "2025-05"),
    ("10年後に完成する。", P, "10年後", "DATE", "2035"),
    ("5日後に開催される。", P, "5日後", "DATE", "2025-08-20"),
    ("数年前に会った。", P, "数年前", "DATE", "PAST_REF"),
    ("8月10日に会談した。その3日後に署名した。", P, "3日後", "DATE", "2025-08-13"),
    # ---- frequencies (SET)
    ("毎日運航している。", P, "毎日", "SET", "P1D"),
    ("毎週会合を開く。", P, "毎週", "SET", "P1W"),
    ("毎年開催される。", P, "毎年", "SET", "P1Y"),
    ("年1回開催する。", P, "年1回", "SET", "P1Y"),
    ("週2回運航する。", P, "週2回", "SET", "P1W"),
    ("1日3回服用する。", P, "1日3回", "SET", "P1D"),
    ("毎朝散歩する。", P, "毎朝", "SET", "P1D"),
    # ---- no publication date: what depends on it keeps X
    ("8月15日に会談した。", None, "8月15日", "DATE", "XXXX-08-15"),
    ("15日に会談した。", None, "15日", "DATE", "XXXX-XX-15"),
    ("今日、声明を出した。", None, "今日", "DATE", "XXXX-XX-XX"),
    ("今年の目標", None, "今年", "DATE", "XXXX"),
    ("3年前に会談した。", None, "3年前", "DATE", "XXXX"),
    ("2025年8月15日に会談した。", None, "2025年8月15日", "DATE", "2025-08-15"),
    ("午前11時に到着した。", None, "午前11時", "TIME", "XXXX-XX-XXT11:00"),
    ("来週の会談", None, "来週", "DATE", "XXXX-WXX"),
    ("2025年8月10日に会談した。同日夜に声明。", None, "同日夜", "TIME", "2025-08-10TNI"),
    ("3時間続いた。", None, "3時間", "DURATION", "PT3H"),
]


@pytest.mark.parametrize("text,pub,surface,ttype,value", CASES, ids=[f"{i:03d}-{c[2]}" for i, c in enumerate(CASES)])
def test_expression(text, pub, surface, ttype, value):
    norm, found = tag(text, pub)
    got = [(t.surface, t.timex_type, t.value) for t in found]
    assert (surface, ttype, value) in got, got


def test_table_is_large_enough():
    assert len(CASES) >= 150


# ---- false positives: (sentence, surface that must not be tagged, or None for "nothing at all")
FALSE_POSITIVES = [
    ("十分な準備が必要だ。", None),
    ("一時停止した。", None),
    ("株価は一時急落した。", None),
    ("「3-3」形式で協議した。", None),
    ("3対3の形式で会談した。", None),
    ("1対1の会談は行われなかった。", None),
    ("75歳の男性が死亡した。", None),
    ("第2回会合が開かれた。", None),
    ("ウクライナ侵攻[12]について", None),
    ("2名が出席した。", None),
    ("全体の3分の1を占める。", None),
    ("「アラスカ2025」と記された演台", None),
    ("ISSN 0362-4331", None),
    ("F-35戦闘機4機が通過した。", None),
    ("最大50%の関税を課した。", None),
    ("統一時期を決める。", None),
    ("https://example.com/news/2025/08/15/ article", None),
    ("3年生の生徒が参加した。", None),
    ("就任2年目の首相", None),
    ("日本時間で発表された。", None),
    ("モスクワ時間に合わせた。", None),
    ("時間がかかる。", None),
    ("今回の会談は成功した。", None),
    ("朝日新聞によると", None),
    ("毎日新聞によると", None),
    ("一日も早く停戦を実現したい。", None),
    ("3回目の会談", None),
    ("約200人の記者", None),
    ("Tu-214型機が着陸した。", None),
    ("5対5の拡大会談", None),
    ("1,080ポイントに達した。", None),
    ("90.50ルーブルに達した。", None),
]


@pytest.mark.parametrize("text,surface", FALSE_POSITIVES, ids=[c[0][:12] for c in FALSE_POSITIVES])
def test_false_positive(text, surface):
    _, found = tag(text)
    if surface is None:
        assert found == [], [(t.surface, t.value) for t in found]
    else:
        assert not by_surface(found, surface)


# ---- resolved_start / resolved_end: the days a value covers
RANGES = [
    ("2025-08-15", date(2025, 8, 15), date(2025, 8, 15)),
    ("2025-08", date(2025, 8, 1), date(2025, 8, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025-W33", date(2025, 8, 11), date(2025, 8, 17)),
    ("2025-H1", date(2025, 1, 1), date(2025, 6, 30)),
    ("2025-H2", date(2025, 7, 1), date(2025, 12, 31)),
    ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
    ("2025-SP", date(2025, 3, 1), date(2025, 5, 31)),
    ("2025-WI", date(2025, 12, 1), date(2026, 2, 28)),
    ("202", date(2020, 1, 1), date(2029, 12, 31)),
    ("20", date(2000, 1, 1), date(2099, 12, 31)),
    ("2025-08-15T11:00", date(2025, 8, 15), date(2025, 8, 15)),
    ("2025-08-19TNI", date(2025, 8, 19), date(2025, 8, 19)),
    ("2025-07/2025-09", date(2025, 7, 1), date(2025, 9, 30)),
    ("2025-08-15/2025-08-17", date(2025, 8, 15), date(2025, 8, 17)),
    ("PT3H", None, None),
    ("P2W/P3W", None, None),
    ("XXXX-08-15", None, None),
    ("XXXX-WXX-3", None, None),
    ("PAST_REF", None, None),
]


@pytest.mark.parametrize("value,start,end", RANGES)
def test_value_range(value, start, end):
    assert value_range(value) == (start, end)


@pytest.mark.parametrize("text,pub,surface,start,end", [
    ("8月に会談する予定だ。", P, "8月", date(2025, 8, 1), date(2025, 8, 31)),
    ("今週の会談", P, "今週", date(2025, 8, 11), date(2025, 8, 17)),
    ("今年後半に開催", P, "今年後半", date(2025, 7, 1), date(2025, 12, 31)),
    ("8月15日午前11時に到着", P, "8月15日午前11時", date(2025, 8, 15), date(2025, 8, 15)),
    ("7~9月期", P, "7~9月", date(2025, 7, 1), date(2025, 9, 30)),
    ("3時間続いた。", P, "3時間", None, None),
    ("毎日運航", P, "毎日", None, None),
    ("8月15日に会談した。", None, "8月15日", None, None),
])
def test_resolved_range_on_timex(text, pub, surface, start, end):
    _, found = tag(text, pub)
    t = by_surface(found, surface)[0]
    assert (t.resolved_start, t.resolved_end) == (start, end)


# ---- the TIMEX3 grammar
VALID = ["2025", "2025-08", "2025-08-15", "2025-W33", "2025-W33-3", "2025-H2", "2025-Q1", "2025-SU", "202",
         "20", "XXXX", "XXXX-08-15", "XXXX-XX-15", "XXXX-WXX-3", "2025-08-15T11:00", "2025-08-15T11:00:30",
         "2025-08-15TMO", "XXXX-XX-XXT11:00", "PT3H", "PT90M", "PT1H30M", "P3Y", "P1Y6M", "P2W", "P100D",
         "PT1.5H", "PTXM", "PXY", "P2W/P3W", "PT6H/PT7H", "2025-07/2025-09", "2024/2025", "PAST_REF",
         "FUTURE_REF", "PRESENT_REF", "P1DT12H"]
INVALID = ["", "2025-13", "2025-00", "2025-02-30", "2025-02-29", "2025-W54", "2025-W53", "XXXX-8-15", "T11:00",
           "2025-08-15T25:00", "2025-08-15T11:60", "P", "PT", "P3", "3Y", "PT3H/", "2025/PT3H", "abc",
           "2025-08-15 11:00", "2025-8-15", "P1H", "2025-H3", "2025-08TMO"]


@pytest.mark.parametrize("value", VALID)
def test_valid_timex3(value):
    assert is_valid_timex3(value)


@pytest.mark.parametrize("value", INVALID)
def test_invalid_timex3(value):
    assert not is_valid_timex3(value)


def test_pattern_runs_in_duckdb():
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    rows = [(v, True) for v in VALID] + [(v, False) for v in INVALID if v not in ("2025-02-30", "2025-02-29",
                                                                                "2025-W53")]
    for v, ok in rows:
        got = con.execute("SELECT regexp_full_match(?, ?)", [v, TIMEX3_PATTERN]).fetchone()[0]
        assert got is ok, v


def test_pattern_has_no_lookarounds():
    assert "(?=" not in TIMEX3_PATTERN and "(?!" not in TIMEX3_PATTERN and "(?<" not in TIMEX3_PATTERN


@pytest.mark.parametrize("s,n", [("15", 15), ("十五", 15), ("二〇二五", 2025), ("二千二十五", 2025), ("元", 1),
                                  ("三十一", 31), ("十", 10), ("百", 100), ("一二", 12), ("x", None)])
def test_parse_number(s, n):
    assert parse_number(s) == n


# ---- the whole document: offsets, sentence ids, order
def test_offsets_and_sentences_on_a_document():
    text = ("2025年8月15日、両首脳はアラスカで会談した。\n会談は約3時間続いた。\n"
            "プーチン大統領は16日午前2時(日本時間)に出発した。「今日は良い日だ」と述べた。")
    norm, found = tag(text, date(2025, 8, 16))
    sentences = split_sentences(norm)
    for t in found:
        assert norm[t.start_char:t.end_char] == t.surface
        s = sentences[t.sentence_id]
        assert s.start_char <= t.start_char < t.end_char <= s.end_char
    assert [t.start_char for t in found] == sorted(t.start_char for t in found)
    assert [(t.surface, t.value) for t in found] == [
        ("2025年8月15日", "2025-08-15"), ("3時間", "PT3H"), ("16日午前2時", "2025-08-16T02:00"),
        ("今日", "2025-08-16")]  # the quote follows the report of the 16th


def test_empty_and_no_tokens():
    assert tag_timex("", [], [], P) == []
    text = "8月15日に会談した。"
    sentences = split_sentences(text)
    # tokens missing for a sentence: the tagger still works (no boundary check possible)
    found = tag_timex(text, sentences, [[] for _ in sentences], P)
    assert [(t.surface, t.value) for t in found] == [("8月15日", "2025-08-15")]


# ---- properties
_ALPHABET = list("0123456789〇一二三四五六七八九十百年月日時分秒間週曜火水木金土前後半今昨来本同翌毎回約~~～-/:.,"
                 "「」()。、\n 令和平成午朝夜上下旬春ぶり数カヶか度代はにのでたる予定ア米")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=60),
       st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31))))
def test_property_values_valid_and_surfaces_exact(raw, pub):
    text, found = tag(raw, pub)
    sentences = split_sentences(text)
    for t in found:
        assert t.surface == text[t.start_char:t.end_char]
        assert t.surface
        assert is_valid_timex3(t.value), t
        assert re.fullmatch(TIMEX3_PATTERN, t.value)
        assert t.timex_type in ("DATE", "TIME", "DURATION", "SET")
        assert 0 <= t.sentence_id < len(sentences)
        if t.resolved_start is not None:
            assert t.resolved_start <= t.resolved_end
            assert t.timex_type in ("DATE", "TIME")
        if t.timex_type in ("DURATION", "SET"):
            assert t.resolved_start is None and t.resolved_end is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=80))
def test_property_first_char_guards_change_nothing(raw):
    text = normalize_text(raw)
    for guarded, body in ((ATOMS, ATOMS_BODY), (DURATIONS, DURATIONS_BODY), (SETS, SETS_BODY)):
        plain = re.compile(body)
        assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_a_day_count_with_me_is_an_ordinal_not_a_date():
    _, tx = tag("サミットは2日目を迎えた。3日目の討議は15日に行う。")
    assert [(t.surface, t.value) for t in tx] == [("15日", "2025-08-15")]


def test_a_time_heading_a_line_is_on_the_day_of_the_blog_not_of_the_last_date_in_the_text():
    """A live blog: a date in an entry's text (13日) does not move the next entry's time stamp."""
    text, tx = tag("▼午前11時45分\n首相は会談した。大統領は13日、協定に署名している。\n"
                   "▼午後3時20分\n教皇が出席した。会談は午後4時に始まり、同日夜に終わった。")
    v = {t.surface: t.value for t in tx}
    assert v["午前11時45分"] == "2025-08-15T11:45" and v["午後3時20分"] == "2025-08-15T15:20"
    assert v["13日"] == "2025-08-13"
    assert v["午後4時"] == "2025-08-15T16:00"  # the entry's own day, set by its heading


def test_a_time_in_running_text_is_on_the_day_just_mentioned():
    _, tx = tag("大統領は13日、協定に署名した。式典は午後4時に始まった。")
    assert {t.surface: t.value for t in tx}["午後4時"] == "2025-08-13T16:00"


def test_a_bare_day_in_another_digest_item_is_in_the_month_of_publication():
    _, tx = tag("■日中首脳会談\n首相は先月31日、会談した。\n■欧州歴訪\n大統領は17日から欧州を訪問している。",
                date(2025, 11, 20))
    assert {t.surface: t.value for t in tx} == {"先月31日": "2025-10-31", "17日": "2025-11-17"}
    # in one story the month carries over, across paragraphs too
    _, tx = tag("首相は10月30日に到着し、31日に会談した。", date(2025, 11, 20))
    assert {t.surface: t.value for t in tx}["31日"] == "2025-10-31"
    _, tx = tag("大統領は4月2日、関税を発表した。\n株価は7日に急落した。\n大統領は9日、停止を表明した。",
                date(2025, 5, 12))
    assert [t.value for t in tx] == ["2025-04-02", "2025-04-07", "2025-04-09"]


def test_a_date_before_irai_is_a_point_of_reference_not_the_storys_time():
    _, tx = tag("習氏の訪露は2023年3月以来。習氏は9日、プーチン大統領と会談した。", date(2025, 5, 12))
    assert {t.surface: t.value for t in tx}["9日"] == "2025-05-09"
    _, tx = tag("政府は10日、2022年2月24日の侵攻開始以来の支援額を発表した。同日夜には追加支援も決めた。",
                date(2025, 5, 12))
    assert {t.surface: t.value for t in tx}["同日夜"] == "2025-05-10TNI"


def test_a_date_with_its_weekday_in_brackets_before_a_comma():
    # janome makes ")、" one token; the bracket still ends the expression
    _, tx = tag("外相は9月3日（水曜日）、ソウルで会談した。8月15日(金)、到着した。", date(2025, 9, 4))
    assert {t.surface: t.value for t in tx} == {"9月3日(水曜日)": "2025-09-03", "8月15日(金)": "2025-08-15"}


@pytest.mark.parametrize("sentence", ["きょうだいで話した。", "日経平均は3日続落した。", "5日連続で上昇した。",
                                      "2泊3日の日程で訪れた。", "1日あたり100人が感染した。", "1日平均で3件。"])
def test_counts_rates_and_kana_words_are_not_dates(sentence):
    assert tag(sentence)[1] == []


def test_cho_after_a_country_abbreviation_is_north_korea_not_morning():
    assert tag("日朝首脳会談が開かれた。米朝協議も続く。")[1] == []
    assert [t.value for t in tag("11日朝に到着した。")[1]] == ["2025-08-11TMO"]


@pytest.mark.parametrize("sentence,pub,surface,value", [
    ("日銀は28日、物価見通しを公表した。", date(2025, 5, 12), "28日", "2025-04-28"),  # past verb beats 見通し
    ("政府は8月、原発再稼働の方針を決めた。", date(2025, 5, 12), "8月", "2024-08"),
    ("首相は28日に訪米する予定だ。", date(2025, 5, 12), "28日", "2025-05-28"),
    ("9月の自民党総裁選に向けた動きが活発化している。", date(2024, 3, 1), "9月", "2024-09"),
    ("11月の米大統領選に向け、支持を固めている。", date(2024, 5, 12), "11月", "2024-11"),
    ("首相は20日、大統領と会談。関税について協議した。", date(2025, 5, 12), "20日", "2025-04-20"),  # noun stop
])
def test_the_last_predicate_decides_the_tense(sentence, pub, surface, value):
    assert {t.surface: t.value for t in tag(sentence, pub)[1]}[surface] == value


@pytest.mark.parametrize("sentence,surface,value", [
    ("先週末に会談した。", "先週末", "2025-W32-WE"),
    ("来週前半に訪米する。", "来週前半", "2025-W34"),
    ("昨年末に発表した。", "昨年末", "2024-12"),
])
def test_parts_of_weeks_and_years(sentence, surface, value):
    assert [(t.surface, t.value) for t in tag(sentence)[1]] == [(surface, value)]


def test_the_day_of_a_frequency_is_no_date():
    assert [t.timex_type for t in tag("毎月15日に支給される。毎週月曜日に会議を開く。")[1]] == ["SET", "SET"]


@pytest.mark.parametrize("sentence,pub,surface,value", [
    ("日時：2024年11月5日（火）午後2時", date(2025, 5, 12), "2024年11月5日(火)午後2時", "2024-11-05T14:00"),
    ("会期:6月1日〜6月30日", date(2025, 5, 12), "6月1日〜6月30日", "2025-06-01/2025-06-30"),
    ("今年度の税収は過去最高となる見通しだ。", date(2025, 2, 10), "今年度", "2024"),  # fiscal year from April
    ("首相は5月15、16日に訪米した。", date(2025, 5, 20), "5月15、16日", "2025-05-15/2025-05-16"),
    ("3、4月に実施した。", date(2025, 5, 12), "3、4月", "2025-03/2025-04"),
])
def test_labels_fiscal_years_and_paired_days(sentence, pub, surface, value):
    assert {t.surface: t.value for t in tag(sentence, pub)[1]}[surface] == value


def test_a_story_told_from_december_into_january_crosses_the_year():
    _, tx = tag("昨年12月に事故が起き、国交省は1月15日に通達を出した。", date(2025, 2, 20))
    assert {t.surface: t.value for t in tx}["1月15日"] == "2025-01-15"


def test_after_counts_from_the_date_its_sentence_gave():
    assert [t.value for t in tag("首相は4月1日に就任し、3日後に辞任した。", date(2025, 5, 12))[1]] == \
        ["2025-04-01", "2025-04-04"]
    assert [t.value for t in tag("2020年に就任し、3年後に辞任した。", date(2025, 5, 12))[1]] == ["2020", "2023"]
    assert [t.value for t in tag("3日後に発表する。", date(2025, 5, 12))[1]] == ["2025-05-15"]


@pytest.mark.parametrize("sentence,pub,value", [
    ("政府は年内に結論を出す。", date(2025, 5, 12), "2025"),
    ("週明けにも発表する。", date(2025, 5, 12), "2025-W21"),
    ("年明けにも訪米する。", date(2025, 11, 12), "2026-01"),
    ("元日に発生した地震。", date(2025, 1, 5), "2025-01-01"),
    ("月末までに決める。", date(2025, 5, 12), "2025-05"),
])
def test_vague_spans_reckoned_from_publication(sentence, pub, value):
    assert [t.value for t in tag(sentence, pub)[1]] == [value]


@pytest.mark.parametrize("text,pub,surface,value", [
    # a date the story moved on from does not give a later sentence's bare day its month
    ("2025年6月2日\nロシアは2022年2月24日に全面侵攻を開始した。ゼレンスキー大統領は2日、記者会見した。", date(2025, 6, 2),
     "2日", "2025-06-02"),
    # an article on an old event (its publication year named nowhere): its own dates frame it
    ("2019年G20大阪サミット\n2019年のG20は大阪で開かれた。サミットは2019年6月28日に開幕した。首脳宣言は29日に採択された。",
     date(2024, 3, 2), "29日", "2019-06-29"),
    ("2019年G20大阪サミット\n2019年のG20は大阪で開かれた。2019年6月27日、首相は主席と会談し、主席が来年春に訪日することで"
     "一致した。", date(2024, 3, 2), "来年春", "2020-SP"),
    ("2025/10/20 18:05\n1978年9月17日、両首脳は合意に署名した。\n副大統領はあす21日にイスラエルを訪れる予定だ。",
     date(2025, 10, 20), "あす", "2025-10-21"),
    ("2025年10月20日\n始まりは2年前の10月7日だった。", date(2025, 10, 20), "10月7日", "2023-10-07"),
    ("大統領は6月9日夜、首相と電話会談を行った。両首脳は同月17日、カナナスキスで会談した。", date(2025, 11, 2),
     "同月17日", "2025-06-17"),
    ("両国の直接協議は5月16日に続き2回目。ウメロフ国防相は2日、記者会見した。", date(2025, 6, 2), "2日", "2025-06-02"),
    ("2024年1月1日に地震が発生し、2日には余震が続いた。", date(2025, 6, 2), "2日", "2024-01-02"),
    # となる is no future; a gloss in brackets is not the day 同日 refers to
    ("米中の閣僚級協議は5月のジュネーブ、6月のロンドンに続き3回目となる。", date(2025, 7, 30), "5月", "2025-05"),
    ("石破首相は16日午前（日本時間17日未明）、大統領と会談した。大統領は同日夜、帰国した。", date(2025, 6, 17),
     "同日夜", "2025-06-16TNI"),
    # a year in a section heading frames the section
    ("2018年7月16日、両首脳は会談した。\n\n■シンガポール（2018年）\n6月12日には会談した。翌年2月には再び会談した。",
     date(2025, 8, 14), "翌年2月", "2019-02"),
])
def test_background_dates_glosses_and_section_years(text, pub, surface, value):
    assert {t.surface: t.value for t in tag(text, pub)[1]}[surface] == value


@pytest.mark.parametrize("sentence,value", [
    ("ゼレンスキー大統領は17日からフランスを訪問している。", "2025-06-17"),  # begun before now
    ("首相は28日に訪米する予定となっている。", "2025-07-28"),  # a plan: not before publication
])
def test_ongoing_since_and_plans(sentence, value):
    assert [t.value for t in tag(sentence, date(2025, 7, 4))[1]] == [value]


@pytest.mark.parametrize("sentence,pub,values", [
    ("代表団は2日、協議を行った。", date(2025, 6, 25), ["2025-06-02"]),  # past: never after publication
    ("次回の協議を6月20日に開くよう提案した。", date(2025, 6, 2), ["2025-06-20"]),  # a proposal looks ahead
    ("首脳宣言は予定より1日早く、20日に採択された。", date(2023, 5, 22), ["2023-05-20"]),  # 1日早く: no date
])
def test_fourth_and_fifth_probe_date_rules(sentence, pub, values):
    assert [t.value for t in tag(sentence, pub)[1] if t.timex_type != "DURATION"] == values


def test_the_second_year_of_a_span_may_be_two_digits():
    assert [t.value for t in tag("2018年から19年にかけての貿易戦争")[1]] == ["2018", "2019"]
    assert [t.timex_type for t in tag("2018年から10年が過ぎた。")[1]] == ["DATE", "DURATION"]


def test_a_month_said_as_sengetsu_does_not_carry_to_the_next_bare_day():
    _, tx = tag("首相は先月30日、慶州で会談した。外相が前日の13日、電話で会談した。14日午後には会見した。",
                date(2025, 11, 14))
    assert {t.surface: t.value for t in tx} == {"先月30日": "2025-10-30", "前日": "2025-11-13",
                                                "13日": "2025-11-13", "14日午後": "2025-11-14TAF"}
    # a month named outright still does (10月30日 …31日)
    _, tx = tag("首相は10月30日に到着し、31日に会談した。", date(2025, 11, 20))
    assert {t.surface: t.value for t in tx}["31日"] == "2025-10-31"


def test_yoku_day_follows_the_last_date_however_far_back():
    _, tx = tag("外相は2025年3月22日に東京で会議を開いた。\n\n会議は成功した。\n\n翌23日には首相を訪ねた。",
                date(2025, 9, 12))
    assert {t.surface: t.value for t in tx}["23日"] == "2025-03-23"
    _, tx = tag("首相は1月31日に到着し、翌1日に会談した。", date(2025, 3, 1))
    assert {t.surface: t.value for t in tx}["1日"] == "2025-02-01"


def test_a_vague_week_word_with_the_day_it_names():
    _, tx = tag("ウィトコフ氏は週明けの1日には、エルサレムで会談した。", date(2025, 12, 3))
    assert {t.surface: t.value for t in tx} == {"週明け": "2025-12-01", "1日": "2025-12-01"}
    _, tx = tag("首相は週明けにも訪米する。", date(2025, 12, 3))
    assert {t.surface: t.value for t in tx} == {"週明け": "2025-W50"}


def test_a_past_day_is_not_moved_into_next_year_by_a_late_frame():
    _, tx = tag("首脳は10月30日、釜山で会談した。\n\n就任前の1月17日、両氏は電話で会談し、関係の安定を確認した。",
                date(2025, 11, 5))
    assert {t.surface: t.value for t in tx}["1月17日"] == "2025-01-17"
    # a month of a plan stays ahead (6月に開かれる…)
    _, tx = tag("【東京=共同】2025年3月25日\n首相は、6月に開かれる首脳会議の成功に向け協力する考えを伝えた。",
                date(2025, 3, 25))
    assert {t.surface: t.value for t in tx}["6月"] == "2025-06"


def test_a_pages_last_updated_line_does_not_make_an_old_story_current():
    text = ("2019年米朝首脳会談\n出典: フリー百科事典\n最終更新 2025年3月14日 (金) 08:21\n\n"
            "2019年米朝首脳会談は、2019年2月27日と28日の2日間、ハノイで行われた首脳会談である。\n\n"
            "経緯\n2018年6月12日、シンガポールで史上初の首脳会談が開かれた。2019年2月26日、両首脳はハノイに入った。\n\n"
            "会談\n27日午前、両首脳は夕食会に臨んだ。同年6月30日には板門店で再び会った。")
    _, tx = tag(text, date(2025, 3, 14))
    got = {t.surface: t.value for t in tx}
    assert got["27日午前"].startswith("2019-02-27") and got["同年6月30日"] == "2019-06-30"
