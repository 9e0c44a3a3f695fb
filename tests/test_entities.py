"""hodo.entities on real janome tokens: mentions, titles, countries, resolution, ids."""
from __future__ import annotations

import polars as pl
import pytest

from hodo.entities import find_mentions, resolve_entities
from hodo.normalize import normalize_text
from hodo.sentences import split_sentences
from hodo.tokenize import tokenize_document


def mentions(raw: str):
    text = normalize_text(raw)
    sents = split_sentences(text)
    ms = find_mentions(text, sents, tokenize_document(text, sents))
    for m in ms:  # the contract: surface is the text slice, one mention per start
        assert text[m.start_char:m.end_char] == m.surface
    assert len({m.start_char for m in ms}) == len(ms)
    return text, ms


def by_surface(ms):
    return {m.surface: m for m in ms}


def frame(docs: dict[str, str]) -> pl.DataFrame:
    rows = []
    for doc_id, raw in docs.items():
        _, ms = mentions(raw)
        rows += [{"doc_id": doc_id, **m._asdict()} for m in ms]
    return pl.DataFrame(rows)


def entity_of(ents: pl.DataFrame, ments: pl.DataFrame, doc_id: str, surface: str) -> dict:
    eid = ments.filter((pl.col("doc_id") == doc_id) & (pl.col("surface") == surface))["entity_id"].unique()
    assert eid.len() == 1, (doc_id, surface, eid.to_list())
    return ents.filter(pl.col("entity_id") == eid[0]).row(0, named=True)


def test_titles_are_split_from_names_after_and_before():
    _, ms = mentions("トランプ大統領は国務長官マルコ・ルビオ氏と会談した。ペスコフ大統領報道官が発表した。")
    s = by_surface(ms)
    assert s["トランプ"].entity_type == "PERSON" and s["トランプ"].title == "大統領"
    assert s["マルコ・ルビオ"].entity_type == "PERSON" and s["マルコ・ルビオ"].title in ("国務長官", "氏")
    assert s["ペスコフ"].title == "大統領報道官"
    assert not any("大統領" in m.surface for m in ms)


def test_full_name_with_country_abbreviation_and_title():
    _, ms = mentions("ドナルド・トランプ米大統領とロシアのプーチン大統領がアラスカで会談した。")
    s = by_surface(ms)
    assert s["ドナルド・トランプ"].entity_type == "PERSON" and s["ドナルド・トランプ"].title == "大統領"
    assert s["米"].entity_type == "LOCATION" and s["米"].country_code == "US"
    assert s["ロシア"].country_code == "RU"
    assert s["プーチン"].entity_type == "PERSON"
    assert s["アラスカ"].entity_type == "LOCATION"


def test_country_abbreviations_only_for_the_state():
    _, ms = mentions("米ロ首脳会談の後、露外務省は声明を出した。日米関係も話題になった。")
    s = by_surface(ms)
    assert s["米"].country_code == "US" and s["ロ"].country_code == "RU"
    assert s["日"].country_code == "JP"
    assert any(m.surface in ("露外務省", "露") for m in ms)
    _, ms = mentions("米価が上がり、8日中に英語で話した。独自の判断で中国人が来た。")
    assert not any(m.surface in ("米", "英", "独", "日", "中") for m in ms)


def test_run_together_countries_are_split():
    _, ms = mentions("会合にはベラルーシカザフスタンウズベキスタンの代表が出席した。")
    s = by_surface(ms)
    assert {"ベラルーシ", "カザフスタン", "ウズベキスタン"} <= set(s)
    assert s["カザフスタン"].country_code == "KZ"
    _, ms = mentions("ロシア・ウクライナ戦争の終結を目指す。")
    assert {m.surface for m in ms} >= {"ロシア", "ウクライナ"}


def test_organizations_acronyms_and_places():
    _, ms = mentions("NATOとCIAの高官がブリュッセルを訪れ、エルメンドルフ・リチャードソン空軍基地でロイターの取材に応じた。")
    s = by_surface(ms)
    assert s["NATO"].entity_type == "ORGANIZATION" and s["CIA"].entity_type == "ORGANIZATION"
    assert s["ブリュッセル"].entity_type == "LOCATION"
    assert s["エルメンドルフ・リチャードソン空軍基地"].entity_type == "LOCATION"
    assert s["ロイター"].entity_type == "ORGANIZATION"


def test_family_name_gets_full_name_hint_and_pairs_split():
    _, ms = mentions("ウラジーミル・プーチン大統領が到着した。プーチン氏は笑った。"
                     "ドナルド・トランプ大統領も来た。トランプ・プーチン会談が始まった。")
    hints = {(m.surface, m.canonical_hint) for m in ms if m.entity_type == "PERSON"}
    assert ("プーチン", "ウラジーミル・プーチン") in hints
    assert ("トランプ", "ドナルド・トランプ") in hints
    assert "トランプ・プーチン" not in {m.surface for m in ms}


