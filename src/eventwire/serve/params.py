"""Query parameters of the HTTP API: parsed and checked before any query runs.

A bad value becomes ``BadParameter`` (HTTP 422) with a one-line message that
names the parameter and says what would be accepted, never a 500.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Optional

from fastapi import Query

from ..errors import Errors
from ..fuse.dates import date_span
from ..model import EVENT_TYPES

MAX_LIMIT = 1000          # rows one request may ask for (the store caps at the same number)
MAX_OFFSET = 10_000_000
MAX_TEXT = 200            # characters in a search string
FAMILIES = ("violence",)  # fuse.events.TYPE_FAMILY groups attack/bombing/... under this name
TYPES = EVENT_TYPES + FAMILIES


class BadParameter(ValueError):
    """A query parameter that cannot be used; its message is shown to the client."""

    def __init__(self, name: str, value: Any, hint: str) -> None:
        super().__init__(Errors.E201.format(value=value, what=name, hint=hint))
        self.name = name


_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(name: str, value: Optional[str], *, end: bool = False) -> Optional[str]:
    """YYYY, YYYY-MM or YYYY-MM-DD (as the CLI takes them); a partial ``until`` means its last day."""
    if value in (None, ""):
        return None
    hint = "use a date as YYYY-MM-DD (or YYYY-MM, YYYY), e.g. 2018-11-23"
    if not _DAY.match(value):
        raise BadParameter(name, value, hint)
    first, last = date_span(value, {4: "year", 7: "month"}.get(len(value), "day"))
    if first is None:
        raise BadParameter(name, value, hint)
    return last if end else first


def check_near(value: Optional[str]) -> Optional[tuple[float, float, float]]:
    if value in (None, ""):
        return None
    hint = "use LAT,LON,KM, e.g. 24.86,67.01,50 (latitude -90..90, longitude -180..180, 0 < km ≤ 20000)"
    parts = value.split(",")
    if len(parts) != 3:
        raise BadParameter("near", value, hint)
    try:
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        raise BadParameter("near", value, hint) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20000):
        raise BadParameter("near", value, hint)
    return lat, lon, km


def check_text(name: str, value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise BadParameter(name, value[:40] + "…", f"use at most {MAX_TEXT} characters")
    if "\x00" in value:
        raise BadParameter(name, value.replace("\x00", "\\0")[:40], "remove the NUL character")
    return value or None


def event_filters(
    type: Annotated[Optional[str], Query(description=f"event type: one of {', '.join(TYPES)}")] = None,
    actor: Annotated[Optional[str], Query(description="actor name or alias, in any role (e.g. BLA)")] = None,
    country: Annotated[Optional[str], Query(description="ISO 3166 alpha-2 code (PK) or country name")] = None,
    since: Annotated[Optional[str], Query(description="first day: YYYY-MM-DD, YYYY-MM or YYYY")] = None,
    until: Annotated[Optional[str], Query(description="last day: YYYY-MM-DD, YYYY-MM or YYYY (the whole month/year)")] = None,
    near: Annotated[Optional[str], Query(description="LAT,LON,KM: within KM kilometres of a point")] = None,
    q: Annotated[Optional[str], Query(description="words in the event's sentence or place")] = None,
) -> dict[str, Any]:
    """The filters shared by /api/events, /api/incidents and /api/timeline."""
    if type not in (None, "") and type not in TYPES:
        raise BadParameter("type", type, "use one of " + ", ".join(TYPES))
    filters = {
        "type": type or None,
        "actor": check_text("actor", actor),
        "country": check_text("country", country),
        "since": check_date("since", since),
        "until": check_date("until", until, end=True),
        "near": check_near(near),
        "q": check_text("q", q),
    }
    if filters["since"] and filters["until"] and filters["since"] > filters["until"]:
        raise BadParameter("since", since, f"it is after until ({until}); swap them")
    return {k: v for k, v in filters.items() if v is not None}


def paging(
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"rows per page (at most {MAX_LIMIT})")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")] = 0,
) -> dict[str, int]:
    return {"limit": limit, "offset": offset}
