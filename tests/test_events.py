"""Events on hand-made mentions and dates over real janome tokens (no other stage needed)."""
from __future__ import annotations

from datetime import date

import polars as pl

from hodo.events import EventCandidate, find_events, merge_events
from hodo.records import Mention, Timex
from hodo.sentences import split_sentences
from hodo.tokenize import tokenize_document

PUB = date(2025, 8, 16)


class Doc:
    """A text with its sentences and janome tokens, and helpers to place mentions and dates."""

    def __init__(self, text: str):
        self.text = text
        self.sentences = split_sentences(text)
        self.tokens = tokenize_document(text, self.sentences)
        self.mentions: list[Mention] = []
        self.timexes: list[Timex] = []
        self.ids: dict[int, str] = {}  # start_char -> entity id, for merge tests

    def _sid(self, start: int) -> int:
        return next(s.sentence_id for s in self.sentences if s.start_char <= start < s.end_char)

    def at(self, surface: str, nth: int = 0, after: int = 0) -> int:
        i = self.text.index(surface, after)
        for _ in range(nth):
            i = self.text.index(surface, i + 1)
        return i

    def m(self, surface: str, etype: str, eid: str | None = None, title: str | None = None, nth: int = 0,
          country: str | None = None) -> int:
        st = self.at(surface, nth)
        self.mentions.append(Mention(self._sid(st), st, st + len(surface), surface, title, etype, country))
        self.ids[st] = eid or surface
        return st

    def t(self, surface: str, ttype: str, value: str, nth: int = 0) -> int:
        st = self.at(surface, nth)
        self.timexes.append(Timex(self._sid(st), st, st + len(surface), surface, ttype, value, None, None))
        return st

    def events(self) -> list[EventCandidate]:
        return find_events(self.text, self.sentences, self.tokens, self.mentions, self.timexes, PUB)

    def name(self, start: int | None) -> str | None:
        return None if start is None else next(m.surface for m in self.mentions if m.start_char == start)

    def names(self, c: EventCandidate) -> set[str]:
        return {self.name(s) for s in c.participant_starts}


def merge(*docs: tuple[str, Doc]):
    cands, ments = [], []
    for doc_id, d in docs:
        for i, c in enumerate(d.events()):
            cands.append({"doc_id": doc_id, "candidate_id": i, **c._asdict()})
        for m in d.mentions:
            ments.append({"doc_id": doc_id, "sentence_id": m.sentence_id, "start_char": m.start_char,
                          "end_char": m.end_char, "surface": m.surface, "title": m.title,
                          "entity_id": d.ids[m.start_char], "entity_type": m.entity_type,
                          "country_code": m.country_code})
    return merge_events(pl.DataFrame(cands), pl.DataFrame(ments))


def summit_doc() -> Doc:
    d = Doc("8月15日、トランプ大統領とプーチン大統領はアラスカ州アンカレッジで約3時間にわたり会談した。"
            "両首脳は会談後に共同記者会見を開いた。")
    d.t("8月15日", "DATE", "2025-08-15")
    d.t("3時間", "DURATION", "PT3H")
    d.m("トランプ", "PERSON", "trump", "大統領")
    d.m("プーチン", "PERSON", "putin", "大統領")
    d.m("アラスカ州", "LOCATION", "alaska", country="US")
    d.m("アンカレッジ", "LOCATION", "anchorage", country="US")
    return d


def test_meeting_with_participants_date_place_duration():
    d = summit_doc()
    ev = d.events()
    meeting = [c for c in ev if c.event_type == "MEETING" and c.sentence_id == 0]
    assert len(meeting) == 1
    c = meeting[0]
    assert d.names(c) == {"トランプ", "プーチン"}
    assert c.event_date == "2025-08-15"
    assert d.name(c.location_start) == "アンカレッジ"
    assert c.duration == "PT3H"
    assert c.status == "reported"


def test_press_conference_borrows_the_summit_participants():
    d = summit_doc()
    pc = [c for c in d.events() if c.event_type == "PRESS_CONFERENCE"]
    assert len(pc) == 1
    assert pc[0].sentence_id == 1
    assert d.names(pc[0]) == {"トランプ", "プーチン"}


def test_phone_call_and_source_is_not_a_participant():
    d = Doc("クレムリンのペスコフ報道官は、プーチン大統領が2月12日にトランプ大統領と電話会談を行ったと述べた。")
    d.m("クレムリン", "ORGANIZATION")
    d.m("ペスコフ", "PERSON", title="報道官")
    d.m("プーチン", "PERSON", title="大統領")
    d.m("トランプ", "PERSON", title="大統領")
    d.t("2月12日", "DATE", "2025-02-12")
    ev = d.events()
    assert [c.event_type for c in ev] == ["PHONE_CALL"]
    assert d.names(ev[0]) == {"プーチン", "トランプ"}
    assert ev[0].event_date == "2025-02-12"
    assert ev[0].location_start is None


def test_phone_call_spoken_form():
    d = Doc("ドナルド・トランプは2017年1月28日にウラジーミル・プーチンと電話で話している。")
    d.m("ドナルド・トランプ", "PERSON")
    d.m("ウラジーミル・プーチン", "PERSON")
    d.t("2017年1月28日", "DATE", "2017-01-28")
    ev = d.events()
    assert [(c.event_type, c.event_date) for c in ev] == [("PHONE_CALL", "2017-01-28")]