def test_canonical_resolution_within_and_across_documents():
    docs = {
        "a": "ドナルド・トランプ米大統領は会見した。トランプ氏は米国に戻った。",
        "b": "トランプ大統領はアメリカの記者に語った。",
    }
    ents, ments = resolve_entities(frame(docs), None)
    t_a = entity_of(ents, ments, "a", "トランプ")
    assert t_a["canonical_name"] == "ドナルド・トランプ"
    assert entity_of(ents, ments, "a", "ドナルド・トランプ")["entity_id"] == t_a["entity_id"]
    assert entity_of(ents, ments, "b", "トランプ")["entity_id"] == t_a["entity_id"]  # corpus knows one トランプ
    us = entity_of(ents, ments, "a", "米国")
    assert us["canonical_name"] == "アメリカ合衆国" and us["country_code"] == "US"
    assert entity_of(ents, ments, "a", "米")["entity_id"] == us["entity_id"]
    assert entity_of(ents, ments, "b", "アメリカ")["entity_id"] == us["entity_id"]
    assert t_a["document_count"] == 2


def test_two_people_with_one_family_name_stay_apart():
    docs = {
        "a": "ジョー・バイデン大統領が演説した。",
        "b": "ハンター・バイデン氏が証言した。",
        "c": "バイデン氏は沈黙した。",
    }
    ents, ments = resolve_entities(frame(docs), None)
    joe = entity_of(ents, ments, "a", "ジョー・バイデン")
    hunter = entity_of(ents, ments, "b", "ハンター・バイデン")
    alone = entity_of(ents, ments, "c", "バイデン")
    assert len({joe["entity_id"], hunter["entity_id"], alone["entity_id"]}) == 3
    assert alone["canonical_name"] == "バイデン"


def test_given_name_variants_are_one_person():
    docs = {"a": "スティーブ・ウィトコフ特使が到着した。", "b": "スティーブン・ウィトコフ特使とスティーブ・ウィトコフ氏。"}
    ents, ments = resolve_entities(frame(docs), None)
    assert entity_of(ents, ments, "b", "スティーブン・ウィトコフ")["canonical_name"] == "スティーブ・ウィトコフ"


def test_every_mention_appears_once_and_ids_are_deterministic():
    docs = {"a": "プーチン大統領はモスクワで会見した。", "b": "ロシアのラブロフ外相がNATOを批判した。"}
    m = frame(docs)
    ents, ments = resolve_entities(m, None)
    assert ments.height == m.height
    assert ments.select("doc_id", "start_char").n_unique() == m.height
    assert ments["entity_id"].null_count() == 0
    assert set(ments["entity_id"]) == set(ents["entity_id"])
    ents2, ments2 = resolve_entities(m.sample(fraction=1.0, shuffle=True, seed=1), None)
    assert ents2.sort("entity_id").equals(ents.sort("entity_id"))


def test_ids_stay_stable_when_documents_are_added():
    first = {"a": "プーチン大統領は会見した。ロシアの立場を述べた。"}
    ents1, ments1 = resolve_entities(frame(first), None)
    putin1 = entity_of(ents1, ments1, "a", "プーチン")
    assert putin1["canonical_name"] == "プーチン"
    more = {**first, "b": "ウラジーミル・プーチン大統領と露外相が来日した。"}
    ents2, ments2 = resolve_entities(frame(more), ents1.select("entity_id", "entity_type", "canonical_name",
                                                             "country_code"))
    putin2 = entity_of(ents2, ments2, "a", "プーチン")
    assert putin2["canonical_name"] == "ウラジーミル・プーチン"  # the name grew...
    assert putin2["entity_id"] == putin1["entity_id"]  # ...the id did not
    assert entity_of(ents2, ments2, "b", "ウラジーミル・プーチン")["entity_id"] == putin1["entity_id"]
    russia1 = entity_of(ents1, ments1, "a", "ロシア")["entity_id"]
    assert entity_of(ents2, ments2, "a", "ロシア")["entity_id"] == russia1


def test_empty_input():
    ents, ments = resolve_entities(frame({"a": "今日は晴れ。"}) if False else pl.DataFrame(
        schema={"doc_id": pl.Utf8, "sentence_id": pl.Int64, "start_char": pl.Int64, "end_char": pl.Int64,
                "surface": pl.Utf8, "title": pl.Utf8, "entity_type": pl.Utf8, "country_code": pl.Utf8,
                "canonical_hint": pl.Utf8}), None)
    assert ents.height == 0 and ments.height == 0


@pytest.mark.parametrize("raw", [
    "ＮＡＴＯ首脳会議が開かれた。",  # full-width Latin -> NFKC
    "- ^ロス、アンドリュー、サバグ、ダン(2025年2月12日)。「記事」ガーディアン紙。",
    "写真:Andrew Harnik/Getty Images",
    "https://www.interfax.ru/world/1029627",
])
def test_surface_is_always_the_text_slice(raw):
    text, ms = mentions(raw)
    assert ms


