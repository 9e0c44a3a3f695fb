"""Which day a document was published, and how we know.

In order of trust: the sidecar/jsonl metadata ('metadata'); a dateline near
the top such as ``2025/08/16 更新`` or ``2025年8月16日 10時`` ('dateline'); a
date inside a URL in the text, e.g. ``.../20250815160704535.htm`` or
``/2025/08/15/`` ('url'); else the latest full date the body states, never in
the future ('inferred'); else 'unknown'. A month-day without a year
(10月16日) counts for inference in the year most recently stated before it,
which is how a reader would date it.
"""
from __future__ import annotations

import re
from datetime import date, datetime

DATELINE_LINES = 6

_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")
_MD = re.compile(r"(?<![\d年/])(\d{1,2})月(\d{1,2})日(?:\s*[(（]\s*([月火水木金土日])(?:曜日?)?\s*[)）])?")
# a weekday written before the month-day (次の金曜日、8月15日)
_WD_MD = re.compile(r"([月火水木金土日])曜日?[、,\s]{0,2}(\d{1,2})月(\d{1,2})日")
_D = re.compile(r"(?<![\d月年/.\-])(\d{1,2})日(?![間目])")
_KANJI_NUMERAL = re.compile(r"[〇零一二三四五六七八九十百千]+(?=[年月日])")
_WEEKDAYS = "月火水木金土日"
_URL = re.compile(r"https?://[^\s「」『』()（）<>]+")
_URL_SLASHED = re.compile(r"/((?:19|20)\d\d)[/\-](\d{1,2})[/\-](\d{1,2})(?:/|$|\D)")
_URL_DMY = re.compile(r"/(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)/")
_URL_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d\d)(\d\d)(?=\d{0,9}(?:\D|$))")