def test_visit_with_place():
    d = Doc("2025年2月11日、米国のウィトコフ特使がモスクワに到着した。")
    d.m("米国", "LOCATION", country="US")
    d.m("ウィトコフ", "PERSON", title="特使")
    d.m("モスクワ", "LOCATION", country="RU")
    d.t("2025年2月11日", "DATE", "2025-02-11")
    (c,) = d.events()
    assert c.event_type == "VISIT"
    assert d.names(c) == {"ウィトコフ"}
    assert d.name(c.location_start) == "モスクワ"
    assert c.event_date == "2025-02-11"


def test_signing():
    d = Doc("ルビオ国務長官とラブロフ外相は6月1日、ジュネーブで合意文書に署名した。")
    d.m("ルビオ", "PERSON", title="国務長官")
    d.m("ラブロフ", "PERSON", title="外相")
    d.m("ジュネーブ", "LOCATION", country="CH")
    d.t("6月1日", "DATE", "2025-06-01")
    (c,) = d.events()
    assert (c.event_type, c.event_date, d.name(c.location_start)) == ("SIGNING", "2025-06-01", "ジュネーブ")
    assert d.names(c) == {"ルビオ", "ラブロフ"}


def test_planned_events_are_kept_and_marked():
    d = Doc("プーチン大統領は、次回の首脳会談をモスクワで開催することを提案した。"
            "トランプ大統領は会談後、ゼレンスキー大統領に電話する予定だと述べた。")
    d.m("プーチン", "PERSON", title="大統領")
    d.m("モスクワ", "LOCATION", country="RU")
    d.m("トランプ", "PERSON", title="大統領")
    d.m("ゼレンスキー", "PERSON", title="大統領")
    ev = d.events()
    first = [c for c in ev if c.sentence_id == 0]
    assert [(c.event_type, c.status) for c in first] == [("MEETING", "planned")]
    call = [c for c in ev if c.event_type == "PHONE_CALL"]
    assert len(call) == 1 and call[0].status == "planned"
    assert d.names(call[0]) == {"トランプ", "ゼレンスキー"}


def test_listed_dates_give_one_call_each():
    d = Doc("プーチン大統領とトランプ大統領のその後の電話会談は、3月18日、5月19日、[31] 6月4日に行われた。")
    d.m("プーチン", "PERSON", title="大統領")
    d.m("トランプ", "PERSON", title="大統領")
    for s, v in (("3月18日", "2025-03-18"), ("5月19日", "2025-05-19"), ("6月4日", "2025-06-04")):
        d.t(s, "DATE", v)
    ev = d.events()
    assert sorted(c.event_date for c in ev) == ["2025-03-18", "2025-05-19", "2025-06-04"]
    assert all(c.event_type == "PHONE_CALL" and d.names(c) == {"プーチン", "トランプ"} for c in ev)


def test_past_event_before_ilai():
    d = Doc("今回の訪問はプーチン氏にとって2015年のニューヨーク国連総会以来の訪米だった。")
    d.m("プーチン", "PERSON", title="氏")
    d.m("ニューヨーク", "LOCATION", country="US")
    d.t("2015年", "DATE", "2015")
    ev = d.events()
    assert any(c.event_type == "VISIT" and c.event_date == "2015" and d.names(c) == {"プーチン"} for c in ev)
    assert any(c.event_type == "VISIT" and c.event_date is None for c in ev)  # the present visit


def test_keywords_in_quotes_and_reference_lists_are_ignored():
    d = Doc("トランプ大統領は「会談はうまくいった」と述べた。\n参考文献\n- ^ 「トランプ大統領、プーチン大統領と会談」CNN")
    d.m("トランプ", "PERSON", title="大統領")
    d.m("トランプ", "PERSON", title="大統領", nth=1)
    d.m("プーチン", "PERSON", title="大統領")
    assert d.events() == []


def test_merge_reports_across_sentences_and_documents():
    a = summit_doc()
    b = Doc("トランプ大統領とプーチン大統領の首脳会談が終わった。会談は3時間続いた。\n"
            "ホワイトハウスによると、トランプ大統領は8月15日、プーチン大統領と会談した。")
    b.m("トランプ", "PERSON", "trump", "大統領")
    b.m("プーチン", "PERSON", "putin", "大統領")
    b.m("ホワイトハウス", "ORGANIZATION", "wh")
    b.m("トランプ", "PERSON", "trump", "大統領", nth=1)
    b.m("プーチン", "PERSON", "putin", "大統領", nth=1)
    b.t("3時間", "DURATION", "PT3H")
    b.t("8月15日", "DATE", "2025-08-15")
    events, parts, ments = merge(("a", a), ("b", b))
    meetings = events.filter(pl.col("event_type") == "MEETING")
    assert meetings.height == 1
    row = meetings.row(0, named=True)
    assert row["event_date"] == "2025-08-15"
    assert row["location_entity_id"] == "anchorage"
    assert row["duration"] == "PT3H"
    assert row["status"] == "reported"
    eid = row["event_id"]
    assert sorted(parts.filter(pl.col("event_id") == eid)["entity_id"]) == ["putin", "trump"]
    m = ments.filter(pl.col("event_id") == eid)
    assert set(m["doc_id"]) == {"a", "b"}
    assert sorted(m.filter(pl.col("doc_id") == "b")["sentence_id"]) == [0, 1, 2]
    pcs = events.filter(pl.col("event_type") == "PRESS_CONFERENCE")
    assert pcs.height == 1 and pcs["event_date"][0] == "2025-08-15"
    # deterministic ids
    events2, _, _ = merge(("a", a), ("b", b))
    assert sorted(events["event_id"]) == sorted(events2["event_id"])


