"""Cross-document entity resolution: one id per real entity.

Rules (issue 4):

- a mention's name is its ``canonical_hint`` (the fullest name its document
  gives, or the gazetteer's canonical name: 米 -> アメリカ合衆国) or its surface;
- people: full names (given・family) with the same family name and a variant
  spelling of the given name (スティーブ/スティーブン, ウラジーミル/ウラジミール)
  are one person, named by the full form the corpus uses most; a family name
  alone joins the one person of the corpus with that family name, and stays
  apart when there are none or several (two different people stay apart);
- everything else: one entity per (type, name);
- ids: ``E`` + 16 hex of sha1(type|canonical name); when ``previous`` (the
  last run's ``entities``) has an entity of the same type whose canonical name
  is among the names of a new entity, its id is kept, so ids survive a
  canonical name that grows as documents are added.

Only the distinct names go through Python; rows are handled by polars.
"""
from __future__ import annotations

import hashlib
import re
from difflib import SequenceMatcher

import polars as pl

ENTITY_COLUMNS = ["entity_id", "entity_type", "canonical_name", "country_code", "mention_count", "document_count"]
MENTION_COLUMNS = ["doc_id", "sentence_id", "start_char", "end_char", "surface", "title", "entity_id", "entity_type"]
_SEP = re.compile(r"[・=\s、,]+")


def entity_id(entity_type: str, canonical: str) -> str:
    return "E" + hashlib.sha1(f"{entity_type}|{canonical}".encode("utf-8")).hexdigest()[:16]


def _split(name: str) -> list[str]:
    return [p for p in _SEP.split(name) if p]


def _family(name: str) -> str:
    if "、" in name or "," in name:  # reference lists: "Family, Given"
        return _split(name)[0]
    return _split(name)[-1]


def _given(name: str) -> str:
    parts = _split(name)
    if "、" in name or "," in name:
        return "".join(parts[1:])
    return "".join(parts[:-1])


_ROWS = {"K": "カキクケコ", "G": "ガギグゲゴ", "S": "サシスセソ", "Z": "ザジズゼゾヂヅ", "T": "タチツテト",
         "D": "ダデド", "N": "ナニヌネノ", "H": "ハヒフヘホ", "B": "バビブベボヴ", "P": "パピプペポ",
         "M": "マミムメモ", "Y": "ヤユヨ", "R": "ラリルレロ", "W": "ワヲ", "n": "ン"}
_SKELETON = str.maketrans({**{c: k for k, cs in _ROWS.items() for c in cs},
                           **{c: None for c in "アイウエオァィゥェォャュョッー"}})


#: Spelling noise in transcribed family names (ウィットコフ/ウィトコフ, ラブロフ/ラーブロフ).
_LOOSE = str.maketrans({"ッ": None, "ー": None})


def _loose(name: str) -> str:
    return name.translate(_LOOSE)


_KANJI_NAME = re.compile(r"[\u4e00-\u9fff々]{1,6}")


def _variants(a: str, b: str) -> bool:
    """Two spellings of one given name (スティーブ/スティーブン, ウラジーミル/ウラジミール,
    キャロライン/カロリン): a prefix, or the same consonant skeleton, or nearly the same letters."""
    if not a or not b:
        return False
    if a.startswith(b) or b.startswith(a):
        return min(len(a), len(b)) >= 3
    sa, sb = a.translate(_SKELETON), b.translate(_SKELETON)
    if sa == sb and len(sa) >= 3:
        return True
    return min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.75


def _person_canon(names: pl.DataFrame) -> dict[str, str]:
    """name -> canonical person name, from the distinct PERSON names and their mention counts."""
    fulls = names.filter(pl.col("is_full"))
    by_family: dict[str, list[tuple[str, int]]] = {}
    for name, n in zip(fulls["name"], fulls["n"]):
        by_family.setdefault(_loose(_family(name)), []).append((name, n))
    canon: dict[str, str] = {}
    family_groups: dict[str, list[str]] = {}
    for fam, items in by_family.items():
        items.sort(key=lambda x: (-x[1], -len(x[0]), x[0]))
        groups: list[list[tuple[str, int]]] = []
        for name, n in items:
            for grp in groups:
                if any(_variants(_given(name), _given(other)) for other, _ in grp):
                    grp.append((name, n))
                    break
            else:
                groups.append([(name, n)])
        for grp in groups:
            rep = grp[0][0]  # most mentioned, then longest
            for name, _ in grp:
                canon[name] = rep
        family_groups[fam] = [grp[0][0] for grp in groups]
    singles = list(names.filter(~pl.col("is_full"))["name"])
    # Japanese and Chinese names are written without a separator (高森誠一郎): a kanji
    # family name alone (高森) joins the one longer kanji name that starts with it
    kanji_full = [n for n in singles if _KANJI_NAME.fullmatch(n) and len(n) >= 3]
    for name in singles:
        reps = family_groups.get(_loose(name), [])
        if not reps and _KANJI_NAME.fullmatch(name):
            reps = [f for f in kanji_full if f != name and f.startswith(name) and len(f) - len(name) <= 3]
        canon[name] = reps[0] if len(reps) == 1 else name
    return canon


