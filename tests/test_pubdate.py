"""Publication date and its basis."""
from datetime import date

import pytest

from hodo.pubdate import infer_published_date

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize("text,meta,expected,basis", [
    ("見出し\n2025/08/16 更新: 2025/08/17\n本文。", None, date(2025, 8, 16), "dateline"),
    ("2025年3月5日 10時30分\n本文。", None, date(2025, 3, 5), "dateline"),
    ("見出し\n本文。", "2025-08-15T10:00:00+09:00", date(2025, 8, 15), "metadata"),
    ("見出し\n本文。", "2025-08-15", date(2025, 8, 15), "metadata"),
    ("本文。\n出典 https://example.jp/news/20250611/k1.html", None, date(2025, 6, 11), "url"),
    ("本文。\nhttps://example.ru/politics/19/08/2025/abc", None, date(2025, 8, 19), "url"),
    ("トランプ氏は2017年1月28日に電話した。\n会談は2025年2月12日に行われた。", None, date(2025, 2, 12), "inferred"),
    ("2024年11月7日に会い、11月9日にも話した。", None, date(2024, 11, 9), "inferred"),
    ("首相は会談した。", None, None, "unknown"),
    ("二〇二五年八月十五日（金曜日）\n正午に式典。", None, date(2025, 8, 15), "dateline"),
    ("外相は9月3日（水曜日）、ソウルに到着した。", None, date(2025, 9, 3), "inferred"),
    ("会議は2025年6月24日から2日間開かれ、25日に閉幕した。", None, date(2025, 6, 25), "inferred"),
    ("2014年に併合した。会談は次の金曜日、8月15日に開かれる。", None, date(2025, 8, 15), "inferred"),
    # a page comes after what it reports and before what it announces
    ("大統領は次の金曜日、8月15日に会談を行うと発表した。補佐官は9日、記者団に語った。", None,
     date(2025, 8, 9), "inferred"),
])
def test_basis_order(text, meta, expected, basis):
    assert infer_published_date(text, meta, today=TODAY) == (expected, basis)


def test_a_body_sentence_with_a_date_is_not_a_dateline():
    text = "見出し\nトランプ氏は2017年1月28日にプーチン氏と電話で話した。\n2025年2月12日にも会談した。"
    assert infer_published_date(text, today=TODAY) == (date(2025, 2, 12), "inferred")


def test_future_dates_are_never_inferred():
    assert infer_published_date("会談は2030年1月1日の予定。2025年5月1日に発表。", today=TODAY) == (
        date(2025, 5, 1), "inferred")


def test_an_old_reference_url_does_not_beat_a_later_body_date():
    text = "2025年10月16日に電話会談した。\nhttps://example.ru/19/08/2025/x"
    assert infer_published_date(text, today=TODAY) == (date(2025, 10, 16), "inferred")


def test_a_broadcasters_dateline_without_a_year_takes_the_year_the_body_states():
    from hodo.normalize import normalize_text

    text = normalize_text("高市首相が会談\n10月31日 21時40分\n高市総理大臣は31日、2025年の目標と2030年の計画について語った。")
    assert infer_published_date(text, today=date(2026, 11, 22)) == (date(2025, 10, 31), "dateline")
    # no year anywhere: still unknown (the year is not guessed)
    assert infer_published_date(normalize_text("見出し\n10月31日 21時40分\n本文。"), today=date(2026, 11, 22))[0] is None


def test_a_wire_byline_beside_the_date_is_still_a_dateline():
    from hodo.normalize import normalize_text

    text = normalize_text("見出し\n【ウェリントン＝田中一郎】2025年8月22日\n\n一行は29日までの10日間滞在する。")
    assert infer_published_date(text, today=TODAY) == (date(2025, 8, 22), "dateline")
    for line in ("（ソウル＝聯合ニュース）2025年11月23日", "ワシントン＝共同 2025年11月23日"):
        text = normalize_text(f"見出し\n{line}\n\n一行は28日に帰国する。")
        assert infer_published_date(text, today=TODAY) == (date(2025, 11, 23), "dateline")
    # a bracketed note with a sentence after it is not a dateline
    text = normalize_text("見出し\n【更新】10月3日午後7時10分、会談内容を追記しました。\n両外相は2025年10月3日にマニラで会談した。")
    assert infer_published_date(text, today=TODAY) == (date(2025, 10, 3), "inferred")


def test_a_date_the_site_labels_as_published_whatever_else_its_line_holds():
    from hodo.normalize import normalize_text

    for line in ("投稿日：2025年2月10日 7:15　カテゴリー：国際・外交", "2025年9月12日 6:00 配信　東京新報 政治部・佐藤健一"):
        text = normalize_text(f"見出し\n{line}\n\n首脳は14日に会談する。翌23日に帰国した。")
        assert infer_published_date(text, today=TODAY)[1] == "dateline", line
    assert infer_published_date(normalize_text("見出し\n投稿日：2025年2月10日 7:15　カテゴリー：国際\n本文。"),
                                today=TODAY) == (date(2025, 2, 10), "dateline")