def test_merge_keeps_different_calls_apart():
    d = Doc("2月12日、トランプ大統領はプーチン大統領と電話会談を行った。"
            "トランプ大統領は同日、ゼレンスキー大統領とも電話会談を行った。")
    d.t("2月12日", "DATE", "2025-02-12")
    d.m("トランプ", "PERSON", "trump", "大統領")
    d.m("プーチン", "PERSON", "putin", "大統領")
    d.m("トランプ", "PERSON", "trump", "大統領", nth=1)
    d.m("ゼレンスキー", "PERSON", "zelensky", "大統領")
    events, parts, _ = merge(("d", d))
    calls = events.filter(pl.col("event_type") == "PHONE_CALL")
    assert calls.height == 2
    assert set(calls["event_date"]) == {"2025-02-12"}
    sets = {tuple(sorted(parts.filter(pl.col("event_id") == e)["entity_id"])) for e in calls["event_id"]}
    assert sets == {("putin", "trump"), ("trump", "zelensky")}


def test_merge_empty():
    events, parts, ments = merge_events(
        pl.DataFrame(schema={"doc_id": pl.Utf8, "candidate_id": pl.Int64, "sentence_id": pl.Int64,
                             "event_type": pl.Utf8, "event_date": pl.Utf8, "location_start": pl.Int64,
                             "duration": pl.Utf8, "status": pl.Utf8, "participant_starts": pl.List(pl.Int64)}),
        pl.DataFrame(schema={"doc_id": pl.Utf8, "sentence_id": pl.Int64, "start_char": pl.Int64,
                             "end_char": pl.Int64, "surface": pl.Utf8, "title": pl.Utf8,
                             "entity_id": pl.Utf8, "entity_type": pl.Utf8}))
    assert events.height == parts.height == ments.height == 0
    assert events.columns == ["event_id", "event_type", "event_date", "location_entity_id", "duration", "status"]


def test_a_joint_press_conference_naming_one_party_has_the_running_topics_other_party():
    d = Doc("トランプ大統領とプーチン大統領は15日、会談した。"
            "最も最近のものは、2018年にヘルシンキで行われたトランプ大統領の共同記者会見である。")
    d.m("トランプ", "PERSON")
    d.m("プーチン", "PERSON")
    d.m("トランプ", "PERSON", nth=1)
    d.t("15日", "DATE", "2025-08-15")
    d.t("2018年", "DATE", "2018")
    past = [c for c in d.events() if c.event_type == "PRESS_CONFERENCE" and c.event_date == "2018"]
    assert past and d.names(past[0]) == {"トランプ", "プーチン"}


def test_news_media_are_never_participants():
    d = Doc("プーチン大統領は8日、習近平国家主席と電話会談した。スプートニクは8日の電話会談について、共同通信とともに伝えた。")
    d.m("プーチン", "PERSON")
    d.m("習近平", "PERSON")
    d.m("スプートニク", "ORGANIZATION")
    d.m("共同通信", "ORGANIZATION")
    d.t("8日", "DATE", "2025-08-08")
    d.t("8日", "DATE", "2025-08-08", nth=1)
    names = set().union(*(d.names(c) for c in d.events()))
    assert {"プーチン", "習近平"} <= names
    assert not names & {"スプートニク", "共同通信"}


def test_visits_to_places_of_one_country_that_day_are_one_trip():
    d = Doc("プーチン大統領は15日、米国を訪問した。プーチン大統領は15日、アラスカ州を訪問した。"
            "プーチン大統領は15日、マガダンを訪問した。")
    for nth in range(3):
        d.m("プーチン", "PERSON", "putin", "大統領", nth=nth)
        d.t("15日", "DATE", "2025-08-15", nth=nth)
    d.m("米国", "LOCATION", "us", country="US")
    d.m("アラスカ州", "LOCATION", "alaska", country="US")
    d.m("マガダン", "LOCATION", "magadan", country="RU")
    events, _, _ = merge(("d", d))
    visits = events.filter(pl.col("event_type") == "VISIT")
    assert visits.height == 2, visits
    assert set(visits["location_entity_id"]) & {"us", "alaska"} and "magadan" in set(visits["location_entity_id"])


def test_a_meeting_or_call_needs_two_named_parties():
    d = Doc("ゼレンスキー大統領は15日の会談に招かれなかった。プーチン大統領は15日、トランプ大統領と電話会談した。")
    d.m("ゼレンスキー", "PERSON", "zelensky", "大統領")
    d.m("プーチン", "PERSON", "putin", "大統領")
    d.m("トランプ", "PERSON", "trump", "大統領")
    d.t("15日", "DATE", "2025-08-15")
    d.t("15日", "DATE", "2025-08-15", nth=1)
    events, parts, _ = merge(("d", d))
    assert set(events["event_type"]) <= {"PHONE_CALL"} and events.height == 1
    assert set(parts["entity_id"]) == {"putin", "trump"}


def test_a_headline_heading_for_a_meeting_is_planned_and_its_call_is_reported():
    d = Doc("プーチン氏とトランプ氏が電話会談 次は対面会談へ\n本文。")
    d.m("プーチン", "PERSON", title="氏")
    d.m("トランプ", "PERSON", title="氏")
    statuses = {(c.event_type, c.status) for c in d.events()}
    assert ("PHONE_CALL", "reported") in statuses
    assert ("MEETING", "planned") in statuses and ("MEETING", "reported") not in statuses