def test_user_gazetteer_extends_without_code(tmp_path, monkeypatch):
    (tmp_path / "extra.csv").write_text("surface,type,canonical,country_code,kind\n"
                                        "ホドー研究所,ORGANIZATION,ホドー研究所,JP,org\n", encoding="utf-8")
    (tmp_path / "titles_extra.txt").write_text("名誉会長\n", encoding="utf-8")
    monkeypatch.setenv("HODO_GAZETTEER_DIR", str(tmp_path))
    _, ms = mentions("ホドー研究所のスミス名誉会長が来た。")
    s = by_surface(ms)
    assert s["ホドー研究所"].entity_type == "ORGANIZATION" and s["ホドー研究所"].country_code == "JP"
    assert s["スミス"].entity_type == "PERSON" and s["スミス"].title == "名誉会長"


def test_unknown_kanji_name_before_a_title_is_a_person():
    from hodo.analyze import analyze

    found = {(m.surface, m.title, m.entity_type) for m in analyze("プーチン大統領習近平国家主席は会談した。", None).mentions}
    assert ("習近平", "国家主席", "PERSON") in found
    assert not analyze("政府報道官は述べた。同国大統領と次期首相が話した。", None).mentions


def test_a_title_head_swallowed_by_an_unknown_name_goes_back_to_the_title():
    """janome groups 習国家 (unknown ideographs) before 主席; the title is 国家主席, the name 習."""
    from hodo.analyze import analyze

    found = [(m.surface, m.title, m.entity_type) for m in analyze("習国家主席は停戦を支持した。", None).mentions]
    assert found == [("習", "国家主席", "PERSON")]
    # and the family name joins the full name written in the same document
    from hodo.entities import resolve_entities

    ents, ments = resolve_entities(frame({"d": "中国の習近平国家主席は8日、会談した。習国家主席は支持した。"}), None)
    people = ments.filter(pl.col("surface").is_in(["習近平", "習"]))
    assert people.height == 2 and people["entity_id"].n_unique() == 1


def test_a_domain_is_a_mention_only_of_an_organization_we_know():
    from hodo.analyze import analyze

    found = [(m.surface, m.canonical_hint) for m in analyze("ロイター(reuters.com)によると", None).mentions]
    assert ("reuters.com", "ロイター") in found
    assert not analyze("出典: dantri.com の記事。", None).mentions  # an address, not a name


def test_pieces_of_a_file_name_are_not_mentions():
    from hodo.analyze import analyze

    assert not analyze("ファイル:Trump_at_the_G20_(48144047611).jpg", None).mentions
    assert [m.surface for m in analyze("G20サミットが開かれた。", None).mentions] == ["G20"]


def test_what_a_name_is_comes_from_the_noun_or_brackets_around_it():
    from hodo.analyze import analyze

    def found(raw):
        return [(m.surface, m.entity_type) for m in analyze(raw, None).mentions]

    assert ("オメガ・シー", "ORGANIZATION") in found("マガダン市のオメガ・シー企業工場を訪問した。")
    assert found("チェコの外相はSNS「X」にこう投稿した。")[-1] == ("X", "ORGANIZATION")
    assert found("交流サイト「フェイスブック」で公開した。") == [("フェイスブック", "ORGANIZATION")]
    # a maker's name in a model designation is a product, not the company
    assert found("ボーイングE-3C軍用偵察機が離陸した。") == [] and found("ボーイング747が着陸した。") == []
    assert found("ボーイングは発表した。") == [("ボーイング", "ORGANIZATION")]


def test_groupings_of_countries_and_market_indexes_are_not_entities():
    from hodo.analyze import analyze

    assert not analyze("のけ者にしようとする欧米諸国の試みが失敗した。", None).mentions
    assert not analyze("同時にRTS指数も6%以上上昇した。", None).mentions
    assert [m.surface for m in analyze("欧州とアジアの首脳が集まった。", None).mentions] == ["欧州", "アジア"]


def test_a_place_run_through_nouns_into_an_organization_suffix_is_the_organization():
    from hodo.analyze import analyze

    def found(raw):
        return [(m.surface, m.entity_type) for m in analyze(raw, None).mentions]

    assert found("日本音楽事業者協会は発表した。") == [("日本音楽事業者協会", "ORGANIZATION")]
    assert found("ドイツ社会主義統一党が政権を握った。") == [("ドイツ社会主義統一党", "ORGANIZATION")]
    assert found("ロシア軍事専門家は述べた。") == [("ロシア", "LOCATION")]


def test_kinds_of_business_and_awards_are_not_names():
    from hodo.analyze import analyze

    def found(raw):
        return [(m.surface, m.entity_type) for m in analyze(raw, None).mentions]

    assert found("データ放送ではご覧になれません。") == []
    assert found("ガス会社が値上げした。") == [] and found("メディア企業が報じた。") == []
    assert found("トランプ政権は発表した。") == [("トランプ政権", "ORGANIZATION")]  # トランプ is also a noun
    assert found("フェンダー社の製品") == [("フェンダー社", "ORGANIZATION")]
    assert ("ノーベル", "PERSON") not in found("アリエフ大統領はトランプ氏をノーベル平和賞に推薦した。")


