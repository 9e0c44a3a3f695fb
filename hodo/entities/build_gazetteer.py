"""Regenerate data/countries.csv from pycountry's Japanese names plus news aliases.

    .venv/bin/python -m hodo.entities.build_gazetteer

The CSV is committed; this script only documents (and repeats) how it was made.
Columns: surface,type,canonical,country_code,kind. ``canonical`` is the common
Japanese name news uses (ロシア, not ロシア連邦); ``kind`` is ``country`` for
names and ``abbrev`` for one-character abbreviations (米, 露...) that count
only in a state context.
"""
from __future__ import annotations

import csv
import gettext
import re
from pathlib import Path

import pycountry

OUT = Path(__file__).parent / "data" / "countries.csv"

# Common name news uses, where it differs from pycountry's Japanese name.
COMMON = {
    "US": "アメリカ合衆国", "RU": "ロシア", "GB": "イギリス", "KR": "韓国", "KP": "北朝鮮",
    "TW": "台湾", "IR": "イラン", "SY": "シリア", "LA": "ラオス", "MD": "モルドバ", "BO": "ボリビア",
    "VE": "ベネズエラ", "AU": "オーストラリア", "MN": "モンゴル", "BN": "ブルネイ", "ER": "エリトリア",
    "VA": "バチカン", "GE": "ジョージア", "KG": "キルギス", "TZ": "タンザニア", "CV": "カーボベルデ",
    "CN": "中国",
}
# News aliases (full words).
ALIASES = {
    "US": ["アメリカ", "米国", "アメリカ合衆国", "合衆国", "USA", "U.S."],
    "RU": ["ロシア", "ロシア連邦"],
    "CN": ["中華人民共和国", "中国"],
    "GB": ["英国", "イギリス", "連合王国", "UK"],
    "FR": ["フランス共和国"], "DE": ["ドイツ連邦共和国", "独逸"],
    "JP": ["日本国", "ニッポン", "ニホン"], "KR": ["大韓民国", "南朝鮮"],
    "KP": ["朝鮮民主主義人民共和国", "北朝鮮"], "IN": ["インド共和国"],
    "UA": ["ウクライナ"], "IT": ["イタリア共和国"], "ES": ["スペイン王国"],
    "AU": ["オーストラリア", "豪州"], "CA": ["カナダ"], "NZ": ["ニュージーランド"],
    "NL": ["オランダ王国"], "CH": ["スイス連邦"], "SA": ["サウジ"],
    "AE": ["UAE"], "TR": ["トルコ共和国", "トルキエ"], "GE": ["グルジア", "ジョージア"],
    "CZ": ["チェコ共和国"], "VN": ["ベトナム社会主義共和国", "ヴェトナム"],
    "PH": ["フィリピン共和国"], "ID": ["インドネシア共和国"], "TH": ["タイ王国"],
    "BY": ["ベラルーシ共和国", "白ロシア"], "KZ": ["カザフスタン共和国"],
    "IL": ["イスラエル国"], "PS": ["パレスチナ自治区"], "EG": ["エジプト・アラブ共和国"],
    "MX": ["メキシコ合衆国"], "BR": ["ブラジル連邦共和国"], "AR": ["アルゼンチン共和国"],
    "ZA": ["南アフリカ共和国", "南ア"], "KG": ["キルギスタン"], "SZ": ["スワジランド"],
    "MK": ["マケドニア"], "CI": ["コートジボワール"], "MM": ["ビルマ"],
    "CD": ["コンゴ民主共和国"], "VA": ["バチカン市国"], "CV": ["カーボヴェルデ"],
    "TW": ["中華民国"], "IR": ["イラン・イスラム共和国"], "SY": ["シリア・アラブ共和国"],
}
# Historic states news still names.
HISTORIC = [("SU", "ソ連", ["ソビエト連邦", "ソヴィエト連邦", "旧ソ連", "ソ連"]),
            ("YU", "ユーゴスラビア", ["ユーゴスラビア", "ユーゴ"]),
            ("DD", "東ドイツ", ["東ドイツ", "東独"])]
# One-character abbreviations (only counted in a state context) and the katakana ロ.
ABBREV = {"米": "US", "露": "RU", "ロ": "RU", "中": "CN", "英": "GB", "仏": "FR", "独": "DE",
          "日": "JP", "韓": "KR", "朝": "KP", "印": "IN", "伊": "IT", "加": "CA", "豪": "AU",
          "蘭": "NL", "西": "ES", "葡": "PT", "墺": "AT", "宇": "UA", "比": "PH", "越": "VN",
          "台": "TW", "尼": "ID", "泰": "TH", "土": "TR", "希": "GR", "瑞": "SE", "波": "PL",
          "伯": "BR", "墨": "MX", "欧": "EU"}


def main() -> None:
    t = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    rows: dict[str, tuple] = {}

    def add(surface: str, canon: str, code: str, kind: str = "country") -> None:
        surface = surface.strip()
        if surface and surface not in rows:
            rows[surface] = (surface, "LOCATION", canon, code, kind)

    for c in pycountry.countries:
        names = [t.gettext(c.name), t.gettext(getattr(c, "common_name", c.name)),
                 t.gettext(getattr(c, "official_name", c.name))]
        names = [re.sub(r"\s*\(.*?\)\s*", "", n) for n in names]
        names = [n for n in names if n and not re.search(r"[A-Za-z]", n)]
        if not names:
            continue
        canon = COMMON.get(c.alpha_2, names[1] if len(names) > 1 else names[0])
        add(canon, canon, c.alpha_2)
        for n in ALIASES.get(c.alpha_2, []) + names:
            add(n, canon, c.alpha_2)
    for code, canon, names in HISTORIC:
        for n in names:
            add(n, canon, code)
    for ab, code in ABBREV.items():
        if code == "EU":
            rows[ab] = (ab, "LOCATION", "欧州", "", "abbrev")
            continue
        canon = rows[next(s for s, r in rows.items() if r[3] == code)][2]
        rows[ab] = (ab, "LOCATION", canon, code, "abbrev")
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["surface", "type", "canonical", "country_code", "kind"])
        for r in rows.values():
            w.writerow(r)
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
