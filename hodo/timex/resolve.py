"""Resolve found expressions to TIMEX3 values against the publication date and the text.

Expressions are resolved in document order, and each resolved date becomes
a *frame* that later expressions may lean on:

- a day-level date (8月15日, 昨日) frames the rest of the document: a bare
  day (16日) or month-day (11月9日) takes its month/year from the latest one;
  同日/当日/翌日/前日 count from it;
- a month-level date with a year (2025年2月) frames its paragraph only;
- a year alone (2019年) frames its sentence only: a year mentioned in passing
  (2019年以来) does not move the story to 2019.

A month-day with no frame takes the year that puts it nearest the
publication date, excluding the future when the sentence is in the past tense
(and the far past when it announces a plan). Deictic words (今日, 昨年,
来週...) count from the publication date, except inside a quotation, where
they count from the day being reported when that day is within the week
before publication (「今日」 in a speech quoted the next morning).
Weekdays take the matching day nearest the publication date, in the past or
future as the sentence's tense says. Without a publication date, whatever
depends on it keeps X: XXXX-08-15.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from hodo.sections import opens_line, section_of, section_starts
from hodo.timex.numerals import parse_number
from hodo.timex.patterns import ERAS
from hodo.timex.tagger import Atom, Expr

_POD = {
    "午前中": "MO", "午前": "MO", "朝": "MO", "早朝": "MO", "朝方": "MO", "明朝": "MO", "今朝": "MO",
    "昨朝": "MO", "昼前": "MO", "昼": "MI", "午後": "AF", "昼過ぎ": "AF",
    "夕方": "EV", "夕刻": "EV", "夕": "EV", "今夕": "EV", "夜": "NI", "晩": "NI", "深夜": "NI",
    "夜半": "NI", "未明": "NI", "今夜": "NI", "今晩": "NI", "昨夜": "NI", "昨晩": "NI", "明晩": "NI",
}
_RPOD_DAY = {"今朝": 0, "今夜": 0, "今晩": 0, "今夕": 0, "昨夜": -1, "昨晩": -1, "昨朝": -1, "明朝": 1, "明晩": 1}
_REL_YEAR = {"今年": 0, "本年": 0, "昨年": -1, "去年": -1, "来年": 1, "一昨年": -2, "再来年": 2}
_ANAPHORIC_YEAR = {"同年": 0, "前年": -1, "翌年": 1, "翌々年": 2}
_REL_MONTH = {"今月": 0, "先月": -1, "来月": 1, "先々月": -2, "再来月": 2}
_ANAPHORIC_MONTH = {"同月": 0, "前月": -1, "翌月": 1}
_REL_DAY = {"今日": 0, "本日": 0, "昨日": -1, "明日": 1, "一昨日": -2, "明後日": 2}
#: A plan reported in the past tense (…に行うと発表した): the date is ahead all the same.
_PLAN_IN_CLAUSE = re.compile(r"[うくすつぬむる]と(?:発表|述べ|明らかに|語|伝え|表明)|予定|方針|見通し|意向|方向で")
#: A line dating the page rather than the story (最終更新 2025年3月14日, 2025/03/14 配信).
_PAGE_DATE_LINE = re.compile(r"最終更新|更新日|更新:|配信|投稿日|公開日|掲載日")
_ANAPHORIC_DAY = {"同日": 0, "当日": 0, "翌日": 1, "前日": -1, "翌々日": 2}
#: An anaphoric day followed by the day it is (前日の13日).
_NAMED_DAY = re.compile(r"の(\d{1,2})日")
_REL_WEEK = {"今週": 0, "先週": -1, "来週": 1, "先々週": -2, "再来週": 2}
_ANAPHORIC_WEEK = {"同週": 0, "翌週": 1, "前週": -1}
_WEEKDAY = {c: i for i, c in enumerate("月火水木金土日")}
_SEASON = {"春": "SP", "夏": "SU", "秋": "FA", "冬": "WI"}
_HALF = {"前半": "H1", "上半期": "H1", "後半": "H2", "下半期": "H2"}

_FUTURE = re.compile(r"予定|見通し|方針|見込み|計画|つもり|だろう|でしょう|意向|調整|に向け|(?<!て[いお])(?<![とに]な)る[。」]|へ[。」]")
_PAST = re.compile(r"(?:た|だ)(?:[。」、』)]|と|が|ため|こと|もの|$)|でした|ました|だった")
_PROPOSED = re.compile(r"(?:る|う|く|ぶ)よう(?:に)?(?:提案|要請|求め|呼びかけ|促|要求)")
_VERB_END = re.compile(r"(?:[るたいうくすつぬむぶぐだ]|です|ます|ません)[」』)]?。$")
_FUTURE_END = re.compile(r"(?:予定|見通し|方針|見込み|計画|つもり|意向|方向)(?:だ|です|である)?[。」]?$|"
                         r"(?:調整している|調整中だ?|(?:予定|見通し|方針|計画|方向)(?:と|に)なっている)[。」]?$")
_PAST_END = re.compile(r"(?:た|でした|ました|だった)(?:と(?:いう|している|した|述べた|語った|発表した))?[。」]?$")
_ONGOING_END = re.compile(r"(?:ている|ています)[。」]?$")


#: What makes a date a point of reference rather than the time of the story: 以来/以降 right after
#: it, or after a short noun phrase (2022年2月24日の侵攻開始以来).
_TIME_END_CHARS = set("0123456789日時分半前後夜朝昼晩明")
_SINCE_AFTER = re.compile(r"(?:の[^、。「」]{0,10}?)?(?:以来|以降|ぶり)|に続(?:き|いて|く)")


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _valid_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


class Resolver:
    def __init__(self, text: str, published: date | None):
        self.text = text
        self.pub = published
        # frames: (pos, gran 'D'|'M'|'Y', y, m, d, paragraph, sentence, month named relatively)
        self.frames: list[tuple] = []
        self._relative_month = False  # the expression being resolved names its month as 先月/来月
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._quotes = self._quote_spans(text)
        self._background = False  # the expression being resolved is a point of reference (以来)
        self._sections = section_starts(text)
        # A story of its publication year names that year somewhere (its dateline, usually); an article
        # on an old event (a wiki page on the 2019 summit) does not, and its own dates frame what follows.
        years = re.findall(r"(?<!\d)((?:19|20)\d\d)(?:年|[/.\-]\d)", text)
        # (a site's 最終更新/配信 line names when the page changed, not what it is about)
        head = "\n".join(line for line in text.split("\n", 6)[:6] if not _PAGE_DATE_LINE.search(line))
        # (an old event is named again and again: 2019年 three times or more, the publication year never)
        self._current_story = published is None or not years or str(published.year) in head or (
            years.count(str(published.year)) >= max(years.count(y) for y in set(years))) or (
            str(published.year) not in years and max(years.count(y) for y in set(years)) < 3)
        self._pos = 0  # start of the expression being resolved
        self._sid = -1  # and its sentence

    # ------------------------------------------------------------------ context
    @staticmethod
    def _quote_spans(text: str) -> list[tuple[int, int]]:
        spans, depth, start = [], 0, 0
        for m in re.finditer(r"[「」\n]", text):
            c = m.group()
            if c == "「":
                if depth == 0:
                    start = m.start()
                depth += 1
            elif c == "」" and depth:
                depth -= 1
                if depth == 0:
                    spans.append((start, m.end()))
            elif c == "\n":
                depth = 0
        return spans

    def _in_quote(self, pos: int) -> bool:
        i = bisect_right(self._quotes, (pos, 10**12)) - 1
        return i >= 0 and self._quotes[i][0] <= pos < self._quotes[i][1]

    def _heads_section(self, frame_pos: int, pos: int) -> bool:
        """Whether frame_pos is on the heading line of the section pos is in (■シンガポール（2018年）)."""
        k = section_of(self._sections, pos)
        if k == 0 or section_of(self._sections, frame_pos) != k:
            return False
        heading_end = self.text.find("\n", self._sections[k - 1])
        return frame_pos < heading_end or heading_end < 0

    def _in_gloss(self, pos: int) -> bool:
        """Inside a parenthesis glossing a time (16日午前(日本時間17日未明)): not the story's time."""
        opened = self.text.rfind("(", max(0, pos - 12), pos)
        return opened > 0 and ")" not in self.text[opened:pos] and self.text[opened - 1] in _TIME_END_CHARS

    def _para(self, pos: int) -> int:
        return bisect_right(self._newlines, pos)

    def _tense(self, end: int, follow: bool = True) -> str | None:
        stop = len(self.text)
        for ch in "。\n":
            k = self.text.find(ch, end, end + 120)
            if k >= 0:
                stop = min(stop, k + 1)
        tail = self.text[end:min(stop, end + 120)]
        if follow and tail.endswith("。") and not _VERB_END.search(tail):
            # a sentence stopped on a noun (20日、大統領と会談。) takes the tense of the next one
            nxt = self._tense(stop, follow=False)
            if nxt:
                return nxt
        # the clause's last predicate decides: 28日、物価見通しを公表した is past; …する見通しだ future
        last = tail.rstrip(" \u3000\n")[-12:]
        if _FUTURE_END.search(last) or _PROPOSED.search(tail):
            return "future"  # (…に開くよう提案した: the proposed day is ahead)
        if _PAST_END.search(last) or self.text.startswith("から", end) and _ONGOING_END.search(last):
            return "past"  # (17日から訪問している: begun before now)
        if _FUTURE.search(tail):
            return "future"
        if _PAST.search(tail):
            return "past"
        return None

    def _frame(self, pos: int, sid: int, need: str) -> tuple | None:
        """The latest frame valid at pos; need 'M' (month known) or 'Y' (year known)."""
        para = self._para(pos)
        for f in reversed(self.frames[-60:]):
            _, gran, y, m, d, fpara, fsid, relative = f
            if need == "M" and relative:
                continue  # 先月30日 …13日: a month said as 先月 is that date's, the next bare day is this month's
            if (gran == "D" and self._day_frame_reaches(f, para, 0 if need == "M" else 2, need)) or (gran == "M" and fpara == para) or (
                    gran == "Y" and (fsid == sid or self._heads_section(f[0], pos))):
                if need == "M" and gran == "Y":
                    continue
                return f
        return None

    def _day_frame_reaches(self, f: tuple, para: int, reach: int, need: str) -> bool:
        """A day frame near publication holds for the whole document; a distant one only
        within ``reach`` paragraphs (its own for a bare day, two more for a month-day).
        A frame in another section (a digest's previous ■ item) gives a bare day its month
        only in the month of publication: news writes a day of another month with its month.

        (A story about the 8th may go on about 9日 pages later; a date mentioned in
        passing, 2024年1月1日をもって消滅した, does not set the month of the next 8日,
        while 11月9日 right after 2024年11月7日 is in 2024; 先月31日 in one item of a
        digest does not put the next item's 17日 in last month, while 4月2日 in a story's
        first paragraph does put its third paragraph's 7日 in April.)
        """
        if self.pub is not None and reach == 0 and f[6] != self._sid and self._current_story \
                and abs((date(f[2], f[3], f[4]) - self.pub).days) > 45:
            return False  # 2022年2月24日に侵攻を開始した。…2日、: a distant date sets no later sentence's month
        if para - f[5] <= reach or self.pub is None or not self._current_story:
            return True  # (an article on an old event: its dates hold throughout)
        if need == "M" and (f[2], f[3]) != (self.pub.year, self.pub.month) \
                and section_of(self._sections, f[0]) != section_of(self._sections, self._pos):
            return False
        return abs((date(f[2], f[3], f[4]) - self.pub).days) <= 45

    def _clause(self, end: int) -> str:
        """The rest of the sentence after ``end``."""
        stop = self.text.find("。", end)
        return self.text[end:stop if stop >= 0 else len(self.text)]

    def _day_frame(self, keep=None) -> date | None:
        for f in reversed(self.frames[-60:]):
            if f[1] == "D" and (keep is None or keep(f)):
                return date(f[2], f[3], f[4])
        return None

    def _year_frame(self) -> int | None:
        return self.frames[-1][2] if self.frames else None

    def _base(self, pos: int) -> date | None:
        """The 'now' of deictic words at pos (in an article on an old event: the day it last named)."""
        if self.pub is None:
            return None
        if not self._current_story:
            d = self._day_frame()
            if d is not None:
                return d
        if self._in_quote(pos):
            d = self._day_frame()
            if d and self.pub - timedelta(days=7) <= d <= self.pub:
                return d
        return self.pub

    def _push(self, pos: int, sid: int, gran: str, y: int, m: int = 0, d: int = 0) -> None:
        if self._background:
            return  # 2023年3月以来, 2022年2月24日の侵攻開始以降: a point of reference, not the story's time
        self.frames.append((pos, gran, y, m, d, self._para(pos), sid, self._relative_month))

    # ------------------------------------------------------------------ resolution
    def resolve(self, e: Expr) -> tuple[str, str] | None:
        """(timex_type, value) for an expression, or None to drop it."""
        if e.kind == "DUR":
            return self._duration(e)
        if e.kind == "SET":
            return self._set(e)
        if e.atoms[0].kind == "V":
            self._pos, self._sid = e.start, e.sentence_id
            named = _NAMED_DAY.match(self.text, e.end)
            if named is not None and self.pub is not None and e.atoms[0].g["vg"] in ("週明け", "週末", "月末"):
                # 週明けの1日: the day it names
                y, m, d = self._fill_day(e.start, e.sentence_id, e.end, None, int(named.group(1)))
                if isinstance(y, int) and _valid_date(y, m, d):
                    return "DATE", f"{y:04d}-{m:02d}-{d:02d}"
            return self._vague(e.atoms[0].g["vg"])
        first = self._calendar(e, e.atoms)
        if first is None:
            return None
        if e.range_to is None:
            return first
        second = self._calendar(e.range_to, e.range_to.atoms)
        if second is None or second[0] != first[0]:
            return first
        return first[0], f"{first[1]}/{second[1]}"

    def _calendar(self, e: Expr, atoms: list[Atom]) -> tuple[str, str] | None:
        pos, sid = e.start, e.sentence_id
        self._pos, self._sid = pos, sid
        self._background = bool(_SINCE_AFTER.match(self.text, e.end)) or self._in_gloss(pos)
        self._relative_month = False
        y = m = d = None  # ints, or "X" when unknowable
        y_end = m_end = d_end = None  # for 7~9月, 15~17日, 2024~2025年
        week: date | None | str = None
        weekday = None
        hour = minute = None
        pod = None
        suffix = None  # H1/H2, SP.., decade
        gran = None
        for a in atoms:
            g = a.g
            if a.kind == "Y":
                if g["era"]:
                    n = parse_number(g["eyn"])
                    y = ERAS[g["era"]] + n - 1
                elif g["yn"]:
                    y = parse_number(g["yn"])
                    if g["yn2"]:
                        y_end = parse_number(g["yn2"])
                    if g["ysuf"] == "代":
                        suffix = "decade"
                elif g["dec2"]:
                    n = int(g["dec2"])
                    ref = self.pub.year if self.pub else 2000
                    y = 2000 + n if 2000 + n <= ref else 1900 + n
                    suffix = "decade"
                elif g["y2"] or g["y2s"]:
                    n = int(g["y2"] or g["y2s"])
                    ref = self.pub.year if self.pub else 2000
                    y = 2000 + n if 2000 + n <= ref + 5 else 1900 + n
                elif g["ry"]:
                    w = g["ry"]
                    if w in _REL_YEAR:
                        b = self._base(pos)
                        # a fiscal year (今年度) runs April to March: in January-March it began last year
                        fiscal = g.get("ryfy") and b is not None and b.month < 4
                        y = b.year + _REL_YEAR[w] - (1 if fiscal else 0) if b else "X"
                    else:
                        fy = self._year_frame()
                        if fy is None:
                            b = self._base(pos)
                            fy = b.year if b else None
                        y = fy + _ANAPHORIC_YEAR[w] if fy is not None else "X"
                elif g["rys"]:
                    b = self._base(pos)
                    off = {"今": 0, "昨": -1, "来": 1}[g["rys"][0]]
                    y = b.year + off if b else "X"
                    suffix = _SEASON[g["rys"][1]]
                gran = "Y"
            elif a.kind == "YMD":
                y, m, d = int(g["sy"]), int(g["sm"]), int(g["sd"])
                gran = "D"
            elif a.kind == "M":
                if g["mn"]:
                    m = parse_number(g["mn"])
                    if g["mn2"]:
                        m_end = parse_number(g["mn2"])
                else:
                    w = g["rm"]
                    if w in _REL_MONTH:
                        b = self._base(pos)
                        self._relative_month = _REL_MONTH[w] != 0
                        if b:
                            y, m = _add_months(b.year, b.month, _REL_MONTH[w])
                        else:
                            y, m = "X", "X"
                    else:
                        # 同月/翌月 point back at the last month named, however far back it lies
                        f = next((fr for fr in reversed(self.frames[-60:]) if fr[1] in ("D", "M")), None)
                        if f:
                            y, m = _add_months(f[2], f[3], _ANAPHORIC_MONTH[w])
                        elif self.pub:
                            y, m = _add_months(self.pub.year, self.pub.month, _ANAPHORIC_MONTH[w])
                        else:
                            y, m = "X", "X"
                gran = "M"
            elif a.kind == "D":
                if g["dn"]:
                    d = parse_number(g["dn"])
                    if g["dn2"]:
                        d_end = parse_number(g["dn2"])
                else:
                    w = g["rd"] or g["rpod"]
                    if w in _REL_DAY or w in _RPOD_DAY:
                        b = self._base(pos)
                        off = _REL_DAY.get(w, _RPOD_DAY.get(w, 0))
                        dd = b + timedelta(days=off) if b else None
                    elif (named := _NAMED_DAY.match(self.text, e.end)) is not None and self.pub is not None:
                        # 前日の13日: the day it names, not the one before the last date
                        dd = _valid_date(*self._fill_day(pos, sid, e.end, None, int(named.group(1))))
                    else:
                        f = self._day_frame() or self.pub
                        dd = f + timedelta(days=_ANAPHORIC_DAY[w]) if f else None
                    if dd:
                        y, m, d = dd.year, dd.month, dd.day
                    else:
                        y = m = d = "X"
                    if g["rpod"]:
                        pod = _POD[g["rpod"]]
                gran = "D"
            elif a.kind == "W":
                w = g["rw"]
                if w in _REL_WEEK:
                    b = self._base(pos)
                    week = b + timedelta(weeks=_REL_WEEK[w]) if b else "X"
                else:
                    f = self._day_frame() or self.pub
                    week = f + timedelta(weeks=_ANAPHORIC_WEEK[w]) if f else "X"
                gran = "W"
            elif a.kind == "WD":
                weekday = _WEEKDAY[g["wd"] or g["pwd"]]
                if g["wd"] and gran is None:
                    gran = "WD"
            elif a.kind == "T":
                if g["hh"]:
                    h = parse_number(g["hh"])
                    mi = parse_number(g["mi"]) if g["mi"] else (30 if g["half"] else 0)
                    ap = g["ap"] or (pod_word if (pod_word := _last_pod_word(atoms, a)) else None)
                    if ap in ("午後", "夜", "夕方", "晩", "夕") and h < 12:
                        h += 12
                    elif ap in ("午前", "朝") and h == 12:
                        h = 0
                    hour, minute = h, mi
                else:
                    hour, minute = int(g["ch"]), int(g["cm"])
                pod = None
            elif a.kind == "TP":
                if g["pod"] == "正午":  # noon is a clock time: 11日正午 is 11 12:00
                    hour, minute, pod = 12, 0, None
                else:
                    pod = _POD[g["pod"]]
            elif a.kind == "P":
                p = g["part"]
                if gran == "Y":
                    suffix = _HALF.get(p) or _SEASON.get(p) or ("12" if p == "末" else None) or suffix
                elif gran == "W" and p == "末":
                    suffix = "WE"  # 先週末: the weekend of that week
                # 上旬, 末, 8月前半 keep the month's value (年末 is December, 先週末 a weekend)
        if hour is not None and hour > 24:
            return None

        # fill in what the expression leaves to the context
        b = self._base(pos)
        if gran == "W" or (gran == "WD" and week is None):
            if gran == "WD":
                if b is None:
                    return self._emit_time("DATE", f"XXXX-WXX-{weekday + 1}", hour, minute, pod)
                dd = self._weekday(b, weekday, self._weekday_tense(e))
                y, m, d = dd.year, dd.month, dd.day
                gran = "D"
            else:
                if week == "X":
                    v = "XXXX-WXX" if weekday is None else f"XXXX-WXX-{weekday + 1}"
                    return self._emit_time("DATE", v, hour, minute, pod)
                if weekday is not None:
                    dd = week - timedelta(days=week.weekday()) + timedelta(days=weekday)
                    y, m, d = dd.year, dd.month, dd.day
                    gran = "D"
                else:
                    return "DATE", _week_value(week) + ("-WE" if suffix == "WE" else "")
        if gran is None:
            # a clock time or part of day alone: the day being reported; a time heading a line
            # (a live blog's ▼午後3時20分) is on the day of the last dated heading, or published
            f = (self._day_frame(lambda fr: opens_line(self.text, fr[0])) or self.pub) if opens_line(self.text, pos) \
                else self._day_frame() or b
            if f is None:
                return self._emit_time("TIME", "XXXX-XX-XX", hour, minute, pod)
            y, m, d = f.year, f.month, f.day
            gran = "D"
        if gran == "D" and y is None:
            y, m, d = self._fill_day(pos, sid, e.end, m, d)
        elif gran == "M" and y is None:
            y = self._fill_year(pos, sid, e.end, m, None)
        # value
        if y == "X" or y is None:
            ys = "XXXX"
        else:
            ys = f"{y:04d}"
        if gran == "Y":
            if suffix == "decade":
                v = ys[:3]
                v_end = f"{y_end:04d}"[:3] if y_end else None
            else:
                v = ys + (f"-{suffix}" if suffix else "")
                v_end = f"{y_end:04d}" if y_end else None
            if isinstance(y, int):
                self._push(pos, sid, "Y", y)
            return "DATE", v + (f"/{v_end}" if v_end else "")
        ms = "XX" if m in (None, "X") else f"{m:02d}"
        if gran == "M":
            v = f"{ys}-{ms}"
            if m_end:
                ye = y + (1 if isinstance(y, int) and m_end < m else 0) if isinstance(y, int) else y
                v += f"/{ys if not isinstance(ye, int) else f'{ye:04d}'}-{m_end:02d}"
            if isinstance(y, int) and isinstance(m, int):
                self._push(pos, sid, "M", y, m)
            return "DATE", v
        ds = "XX" if d in (None, "X") else f"{d:02d}"
        if isinstance(y, int) and isinstance(m, int) and isinstance(d, int):
            if _valid_date(y, m, d) is None:
                return None
            self._push(pos, sid, "D", y, m, d)
        v = f"{ys}-{ms}-{ds}"
        if d_end and (hour is None and pod is None):
            if isinstance(y, int) and isinstance(m, int) and _valid_date(y, m, d_end):
                return "DATE", f"{v}/{ys}-{ms}-{d_end:02d}"
            return "DATE", f"{v}/{ys}-{ms}-{d_end:02d}" if not isinstance(y, int) else v
        return self._emit_time("DATE", v, hour, minute, pod)

    def _vague(self, word: str) -> tuple[str, str] | None:
        """年内, 年明け, 週明け...: spans reckoned from publication (year, month or week values)."""
        b = self._base(self._pos) if self.pub else None
        if b is None:
            return None
        if word == "年内":
            return "DATE", f"{b.year:04d}"
        if word in ("年末", "大みそか"):
            return "DATE", f"{b.year:04d}-12" + ("-31" if word == "大みそか" else "")
        if word in ("年明け", "元日"):
            y = b.year + (1 if b.month >= 7 else 0)  # 年明けにも said in autumn is next January
            return "DATE", f"{y:04d}-01" + ("-01" if word == "元日" else "")
        if word in ("月内", "月末"):
            return "DATE", f"{b.year:04d}-{b.month:02d}"
        if word == "週末":
            return "DATE", _week_value(b) + "-WE"
        return "DATE", _week_value(b + timedelta(weeks=1))  # 週明け: the start of next week

    @staticmethod
    def _emit_time(dtype: str, day_value: str, hour, minute, pod) -> tuple[str, str]:
        if hour is not None:
            if not re.fullmatch(r"[0-9X]{4}-[0-9X]{2}-[0-9X]{2}", day_value):
                return dtype, day_value
            return "TIME", f"{day_value}T{hour:02d}:{minute:02d}"
        if pod:
            if not re.fullmatch(r"[0-9X]{4}-[0-9X]{2}-[0-9X]{2}", day_value):
                return dtype, day_value
            return "TIME", f"{day_value}T{pod}"
        return dtype, day_value

    def _weekday_tense(self, e: Expr) -> str | None:
        before = self.text[max(0, e.start - 3):e.start]
        if before.endswith(("次の", "今度の")):
            return "next"
        if before.endswith("来る"):
            return "future"
        if before.endswith(("先の", "去る", "前の")):
            return "past"
        return self._tense(e.end)

    def _weekday(self, base: date, wd: int, tense: str | None) -> date:
        back = (base.weekday() - wd) % 7
        past = base - timedelta(days=back)
        future = base + timedelta(days=(wd - base.weekday()) % 7)
        if tense == "past":
            return past
        if tense == "future":
            return future
        if tense == "next":  # 次の金曜日 said on a Friday: a week later
            return future if future > base else future + timedelta(days=7)
        return past if (base - past) <= (future - base) else future

    @staticmethod
    def _candidates_near(ref: date, tense: str | None, cands: list[tuple[date, date]]) -> tuple[date, date]:
        """The candidate span nearest ref; the past tense rules out the future and vice versa."""
        week = timedelta(days=7)
        if tense == "past":
            cands = [c for c in cands if c[0] <= ref + timedelta(days=1)] or cands  # (a day's slack: time zones)
        elif tense == "future":
            cands = [c for c in cands if c[1] >= ref] or cands
        elif any(c[1] - c[0] > week for c in cands):
            # a month (or longer) with no year and no tense is of the year of publication
            # (9月の総裁選 in a March story), unless the nearest one holds the present
            same = [c for c in cands if c[0].year == ref.year]
            if same and not any(c[0] <= ref <= c[1] for c in cands):
                return same[0]
        return min(cands, key=lambda c: 0 if c[0] <= ref <= c[1] else min(abs((c[0] - ref).days),
                                                                          abs((c[1] - ref).days)))

    def _fill_day(self, pos, sid, end, m, d):
        """Year (and month for a bare day) of a day-level expression from its context."""
        if m is None and self.text[pos - 1:pos] == "翌" and (last := self._day_frame()) is not None:
            # 翌23日: the day after the last date named, however far back it lies
            y2, m2 = (last.year, last.month) if d > last.day else _add_months(last.year, last.month, 1)
            return (y2, m2, d) if _valid_date(y2, m2, d) else ("X", "X", d)
        if m is None:  # 16日: month and year of the frame
            f = self._frame(pos, sid, "M")
            if f:
                fy, fm, fd = f[2], f[3], f[4]
                if f[1] == "M":
                    return (fy, fm, d) if _valid_date(fy, fm, d) else ("X", "X", d)
                ref = date(fy, fm, fd)
                same = _valid_date(fy, fm, d)
                if same and abs((same - ref).days) <= 20:
                    return fy, fm, d
                cands = [c for k in (-1, 0, 1) if (c := _valid_date(*_add_months(fy, fm, k), d))]
                c = min(cands, key=lambda c: abs((c - ref).days))
                return c.year, c.month, c.day
            if self.pub is None:
                return "X", "X", d
            ref = self.pub
            cands = [c for k in (-1, 0, 1) if (c := _valid_date(*_add_months(ref.year, ref.month, k), d))]
            same = _valid_date(ref.year, ref.month, d)
            tense = self._tense(end)
            if same and (tense != "past" or same <= ref + timedelta(days=1)) and abs((same - ref).days) <= 20:
                return ref.year, ref.month, d
            c = self._candidates_near(ref, tense, [(c, c) for c in cands])[0]
            return c.year, c.month, c.day
        return self._fill_year(pos, sid, end, m, d), m, d

    def _fill_year(self, pos, sid, end, m, d):
        """The year of a month-day (d) or a month (d None) from the frame or the publication date."""
        def span(y):
            if d is None:
                return (date(y, m, 1), _valid_date(*_add_months(y, m, 1), 1) - timedelta(days=1))
            c = _valid_date(y, m, d)
            return (c, c) if c else None

        f = self._frame(pos, sid, "Y")
        if f:
            fy = f[2]
            if f[1] == "M" and m < f[3] and (self.pub is None or span(fy + 1) and
                                              span(fy + 1)[0] <= self.pub + timedelta(days=7)):
                return fy + 1  # 昨年12月に…、1月15日に: the story went on into the new year
            if f[1] != "D":
                return fy
            ref = date(fy, f[3], f[4])
            cands = [(y, s) for y in (fy - 1, fy, fy + 1) if (s := span(y))]
            same = span(fy)
            if not cands or (same and abs((same[0] - ref).days) <= 183):
                y = fy
            else:
                y = min(cands, key=lambda c: abs((c[1][0] - ref).days))[0]
            if d is not None and self.pub is not None and span(y) and span(y)[0] > self.pub + timedelta(days=1) \
                    and span(y - 1) and self._tense(end) == "past" and not _PLAN_IN_CLAUSE.search(self._clause(end)):
                return y - 1  # 1月17日に電話で会談した, written in November: last January, not next
            return y
        if self.pub is None:
            return "X"
        ref = self.pub
        spans = [s for y in (ref.year - 1, ref.year, ref.year + 1) if (s := span(y))]
        if not spans:
            return ref.year
        return self._candidates_near(ref, self._tense(end), spans)[0].year

    # ------------------------------------------------------------------ durations
    def _duration(self, e: Expr) -> tuple[str, str] | None:
        g = e.g
        if g["fixed"]:
            f = g["fixed"]
            v = {"四半世紀": "P25Y", "半世紀": "P50Y", "半年": "P6M", "半年間": "P6M"}[f]
            rel = g["frel"]
            if rel in ("前", "後"):
                return self._offset(e, "M" if "年" in f and "世紀" not in f else "Y",
                                    6 if f.startswith("半年") else (25 if f == "四半世紀" else 50), rel)
            return "DURATION", v
        if g.get("more"):
            return self._compound(e, [g] + g["more"])
        code = _code(g["unit"])
        n1 = _qty(g["n"])
        n2 = _qty(g["n2"]) if g["n2"] else None
        if n1 is None or (g["n2"] and n2 is None):
            return None
        half = bool(g["half"])
        rel = g["rel"]
        if code is None:
            return None
        if rel in ("前", "後") and n2 is None and code in ("Y", "M", "W", "D") and not self._event_relative(e):
            return self._offset(e, code, n1, rel, half)
        v = _dur_value(n1, code, half)
        if rel in ("前", "後"):
            e.end -= len(rel)  # the duration itself: 1時間 of 会談の約1時間後
        if n2 is not None:
            v = f"{v}/{_dur_value(n2, code, half)}"
        return "DURATION", v

    def _compound(self, e: Expr, parts: list[dict]) -> tuple[str, str] | None:
        date_part, time_part = "", ""
        for g in parts:
            n, code = _qty(g["n"]), _code(g["unit"])
            if n is None or n == "X" or code is None:
                return None
            if code in ("H", "MIN", "S"):
                time_part += f"{_num(n)}{'M' if code == 'MIN' else code}"
            else:
                date_part += f"{_num(n)}{code}"
        last = parts[-1]
        if last["rel"] in ("前", "後"):
            e.end -= len(last["rel"])
        if last["half"]:
            return None
        return "DURATION", "P" + date_part + (f"T{time_part}" if time_part else "")

    def _event_relative(self, e: Expr) -> bool:
        """会談の2週間後: counted from an event, not from now."""
        before = self.text[max(0, e.start - 4):e.start]
        before = re.sub(r"(?:約|およそ|ほぼ|わずか)$", "", before)
        return before.endswith("の") and not before.endswith("その")

    def _offset(self, e: Expr, code: str, n, rel: str, half: bool = False) -> tuple[str, str]:
        sign = -1 if rel == "前" else 1
        before = self.text[max(0, e.start - 3):e.start]
        base = (self._day_frame() or self._base(e.start)) if before.endswith("その") else self._base(e.start)
        # 4月1日に就任し、3日後に辞任した: "after" counts from the date its own sentence just gave
        own = next((f for f in reversed(self.frames[-8:]) if f[6] == e.sentence_id), None) if sign > 0 else None
        if own is not None and isinstance(n, (int, float)) and n == int(n):
            if code == "Y":
                return "DATE", f"{own[2] + int(n):04d}"
            if own[1] == "D":
                base = date(own[2], own[3], own[4])
            elif own[1] == "M" and code == "M":
                y, m = _add_months(own[2], own[3], int(n))
                return "DATE", f"{y:04d}-{m:02d}"
        if n == "X":
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
        if base is None:
            return "DATE", {"Y": "XXXX", "M": "XXXX-XX", "W": "XXXX-WXX", "D": "XXXX-XX-XX"}[code]
        if half or n != int(n):
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
        n = int(n)
        if code == "Y":
            self._push(e.start, e.sentence_id, "Y", base.year + sign * n)  # 2年前の10月7日
            return "DATE", f"{base.year + sign * n:04d}"
        if code == "M":
            y, m = _add_months(base.year, base.month, sign * n)
            return "DATE", f"{y:04d}-{m:02d}"
        if code == "W":
            return "DATE", _week_value(base + timedelta(weeks=sign * n))
        dd = base + timedelta(days=sign * n)
        self._push(e.start, e.sentence_id, "D", dd.year, dd.month, dd.day)
        return "DATE", dd.isoformat()

    def _set(self, e: Expr) -> tuple[str, str]:
        g = e.g
        if g["every"]:
            w = g["every"]
            v = {"日": "P1D", "週": "P1W", "月": "P1M", "年": "P1Y", "朝": "P1D", "晩": "P1D", "夜": "P1D",
                 "時": "PT1H"}[w[1]]
            if w.startswith("隔"):
                v = v.replace("1", "2")
            return "SET", v
        return "SET", {"年": "P1Y", "月": "P1M", "週": "P1W", "日": "P1D"}[g["per"]]