def test_an_undated_event_in_a_live_blog_entry_is_on_the_entrys_day():
    from hodo.analyze import analyze

    a = analyze("ライブ\n2024年6月14日\n\n▼午前11時45分\n岸田首相はバイデン大統領と約20分間会談した。\n\n"
                "▼午後1時\nゼレンスキー大統領は13日、バイデン大統領と協定に署名している。\n", date(2024, 6, 14))
    got = {(c.event_type, c.event_date) for c in a.events}
    assert ("MEETING", "2024-06-14") in got and ("SIGNING", "2024-06-13") in got


def _events(text: str, pub: date):
    from hodo.analyze import analyze

    a = analyze(text, pub)
    names = {m.start_char: m.canonical_hint or m.surface for m in a.mentions}
    return [(c.event_type, c.event_date, c.status, frozenset(names.get(p) for p in c.participant_starts))
            for c in a.events]


def test_a_digest_item_keeps_its_own_date_and_parties():
    text = ("ニュースまとめ\n\n■米ロ首脳が電話会談\nトランプ米大統領は19日、ロシアのプーチン大統領と電話で会談した。\n\n"
            "■日中首脳が会談\n高市早苗首相は先月31日、中国の習近平国家主席と会談した。\n\n"
            "■ゼレンスキー氏が歴訪\nウクライナのゼレンスキー大統領は17日からフランスを訪問している。"
            "マクロン大統領とはパリ郊外で会談し、意向書に署名した。\n\n"
            "■米中首脳会談へ\nトランプ氏は来年4月に北京を訪問し、習氏と会談する予定だと述べた。\n")
    ev = _events(text, date(2025, 11, 20))
    duo = frozenset({"ゼレンスキー", "マクロン"})
    # the headline takes its story's date, not the document's most frequent one
    assert ("PHONE_CALL", "2025-11-19", "reported", frozenset({"トランプ", "プーチン"})) in ev
    assert ("MEETING", "2025-10-31", "reported", frozenset({"高市早苗", "習近平"})) in ev
    # the bare 17日 is this month's, not the month of the last item's 先月31日
    assert ("VISIT", "2025-11-17", "reported", frozenset({"ゼレンスキー"})) in ev
    # a meeting naming only its partner (マクロン大統領とは) is the subject's; the signing too
    assert ("MEETING", "2025-11-17", "reported", duo) in ev and ("SIGNING", "2025-11-17", "reported", duo) in ev
    # nothing dated after publication has happened; no item borrows another item's parties
    assert all(s == "planned" for t, d, s, p in ev if d == "2026-04")
    assert not any(t == "SIGNING" and "高市早苗" in p for t, d, s, p in ev)


def test_the_meeting_referred_back_to_is_the_one_just_reported_and_citations_are_no_events():
    text = ("2025年7月10日、岩屋毅外務大臣はクアラルンプールで王毅外交部長と会談した。"
            "会談では東シナ海の問題について協議した<ref>{{Cite web|title=日中外相会談|date=2025-07-10}}</ref>。")
    ev = _events(text, date(2025, 7, 11))
    assert ("MEETING", "2025-07-10", "reported", frozenset({"岩屋毅", "王毅"})) in ev
    assert all(d == "2025-07-10" for t, d, s, p in ev)
    assert len(ev) == 3  # 会談, 会談(では), 協議: none from the cited title


def test_a_visit_chained_to_a_planned_meeting_is_planned():
    ev = _events("岸田首相は今月上旬に訪米し、バイデン大統領と首脳会談を行う方向で調整している。"
                 "王毅外相は来日し、7日に東京で上川陽子外相と会談する。", date(2024, 8, 6))
    assert ev and all(s == "planned" for t, d, s, p in ev), ev
    # a chain that ends in the past is reported
    ev = _events("首相は5日に訪米し、大統領と会談した。", date(2024, 8, 6))
    assert {s for t, d, s, p in ev} == {"reported"}


def test_a_meetings_own_date_after_it_beats_the_announcement_date_before_it():
    ev = _events("トランプ米大統領は8日、ロシアのプーチン大統領との会談を8月15日にアラスカで行うと発表した。",
                 date(2025, 8, 9))
    assert [(t, d, s) for t, d, s, p in ev] == [("MEETING", "2025-08-15", "planned")]


def test_an_event_talked_about_is_not_reported_as_held_that_day():
    ev = _events("トランプ大統領は8日、プーチン大統領との首脳会談についてSNSに投稿した。", date(2025, 8, 9))
    assert ev and all(s == "planned" and d is None for t, d, s, p in ev), ev


def test_a_weekday_of_an_unknown_year_is_not_the_same_date_as_a_year():
    from hodo.events import _date_compatible

    assert not _date_compatible("2019", "XXXX-WXX-3") and not _date_compatible("XXXX-WXX-3", "2025-08")
    assert _date_compatible("XXXX-08-15", "2025-08-15") and _date_compatible("2025-08", "2025-08-15")


def test_meetings_of_people_written_with_a_reading_gloss():
    ev = _events("トランプ米大統領と中国の習近平（シー・ジンピン）国家主席は30日、釜山で会談した。"
                 "韓国の李在明（イ・ジェミョン）大統領は29日、慶州でトランプ氏と会談した。", date(2025, 10, 30))
    assert ("MEETING", "2025-10-30", "reported", frozenset({"トランプ", "習近平"})) in ev
    assert ("MEETING", "2025-10-29", "reported", frozenset({"トランプ", "李在明"})) in ev


def test_a_summit_named_by_two_country_abbreviations_has_both_countries():
    ev = _events("日米首脳会談が11日、ワシントンで開かれた。米ロ首脳は10日、電話で協議した。"
                 "米朝首脳会談は2018年6月12日、シンガポールで開かれた。", date(2025, 5, 12))
    assert ("MEETING", "2025-05-11", "reported", frozenset({"日本", "アメリカ合衆国"})) in ev
    assert ("PHONE_CALL", "2025-05-10", "reported", frozenset({"アメリカ合衆国", "ロシア"})) in ev
    assert ("MEETING", "2018-06-12", "reported", frozenset({"アメリカ合衆国", "北朝鮮"})) in ev