def test_a_two_part_katakana_name_starting_with_a_place_is_not_a_person():
    from hodo.analyze import analyze

    found = [(m.surface, m.entity_type) for m in analyze("ボストン・ブルドッグスに入団した。", None).mentions]
    assert found == [("ボストン・ブルドッグス", "ORGANIZATION")]
    found = [(m.surface, m.entity_type) for m in analyze("ジョン・ラトクリフ長官が出席した。", None).mentions]
    assert found == [("ジョン・ラトクリフ", "PERSON")]


def test_proper_nouns_starting_with_a_numeral_are_names():
    from hodo.analyze import analyze

    def found(raw):
        return [(m.surface, m.entity_type) for m in analyze(raw, None).mentions]

    assert found("千葉県と九州、四国で大雨。") == [("千葉県", "LOCATION"), ("九州", "LOCATION"), ("四国", "LOCATION")]
    assert found("三井物産株式会社は発表した。") == [("三井物産株式会社", "ORGANIZATION")]
    assert found("三木首相は述べた。") == [("三木", "PERSON")]
    assert found("会談の五大要点をまとめる。") == []  # 五大 alone: a word, not a family name
    assert found("二国間協議と三国首脳会談") == []


def test_a_latin_name_before_sha_is_a_company():
    from hodo.analyze import analyze

    assert [(m.surface, m.entity_type) for m in analyze("Tesla社は発表した。", None).mentions] \
        == [("Tesla社", "ORGANIZATION")]
    assert not analyze("AI社会の到来", None).mentions


def test_western_names_with_a_one_kana_particle_are_people():
    from hodo.analyze import analyze

    found = [(m.surface, m.entity_type) for m in analyze("オリヴィア・デ・ハヴィランドが弁護した。", None).mentions]
    assert found == [("オリヴィア・デ・ハヴィランド", "PERSON")]
    # four parts stay out: in news they are mostly transliterated headlines, not names
    assert not [m for m in analyze("トランプ・テレフォナト・ミット・プーチン", None).mentions if m.entity_type == "PERSON"]


def test_a_body_run_into_a_name_before_a_title_is_split():
    from hodo.analyze import analyze

    found = [(m.surface, m.entity_type) for m in analyze("ホワイトハウストランプ大統領は述べた。", None).mentions]
    assert found == [("ホワイトハウス", "ORGANIZATION"), ("トランプ", "PERSON")]


def test_family_name_spelling_noise_joins_the_one_full_name():
    import polars as pl

    from hodo.entities import resolve_entities

    rows = [
        {"doc_id": "a", "sentence_id": 0, "start_char": 0, "end_char": 11, "surface": "スティーブ・ウィトコフ",
         "title": "特使", "entity_type": "PERSON", "country_code": None, "canonical_hint": "スティーブ・ウィトコフ"},
        {"doc_id": "b", "sentence_id": 0, "start_char": 0, "end_char": 6, "surface": "ウィットコフ",
         "title": "特使", "entity_type": "PERSON", "country_code": None, "canonical_hint": None},
    ]
    ents, ments = resolve_entities(pl.DataFrame(rows), None)
    assert ents.height == 1 and ments["entity_id"].n_unique() == 1
    assert ents["canonical_name"][0] == "スティーブ・ウィトコフ"


def test_a_kanji_family_name_alone_joins_the_one_full_kanji_name():
    import polars as pl

    from hodo.entities import resolve_entities

    def row(doc, start, surface, title):
        return {"doc_id": doc, "sentence_id": 0, "start_char": start, "end_char": start + len(surface),
                "surface": surface, "title": title, "entity_type": "PERSON", "country_code": None,
                "canonical_hint": None}

    ents, ments = resolve_entities(pl.DataFrame([row("a", 0, "高森誠一郎", "首相"), row("b", 0, "高森", "首相"),
                                                 row("b", 10, "林", "報道官")]), None)
    by_surface = dict(zip(ments["surface"], ments["entity_id"]))
    assert by_surface["高森"] == by_surface["高森誠一郎"]
    assert by_surface["林"] != by_surface["高森"]
    assert set(ents["canonical_name"]) == {"高森誠一郎", "林"}


def test_ministries_written_as_common_nouns_are_organizations():
    from hodo.analyze import analyze

    found = {m.surface: m.entity_type for m in analyze("経済産業省と厚生労働省、総務省が発表した。同省と各省庁も。", None).mentions}
    assert found == {"経済産業省": "ORGANIZATION", "厚生労働省": "ORGANIZATION", "総務省": "ORGANIZATION"}


