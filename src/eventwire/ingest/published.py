"""Publication dates from files, feeds and metadata → ISO ``YYYY-MM-DD``.

Accepts ISO dates and datetimes, ``2018/11/27``, RFC 2822 feed dates
("Tue, 27 Nov 2018 10:00:00 GMT") and written dates ("27 November 2018").
Anything else is E115: a wrong ``published`` would shift every relative date
("on Friday") in the article, so guessing is worse than stopping.
"""
from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from ..errors import Errors, InputError

# A published date further ahead than this is a clock or typing error, not news.
FUTURE_SLACK = dt.timedelta(days=2)
EARLIEST_YEAR = 1800

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_WRITTEN = re.compile(r"^(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>[a-z]{3,9})\.?,?\s+(?P<y1>\d{4})"
                      r"|(?P<m2>[a-z]{3,9})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4}))$")


def _parse(value: str) -> dt.date | None:
    s = value.strip()
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])", s)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    # Written dates; drop a leading weekday ("Tuesday, 27 November 2018").
    s = re.sub(r"^[A-Za-z]+day,?\s+", "", s).lower()
    m = _WRITTEN.match(s)
    if m:
        day = m.group("d1") or m.group("d2")
        month = _MONTHS.get((m.group("m1") or m.group("m2"))[:3])
        year = m.group("y1") or m.group("y2")
        if month:
            return dt.date(int(year), month, int(day))
    return None


def normalize_published(value, *, where: str, today: dt.date | None = None) -> str | None:
    """``value`` (str, date, datetime or None) → ``"YYYY-MM-DD"`` or None; E115 if not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, str):
        try:
            date = _parse(value)
        except ValueError:      # 2018-13-45: the shape of a date, not a real one
            date = None
        if date is None:
            raise InputError(Errors.E115.format(where=where, value=value[:40]))
    else:
        raise InputError(Errors.E109.format(where=where, field="published",
                                            detail=type(value).__name__, expected="a date string"))
    today = today or dt.date.today()
    if date > today + FUTURE_SLACK:
        raise InputError(Errors.E118.format(where=where, value=date.isoformat()))
    if date.year < EARLIEST_YEAR:
        raise InputError(Errors.E115.format(where=where, value=str(value)[:40]))
    return date.isoformat()
