"""Find temporal expressions: patterns → candidates → filters → chained expressions.

1. ``patterns.ATOMS`` finds calendar atoms; neighbouring atoms chain into one
   expression (2025年 + 8月 + 15日 + 午前11時), and two expressions joined by
   ~ become a range (8月15日~17日).
2. ``patterns.DURATIONS`` and ``patterns.SETS`` find durations, offsets
   (3年前, 2週間後, 6年ぶり) and frequencies.
3. Overlaps go to the longer candidate; candidates inside URLs, not on janome
   token boundaries (一時 in 統一時期, 分 in 3分の1) or made of a lexicalized
   kanji word (十分 "enough", 一時 "temporarily") are dropped.

The output is a list of ``Expr`` in document order, still unresolved; the
resolver (``resolve.py``) turns them into TIMEX3 values.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from hodo.records import Sentence, Token
from hodo.timex.numerals import parse_number
from hodo.timex.patterns import ATOMS, DURATIONS, SETS, URLS

# Order of the calendar slots an expression fills left to right.
_NEXT = {
    "Y": {"M", "P"},
    "M": {"D", "P"},
    "D": {"WD", "T", "TP"},
    "YMD": {"WD", "T", "TP"},
    "W": {"WD", "P"},  # 先週末, 来週前半
    "WD": {"T", "TP"},
    "TP": {"T"},     # a part of day (朝) may take a clock time (朝8時)
    "T": set(),
    "P": set(),
    "V": set(),
}
# Parts of day that stand alone as an expression (朝 alone is a time of the
# day being reported); the rest (夕, 晩, 昼) only after a date.
_STANDALONE_POD = {"午前中", "午前", "午後", "早朝", "未明", "正午", "夕方", "夕刻", "深夜", "朝", "夜", "朝方"}
# Words janome keeps whole that look like numeral + unit but are not times.
_LEXICAL_POS = ("名詞,副詞可能", "名詞,形容動詞語幹", "副詞", "形容動詞")


@dataclass
class Atom:
    start: int
    end: int
    kind: str  # Y, M, D, YMD, W, WD, T, TP, P
    g: dict  # the named groups that matched


@dataclass
class Expr:
    start: int
    end: int
    kind: str  # "CAL" (calendar atoms), "DUR" (duration/offset), "SET"
    atoms: list[Atom] = field(default_factory=list)
    g: dict = field(default_factory=dict)  # DUR/SET groups
    range_to: "Expr | None" = None  # second half of a calendar range (8月15日~17日)
    sentence_id: int = -1


#: Hiragana spellings of deictic words, read as their kanji forms.
KANA_DEICTICS = {"きょう": "今日", "あす": "明日", "あした": "明日", "きのう": "昨日", "おととい": "一昨日",
                 "あさって": "明後日", "ことし": "今年", "おととし": "一昨年", "けさ": "今朝", "ゆうべ": "昨夜"}
_KANA_GROUPS = {"krd": "rd", "kry": "ry", "krpod": "rpod"}


def _unkana(g: dict) -> dict:
    """The atom's groups with a hiragana deictic moved to its kanji group (きょう -> rd 今日)."""
    for kana, group in _KANA_GROUPS.items():
        if g.get(kana):
            g = dict(g)
            g[group] = KANA_DEICTICS[g[kana]]
    return g


def _atom_kind(g: dict) -> str | None:
    if g["era"] or g["yn"] or g["dec2"] or g["y2"] or g["y2s"] or g["ry"] or g["rys"]:
        return "Y"
    if g["sy"]:
        return "YMD"
    if g["vg"]:
        return "V"
    if g["mn"] or g["rm"]:
        return "M"
    if g["dn"] or g["rd"]:
        return "D"
    if g["rw"]:
        return "W"
    if g["wd"] or g["pwd"]:
        return "WD"
    if g["hh"] or g["ch"]:
        return "T"
    if g["rpod"]:
        return "D"  # 今朝 is a day with its part of day
    if g["pod"]:
        return "TP"
    if g["part"]:
        return "P"
    return None


def _num_ok(s: str | None, lo: int, hi: int) -> bool:
    if s is None:
        return True
    n = parse_number(s)
    return n is not None and lo <= n <= hi


def _atom_valid(g: dict) -> bool:
    return (_num_ok(g["mn"], 1, 12) and _num_ok(g["mn2"], 1, 12) and _num_ok(g["dn"], 1, 31)
            and _num_ok(g["dn2"], 1, 31) and _num_ok(g["hh"], 0, 24) and _num_ok(g["mi"], 0, 59)
            and _num_ok(g["eyn"], 1, 99) and (g["sy"] is None or (_num_ok(g["sm"], 1, 12) and _num_ok(g["sd"], 1, 31))))