def test_refused_postponed_wished_or_supposed_meetings_are_not_reported():
    text = ("ロシアのプーチン大統領は11日、ウクライナのゼレンスキー大統領との会談を拒否した。"
            "中国の習近平国家主席の訪米は延期された。トランプ大統領はプーチン氏との会談に意欲を示した。"
            "石破茂首相が訪米した場合、トランプ氏と会談する。石破氏は、トランプ氏と会談したいと語った。")
    assert all(s == "planned" for t, d, s, p in _events(text, date(2025, 5, 12)))
    ev = _events("トランプ大統領は12日、金正恩総書記と面会した。", date(2025, 5, 12))
    assert ev == [("MEETING", "2025-05-12", "reported", frozenset({"トランプ", "金正恩"}))]


def test_a_bylines_reporter_and_a_visits_host_are_not_visitors():
    ev = _events("【ワシントン＝佐藤一郎】トランプ大統領は8日、訪問先のサウジアラビアでムハンマド皇太子と会談した。",
                 date(2025, 5, 12))
    assert ("VISIT", "2025-05-08", "reported", frozenset({"トランプ"})) in ev
    assert ("MEETING", "2025-05-08", "reported", frozenset({"トランプ", "ムハンマド"})) in ev
    assert not any("佐藤一郎" in p for t, d, s, p in ev)


def test_an_inferred_publication_date_does_not_turn_later_past_events_into_plans():
    # the body's latest full date is 2018-06-12, yet 2019's events are told in the past tense
    ev = _events("シンガポール会談\n\n米朝首脳会談は2018年6月12日に開かれた。"
                 "2019年6月30日にはトランプ大統領が板門店を訪問した。", date(2018, 6, 12))
    assert ("VISIT", "2019-06-30", "reported", frozenset({"トランプ"})) in ev


def test_durations_written_right_before_the_keyword_and_signings_share_the_meetings_parties():
    from hodo.analyze import analyze

    for text, want in [("石破首相はモディ首相と約40分間会談した。", "PT40M"),
                       ("茂木外相は12日、ルビオ国務長官と約30分間、電話で協議した。", "PT30M"),
                       ("両首脳は10日、約2時間会談した。", "PT2H")]:
        assert [c.duration for c in analyze(text, date(2025, 5, 12)).events] == [want], text
    ev = _events("茂木外相は12日、ウォン外相と会談し、共同声明に署名した。", date(2025, 5, 12))
    assert ("SIGNING", "2025-05-12", "reported", frozenset({"茂木", "ウォン"})) in ev


def test_a_body_named_by_its_building_is_where_a_meeting_is_held_not_a_party():
    from hodo.analyze import analyze

    a = analyze("習近平国家主席は8日、プーチン大統領とクレムリンで会談した。", date(2025, 5, 12))
    names = {m.start_char: m.surface for m in a.mentions}
    [c] = a.events
    assert {names[p] for p in c.participant_starts} == {"習近平", "プーチン"} and names[c.location_start] == "クレムリン"


def test_the_visitor_is_the_person_a_visit_word_qualifies():
    ev = _events("岩屋毅前外相は12日、来日中のオーストラリアのペニー・ウォン外相と東京都内で面会した。"
                 "プーチン大統領はマガダン市の工場を訪問した際、セルゲイ・ノソフ氏と会談した。", date(2025, 5, 12))
    assert ("VISIT", "2025-05-12", "reported", frozenset({"ペニー・ウォン"})) in ev
    assert ("MEETING", "2025-05-12", "reported", frozenset({"岩屋毅", "ペニー・ウォン"})) in ev
    assert any(t == "VISIT" and p == frozenset({"プーチン"}) for t, d, s, p in ev)


def test_travel_at_home_is_not_a_visit():
    import polars as pl

    cands = pl.DataFrame({"doc_id": ["d"], "sentence_id": [0], "candidate_id": [0], "event_type": ["VISIT"],
                          "event_date": ["2025-08-15"], "location_start": [10], "duration": [None],
                          "status": ["reported"], "participant_starts": [[0]]},
                         schema_overrides={"duration": pl.Utf8})
    mentions = pl.DataFrame({"doc_id": ["d", "d"], "start_char": [0, 10], "entity_id": ["E_trump", "E_alaska"],
                             "entity_type": ["PERSON", "LOCATION"], "country_code": ["US", "US"]})
    events, _, _ = merge_events(cands, mentions)
    assert events.height == 0
    events, _, _ = merge_events(cands, mentions.with_columns(pl.Series("country_code", ["RU", "US"])))
    assert events.height == 1


def test_second_probe_event_rules():
    from hodo.analyze import analyze

    def ev(text):
        a = analyze(text, date(2025, 7, 4))
        names = {m.start_char: m.surface for m in a.mentions}
        return [(c.event_type, c.status, {names.get(p) for p in c.participant_starts}) for c in a.events]

    assert ev("トランプ氏と習近平国家主席は6月5日に電話で約1時間半協議した。")[0][0] == "PHONE_CALL"
    assert ev("ペスコフ報道官は2日、プーチン大統領とゼレンスキー大統領の会談は時期尚早だと述べた。")[0][1] == "planned"
    assert ev("会談は予定より短い約3時間半で終わった。")[0][1] == "reported"
    assert ev("天皇陛下は11日、皇居・宮殿でプラボウォ大統領と会見された。")[0][0] == "MEETING"
    # a sentence with its own (unrecognized) topic does not borrow the previous subject
    assert ("MEETING", "reported", {"ルビオ"}) in ev(
        "ムハンマド首相は2日、ドーハでハマス幹部と面会した。岩屋外相は同日、ワシントンでルビオ国務長官と会談した。")
    # a parenthesis after the title still marks the source
    assert ev("ウシャコフ大統領補佐官（外交担当）は3日、プーチン大統領がトランプ米大統領と電話で会談したと明らかにした。") == \
        [("PHONE_CALL", "reported", {"プーチン", "トランプ"})]