def _mkdate(y: str | int, m: str | int, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_iso(value: object) -> date | None:
    """A metadata date: ISO date or datetime (a trailing Z or offset is fine)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        m = _YMD.search(s)
        return _mkdate(*m.groups()) if m else None


# What may stand beside the date on a dateline line: times, weekdays, the
# words news sites put there (更新, 配信...), a wire byline (【パリ＝共同】, ワシントン＝共同), punctuation.
_DATELINE_FILLER = re.compile(
    r"【[^】\n]{1,24}】|[^\s=()【】、。]{1,12}=[^\s=()【】、。]{1,12}|(?:最終)?(?:更新|公開|配信|掲載|投稿|発行|作成|updated|published|posted)|"
    r"[0-9０-９:：/.\-年月日時分秒()（）\[\]\s,、・]|午前|午後|[月火水木金土日]曜日?|JST|UTC",
    re.IGNORECASE)


#: A date a site labels as its publication (投稿日: 2025年…, 2025年…日 6:00 配信), whatever else the line holds.
_PUBLISHED_CUE = re.compile(
    r"(?:投稿|公開|配信|掲載|発行)日?時?\s*[:：]\s*(?:19|20)\d\d\s*[年/.\-]"
    r"|(?:19|20)\d\d\s*[年/.\-]\s*\d{1,2}\s*[月/.\-]\s*\d{1,2}\s*日?\s*(?:\([月火水木金土日]\)\s*)?"
    r"(?:\d{1,2}[:：時]\d{2}分?\s*)?(?:配信|公開|投稿|掲載)")


def dateline_date(text: str) -> date | None:
    """The date of a dateline line near the top; the earliest if several (published, then updated).

    A dateline is a line that is little more than a date: a body sentence
    that happens to state a date (2017年1月28日に会談した) is not one.
    """
    found: list[date] = []
    month_days: list[tuple[int, int]] = []
    for line in text.split("\n", DATELINE_LINES)[:DATELINE_LINES]:
        if line.lstrip().startswith("|"):
            continue  # a table row (an infobox's 日付) dates an event, not the page
        line = _URL.sub(" ", line)
        dates = [d for d in (_mkdate(*m.groups()) for m in _YMD.finditer(line)) if d]
        if dates and "。" not in line and _PUBLISHED_CUE.search(line):
            found += dates[:1]  # 投稿日:2025年2月10日 7:15 カテゴリー:…, 2025年9月12日 6:00 配信 東京新報
        elif len(_DATELINE_FILLER.sub("", line)) <= 6:
            found += dates
            if not dates:  # 10月31日 21時40分 (broadcasters leave the year out)
                month_days += [(int(m.group(1)), int(m.group(2))) for m in _MD.finditer(line)]
    if not found and month_days:
        # the year is the latest the body states that makes the day no later than it
        years = sorted({int(y) for y in _YEAR.findall(text) if int(y) <= date.today().year}, reverse=True)
        for y in years:
            d = _mkdate(y, *month_days[0])
            if d:
                return d
    return min(found) if found else None


def url_date(text: str, url: str | None = None, today: date | None = None) -> date | None:
    """The date in the document's own URL (sidecar), else the latest date in a URL of the text."""
    today = today or date.today()

    def dates_in(u: str):
        for rx, order in ((_URL_SLASHED, (1, 2, 3)), (_URL_DMY, (3, 2, 1)), (_URL_COMPACT, (1, 2, 3))):
            for m in rx.finditer(u):
                d = _mkdate(*(m.group(i) for i in order))
                if d and date(1900, 1, 1) <= d <= today:
                    yield d

    if url:
        own = next(dates_in(url), None)
        if own:
            return own
    found = [d for u in _URL.findall(text) for d in dates_in(u)]
    return max(found) if found else None


def arabic_numerals(text: str) -> str:
    """二〇二五年八月十五日 → 2025年8月15日, for date scanning (offsets are not kept)."""
    from hodo.timex.numerals import parse_number

    def repl(m: re.Match) -> str:
        n = parse_number(m.group())
        return str(n) if n is not None else m.group()

    return _KANJI_NUMERAL.sub(repl, text)


def _year_by_weekday(month: int, day: int, weekday: str, today: date) -> int | None:
    """The latest year, not after today, in which month/day falls on ``weekday`` (9月3日（水） → 2025)."""
    want = _WEEKDAYS.index(weekday)
    for year in range(today.year, today.year - 30, -1):
        d = _mkdate(year, month, day)
        if d and d <= today and d.weekday() == want:
            return year
    return None


# A date the sentence announces rather than reports (会談を8月15日に行うと発表した,
# 次の金曜日、8月15日に行われる): a non-past verb of holding, or a plan word, soon after it.
_ANNOUNCED = re.compile(r"[^。\n]{0,30}?(?:行う|行われる|開く|開かれる|開催する|開催される|会談する|訪問する|"
                        r"実施する|予定|見通し|方針)")


def latest_stated_date(text: str, today: date) -> date | None:
    """The latest date the body reports that is not in the future.

    Full dates count as written; a month-day takes the year last stated
    before it (or, with a weekday, the year that weekday fixes); a bare day
    takes the month and year of the date before it. A date the text announces
    for later (予定, 行われる...) sets that context but is not a candidate:
    a page is published after what it reports, before what it announces.
    """
    best: date | None = None
    announced_best: date | None = None
    events: list[tuple[int, str, re.Match]] = []
    events += [(m.start(), "ymd", m) for m in _YMD.finditer(text)]
    events += [(m.start(), "y", m) for m in _YEAR.finditer(text)]
    events += [(m.start(), "md", m) for m in _MD.finditer(text)]
    events += [(m.start(), "d", m) for m in _D.finditer(text)]
    events += [(m.start(), "wmd", m) for m in _WD_MD.finditer(text)]
    events.sort(key=lambda e: e[0])
    year: int | None = None
    last: date | None = None
    last_announced = False
    for _, kind, m in events:
        if kind == "ymd":
            d = _mkdate(*m.groups())
            year = int(m.group(1))
        elif kind == "y":
            year = int(m.group(1))
            continue
        elif kind == "md":
            y = _year_by_weekday(int(m.group(1)), int(m.group(2)), m.group(3), today) if m.group(3) else year
            d = _mkdate(y, m.group(1), m.group(2)) if y else None
        elif kind == "wmd":
            y = _year_by_weekday(int(m.group(2)), int(m.group(3)), m.group(1), today)
            d = _mkdate(y, m.group(2), m.group(3)) if y else None
            if d:
                year = y
        else:
            d = _mkdate(last.year, last.month, m.group(1)) if last else None
            if d and last and d < last and not last_announced:
                d = None  # a bare day before a reported date is a back-reference, not news
        if d and d <= today:
            announced = bool(_ANNOUNCED.match(text, m.end()))
            last, last_announced = d, announced
            if announced:
                announced_best = max(announced_best or d, d)
            elif best is None or d > best:
                best = d
    return best or announced_best


def infer_published_date(text: str, metadata_date: object = None, url: str | None = None,
                         today: date | None = None) -> tuple[date | None, str]:
    """(published_date, published_basis) for a normalized document text."""
    today = today or date.today()
    text = arabic_numerals(text)
    d = parse_iso(metadata_date)
    if d and date(1900, 1, 1) <= d <= today:
        return d, "metadata"
    d = dateline_date(text)
    if d and d <= today:
        return d, "dateline"
    stated = latest_stated_date(text, today)
    d = url_date(text, url, today)
    # A page cannot predate what it reports: a reference URL older than the
    # body's latest event is only a lower bound.
    if d and not (stated and stated > d):
        return d, "url"
    if stated:
        return stated, "inferred"
    return None, "unknown"
