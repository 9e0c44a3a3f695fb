"""``report.html``: one self-contained page to look at after a run.

Mentions over time for the top entities, the event timeline and the
data-quality results, as inline SVG drawn here (no plotting dependency, no
JavaScript, no network: the file opens anywhere, including offline). Reads the
published warehouse read-only; knows nothing of Dagster (the asset in
assets/report.py passes the check results in as plain dicts).
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import duckdb

#: Series colours (Okabe-Ito, distinguishable with colour-vision deficiencies).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "'Hiragino Sans','Noto Sans CJK JP','Yu Gothic','Meiryo',sans-serif"
EVENT_TYPES = ["MEETING", "PHONE_CALL", "PRESS_CONFERENCE", "VISIT", "SIGNING"]


@dataclass(frozen=True)
class CheckRow:
    """One data-quality result, as the report shows it."""
    asset: str
    name: str
    passed: bool | None  # None: not evaluated
    blocking: bool = False
    description: str = ""
    run_id: str | None = None


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


# --------------------------------------------------------------------------- data

def _rows(con, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def top_entities(con, limit: int = 8) -> list[tuple[str, str, str, int, int]]:
    """(entity_id, canonical_name, entity_type, mentions, documents), most mentioned first."""
    return _rows(con, """
        SELECT e.entity_id, e.canonical_name, e.entity_type, count(*) AS mentions, count(DISTINCT m.doc_id)
        FROM entity_mentions m JOIN entities e USING (entity_id)
        GROUP BY ALL ORDER BY mentions DESC, e.canonical_name LIMIT ?""", [limit])


def bucket_for(first: dt.date, last: dt.date) -> str:
    """The time bucket that gives a readable line: day, week or month."""
    span = (last - first).days
    return "day" if span <= 45 else "week" if span <= 370 else "month"


def mentions_over_time(con, entity_ids: Sequence[str]) -> tuple[str, list[dt.date], dict[str, list[int]]]:
    """(bucket, bucket start dates, entity_id -> mention count per bucket); undated documents left out."""
    if not entity_ids:
        return "day", [], {}
    span = _rows(con, """SELECT min(d.published_date), max(d.published_date) FROM entity_mentions m
                         JOIN documents d USING (doc_id)
                         WHERE m.entity_id IN (SELECT unnest(?::VARCHAR[]))""", [list(entity_ids)])[0]
    if span[0] is None:
        return "day", [], {e: [] for e in entity_ids}
    bucket = bucket_for(span[0], span[1])
    rows = _rows(con, f"""
        SELECT m.entity_id, date_trunc('{bucket}', d.published_date)::DATE AS b, count(*)
        FROM entity_mentions m JOIN documents d USING (doc_id)
        WHERE m.entity_id IN (SELECT unnest(?::VARCHAR[])) AND d.published_date IS NOT NULL
        GROUP BY ALL""", [list(entity_ids)])
    start = rows and min(r[1] for r in rows)
    end = rows and max(r[1] for r in rows)
    buckets: list[dt.date] = []
    cur = start
    while rows and cur <= end:
        buckets.append(cur)
        cur = (cur + dt.timedelta(days=1 if bucket == "day" else 7) if bucket != "month"
               else (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1))
    index = {b: i for i, b in enumerate(buckets)}
    series = {e: [0] * len(buckets) for e in entity_ids}
    for entity_id, b, n in rows:
        series[entity_id][index[b]] = n
    return bucket, buckets, series


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})")


def timex_to_date(value: str | None) -> dt.date | None:
    """The first day a TIMEX3 DATE/TIME value covers (2025-08-15T11:00; 2025-08 -> 2025-08-01;
    2025-W33 -> that week's Monday); None if unknown (XXXX-08-15, durations)."""
    w = _WEEK_RE.match(value or "")
    if w:  # ISO week 2025-W33 -> its Monday
        try:
            return dt.date.fromisocalendar(int(w[1]), int(w[2]), 1)
        except ValueError:
            return None
    m = _DATE_RE.match(value or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


@dataclass(frozen=True)
class EventRow:
    event_id: str
    event_type: str
    event_date: str | None
    day: dt.date | None
    participants: str
    location: str
    reports: int
    status: str | None

    @property
    def plottable(self) -> bool:
        """Dated at least to the month (a year-only 2014 would stretch the axis over a decade)."""
        return self.day is not None and bool(re.match(r"^\d{4}-(\d{2}|W\d{2})", self.event_date or ""))


def event_rows(con) -> list[EventRow]:
    rows = _rows(con, """
        SELECT ev.event_id, ev.event_type, ev.event_date,
               coalesce((SELECT string_agg(e.canonical_name, '、' ORDER BY e.canonical_name)
                         FROM event_participants p JOIN entities e USING (entity_id)
                         WHERE p.event_id = ev.event_id), ''),
               coalesce(loc.canonical_name, ''),
               (SELECT count(*) FROM event_mentions em WHERE em.event_id = ev.event_id),
               ev.status
        FROM events ev LEFT JOIN entities loc ON loc.entity_id = ev.location_entity_id""")
    out = [EventRow(r[0], r[1], r[2], timex_to_date(r[2]), r[3], r[4], int(r[5]), r[6]) for r in rows]
    return sorted(out, key=lambda e: (e.day is None, e.day or dt.date.min, e.event_type, e.event_id))


def overview(con) -> dict[str, object]:
    r = _rows(con, "SELECT count(*), min(published_date), max(published_date) FROM documents")[0]
    counts = {t: _rows(con, f"SELECT count(*) FROM {t}")[0][0]
              for t in ("entities", "entity_mentions", "events", "quotes", "ingest_errors")}
    return {"documents": r[0], "first_date": r[1], "last_date": r[2], **counts}


# --------------------------------------------------------------------------- SVG

def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return value


def _ticks(top: int, n: int = 4) -> list[int]:
    step = max(1, -(-top // n))
    return list(range(0, top + 1, step))


def _label_for(d: dt.date, bucket: str) -> str:
    return d.strftime("%Y-%m") if bucket == "month" else d.isoformat()


def line_chart_svg(buckets: Sequence[dt.date], series: dict[str, list[int]], names: dict[str, str],
                   bucket: str = "day", width: int = 860, height: int = 320) -> str:
    """Mentions per bucket, one line (with dots) per entity, legend on the right."""
    left, right, top, bottom = 44, 200, 16, 56
    pw, ph = width - left - right, height - top - bottom
    ymax = _nice_max(max([max(v) for v in series.values() if v] or [1]))
    n = len(buckets)

    def x(i: int) -> float:
        return left + (pw / 2 if n == 1 else pw * i / (n - 1))

    def y(v: int) -> float:
        return top + ph - ph * v / ymax

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" font-family="{esc(FONT)}" font-size="12">',
           f"<title>Mentions per {bucket} of the top entities</title>"]
    for t in _ticks(ymax):
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#ddd"/>'
                   f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" fill="#555">{t}</text>')
    label_every = max(1, -(-n // 12))
    for i, b in enumerate(buckets):
        if i % label_every == 0 or i == n - 1:
            out.append(f'<text x="{x(i):.1f}" y="{top + ph + 16}" text-anchor="end" fill="#555" '
                       f'transform="rotate(-35 {x(i):.1f} {top + ph + 16})">{esc(_label_for(b, bucket))}</text>')
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" stroke="#888"/>')
    for k, (entity_id, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        name = names.get(entity_id, entity_id)
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        if n > 1:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        for i, v in enumerate(values):
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}">'
                       f"<title>{esc(name)} {esc(_label_for(buckets[i], bucket))}: {v}</title></circle>")
        ly = top + 14 + 18 * k
        out.append(f'<rect x="{width - right + 14}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>'
                   f'<text x="{width - right + 32}" y="{ly + 1}">{esc(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def bar_chart_svg(items: Sequence[tuple[str, int]], width: int = 860, bar: int = 22) -> str:
    """Horizontal bars (label, value), largest first."""
    left, right = 220, 60
    height = 12 + bar * len(items) + 8
    vmax = max([v for _, v in items] or [1]) or 1
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" font-family="{esc(FONT)}" font-size="12">',
           "<title>Total mentions of the top entities</title>"]
    for i, (label, v) in enumerate(items):
        yy = 8 + i * bar
        w = (width - left - right) * v / vmax
        out.append(f'<text x="{left - 8}" y="{yy + bar / 2 + 4:.1f}" text-anchor="end">{esc(label)}</text>'
                   f'<rect x="{left}" y="{yy + 3}" width="{w:.1f}" height="{bar - 6}" '
                   f'fill="{PALETTE[i % len(PALETTE)]}"><title>{esc(label)}: {v}</title></rect>'
                   f'<text x="{left + w + 6:.1f}" y="{yy + bar / 2 + 4:.1f}" fill="#333">{v}</text>')
    out.append("</svg>")
    return "\n".join(out)


def timeline_svg(events: Sequence[EventRow], width: int = 860) -> str:
    """One lane per event type, one dot per event dated to the month or day (hover: date, participants, place)."""
    dated = [e for e in events if e.plottable]
    left, right, top, lane = 150, 30, 14, 34
    types = [t for t in EVENT_TYPES if any(e.event_type == t for e in dated)] + sorted(
        {e.event_type for e in dated} - set(EVENT_TYPES))
    height = top + lane * max(len(types), 1) + 50
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" font-family="{esc(FONT)}" font-size="12">',
           "<title>Event timeline</title>"]
    if not dated:
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#777">'
                   "no dated events</text></svg>")
        return "\n".join(out)
    first, last = min(e.day for e in dated), max(e.day for e in dated)
    first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    span = max((last - first).days, 1)
    pw = width - left - right

    def x(d: dt.date) -> float:
        return left + pw * (d - first).days / span

    axis_y = top + lane * len(types) + 6
    for k, t in enumerate(types):
        cy = top + lane * k + lane / 2
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{cy}" y2="{cy}" stroke="#eee"/>'
                   f'<text x="{left - 10}" y="{cy + 4}" text-anchor="end">{esc(t)}</text>')
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{axis_y}" y2="{axis_y}" stroke="#888"/>')
    ticks = 6
    for i in range(ticks + 1):
        d = first + dt.timedelta(days=round(span * i / ticks))
        out.append(f'<line x1="{x(d):.1f}" x2="{x(d):.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#888"/>'
                   f'<text x="{x(d):.1f}" y="{axis_y + 18}" text-anchor="middle" fill="#555">{d.isoformat()}</text>')
    for e in dated:
        k = types.index(e.event_type)
        cy = top + lane * k + lane / 2
        colour = PALETTE[EVENT_TYPES.index(e.event_type) % len(PALETTE)] if e.event_type in EVENT_TYPES else "#777"
        hollow = (e.status or "").lower() == "planned"
        tip = f"{e.event_date} {e.event_type}: {e.participants or '?'}" + (f" @ {e.location}" if e.location else "")
        out.append(f'<circle cx="{x(e.day):.1f}" cy="{cy}" r="{5 + min(e.reports, 5)}" '
                   f'fill="{"white" if hollow else colour}" fill-opacity="0.75" stroke="{colour}" stroke-width="2">'
                   f"<title>{esc(tip)}{' (planned)' if hollow else ''}</title></circle>")
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- HTML

def _table(header: Sequence[str], rows: Iterable[Sequence[object]], classes: Sequence[str] = ()) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{classes[i]}"' if i < len(classes) and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


CSS = """
body{font-family:%s;margin:2em auto;max-width:940px;color:#222;line-height:1.5}
h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.8em;border-bottom:1px solid #ddd}
.meta{color:#666} table{border-collapse:collapse;width:100%%;font-size:.9em;margin:.6em 0}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4} tr.fail td{background:#fde8e8} tr.pass td:nth-child(3){color:#1a7f37}
.kpi{display:flex;gap:1.2em;flex-wrap:wrap}.kpi div{background:#f6f8fa;padding:.5em 1em;border-radius:6px}
.kpi b{display:block;font-size:1.4em} svg.chart{max-width:100%%;height:auto}
""" % FONT


def render_report(db_path: str | Path, checks: Sequence[CheckRow] = (), *, top_n: int = 8,
                  generated_at: dt.datetime | None = None) -> str:
    """The report as one HTML string, from the warehouse at ``db_path`` (opened read-only)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        ov = overview(con)
        top = top_entities(con, top_n)
        names = {r[0]: r[1] for r in top}
        bucket, buckets, series = mentions_over_time(con, [r[0] for r in top[:6]])
        events = event_rows(con)
    finally:
        con.close()
    generated_at = generated_at or dt.datetime.now().astimezone()

    parts = [
        "<!DOCTYPE html>", '<html lang="ja"><head><meta charset="utf-8">',
        "<title>hodo report</title>", f"<style>{CSS}</style></head><body>",
        "<h1>hodo report</h1>",
        f'<p class="meta">{esc(Path(db_path).name)} · generated {esc(generated_at.strftime("%Y-%m-%d %H:%M %Z"))}'
        f" · documents published {esc(ov['first_date'] or '?')} to {esc(ov['last_date'] or '?')}</p>",
        '<div class="kpi">' + "".join(
            f"<div><b>{esc(ov[k])}</b>{esc(label)}</div>" for k, label in [
                ("documents", "documents"), ("entities", "entities"), ("entity_mentions", "mentions"),
                ("events", "events"), ("quotes", "quotes"), ("ingest_errors", "ingest errors")]) + "</div>",
        "<h2>Top entities</h2>",
        bar_chart_svg([(f"{r[1]} ({r[2]})", r[3]) for r in top]) if top else "<p>No entity mentions.</p>",
        _table(["entity", "type", "mentions", "documents"], [(r[1], r[2], r[3], r[4]) for r in top]),
        f"<h2>Mentions over time (per {esc(bucket)}, by publication date)</h2>",
        line_chart_svg(buckets, series, names, bucket) if buckets else
        "<p>No dated documents mention the top entities.</p>",
        "<h2>Event timeline</h2>",
        "<p class=\"meta\">One dot per event dated to the month, week or day, at the first day its date covers; "
        "larger dots are reported more often; hollow dots are planned events. Hover for details. "
        "Events known only by year, or not dated, are in the table below.</p>",
        timeline_svg(events),
        _table(["date", "type", "participants", "location", "reports", "status"],
               [(e.event_date or "?", e.event_type, e.participants, e.location, e.reports, e.status or "")
                for e in events]),
        "<h2>Data quality</h2>",
    ]
    if checks:
        passed = sum(1 for c in checks if c.passed)
        parts.append(f"<p>{passed} of {len(checks)} checks passed.</p>")
        ordered = sorted(checks, key=lambda c: (c.passed is True, c.asset, c.name))
        parts.append(_table(
            ["asset", "check", "result", "blocking", "details"],
            [(c.asset, c.name, "not run" if c.passed is None else "passed" if c.passed else "FAILED",
              "yes" if c.blocking else "no", c.description) for c in ordered],
            ["" if c.passed is None else "pass" if c.passed else "fail" for c in ordered]))
    else:
        parts.append("<p>No check results were available.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(db_path: str | Path, out_path: str | Path, checks: Sequence[CheckRow] = (), **kw) -> Path:
    """Render and write the report atomically (a browser never loads half a file)."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(render_report(db_path, checks, **kw), encoding="utf-8")
    os.replace(tmp, out)
    return out