def test_a_meeting_after_a_visit_in_one_sentence_is_where_the_visit_went():
    from hodo.analyze import analyze

    a = analyze("マクロン大統領は10日にキーウを訪問し、ゼレンスキー氏と会談した。", date(2025, 5, 11))
    names = {m.start_char: m.surface for m in a.mentions}
    assert {(c.event_type, names.get(c.location_start)) for c in a.events} == {("VISIT", "キーウ"), ("MEETING", "キーウ")}


def test_a_list_of_leaders_ending_in_the_subject_all_take_part():
    ev = _events("マクロン大統領、スターマー首相、メルツ首相、トゥスク首相が5月10日にそろってキーウを訪問し、"
                 "ゼレンスキー氏と会談した。", date(2025, 5, 11))
    assert ("MEETING", "2025-05-10", "reported",
            frozenset({"マクロン", "スターマー", "メルツ", "トゥスク", "ゼレンスキー"})) in ev


def test_a_headline_event_is_the_storys():
    from hodo.analyze import analyze

    a = analyze("石破首相、トランプ氏と会談\n2025年7月3日\n石破茂首相は3日、トランプ大統領と電話で会談した。", date(2025, 7, 3))
    assert {c.event_type for c in a.events} == {"PHONE_CALL"}
    a = analyze("インドネシア大統領が国賓来日\n2025年9月10日\nインドネシアのプラボウォ大統領は10日、国賓として来日した。",
                date(2025, 9, 10))
    assert [(c.event_type, c.event_date) for c in a.events] == [("VISIT", "2025-09-10")]


def test_both_leaders_with_no_event_before_are_the_last_two_people_named():
    ev = _events("トランプ大統領とプーチン大統領の初会談は注目を集めた。"
                 "2018年7月16日、両首脳はヘルシンキの大統領官邸で初の本格的な首脳会談に臨んだ。", date(2025, 8, 14))
    assert ("MEETING", "2018-07-16", "reported", frozenset({"トランプ", "プーチン"})) in ev


def test_sorezore_is_one_meeting_with_each_partner():
    ev = _events("岸田首相は10日、バイデン大統領、尹錫悦大統領とそれぞれ会談した。", date(2025, 6, 17))
    assert ("MEETING", "2025-06-10", "reported", frozenset({"岸田", "バイデン"})) in ev
    assert ("MEETING", "2025-06-10", "reported", frozenset({"岸田", "尹錫悦"})) in ev
    assert len(ev) == 2


def test_third_probe_event_rules():
    # a sentence with no subject of its own (翌30日には) goes on with the story's subject
    ev = _events("トランプ大統領は29日夕、大阪市内で記者会見を開いた後、韓国に向かった。"
                 "翌30日には板門店を訪れ、北朝鮮の金正恩委員長と約50分間会談した。", date(2019, 7, 1))
    assert ("VISIT", "2019-06-30", "reported", frozenset({"トランプ"})) in ev
    assert ("MEETING", "2019-06-30", "reported", frozenset({"トランプ", "金正恩"})) in ev
    # 記者発表 is a press conference
    assert any(t == "PRESS_CONFERENCE" for t, d, s, p in _events("両首脳は共同記者発表に臨んだ。", date(2025, 8, 23)))
    # a past date in a live-blog entry beats the entry's time stamp
    ev = _events("15:05\n首相は会談した。\n12:40\n尹錫悦前大統領は2023年3月に訪日し、岸田文雄首相と会談した。",
                 date(2025, 8, 23))
    assert ("MEETING", "2023-03", "reported", frozenset({"尹錫悦", "岸田文雄"})) in ev
    # an owner is not a visitor; a summit to be held is planned
    assert _events("トランプ氏の中東担当特使に指名されたスティーブ・ウィトコフ氏は11日にイスラエルを訪れた。",
                   date(2025, 1, 18)) == [("VISIT", "2025-01-11", "reported", frozenset({"スティーブ・ウィトコフ"}))]
    assert all(s == "planned" for t, d, s, p in _events(
        "石破氏は、6月にカナナスキスで開かれるG7サミットの成功に向け協力を求めた。", date(2025, 3, 25)))
    # an infobox row is no event
    assert _events("| 先行 | 2018年G20ブエノスアイレス・サミット |\n", date(2024, 3, 2)) == []


def test_countries_named_with_their_ministers_are_parties():
    ev = _events("米国と中国の閣僚級会談が10日、ジュネーブで開かれた。", date(2025, 5, 14))
    assert ev == [("MEETING", "2025-05-10", "reported", frozenset({"アメリカ合衆国", "中国"}))]


def test_attendees_named_after_a_meeting_are_its_parties():
    ev = _events("日本、中国、韓国の3か国の外相会談が、きょう東京都内で開かれた。会談は飯倉公館で行われ、"
                 "岩屋毅外務大臣、中国の王毅外相、韓国のチョ・テヨル外相が出席しました。", date(2025, 3, 22))
    assert ("MEETING", "2025-03-22", "reported", frozenset({"岩屋毅", "王毅", "チョ・テヨル"})) in ev


