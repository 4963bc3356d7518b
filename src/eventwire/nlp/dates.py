"""Date expressions normalized against the publication date, with their precision.

News writes dates relative to the day it was published: "on Tuesday" is the latest Tuesday
on or before publication, "Friday 23 November" the latest 23 November (a weekday that
disagrees lowers the confidence), "earlier this year in August" the latest August.
Precision is ours to track (dateparser copies the base date's day into "August"), so the
common forms are parsed here and ``dateparser`` (with ``period``) handles the rest.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

from .. import lexicon
from ..model import DateValue
from .analysis import doc_text

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})

# Ordered: the first pattern that matches an expression wins (resources/lexicon/patterns.toml).
_PATTERNS = lexicon.patterns("dates")
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "a": 1}


def parse_published(value) -> Optional[date]:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _latest_on_or_before(base: date, month: int, day: int) -> Optional[date]:
    for year in (base.year, base.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= base + timedelta(days=1):      # "tomorrow's" dateline slack
            return d
    return None


def _months_back(base: date, months: int) -> tuple[int, int]:
    y, m = divmod(base.year * 12 + base.month - 1 - months, 12)
    return y, m + 1


def normalize(expression: str, published) -> Optional[tuple[str, str, float]]:
    """See ``_normalize``; dates outside years 1–9999 ("99999999 days ago") are None."""
    try:
        result = _normalize(expression, published)
    except (OverflowError, ValueError):
        return None
    if result is not None and not re.match(r"\d{4}(?:-|$)|--\d\d-\d\d$", result[0]):
        return None                              # "3000 years ago" → year -982: not a date
    if result is not None and result[1] == "year" and not 1800 <= int(result[0]) <= 2100:
        return None                              # "at 0640 (gmt)": a clock time, not the year 640
    return result


def _normalize(expression: str, published) -> Optional[tuple[str, str, float]]:
    """``(value, precision, confidence)`` for a date expression, or None.

    >>> normalize("on Tuesday", "2018-11-27")
    ('2018-11-27', 'day', 0.9)
    >>> normalize("Earlier this year in August", "2018-11-27")
    ('2018-08', 'month', 0.9)
    """
    base = parse_published(published)
    text = " ".join(expression.split())
    for kind, pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        if kind == "iso":
            try:
                return date(int(g["year"]), int(g["m"]), int(g["d"])).isoformat(), "day", 1.0
            except ValueError:
                return None
        if kind in ("dmy", "mdy"):
            month, day = MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
            if not 1 <= day <= 31:
                continue
            if g.get("year"):
                try:
                    d = date(int(g["year"]), month, day)
                except ValueError:
                    return None
                return d.isoformat(), "day", 1.0
            if base is None:                     # "on April 21", year unknown: keep month and day
                try:
                    date(2000, month, day)           # (a leap year: "February 29" is a day)
                except ValueError:
                    return None
                return f"--{month:02d}-{day:02d}", "day-no-year", 0.8
            d = _latest_on_or_before(base, month, day)
            if d is None:
                return None
            conf = 0.95
            if g.get("weekday") and WEEKDAYS[g["weekday"].lower().rstrip(".")] != d.weekday():
                conf = 0.6                       # the weekday contradicts the date
            return d.isoformat(), "day", conf
        if kind == "decade":
            return None                          # no precision finer than the decade
        if kind == "numeric":
            a, b = int(g["a"]), int(g["b"])
            month, day, conf = (b, a, 0.9) if a > 12 else (a, b, 0.9 if b > 12 else 0.6)
            try:
                return date(int(g["year"]), month, day).isoformat(), "day", conf
            except ValueError:
                return None
        if kind == "my":
            return f"{int(g['year']):04d}-{MONTHS[g['month'].lower().rstrip('.')]:02d}", "month", 1.0
        if kind == "month":
            month = MONTHS[g["month"].lower().rstrip(".")]
            if base is None:
                return None
            rel = (g.get("rel") or "").lower()
            year = base.year if month <= base.month else base.year - 1
            if rel == "next":
                year = base.year if month > base.month else base.year + 1
            elif rel == "last" and month >= base.month:
                year = base.year - 1
            return f"{year:04d}-{month:02d}", "month", 0.9
        if kind == "weekday":
            if base is None:
                return None
            wd = WEEKDAYS[g["weekday"].lower().rstrip(".")]
            rel = (g.get("rel") or "").lower()
            delta = (base.weekday() - wd) % 7
            if rel == "last" and delta == 0:
                delta = 7
            if rel == "next":
                return (base + timedelta(days=(wd - base.weekday()) % 7 or 7)).isoformat(), "day", 0.8
            return (base - timedelta(days=delta)).isoformat(), "day", 0.9
        if kind == "year":
            return f"{int(g['year']):04d}", "year", 1.0
        if kind == "relday":
            if base is None:
                return None
            rel = g["rel"].lower()
            offset = {"yesterday": 1, "last night": 1, "the day before yesterday": 2}.get(rel, 0)
            return (base - timedelta(days=offset)).isoformat(), "day", 0.9
        if kind == "ago":
            if base is None:
                return None
            n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
            unit = g["unit"].lower().rstrip("s")
            if unit == "day":
                return (base - timedelta(days=n)).isoformat(), "day", 0.8
            if unit == "week":
                return (base - timedelta(days=7 * n)).isoformat(), "week", 0.6
            if unit == "month":
                y, mth = _months_back(base, n)
                return f"{y:04d}-{mth:02d}", "month", 0.7
            return f"{base.year - n:04d}", "year", 0.7
        if kind == "weekend":
            if base is None:
                return None
            # the weekend on or before the base day: a Saturday or Sunday base is its own
            saturday = base - timedelta(days=(base.weekday() - 5) % 7)
            if (g.get("rel") or "").lower() in ("last", "previous") and base.weekday() >= 5:
                saturday -= timedelta(days=7)
            return saturday.isoformat(), "range", 0.7
        if kind == "relunit":
            if base is None:
                return None
            rel, unit = g["rel"].lower(), g["unit"].lower()
            back = 0 if rel == "this" else (-1 if rel == "next" else 1)
            if unit == "year":
                return f"{base.year - back:04d}", "year", 0.9
            if unit == "month":
                y, mth = _months_back(base, back)
                return f"{y:04d}-{mth:02d}", "month", 0.9
            monday = base - timedelta(days=base.weekday()) - timedelta(days=7 * back)
            return monday.isoformat(), "week", 0.8
    return _dateparser_fallback(text, base)


@lru_cache(maxsize=4096)
def _dateparser_fallback(text: str, base: Optional[date]) -> Optional[tuple[str, str, float]]:
    if not re.search(r"\d|" + "|".join(MONTHS), text, re.I):
        return None                          # durations, ordinals, "the morning"
    try:
        from datetime import datetime

        from dateparser.date import DateDataParser
        settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
        if base:
            settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    except Exception:                        # dateparser raises assorted errors on odd input
        return None
    if data is None or data.date_obj is None:
        return None
    d, period = data.date_obj.date(), data.period or "day"
    if period == "year":
        return f"{d.year:04d}", "year", 0.6
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month", 0.6
    if period == "week":
        return d.isoformat(), "week", 0.5
    return d.isoformat(), "day", 0.6


# Expressions spaCy may miss or split ("Earlier this year" + "August"), and date-like entities
# that are durations or frequencies ("30 years old", "daily").
_EXTRA = lexicon.pattern("date_extra")
_NOT_DATES = lexicon.pattern("not_dates")


def find_dates(doc, published, *, sentence_index=None) -> list[DateValue]:
    """Every date expression in a spaCy doc, normalized against ``published``."""
    text = doc_text(doc)
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "DATE":
            spans.append((ent.start_char, ent.end_char))
    for m in _EXTRA.finditer(text):
        spans.append((m.start(), m.end()))
    # Longest first; drop spans inside an already kept one; merge "this year" + "in August".
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if kept and s < kept[-1][1]:
            if e > kept[-1][1]:
                kept[-1] = (kept[-1][0], e)
            continue
        kept.append((s, e))
    out: list[DateValue] = []
    for s, e in kept:
        expr = text[s:e]
        if _NOT_DATES.match(expr.strip()):
            continue
        norm = normalize(expr, published)
        if norm is None:
            continue
        value, precision, conf = norm
        out.append(DateValue(value=value, precision=precision, text=expr, start=s, end=e,
                             sentence=sentence_index(s) if sentence_index else None,
                             confidence=conf))
    return out