def _gap_ok(gap: str, atom: Atom) -> bool:
    if gap == "" or gap in (" ", "\u3000"):
        return True
    return gap == "の" and atom.kind in ("T", "TP", "P")


def find_atoms(text: str) -> list[Atom]:
    out = []
    for m in ATOMS.finditer(text):
        g = _unkana(m.groupdict())
        kind = _atom_kind(g)
        if kind and _atom_valid(g):
            out.append(Atom(m.start(), m.end(), kind, g))
    return out


def chain_atoms(text: str, atoms: list[Atom]) -> list[Expr]:
    """Chain adjacent atoms into calendar expressions; join X~Y into ranges."""
    exprs: list[Expr] = []
    cur: Expr | None = None
    for a in atoms:
        if cur is not None:
            last = cur.atoms[-1]
            gap = text[cur.end:a.start]
            if a.start >= cur.end and a.kind in _NEXT[last.kind] and _gap_ok(gap, a) and not (
                    a.kind == "T" and last.kind == "TP" and a.g["ap"]):
                cur.atoms.append(a)
                cur.end = a.end
                continue
            exprs.append(cur)
        cur = Expr(a.start, a.end, "CAL", [a])
    if cur is not None:
        exprs.append(cur)
    # ranges: 8月15日~17日, 2024年~2025年, 午前9時~午後5時
    out: list[Expr] = []
    for e in exprs:
        if out:
            prev = out[-1]
            if (prev.range_to is None and text[prev.end:e.start].strip(" \u3000") in ("~", "\u301c")
                    and _rank(e.atoms[0].kind) >= _rank(prev.atoms[0].kind)
                    and _kinds_compatible(prev, e)):
                prev.range_to = e
                prev.end = e.end
                continue
        out.append(e)
    return out


_RANKS = {"Y": 0, "YMD": 0, "V": 1, "M": 1, "D": 2, "W": 2, "WD": 3, "TP": 4, "T": 4, "P": 5}


def _rank(kind: str) -> int:
    return _RANKS[kind]


def _kinds_compatible(a: Expr, b: Expr) -> bool:
    ta = any(x.kind in ("T", "TP") for x in a.atoms)
    tb = any(x.kind in ("T", "TP") for x in b.atoms)
    return ta == tb and a.atoms[-1].kind != "P" and b.atoms[0].kind not in ("P", "WD")


_FRACTION = re.compile(r"の[\d〇一二三四五六七八九十百千]")


def find_durations(text: str) -> list[Expr]:
    out = []
    for m in DURATIONS.finditer(text):
        g = m.groupdict()
        end = m.end()
        if g["fixed"]:
            out.append(Expr(m.start(), end, "DUR", g=g))
            continue
        unit, rel = g["unit"], g["rel"]
        n = g["n"]
        nxt = text[end:end + 1]
        if unit == "年" and not rel:
            v = parse_number(n) if n not in ("数", "十数", "数十") else 0
            if v is None or v >= 1000 or (nxt and nxt in "月度代生目次制"):
                continue
        if unit == "日" and not rel:
            v = parse_number(n) if n not in ("数", "十数", "数十") else None
            if v is None or v <= 31:
                continue  # a day of the month (8日), not a duration
        if unit == "週" and not rel:
            continue  # 第3週, 2週連続: not a plain duration
        if unit == "分" and not rel and _FRACTION.match(text, end):
            continue  # 3分の1 is a fraction
        if "." in n and "." in text[end:end + 1]:
            continue
        prev = out[-1] if out else None
        if (prev is not None and prev.end == m.start() and not prev.g["fixed"] and _compoundable(prev.g, g)):
            prev.g.setdefault("more", []).append(g)  # 2分23秒, 1時間30分, 1年2カ月
            prev.end = end
            continue
        out.append(Expr(m.start(), end, "DUR", g=g))
    return out


_UNIT_ORDER = {"年": 7, "月": 6, "週": 5, "日": 4, "時": 3, "分": 2, "秒": 1}


def _unit_rank(unit: str) -> int:
    for k, v in _UNIT_ORDER.items():
        if k in unit:
            return v
    return 0


def _compoundable(a: dict, b: dict) -> bool:
    last = a["more"][-1] if a.get("more") else a
    return (not last["rel"] and not last["n2"] and not last["half"] and not b["n2"] and not b["fixed"]
            and last["n"] not in ("数", "十数", "数十") and _unit_rank(last["unit"]) > _unit_rank(b["unit"]) > 0)