def test_fourth_and_fifth_probe_event_rules():
    from hodo.events import _date_compatible

    assert _date_compatible("2025-W33", "2025-08-15") and not _date_compatible("2025-W34", "2025-08-15")
    assert _events("トランプ米大統領は24日夕にオランダのハーグ入りした。", date(2025, 6, 25)) == \
        [("VISIT", "2025-06-24", "reported", frozenset({"トランプ"}))]
    assert all(s == "planned" for t, d, s, p in _events("【習主席、高市首相と初会談へ】", date(2025, 10, 30)))
    ev = _events("石破総理大臣は、きょう、インドのモディ首相と会談を行い、インドへの投資拡大で一致しました。", date(2025, 8, 29))
    assert ev == [("MEETING", "2025-08-29", "reported", frozenset({"石破", "モディ"}))]
    assert _events("ロシアとウクライナの直接協議が16日、イスタンブールで行われた。", date(2025, 5, 18)) == \
        [("MEETING", "2025-05-16", "reported", frozenset({"ロシア", "ウクライナ"}))]


def test_the_country_of_a_place_is_not_a_party():
    ev = _events("ロシアとウクライナは16日、トルコ・イスタンブールで直接協議を行った。", date(2025, 6, 25))
    assert ev == [("MEETING", "2025-06-16", "reported", frozenset({"ロシア", "ウクライナ"}))]


def test_delegation_heads_who_attended_and_a_years_topic():
    ev = _events("米中両政府は28日、ストックホルムで閣僚級の貿易協議を開いた。米国からはスコット・ベッセント財務長官、"
                 "中国からは何立峰副首相が出席した。", date(2025, 7, 30))
    assert ev == [("MEETING", "2025-07-28", "reported", frozenset({"スコット・ベッセント", "何立峰"}))]
    # the year of what was discussed is not the day of the call it follows
    ev = _events("石破首相は3日、トランプ大統領と電話で会談しました。両首脳は2025年の関税交渉について協議しました。",
                 date(2025, 7, 3))
    assert {(t, d) for t, d, s, p in ev} == {("PHONE_CALL", "2025-07-03")}


def test_sixth_probe_event_rules():
    from hodo.analyze import analyze

    ev = _events("高市早苗首相は今月21日に就任したばかりで、習近平国家主席との会談が実現すれば、就任後初めてとなる。",
                 date(2025, 10, 30))
    assert all(s == "planned" for t, d, s, p in ev)
    a = analyze("バイデン大統領と習近平国家主席は14日、約1年ぶりに会談した。", date(2024, 11, 15))
    assert a.events and all(c.duration is None for c in a.events)  # a gap is not how long it lasted
    a = analyze("習近平国家主席と安倍首相は27日、大阪市内で会談した。", date(2019, 6, 27))
    assert [a.text[c.location_start:c.location_start + 2] for c in a.events] == ["大阪"]


def test_n_years_since_names_the_same_meeting_again():
    ev = _events("バイデン大統領と習近平国家主席は16日に会談する予定で、約1年ぶりの会談となる。", date(2024, 11, 15))
    assert ev == [("MEETING", "2024-11-16", "planned", frozenset({"バイデン", "習近平"}))]


def test_a_ministers_trip_told_without_repeating_the_subject():
    text = ("茂木敏充外相は5日にシンガポールに到着し、同日夜にバラクリシュナン外相と会談した。"
            "6日にはマレーシアの首都クアラルンプールに移動し、モハマド・ハサン副首相兼外相と約1時間会談した。"
            "クアラルンプールではアンワル首相への表敬訪問も行った。"
            "訪問団は7日に帰国する予定だ。")
    ev = _events(text, date(2025, 11, 8))
    # 副首相兼外相と: the partner of the trip's subject, on the day of the move
    assert ("MEETING", "2025-11-06", "reported", frozenset({"茂木敏充", "モハマド・ハサン"})) in ev
    # moving to a city on the trip is visiting it
    assert ("VISIT", "2025-11-06", "reported", frozenset({"茂木敏充"})) in ev
    # a courtesy call (表敬訪問) is a meeting with the one called on, not a visit by them
    assert any(t == "MEETING" and p == frozenset({"茂木敏充", "アンワル"}) for t, d, s, p in ev)
    assert not any(t == "VISIT" and "アンワル" in p for t, d, s, p in ev)
    # 訪問団 (a delegation) is a group, not a visit
    assert len([e for e in ev if e[0] == "VISIT"]) == 2


def test_a_visitor_named_after_the_clause_that_says_so():
    ev = _events("北京を訪れたフランスのマクロン大統領は6日、習近平国家主席と会談した。", date(2025, 12, 6))
    assert any(t == "VISIT" and p == frozenset({"マクロン"}) for t, d, s, p in ev)


def test_an_earlier_meeting_elsewhere_in_the_same_month_stays_apart():
    d = Doc("林外相は30日、ハノイでソン外相と会談した。両氏は9月下旬にもニューヨークで会談している。")
    d.m("林", "PERSON")
    d.m("ソン", "PERSON")
    d.m("ハノイ", "LOCATION", country="VN")
    d.m("ニューヨーク", "LOCATION", country="US")
    d.t("30日", "DATE", "2025-09-30")
    d.t("9月下旬", "DATE", "2025-09")
    events, _, _ = merge(("d", d))
    assert sorted(events["event_date"].to_list()) == ["2025-09", "2025-09-30"]