def resolve_entities(mentions: pl.DataFrame, previous: pl.DataFrame | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(entities, entity_mentions) for all documents' mentions; see the module docstring."""
    if mentions.height == 0:
        ents = pl.DataFrame(schema={"entity_id": pl.Utf8, "entity_type": pl.Utf8, "canonical_name": pl.Utf8,
                                    "country_code": pl.Utf8, "mention_count": pl.UInt32, "document_count": pl.UInt32})
        ments = pl.DataFrame(schema={"doc_id": pl.Utf8, "sentence_id": pl.Int64, "start_char": pl.Int64,
                                     "end_char": pl.Int64, "surface": pl.Utf8, "title": pl.Utf8,
                                     "entity_id": pl.Utf8, "entity_type": pl.Utf8})
        return ents, ments
    m = mentions.with_columns(
        pl.coalesce(pl.col("canonical_hint").cast(pl.Utf8), pl.col("surface")).alias("name"),
        pl.col("country_code").cast(pl.Utf8),
        pl.col("title").cast(pl.Utf8),
    )
    # people: the distinct names, with counts, decide the canonical person
    pnames = (m.filter(pl.col("entity_type") == "PERSON")
              .group_by("name").agg(pl.len().alias("n"))
              .with_columns(pl.col("name").str.contains(r"[・=\s、,]").alias("is_full")))
    pcanon = _person_canon(pnames)
    pmap = pl.DataFrame({"name": list(pcanon), "pcanon": list(pcanon.values()),
                         "entity_type": ["PERSON"] * len(pcanon)},
                        schema={"name": pl.Utf8, "pcanon": pl.Utf8, "entity_type": pl.Utf8})
    m = (m.join(pmap, on=["entity_type", "name"], how="left")
         .with_columns(pl.coalesce(pl.col("pcanon"), pl.col("name")).alias("canonical_name"))
         .drop("pcanon"))
    # Latin names that differ only in case are one name (Flightradar24, FlightRadar24): the commonest spelling
    m = m.with_columns(pl.when(pl.col("canonical_name").str.contains(r"^[\x00-\x7f]+$"))
                       .then(pl.col("canonical_name").str.to_lowercase())
                       .otherwise(pl.col("canonical_name")).alias("_key"))
    spell = (m.group_by(["entity_type", "_key", "canonical_name"]).agg(pl.len().alias("_n"))
             .sort(["_n", "canonical_name"], descending=[True, False])
             .unique(["entity_type", "_key"], keep="first", maintain_order=True)
             .select("entity_type", "_key", pl.col("canonical_name").alias("_spelling")))
    m = (m.join(spell, on=["entity_type", "_key"], how="left")
         .with_columns(pl.col("_spelling").alias("canonical_name")).drop("_key", "_spelling"))
    # one entity per (type, canonical name)
    ents = (m.group_by(["entity_type", "canonical_name"])
            .agg(pl.col("country_code").drop_nulls().mode().sort().first().alias("country_code"),
                 pl.len().cast(pl.UInt32).alias("mention_count"),
                 pl.col("doc_id").n_unique().cast(pl.UInt32).alias("document_count"),
                 pl.col("surface").unique().alias("_s"), pl.col("name").unique().alias("_n"))
            .with_columns(pl.concat_list("_s", "_n").list.unique().alias("names"))
            .drop("_s", "_n")
            .with_columns(pl.struct(["entity_type", "canonical_name"]).map_elements(
                lambda r: entity_id(r["entity_type"], r["canonical_name"]), return_dtype=pl.Utf8).alias("new_id")))
    ents = _keep_previous_ids(ents, previous)
    ents = ents.sort(["entity_type", "canonical_name"])
    ments = (m.join(ents.select("entity_type", "canonical_name", "entity_id"), on=["entity_type", "canonical_name"],
                    how="left")
             .sort(["doc_id", "start_char"])
             .select(MENTION_COLUMNS))
    return ents.select(ENTITY_COLUMNS), ments


def _keep_previous_ids(ents: pl.DataFrame, previous: pl.DataFrame | None) -> pl.DataFrame:
    if previous is None or previous.height == 0:
        return ents.rename({"new_id": "entity_id"}).drop("names")
    prev = previous.select(pl.col("entity_id").alias("prev_id"), "entity_type",
                           pl.col("canonical_name").alias("prev_name"))
    cand = (ents.select("entity_type", "canonical_name", "mention_count", "names").explode("names")
            .join(prev, left_on=["entity_type", "names"], right_on=["entity_type", "prev_name"], how="inner")
            .with_columns((pl.col("names") == pl.col("canonical_name")).alias("same"))
            .unique(["entity_type", "canonical_name", "prev_id"])
            # a previous id goes to one new entity: the one keeping its name, else the biggest
            .sort(["same", "mention_count", "canonical_name"], descending=[True, True, False])
            .unique("prev_id", keep="first", maintain_order=True)
            # and a new entity takes one previous id: its own name's, else the smallest
            .sort(["same", "prev_id"], descending=[True, False])
            .unique(["entity_type", "canonical_name"], keep="first", maintain_order=True)
            .select("entity_type", "canonical_name", "prev_id"))
    return (ents.join(cand, on=["entity_type", "canonical_name"], how="left")
            .with_columns(pl.coalesce(pl.col("prev_id"), pl.col("new_id")).alias("entity_id"))
            .drop("prev_id", "new_id", "names"))