def find_sets(text: str) -> list[Expr]:
    return [Expr(m.start(), m.end(), "SET", g=m.groupdict()) for m in SETS.finditer(text)]


def _pick(cands: list[Expr]) -> list[Expr]:
    """Non-overlapping candidates, the earliest-starting longest first."""
    cands.sort(key=lambda e: (e.start, -(e.end - e.start)))
    out: list[Expr] = []
    end = -1
    for e in cands:
        if e.start >= end:
            out.append(e)
            end = e.end
    return out


class _Boundaries:
    """Token boundaries of a sentence, built only for sentences that have candidates."""

    def __init__(self, tokens: list[list[Token]]):
        self.tokens = tokens
        self.cache: dict[int, tuple[set, set, dict]] = {}

    def get(self, sid: int):
        b = self.cache.get(sid)
        if b is None:
            toks = self.tokens[sid] if 0 <= sid < len(self.tokens) else []
            b = ({t.start_char for t in toks}, {t.end_char for t in toks}, {t.start_char: t for t in toks})
            self.cache[sid] = b
        return b


_KANJI_ONLY_NUM = re.compile(r"[〇一二三四五六七八九十百千]")


def _lexicalized(e: Expr, text: str, by_start: dict) -> bool:
    """十分, 一時, 一日 as janome's one-word adverbs/nouns: not a duration or time."""
    t = by_start.get(e.start)
    if t is None or not _KANJI_ONLY_NUM.match(text[e.start]):
        return False
    if e.kind == "CAL":
        g = e.atoms[0].g
        if not (g.get("dn") or g.get("hh")):
            return False  # 一月 (January), 一昨日 are janome words too, and dates
    return t.end_char <= e.end and t.pos.startswith(_LEXICAL_POS)


def find_expressions(text: str, sentences: list[Sentence], tokens: list[list[Token]]) -> list[Expr]:
    cands = chain_atoms(text, find_atoms(text)) + find_durations(text) + find_sets(text)
    cands = [c for c in cands if _standalone_ok(c)]
    picked = _pick(cands)
    if not picked:
        return []
    urls = [(m.start(), m.end()) for m in URLS.finditer(text)] if ("http" in text or "www." in text) else []
    starts = [s.start_char for s in sentences]
    bounds = _Boundaries(tokens)
    out = []
    for e in picked:
        if any(a <= e.start < b for a, b in urls):
            continue
        sid = bisect_right(starts, e.start) - 1
        if sid < 0 or e.end > sentences[sid].end_char:
            continue
        tstarts, tends, by_start = bounds.get(sid)
        if tstarts and (e.start not in tstarts or not _end_ok(text, e.end, tends)):
            continue
        if tstarts and _lexicalized(e, text, by_start):
            continue
        if e.kind == "CAL" and not _cal_ok(e):
            continue
        e.sentence_id = sentences[sid].sentence_id
        out.append(e)
    return out


def _end_ok(text: str, end: int, tends: set) -> bool:
    # janome reads 30分の会談 as 30 / 分の / 会談 (as in 3分の1); the fraction itself
    # was already rejected, so 分 may end inside that token.
    # janome groups runs of symbols into one token (")、" after 9月3日(水)): a closing bracket ends too.
    return end in tends or text[end - 1] == ")" or (
        text.startswith("の", end) and end + 1 in tends and text[end - 1] == "分")


def _standalone_ok(e: Expr) -> bool:
    if e.kind != "CAL":
        return True
    kinds = [a.kind for a in e.atoms]
    if kinds == ["P"]:
        return False
    if kinds == ["WD"] and e.atoms[0].g["pwd"]:
        return False
    if kinds == ["TP"] and e.atoms[0].g["pod"] not in _STANDALONE_POD:
        return False
    if e.atoms[-1].kind == "P":
        # a part needs a year or a month before it (今年後半, 8月上旬)
        if len(e.atoms) < 2:
            return False
    return True


def _cal_ok(e: Expr) -> bool:
    if len(e.atoms) == 1 and e.atoms[0].g.get("dn") == "一" and e.range_to is None:
        return False  # 一日も早く, 一日中: "one day", not the 1st (written 1日 in news)
    for a in e.atoms + (e.range_to.atoms if e.range_to else []):
        g = a.g
        if g.get("hh") and not g.get("ap") and not g.get("mi") and not g.get("half"):
            if not g["hh"].isascii():
                return False  # 一時, 三時 alone: too often not a clock time
    return True