def test_a_headline_and_a_confirmation_name_the_reported_call_again():
    text = ("メルツ首相、マクロン大統領と電話会談\n"
            "ドイツのメルツ首相は20日夜、フランスのマクロン大統領と電話で会談した。"
            "独首相府が21日発表した。仏大統領府も同日、電話会談が行われたことを確認した。"
            "メルツ氏は19日、ベルリンでスターマー首相と会談している。")
    ev = _events(text, date(2025, 11, 21))
    calls = [e for e in ev if e[0] == "PHONE_CALL"]
    # the headline takes the story's date; the confirmation's 同日 is the day of the statement
    assert {d for t, d, s, p in calls} == {"2025-11-20"}
    assert all(p == frozenset({"メルツ", "マクロン"}) for t, d, s, p in calls)


def test_regional_petitions_and_a_subject_that_points_back():
    text = ("新潟県の佐伯隆一知事と長岡市の森田恵子市長は4日、国土交通省を訪れ、中野洋昌国土交通相に"
            "除雪費用の支援を求める要望書を手渡した。一行は同日午後、総務省にも足を運び、"
            "村上誠一郎総務相に特別交付税の増額を陳情した。同知事は同日、森山裕幹事長とも面会した。")
    ev = _events(text, date(2025, 12, 5))
    both = frozenset({"佐伯隆一", "森田恵子"})
    # two people listed as one subject, each with their place, both visit
    assert ("VISIT", "2025-12-04", "reported", both) in ev
    # a petition handed to a minister in person is a meeting with them
    assert ("MEETING", "2025-12-04", "reported", both | {"中野洋昌"}) in ev
    # 一行は / 同知事は point back to the running subject
    assert any(t == "MEETING" and {"村上誠一郎", "佐伯隆一"} <= p for t, d, s, p in ev)
    assert any(t == "MEETING" and {"森山裕", "佐伯隆一"} <= p for t, d, s, p in ev)


def test_a_plan_in_the_next_clause_is_not_the_press_conferences():
    ev = _events("木原稔官房長官は12日午前の記者会見で、茂木敏充外相が来週、中国の王毅外相と会談する方向で"
                 "調整していることを明らかにした。", date(2025, 11, 12))
    assert [s for t, d, s, p in ev if t == "PRESS_CONFERENCE"] == ["reported"]
    assert [s for t, d, s, p in ev if t == "MEETING"] == ["planned"]


def test_a_visit_word_before_a_group_is_the_groups_visit():
    ev = _events("李在明大統領は来日に先立ち、7月に訪日した韓国の特使団から報告を受けていた。", date(2025, 8, 23))
    assert [p for t, d, s, p in ev if t == "VISIT" and s == "reported"] == [frozenset({"韓国"})]


def test_a_later_word_on_the_running_meeting_takes_its_date_and_countries_do_not_become_the_subject():
    text = ("石破首相は2月17日、バンコクで習近平国家主席と会談した。両首脳は関係の安定で一致した。"
            "経済協力も議題となった。人的交流の再開でも合意した。会談時間は約45分間だった。")
    ev = _events(text, date(2025, 3, 2))
    assert {(d, p) for t, d, s, p in ev if t == "MEETING"} == {("2025-02-17", frozenset({"石破", "習近平"}))}
    text = ("茂木外相は10日、ワシントンでルビオ国務長官と会談した。日米豪印外相会合も同日開かれた。"
            "12日にはニューヨークでグテレス事務総長と会談した。")
    ev = _events(text, date(2025, 9, 13))
    # the partner-only meeting is the acting minister's, not the countries' of the last event
    assert ("MEETING", "2025-09-12", "reported", frozenset({"茂木", "グテレス"})) in ev


def test_a_visit_over_a_range_of_days_is_dated_by_its_first():
    ev = _events("安倍首相は2018年10月25日から27日にかけて中国を公式訪問した。", date(2025, 3, 2))
    assert ("VISIT", "2018-10-25", "reported", frozenset({"安倍"})) in ev


def test_the_body_in_a_persons_title_is_not_a_party():
    ev = _events("コスタ欧州理事会議長は18日、ブリュッセルでゼレンスキー大統領と会談した。", date(2025, 12, 19))
    assert ("MEETING", "2025-12-18", "reported", frozenset({"コスタ", "ゼレンスキー"})) in ev


def test_a_meeting_put_off_for_a_reason_or_agreed_to_be_held_is_not_reported():
    ev = _events("赤沢経済再生相は27日、ラトニック商務長官と会談した。ベッセント財務長官との会談は日程が合わず見送られた。",
                 date(2025, 6, 28))
    assert not any("ベッセント" in p for t, d, s, p in ev if s == "reported")
    ev = _events("両首脳は5日の電話で、今回の会談開催で一致していた。", date(2025, 10, 31))
    assert all(s == "planned" for t, d, s, p in ev if t == "MEETING")


def test_a_brief_standing_talk_is_a_meeting_and_a_meeting_elsewhere_is_not_the_earlier_call():
    ev = _events("石破首相は17日、モディ首相と約5分間立ち話をした。", date(2025, 6, 18))
    assert ("MEETING", "2025-06-17", "reported", frozenset({"石破", "モディ"})) in ev
    ev = _events("トランプ大統領は1月27日、モディ首相と電話で会談した。両首脳は2019年9月にはヒューストンで会談し、"
                 "集会に参加した。", date(2025, 1, 28))
    # the 2019 meeting in Houston stays a meeting, not a second report of the call
    assert [t for t, d, s, p in ev if d == "2019-09"] == ["MEETING"]