def _last_pod_word(atoms: list[Atom], upto: Atom) -> str | None:
    word = None
    for a in atoms:
        if a is upto:
            break
        if a.kind == "TP":
            word = a.g["pod"]
    return word


_UNIT_CODE = {"年": "Y", "か月": "M", "カ月": "M", "ヶ月": "M", "ケ月": "M", "ヵ月": "M", "箇月": "M",
              "週": "W", "日": "D", "時間": "H", "分": "MIN", "秒": "S"}


def _code(unit: str) -> str | None:
    unit = unit[:-1] if unit.endswith("間") and unit != "時間" else unit
    return _UNIT_CODE.get(unit)


def _qty(s: str | None):
    if s is None:
        return None
    if s in ("数", "十数", "数十"):
        return "X"
    if "." in s:
        try:
            return float(s)
        except ValueError:
            return None
    return parse_number(s)


def _num(n) -> str:
    if n == "X":
        return "X"
    if isinstance(n, float):
        return f"{n:g}"
    return str(n)


def _dur_value(n, code: str, half: bool) -> str:
    if n == "X":
        return {"Y": "PXY", "M": "PXM", "W": "PXW", "D": "PXD", "H": "PTXH", "MIN": "PTXM", "S": "PTXS"}[code]
    if half:
        sub = {"Y": "6M", "M": "15D", "W": "3DT12H", "D": "T12H", "H": "30M", "MIN": "30S", "S": None}[code]
        if code == "H":
            return f"PT{_num(n)}H30M"
        if code == "MIN":
            return f"PT{_num(n)}M30S"
        if code == "S":
            return f"PT{_num(n + 0.5)}S"
        if code == "D":
            return f"P{_num(n)}DT12H"
        if code == "W":
            return f"P{_num(n)}W3DT12H"
        return f"P{_num(n)}{code}{sub}"
    if code in ("H", "MIN", "S"):
        return f"PT{_num(n)}{'M' if code == 'MIN' else code}"
    return f"P{_num(n)}{code}"
