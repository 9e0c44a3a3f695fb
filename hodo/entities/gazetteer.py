"""Gazetteers, titles and name suffixes, loaded once from data files.

Everything the entity stage knows by name lives in ``data/`` beside this
module, as plain files a user can read and extend:

- ``*.csv`` with header ``surface,type,canonical,country_code,kind``: names
  (countries from pycountry plus news aliases, organizations and media,
  places). ``kind`` is ``abbrev`` for one-character country abbreviations
  (米, 露...), which count only in a state context.
- ``*.csv`` with header ``suffix,type``: words that end organization or place
  names (省, 庁, 通信, 州, 基地...).
- ``titles*.txt``: titles and honorifics, one a line (大統領, 氏...).

Extra files of the same kinds in the directories listed in the environment
variable ``HODO_GAZETTEER_DIR`` (``os.pathsep``-separated) are loaded after
the bundled ones; a later row for the same surface wins.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Entry:
    surface: str
    type: str  # PERSON | ORGANIZATION | LOCATION
    canonical: str
    country_code: str | None
    kind: str  # country | abbrev | org | media | city | region | ...


@dataclass(frozen=True)
class Gazetteer:
    names: dict[str, Entry]  # surface -> entry
    prefixes: frozenset[str]  # every prefix of every name (longest-match over tokens)
    abbrevs: dict[str, Entry]  # one-character country abbreviations
    segmentable: dict[str, Entry]  # names usable to split run-together katakana
    max_seg: int
    titles: frozenset[str]
    suffixes: dict[str, str]  # suffix -> type
    latin_lower: dict[str, Entry]  # lower-cased ASCII names (domains: bbc -> BBC)


def _dirs() -> list[Path]:
    dirs = [DATA_DIR]
    extra = os.environ.get("HODO_GAZETTEER_DIR", "")
    dirs += [Path(p) for p in extra.split(os.pathsep) if p.strip()]
    return dirs


@lru_cache(maxsize=4)
def _load(dirs: tuple[str, ...]) -> Gazetteer:
    names: dict[str, Entry] = {}
    titles: set[str] = set()
    suffixes: dict[str, str] = {}
    for d in map(Path, dirs):
        if not d.is_dir():
            continue
        for f in sorted(d.glob("*.csv")) + sorted(d.glob("*.tsv")):
            delim = "\t" if f.suffix == ".tsv" else ","
            with f.open(encoding="utf-8", newline="") as fh:
                rows = list(csv.reader(fh, delimiter=delim))
            if not rows:
                continue
            head = [h.strip() for h in rows[0]]
            if head[:1] == ["suffix"]:
                for r in rows[1:]:
                    if len(r) >= 2 and r[0].strip():
                        suffixes[r[0].strip()] = r[1].strip()
            elif head[:1] == ["surface"]:
                for r in rows[1:]:
                    if len(r) < 2 or not r[0].strip() or r[0].startswith("#"):
                        continue
                    r = r + [""] * (5 - len(r))
                    s = r[0].strip()
                    names[s] = Entry(s, r[1].strip(), r[2].strip() or s, r[3].strip() or None,
                                     r[4].strip() or "name")
        for f in sorted(d.glob("titles*.txt")):
            for line in f.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    titles.add(line)
    abbrevs = {s: e for s, e in names.items() if e.kind == "abbrev"}
    full = {s: e for s, e in names.items() if e.kind != "abbrev"}
    prefixes = frozenset(s[:i] for s in full for i in range(1, len(s) + 1))
    seg = {s: e for s, e in full.items() if len(s) >= 2 and e.type == "LOCATION"}
    return Gazetteer(full, prefixes, abbrevs, seg, max((len(s) for s in seg), default=1),
                     frozenset(titles), suffixes,
                     {s.lower().replace(" ", ""): e for s, e in full.items() if s.isascii()})


def gazetteer() -> Gazetteer:
    return _load(tuple(str(d) for d in _dirs()))
