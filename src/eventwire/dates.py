"""Date spans: a date of any precision as the first and last day it may mean.

The one date-parsing module of eventwire, below every stage: fusion (``fuse/``), the store,
the HTTP API (``serve/``) and the command line (``cli/``) all read dates through it. (Finding
dates in article text is extraction: ``nlp/dates.py``.)"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Optional

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# The longest span ``date_span``/``reported_span`` give short of a calendar year (a month);
# every longer span is a whole year, 1 January to 31 December. Range queries rely on this.
LONGEST_SHORT_SPAN_DAYS = 31

# An event nobody dated happened on or shortly before the day it was reported.
UNDATED_LOOKBACK_DAYS = 3


def date_span(value: Optional[str], precision: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
    """``("2018-08", "month")`` → ``("2018-08-01", "2018-08-31")``; unknown → ``(None, None)``."""
    if not value:
        return None, None
    m = _ISO.match(value)
    if not m:
        return None, None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day and precision not in ("month", "year"):
            d = date(year, int(month), int(day)).isoformat()
            return d, d
        if month and precision != "year":
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1).isoformat(), date(year, int(month), last).isoformat()
        return date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()
    except ValueError:
        return None, None


def reported_span(published: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """The days an undated event reported on ``published`` most likely covers."""
    start, end = date_span(published, "day")
    if start is None:
        return None, None
    first = date.fromisoformat(start) - timedelta(days=UNDATED_LOOKBACK_DAYS)
    return first.isoformat(), end


def days_between(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def year_starts(first: str, last: str) -> list[str]:
    """1 January of every year from ``first``'s to ``last``'s: where year spans touching
    [first, last] start."""
    return [f"{y:04d}-01-01" for y in range(int(first[:4]), int(last[:4]) + 1)]