def test_a_persons_country_comes_from_the_country_written_beside_the_name(tmp_path):
    import duckdb

    from hodo.analyze import analyze
    from hodo.crossdoc import resolve_entities_in
    from hodo.warehouse import ddl_statements

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute(ddl_statements())
    a = analyze("ロシアのプーチン大統領とドナルド・トランプ米大統領が会談した。ペスコフ報道官が述べた。", None)
    rows = [("d", *m) for m in a.mentions]
    con.executemany("INSERT INTO _mention_candidates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    resolve_entities_in(con)
    countries = dict(con.execute("SELECT canonical_name, country_code FROM entities WHERE entity_type = 'PERSON'")
                     .fetchall())
    con.close()
    assert countries == {"プーチン": "RU", "ドナルド・トランプ": "US", "ペスコフ": None}


def test_a_kanji_name_before_a_title_is_whole_however_janome_cuts_it():
    # janome cuts these names into pieces (李|在|明, 岩屋|毅, 尹|錫|悦, 茂木|敏|充, 安倍|晋|三)
    _, ms = mentions("韓国の李在明大統領は岩屋毅外相と会談した。尹錫悦前大統領も茂木敏充外相と会った。"
                     "故安倍晋三元首相の業績に触れた。頼清徳総統も出席した。李大統領は「協力する」と述べた。")
    s = by_surface(ms)
    for name, title in [("李在明", "大統領"), ("岩屋毅", "外相"), ("尹錫悦", "前大統領"), ("茂木敏充", "外相"),
                        ("安倍晋三", "元首相"), ("頼清徳", "総統")]:
        assert s[name].entity_type == "PERSON" and s[name].title == title, name
    assert s["韓国"].entity_type == "LOCATION"
    # a lone family character joins the full name found in the document
    assert s["李"].entity_type == "PERSON" and s["李"].canonical_hint == "李在明"
    assert not any(m.surface in ("毅", "悦", "明", "安倍晋") for m in ms)


def test_a_lone_family_character_joins_a_full_name_from_the_gazetteer_too():
    _, ms = mentions("中国の習近平国家主席と会談した。トランプ氏は習氏と再び会談する。")
    s = by_surface(ms)
    assert s["習"].entity_type == "PERSON" and s["習"].title == "氏" and s["習"].canonical_hint == "習近平"


def test_places_and_ordinary_words_before_a_title_are_not_names():
    _, ms = mentions("福岡市長と広島県知事が会談した。次期大統領と暫定大統領、同国大統領も出席した。")
    assert {m.surface: m.entity_type for m in ms} == {"福岡": "LOCATION", "広島": "LOCATION"}


def test_katakana_compounds_named_by_their_last_word():
    _, ms = mentions("ゼネラル・エレクトリックとサン・マイクロシステムズが提携し、ホテル・ニューオータニで発表した。"
                     "マネージング・ディレクターのジョン・スミス氏が述べた。スポーツ・レクリエーションセンターもある。")
    s = by_surface(ms)
    assert s["ゼネラル・エレクトリック"].entity_type == "ORGANIZATION"
    assert s["サン・マイクロシステムズ"].entity_type == "ORGANIZATION"
    assert s["ホテル・ニューオータニ"].entity_type == "LOCATION"
    assert s["ジョン・スミス"].entity_type == "PERSON"
    assert "マネージング・ディレクター" not in s  # a job title
    assert "スポーツ・レクリエーションセンター" not in s  # common words only: a description


def test_latin_titles_of_works_are_not_people():
    _, ms = mentions('Smith, John (2019). "China-Japan Relations". Foreign Affairs. John Smith氏が述べた。')
    s = by_surface(ms)
    assert "China-Japan Relations" not in s and "Foreign Affairs" not in s
    assert s["John Smith"].entity_type == "PERSON"


def test_an_unknown_katakana_word_after_country_no_where_something_happens_is_a_place():
    _, ms = mentions("外相はペルーのリマで会談した。首相はケニアのナイロビに到着した。ロシアのガスプロムは発表した。")
    s = by_surface(ms)
    assert s["リマ"].entity_type == "LOCATION" and s["ナイロビ"].entity_type == "LOCATION"
    assert s.get("ガスプロム") is None or s["ガスプロム"].entity_type != "LOCATION"


def test_a_bracketed_reading_between_name_and_title_is_the_same_person():
    from hodo.entities import resolve_entities

    raw = ("中国の習近平（シー・ジンピン）国家主席と韓国の李在明（イ・ジェミョン）大統領が会談した。"
           "中国外務省の林剣副報道局長が述べた。")
    _, ms = mentions(raw)
    s = by_surface(ms)
    assert s["習近平"].title == "国家主席" and s["李在明"].title == "大統領" and s["林剣"].title == "副報道局長"
    ents, ments = resolve_entities(frame({"d": raw}), None)
    ids = dict(zip(ments["surface"], ments["entity_id"]))
    assert ids["シー・ジンピン"] == ids["習近平"] and ids["イ・ジェミョン"] == ids["李在明"]


def test_a_minister_of_any_portfolio_is_a_title():
    _, ms = mentions("小泉進次郎農林水産相、高市早苗前経済安全保障相、平将明デジタル相が出席した。故安倍晋三元首相。事件の真相を語った。")
    s = by_surface(ms)
    assert s["小泉進次郎"].title == "農林水産相" and s["高市早苗"].title == "前経済安全保障相"
    assert s["平将明"].title == "デジタル相" and s["安倍晋三"].title == "元首相"
    assert not any(m.surface in ("次郎", "小泉進") for m in ms)


def test_names_janome_cuts_across_their_title_or_that_open_with_a_numeral():
    _, ms = mentions("三木谷浩史会長兼社長、十倉雅和会長、二階俊博元幹事長、熊谷俊人知事、趙兌烈外相、"
                     "李家超行政長官、金英哲党副委員長、赤沢亮正経済再生相、武藤容治経産相が出席した。")
    got = {m.surface: m.title for m in ms if m.entity_type == "PERSON"}
    assert got == {"三木谷浩史": "会長", "十倉雅和": "会長", "二階俊博": "元幹事長", "熊谷俊人": "知事",
                   "趙兌烈": "外相", "李家超": "行政長官", "金英哲": "党副委員長", "赤沢亮正": "経済再生相",
                   "武藤容治": "経産相"}
    _, ms = mentions("東京都知事と政府高官、米国務長官、同国大統領、両国首脳、次期大統領が集まった。")
    assert not [m for m in ms if m.entity_type == "PERSON"]


def test_family_names_after_the_full_name_companies_with_a_katakana_suffix_and_treaties():
    _, ms = mentions("岩屋毅外相は述べた。岩屋外相は帰国した。孫正義会長は述べた。孫氏も出席した。"
                     "ソフトバンクグループとソニーグループは自由貿易協定（FTA）とTPPに触れた。")
    s = by_surface(ms)
    assert s["岩屋"].entity_type == "PERSON" and s["岩屋"].canonical_hint == "岩屋毅"
    assert s["孫正義"].title == "会長" and s["孫"].canonical_hint == "孫正義"
    assert s["ソフトバンクグループ"].entity_type == "ORGANIZATION" and "FTA" not in s and "TPP" not in s


def test_a_strong_country_abbreviation_before_no_and_a_foreign_name_and_facility_suffixes():
    _, ms = mentions("独のメルツ首相と英のスターマー首相が会談した。米の制裁。普天間飛行場と赤坂離宮。")
    s = by_surface(ms)
    assert s["独"].entity_type == "LOCATION" and s["英"].entity_type == "LOCATION" and "米" not in s
    assert s["普天間飛行場"].entity_type == "LOCATION" and s["赤坂離宮"].entity_type == "LOCATION"


def test_long_titles_after_katakana_names_and_one_token_place_names():
    _, ms = mentions("フォンデアライエン欧州委員長とカヤ・カラス上級代表、ウォルツ国連大使、イエルマーク大統領府長官が出席した。"
                     "尖閣諸島周辺で中国海警局の船が航行した。")
    s = by_surface(ms)
    for name, title in [("フォンデアライエン", "欧州委員長"), ("カヤ・カラス", "上級代表"), ("ウォルツ", "国連大使"),
                        ("イエルマーク", "大統領府長官")]:
        assert s[name].entity_type == "PERSON" and s[name].title == title, name
    assert "欧州" not in s and "国連" not in s  # words inside a title are not mentions
    assert s["尖閣諸島"].entity_type == "LOCATION" and s["中国海警局"].entity_type == "ORGANIZATION"


def test_an_unknown_katakana_word_where_an_event_is_held_is_a_place():
    _, ms = mentions("G7サミットはカナダ西部カナナスキスで開かれた。首相はラファを訪問した。")
    s = by_surface(ms)
    assert s["カナナスキス"].entity_type == "LOCATION" and s["ラファ"].entity_type == "LOCATION"


def test_a_leader_known_by_the_first_part_of_the_name_is_one_person():
    from hodo.entities import resolve_entities

    raw = ("インドネシアのプラボウォ・スビアント大統領が来日した。プラボウォ氏は首相と会談した。"
           "トランプ・プーチン両氏の会談。トランプ大統領は述べた。")
    ents, ments = resolve_entities(frame({"d": raw}), None)
    ids = dict(zip(ments["surface"], ments["entity_id"]))
    assert ids["プラボウォ"] == ids["プラボウォ・スビアント"]
    assert ents.filter(pl.col("entity_id") == ids["トランプ"])["canonical_name"].item() == "トランプ"  # a pair is no name


def test_a_body_between_a_name_and_its_title_and_pairs_of_country_abbreviations():
    _, ms = mentions("金正恩朝鮮労働党委員長と習近平中国共産党総書記。米中両国は英ロンドンで協議した。中日関係は改善した。"
                     "中日新聞が報じた。")
    got = [(m.surface, m.entity_type) for m in ms]
    for want in [("金正恩", "PERSON"), ("朝鮮労働党", "ORGANIZATION"), ("習近平", "PERSON"), ("中国共産党", "ORGANIZATION"),
                 ("英", "LOCATION"), ("ロンドン", "LOCATION"), ("中日新聞", "ORGANIZATION")]:
        assert want in got, want
    assert ("中日", "ORGANIZATION") not in got and got.count(("日", "LOCATION")) == 1


def test_an_acronym_run_into_a_region_is_a_company():
    _, ms = mentions("JR東日本とNTT西日本が発表した。")
    assert {m.surface: m.entity_type for m in ms} == {"JR東日本": "ORGANIZATION", "NTT西日本": "ORGANIZATION"}


def test_third_probe_entity_rules():
    from hodo.entities import resolve_entities

    raw = ("【ソウル共同】韓国のチョ・テヨル（趙兌烈）外相と会談した。チョ外相は述べた。\n| 日本 | 安倍晋三 | 内閣総理大臣 |\n"
           "武藤経済産業大臣が飯倉公館で会談した。大阪市内のホテルで。“Trump Jokes With Putin About Election Meddling”")
    _, ms = mentions(raw)
    got = {(m.surface, m.entity_type) for m in ms}
    for want in [("共同", "ORGANIZATION"), ("チョ・テヨル", "PERSON"), ("趙兌烈", "PERSON"), ("安倍晋三", "PERSON"),
                 ("武藤", "PERSON"), ("飯倉公館", "LOCATION")]:
        assert want in got, want
    assert not {s for s, t in got} & {"ホテル", "About Election Meddling", "安倍晋"}
    ents, ments = resolve_entities(frame({"d": raw}), None)
    ids = dict(zip(ments["surface"], ments["entity_id"]))
    assert ids["趙兌烈"] == ids["チョ・テヨル"] == ids["チョ"]


def test_fourth_and_fifth_probe_entity_rules():
    _, ms = mentions("2022年G7エルマウ・サミットとキャンプ・デービッド、シャルム・エル・シェイクで会談。"
                     "レイキャビクのホフディ・ハウスで会談した。カタールのタミム首長。Retrieved May 24, 2023.")
    got = {(m.surface, m.entity_type) for m in ms}
    for want in [("キャンプ・デービッド", "LOCATION"), ("シャルム・エル・シェイク", "LOCATION"),
                 ("ホフディ・ハウス", "LOCATION"), ("タミム", "PERSON")]:
        assert want in got, want
    assert not {s for s, t in got} & {"エルマウ・サミット", "Retrieved May"}


def test_a_full_kanji_name_again_without_a_title_is_the_person():
    _, ms = mentions("韓国の李在明大統領は述べた。6月に就任した李在明は、首相と電話会談を行った。")
    assert [m.surface for m in ms if m.entity_type == "PERSON"] == ["李在明", "李在明"]


def test_a_dateline_agency_and_a_city_named_with_shinai():
    _, ms = mentions("2025年6月25日 ワシントン=共同\n石破首相は、リマ市内のホテルで大統領と会談した。")
    got = {(m.surface, m.entity_type) for m in ms}
    assert ("共同", "ORGANIZATION") in got and ("リマ", "LOCATION") in got


def test_diplomatic_venues_from_the_gazetteer():
    _, ms = mentions("翌26日には人民大会堂で習主席と会談した。天皇陛下は皇居で大統領と会見された。")
    assert {(m.surface, m.entity_type) for m in ms} >= {("人民大会堂", "LOCATION"), ("皇居", "LOCATION")}


def test_a_countrys_body_is_one_organization():
    def types(found):
        return {m.surface: m.entity_type for m in found[1]}

    # a body janome knows as one token, or a run of dictionary words up to an organization suffix
    assert types(mentions("ロシア国防省は15日、声明を出した。")) == {"ロシア国防省": "ORGANIZATION"}
    assert types(mentions("日本ラグビーフットボール協会が選手を派遣した。")) == {
        "日本ラグビーフットボール協会": "ORGANIZATION"}
    # a city before a body is still a city; a katakana name of its own is not run into
    assert types(mentions("ニューヨーク国連総会に出席した。")) == {
        "ニューヨーク": "LOCATION", "国連総会": "ORGANIZATION"}
    assert "テスラ社" in types(mentions("米テスラ社は発表した。"))


def test_a_kanji_name_glossed_with_its_reading_is_one_person():
    text, found = mentions("北朝鮮の金正恩（キム・ジョンウン）朝鮮労働党総書記は演説した。金氏は15日、視察した。")
    got = {m.surface: (m.entity_type, m.canonical_hint) for m in found}
    assert got["金正恩"][0] == "PERSON"  # janome: 金|正|恩
    assert got["キム・ジョンウン"] == ("PERSON", "金正恩")  # the reading is the same person
    # a word glossed has no name piece: no person made of it
    _, found = mentions("韓国の中央日報（チュンアン・イルボ）が報じた。")
    assert all(m.surface != "中央日報" or m.entity_type != "PERSON" for m in found)


def test_headline_fragments_and_a_broadcasters_service_are_not_names():
    def types(found):
        return {m.surface: m.entity_type for m in found[1]}

    # a kana suffix ends a word: no place made of a headline (ガザ停戦|巡り|平行|線)
    assert types(mentions("首相、大統領と電話会談　ガザ停戦巡り平行線")) == {"ガザ": "LOCATION"}
    assert types(mentions("日本音楽事業者協会が発表した。")) == {"日本音楽事業者協会": "ORGANIZATION"}
    # capitals after a body are its service, not a person; a capitalized credit still is one
    assert types(mentions("NHK NEWS WEB")) == {"NHK": "ORGANIZATION"}
    assert types(mentions("写真: ANDREW CABALLERO-REYNOLDS/AFP"))["ANDREW CABALLERO-REYNOLDS"] == "PERSON"


def test_company_names_in_their_usual_shapes():
    def types(found):
        return {m.surface: m.entity_type for m in found[1]}

    assert types(mentions("株式会社ミナトエナジーの山本健一社長は述べた。"))["株式会社ミナトエナジー"] == "ORGANIZATION"
    assert types(mentions("サクラテック・ホールディングスの佐藤社長が会見した。"))[
        "サクラテック・ホールディングス"] == "ORGANIZATION"
    assert types(mentions("晶華電子の陳会長と会談した。"))["晶華電子"] == "ORGANIZATION"
    assert types(mentions("東亜ケミカルHDは発表した。")) == {"東亜ケミカルHD": "ORGANIZATION"}
    # common words before a generic head stay a description
    assert types(mentions("スポーツ・レクリエーションセンターで開いた。")) == {}


def test_places_before_within_and_a_country_before_its_state():
    def types(found):
        return {m.surface: m.entity_type for m in found[1]}

    assert types(mentions("熊本市内で会見した。")) == {"熊本市": "LOCATION"}
    assert types(mentions("リマ市内で会談した。")) == {"リマ": "LOCATION"}
    assert types(mentions("米メリーランド州のキャンプデービッドで会談した。")) == {
        "米": "LOCATION", "メリーランド州": "LOCATION", "キャンプデービッド": "LOCATION"}


def test_runs_of_country_abbreviations_however_janome_cuts_them():
    def types(found):
        return [(m.surface, m.entity_type) for m in found[1]]

    assert types(mentions("日韓国交正常化60年の節目だ。")) == [("日", "LOCATION"), ("韓国", "LOCATION")]
    assert types(mentions("日インドネシア外相会談が開かれた。")) == [("日", "LOCATION"), ("インドネシア", "LOCATION")]
    assert [s for s, _ in types(mentions("日米豪印の枠組みだ。"))] == ["日", "米", "豪", "印"]  # 印: a common noun to janome
    assert types(mentions("韓米同盟を強化する。")) == [("韓", "LOCATION"), ("米", "LOCATION")]  # one token to janome
    assert types(mentions("中米諸国を歴訪した。")) == [("中米", "LOCATION")]  # Central America


def test_a_person_before_a_body_and_its_post():
    def types(found):
        return {m.surface: (m.entity_type, m.title) for m in found[1]}

    got = types(mentions("グテレス国連事務総長は述べた。ルッテNATO事務総長も述べた。コスタ欧州理事会議長は会見した。"))
    assert got["グテレス"] == ("PERSON", "事務総長") and got["国連"][0] == "ORGANIZATION"
    assert got["ルッテ"] == ("PERSON", "事務総長") and got["NATO"][0] == "ORGANIZATION"
    assert got["コスタ"] == ("PERSON", "議長") and got["欧州理事会"][0] == "ORGANIZATION"


def test_a_secretary_of_any_department_is_a_title():
    _, found = mentions("ダニエル・ドリスコル陸軍長官は述べた。韓国の李東元外務部長官である。")
    got = {m.surface: (m.entity_type, m.title) for m in found}
    assert got["ダニエル・ドリスコル"] == ("PERSON", "陸軍長官")
    assert got["李東元"] == ("PERSON", "外務部長官")
    _, found = mentions("崔善姫外務次官は述べた。")
    assert [(m.surface, m.title) for m in found] == [("崔善姫", "外務次官")]


def test_a_name_janome_knows_as_a_person_is_a_place_where_talks_are_held():
    _, found = mentions("トランプ氏とモディ氏は2019年9月にはヒューストンで会談した。")
    assert {m.surface: m.entity_type for m in found}["ヒューストン"] == "LOCATION"


def test_a_body_between_a_kanji_name_and_a_modified_title():
    _, found = mentions("金英哲朝鮮労働党副委員長がワシントンを訪れた。金正恩朝鮮労働党委員長は述べた。")
    got = {m.surface: (m.entity_type, m.title) for m in found}
    assert got["金英哲"] == ("PERSON", "副委員長") and got["金正恩"] == ("PERSON", "委員長")
    assert got["朝鮮労働党"][0] == "ORGANIZATION"
