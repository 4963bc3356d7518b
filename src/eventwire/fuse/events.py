"""Event dedup: which event reports describe the same real incident.

Two reports are one incident when they are of the same type family, their dates
agree within a small window, their places agree (same country; same town, or
within ``CITY_KM``) and nothing they name contradicts the match; overlapping
actors (perpetrators, claimants, targets) strengthen it. The score is a sum of
small, explained parts, and a report joins the best incident scoring at least
``MATCH_THRESHOLD`` — otherwise it starts a new one. A report is scored only against the
incidents it shares an anchor with; a weak anchor (no town in common) shared by more than
``[fusion] weak_anchor_max`` incidents ties it to none of them. Everything here works on
plain ``EventKey`` records, so the store can feed it incrementally.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable, Optional

from ..dates import days_between
from ..settings import Settings

# Reports call one incident an attack, a bombing, a suicide attack…: compare by family.
TYPE_FAMILY = {
    "attack": "violence", "bombing": "violence", "suicide_attack": "violence",
    "armed_clash": "violence", "assassination": "violence",
}


# A claim of responsibility is news about an incident, not an incident of its own: it
# joins the attack, bombing, kidnapping or arson it claims.
CLAIM = "claim"
CLAIMABLE = ("violence", "kidnapping", "arson")


def type_family(event_type: str) -> str:
    return TYPE_FAMILY.get(event_type, event_type)


def compatible_families(family: str) -> tuple[str, ...]:
    """Families whose incidents a report of ``family`` may join."""
    if family == CLAIM:
        return (CLAIM, *CLAIMABLE)
    if family in CLAIMABLE:
        return (family, CLAIM)
    return (family,)

# Score parts (see module docstring); a report joins an incident at MATCH_THRESHOLD.
MATCH_THRESHOLD = 3.0
DATE_SAME_DAYS = 1          # "Friday night" vs "early Saturday"
DATE_MAX_DAYS = 3           # beyond this two dated reports are different incidents
CITY_KM = 30.0              # two places this close are one town's surroundings
REGION_KM = 120.0           # closer than this: same area, weaker evidence
WEAK_PLACE = ("country",)
TOWN_ANCHOR = 2.0           # place_score of one town: below it, distinct() keeps reports apart
TOLL_DRIFT = 2              # distinct(): tolls this close (or within TOLL_RATIO) may be one toll
TOLL_RATIO = 1.5
DISTINCT_DAYS = 2           # distinct(): exact days further apart are two incidents


def _settings_weak_anchor_max() -> int:
    return int(Settings.load().fusion.weak_anchor_max)


@dataclass
class EventKey:
    """What dedup needs to know about one report of an event."""
    id: str
    article_id: str
    family: str
    type: str = ""
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    dated: bool = False                   # the text gave a date (else: the report's days)
    country_code: Optional[str] = None
    place: Optional[str] = None
    admin1: Optional[str] = None
    geo_precision: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    perpetrators: set[int] = field(default_factory=set)   # actor ids (perpetrators + claimants)
    others: set[int] = field(default_factory=set)         # actor ids of targets and victims
    killed: Optional[int] = None


@lru_cache(maxsize=1 << 16)
def _norm(text: Optional[str]) -> str:
    if not text:
        return ""
    t = unicodedata.normalize("NFKD", text)
    return "".join(c for c in t if not unicodedata.combining(c)).casefold().strip()


def _km(a: EventKey, b: EventKey) -> Optional[float]:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def date_score(a: EventKey, b: EventKey) -> Optional[float]:
    """None when the dates rule a match out."""
    if a.date_start is None or b.date_start is None:
        return 0.0
    # distance between the two spans (0 when they overlap)
    if a.date_end < b.date_start:
        gap = days_between(a.date_end, b.date_start)
    elif b.date_end < a.date_start:
        gap = days_between(b.date_end, a.date_start)
    else:
        gap = 0
    exact = a.dated and b.dated and a.date_start == a.date_end and b.date_start == b.date_end
    if exact:
        if gap <= DATE_SAME_DAYS:
            return 2.0 if gap == 0 else 1.5
        return 0.5 if gap <= DATE_MAX_DAYS else None
    if gap > (DATE_MAX_DAYS if (a.dated and b.dated) else DATE_SAME_DAYS):
        return None
    return 1.0 if (a.dated or b.dated) else 0.5


def place_score(a: EventKey, b: EventKey) -> Optional[float]:
    if a.country_code and b.country_code and a.country_code.upper() != b.country_code.upper():
        return None
    if not (a.place or a.country_code) or not (b.place or b.country_code):
        return 0.0
    fine_a = a.geo_precision not in WEAK_PLACE and a.geo_precision != "admin1"
    fine_b = b.geo_precision not in WEAK_PLACE and b.geo_precision != "admin1"
    if fine_a and fine_b:
        if _norm(a.place) and _norm(a.place) == _norm(b.place):
            return 2.0
        km = _km(a, b)
        if km is not None:
            if km <= CITY_KM:
                return 2.0
            return 0.5 if km <= REGION_KM else None
        # two towns of different names, one of them not on the map: nothing says they are
        # near, and two names are two places
        return None if _norm(a.place) and _norm(b.place) else 0.0
    if a.admin1 and b.admin1:
        # two provinces (or a town in another province): two places
        return 1.0 if _norm(a.admin1) == _norm(b.admin1) else None
    if _norm(a.place) and _norm(a.place) in (_norm(b.place), _norm(b.admin1)) or \
            _norm(b.place) and _norm(b.place) == _norm(a.admin1):
        return 1.0
    return 0.5 if a.country_code and b.country_code else 0.0


def actor_score(a: EventKey, b: EventKey) -> float:
    score = 0.0
    if a.perpetrators and b.perpetrators:
        # disputed or competing claims are common, so differing names weigh little
        score += 2.0 if a.perpetrators & b.perpetrators else -1.0
    if a.others & b.others:
        score += 1.0
    return score


def count_score(a: EventKey, b: EventKey) -> float:
    if a.killed is None or b.killed is None:
        return 0.0
    if a.killed == b.killed:
        return 0.5
    hi, lo = max(a.killed, b.killed), min(a.killed, b.killed)
    # tolls grow as reports come in; a tenfold difference suggests two incidents
    return -1.0 if lo == 0 and hi >= 5 or lo > 0 and hi / lo > 10 else 0.0


def tolls_agree(a: int, b: int) -> bool:
    """Two tolls that may be one incident's as reports come in (3 and 5, 20 and 28)."""
    lo, hi = min(a, b), max(a, b)
    return hi - lo <= TOLL_DRIFT or (lo > 0 and hi / lo <= TOLL_RATIO)


def agreeing_tolls(toll: int) -> range:
    """Every toll that ``tolls_agree`` with ``toll``."""
    return range(max(0, min(toll - TOLL_DRIFT, math.ceil(toll / TOLL_RATIO))),
                 max(toll + TOLL_DRIFT, math.floor(toll * TOLL_RATIO)) + 1)


def distinct(a: EventKey, b: EventKey) -> bool:
    """Whether two reports from different articles name different incidents, when no town
    ties them together: tolls that do not agree (``tolls_agree``) when neither names a town,
    different named victims or targets, or exact dates more than ``DISTINCT_DAYS`` apart. (Within one town, tolls grow as reports come in and
    each outlet names other victims, so there these do not part two reports.)"""
    if a.killed is not None and b.killed is not None and not tolls_agree(a.killed, b.killed) \
            and not _fine(a) and not _fine(b):
        return True
    if a.others and b.others and not (a.others & b.others):
        return True
    if a.dated and b.dated and a.date_start == a.date_end and b.date_start == b.date_end \
            and a.date_start and b.date_start and days_between(a.date_start, b.date_start) > DISTINCT_DAYS:
        return True
    return False


def pair_score(a: EventKey, b: EventKey) -> Optional[float]:
    """How strongly two reports look like one incident; None if they contradict each other
    (other family, dates or places too far apart)."""
    if a.family != b.family and b.family not in compatible_families(a.family):
        return None
    d = date_score(a, b)
    p = place_score(a, b)
    if d is None or p is None:
        return None
    if a.article_id != b.article_id and p < TOWN_ANCHOR and distinct(a, b):
        return None
    score = d + p + actor_score(a, b) + count_score(a, b)
    if a.article_id == b.article_id:
        # one article seldom reports two alike incidents without telling them apart
        # by place or date, and its extractor may split one incident into two events
        return score + 1.0
    # Across articles a match must rest on place, shared perpetrators or an identical toll
    # the same day, never on the date
    # alone, nor without any date (the same group strikes the same city many times); and
    # two claims meet only through the act they claim.
    # the same toll (of several dead) on the same day in one country also anchors a match
    same_toll = a.killed is not None and a.killed == b.killed and a.killed >= 2 and d >= 2.0
    weak = p < 1.0 and not (a.perpetrators & b.perpetrators) and not (same_toll and p > 0)
    undated = a.date_start is None or b.date_start is None     # no time evidence at all
    if weak or undated or (a.family == CLAIM and b.family == CLAIM):
        score = min(score, MATCH_THRESHOLD - 1.0)
    return score


# Blocking: dated reports are filed under the weeks their span touches, per family and
# country, so a report is scored only against incidents that could still match it.
BLOCK_DAYS = 7


def _country(key: EventKey) -> Optional[str]:
    return key.country_code.upper() if key.country_code else None


def block_weeks(start: str, end: str) -> range:
    """The blocks (weeks since day one) the days from ``start`` to ``end`` fall in."""
    first, last = date.fromisoformat(start).toordinal(), date.fromisoformat(end).toordinal()
    return range(first // BLOCK_DAYS, last // BLOCK_DAYS + 1)


def match_window(key: EventKey) -> Optional[tuple[str, str]]:
    """The days a report of another article must touch to score a match with ``key`` (its
    span widened by ``DATE_MAX_DAYS``), or None when no other article's report can: across
    articles a match needs both dates (``pair_score``)."""
    if key.date_start is None or key.date_end is None:
        return None
    lo = date.fromisoformat(key.date_start) - timedelta(days=DATE_MAX_DAYS)
    hi = date.fromisoformat(key.date_end) + timedelta(days=DATE_MAX_DAYS)
    return lo.isoformat(), hi.isoformat()


# Within a week and country, an incident is filed under what could anchor a match with a
# report of another article (``pair_score`` caps every other match under the threshold): the
# names of its reports' places and provinces, the 0.2° cells of its towns on the map, its
# perpetrators (by toll: without a town in common, two tolls part two reports) and its tolls.
# A new report is scored only against the incidents filed under its own anchors, so a block of
# thousands of incidents in one week and country costs each report the few it could join.
_REACH = (CITY_KM + 1.0) / 6371.0            # radians of arc, a kilometre to spare


def _pinned(key: EventKey) -> bool:
    """Whether the report is a town on the map (``place_score`` measures its distance)."""
    fine = key.geo_precision not in WEAK_PLACE and key.geo_precision != "admin1"
    return bool(fine and (key.place or key.country_code) and key.lat is not None and key.lon is not None)


CELL_DEG = 0.2                               # towns are filed by cells of 0.2° × 0.2°
REGION_CELL_DEG = 1.0                        # … and, for their perpetrators, of 1° × 1°
_REGION_REACH = (REGION_KM + 1.0) / 6371.0


def _cell(lat: float, lon: float, deg: float = CELL_DEG) -> tuple[int, int]:
    return math.floor(lat / deg), math.floor(lon / deg) % round(360 / deg)


def _cells_within_reach(lat: float, lon: float, reach: float = _REACH,
                        deg: float = CELL_DEG) -> list[tuple[int, int]]:
    """The cells (of ``deg`` degrees) holding every point within ``reach`` radians of arc of
    (lat, lon) (a spherical cap's bounding box: Δlat = reach, Δlon = asin(sin reach / cos lat))."""
    n_cols = round(360 / deg)
    dlat = math.degrees(reach)
    rows = range(math.floor((lat - dlat) / deg), math.floor((lat + dlat) / deg) + 1)
    if abs(lat) + dlat >= 90.0 or math.sin(reach) >= math.cos(math.radians(lat)):
        cols = range(n_cols)
    else:
        dlon = math.degrees(math.asin(math.sin(reach) / math.cos(math.radians(lat))))
        cols = sorted({c % n_cols for c in range(math.floor((lon - dlon) / deg),
                                                 math.floor((lon + dlon) / deg) + 1)})
    return [(r, c) for r in rows for c in cols]


def _province(key: EventKey) -> str:
    """The province by which ``place_score`` parts this report from another that is not
    (both) a town: its admin1 ("" for none), or ``_ANY`` when it has no place or country
    (place_score then scores 0 before it compares provinces)."""
    if not (key.place or key.country_code):
        return _ANY
    return _norm(key.admin1)


def _named_town(key: EventKey) -> bool:
    """A town with a name: against another such town, ``place_score`` rules a match out
    unless the names are one (``towns``) or both are on the map within ``REGION_KM``."""
    return _fine(key) and bool(_norm(key.place))


def _anchor_toll(key: EventKey) -> Optional[tuple[int, str]]:
    """The toll and exact day that can anchor a match on their own (``pair_score``'s
    same_toll: several dead, the same day, a place), or None."""
    day = key.date_start if key.dated and key.date_start and key.date_start == key.date_end else None
    if key.killed is None or key.killed < 2 or day is None or not (key.place or key.country_code):
        return None
    return key.killed, day


def _fine(key: EventKey) -> bool:
    return key.geo_precision not in WEAK_PLACE and key.geo_precision != "admin1"


def _exact_day(key: EventKey) -> Optional[str]:
    """The day a report states exactly (``distinct`` parts two such days more than
    ``DISTINCT_DAYS`` apart), or None."""
    return key.date_start if key.dated and key.date_start and key.date_start == key.date_end else None


def _near_days(day: str) -> list[Optional[str]]:
    d = date.fromisoformat(day)
    return [(d + timedelta(days=k)).isoformat() for k in range(-DISTINCT_DAYS, DISTINCT_DAYS + 1)] + [None]


_ANY = "*"
_TOWN = "town"
_SAME = "="
# what a report's candidates are gathered under (``_Block.anchored``): a town in common, or one
# weak anchor (a place or province in common, one perpetrator, one target or victim, a toll of
# one exact day), whose incidents a crowd makes no evidence (``IncidentIndex.anchored``)
_STRONG = "strong"
_PLACE = ("place",)
_TOLL = ("toll",)
_PERP = "perpetrator"
_OTHER = "target or victim"


class _ByToll:
    """Incidents filed under an anchor that ties two reports only below one town's score,
    where ``distinct`` parts two reports of tolls that do not agree or of exact days more
    than ``DISTINCT_DAYS`` apart: looked up by the tolls and days that agree with the report's."""

    __slots__ = ("sets",)

    def __init__(self) -> None:
        self.sets: dict[tuple[Any, Any, Any], set[int]] = {}

    def add(self, anchor: Any, key: EventKey, incident_id: int) -> None:
        day = _exact_day(key)
        # a town's toll parts no report (``distinct``): it agrees with every toll
        for toll in ((_TOWN if _fine(key) else key.killed), _ANY):
            for d in (day, _ANY):
                self.sets.setdefault((anchor, toll, d), set()).add(incident_id)
        if day is not None and key.killed is not None:
            # the exact toll of an exact day, a town's too (``get_same_day``)
            self.sets.setdefault((anchor, (_SAME, key.killed), day), set()).add(incident_id)

    def get(self, anchor: Any, key: EventKey, out: set[int]) -> None:
        tolls = ((*agreeing_tolls(key.killed), None, _TOWN) if key.killed is not None and not _fine(key)
                 else (_ANY,))
        day = _exact_day(key)
        days = _near_days(day) if day else (_ANY,)
        for toll in tolls:
            for d in days:
                out |= self.sets.get((anchor, toll, d), _EMPTY)

    def get_same_day(self, anchor: Any, key: EventKey, out: set[int]) -> None:
        """As ``get`` for a place anchor alone (``_Block.anchored``): reports of the exact day
        of ``key``, or of the day before or after with the same toll."""
        day = _exact_day(key)
        if day is None:
            return
        tolls = ((*agreeing_tolls(key.killed), None, _TOWN) if key.killed is not None and not _fine(key)
                 else (_ANY,))
        for toll in tolls:
            out |= self.sets.get((anchor, toll, day), _EMPTY)
        if key.killed is not None:
            d = date.fromisoformat(day)
            for near in (d - timedelta(days=1), d + timedelta(days=1)):
                out |= self.sets.get((anchor, (_SAME, key.killed), near.isoformat()), _EMPTY)


_EMPTY: frozenset = frozenset()


class _Block:
    """The incidents with a report dated in one week, of one family and country, filed under
    their anchors (what ``place_score`` and ``pair_score`` let tie two reports):

    - ``towns``: the names of towns (two towns of one name score as one place), and ``cells``:
      towns on the map (within ``CITY_KM``);
    - ``admin1`` / ``places`` / ``places_admin1``: for a report that is not a town, a province
      in common, or one report's place naming the other's place or province;
    - ``perps``: perpetrators; ``tolls``: a toll of several dead on one exact day.
    Below one town's score two tolls or two exact days part two reports, so those lookups go
    by toll and day."""

    __slots__ = ("towns", "cells", "admin1", "places", "perps", "tolls", "coarse_admin1",
                 "coarse_places", "perps_coarse", "perps_region", "others")

    def __init__(self) -> None:
        self.towns: dict[str, set[int]] = {}
        self.cells: dict[tuple[int, int], set[int]] = {}
        self.admin1 = _ByToll()          # every report's province
        self.places = _ByToll()          # every report's place and province names
        self.coarse_admin1 = _ByToll()   # … of the reports that are no town
        self.coarse_places = _ByToll()
        self.perps = _ByToll()           # every report's perpetrators, also by province
        self.perps_coarse = _ByToll()    # … of the reports that are no named town
        self.perps_region = _ByToll()    # … of named towns on the map, by (actor, 1° cell)
        self.others = _ByToll()          # every report's targets and victims
        self.tolls: dict[tuple[int, str], set[int]] = {}

    def add(self, incident_id: int, key: EventKey) -> None:
        place, admin1 = _norm(key.place), _norm(key.admin1)
        fine = _fine(key)
        if fine and place:
            self.towns.setdefault(place, set()).add(incident_id)
        if _pinned(key):
            self.cells.setdefault(_cell(key.lat, key.lon), set()).add(incident_id)
        names = {place, admin1} - {""}
        for index_admin1, index_places in ((self.admin1, self.places),) + (
                ((self.coarse_admin1, self.coarse_places),) if not fine else ()):
            if admin1:
                index_admin1.add(admin1, key, incident_id)
            for name in names:
                index_places.add(name, key, incident_id)
        named, pinned = _named_town(key), _pinned(key)
        region = _cell(key.lat, key.lon, REGION_CELL_DEG) if named and pinned else None
        province = _province(key)
        for actor in key.perpetrators:
            # by actor, and by actor and province (``_province``; a town's province parts it
            # from no other town: _ANY in the index for towns)
            self.perps.add(actor, key, incident_id)
            self.perps.add((actor, province), key, incident_id)
            if not named:
                self.perps_coarse.add(actor, key, incident_id)
                self.perps_coarse.add((actor, _ANY if fine else province), key, incident_id)
            if named and region is not None:
                self.perps_region.add((actor, region), key, incident_id)
        for actor in key.others:
            self.others.add(actor, key, incident_id)
        anchor = _anchor_toll(key)
        if anchor is not None:
            self.tolls.setdefault(anchor, set()).add(incident_id)

    def anchored(self, key: EventKey, cells: list, groups: dict[Any, set[int]]) -> None:
        """Add to ``groups`` the incidents some anchor of ``key`` could tie it to: under
        ``_STRONG`` those of a town in common, under each weak anchor (``_PLACE``, ``(_PERP, actor)``, ``(_OTHER, actor)``, ``_TOLL``) its own."""
        place, admin1 = _norm(key.place), _norm(key.admin1)
        strong = groups.setdefault(_STRONG, set())
        if _fine(key):
            if place:
                strong |= self.towns.get(place, _EMPTY)
            for cell in cells:
                strong |= self.cells.get(cell, _EMPTY)
            admin1_index, places_index = self.coarse_admin1, self.coarse_places
        else:
            admin1_index, places_index = self.admin1, self.places
        # A place or province in common scores 1 (``place_score``: 2 is one town, above), so
        # without a shared perpetrator (2), target or victim (1) a match needs 2 from the
        # dates and tolls: two exact days the same day (2), or a day apart (1.5) with the same
        # toll (0.5); other spans score 1 at most. Shared actors have their own lookups.
        if admin1 or place:
            out = groups.setdefault(_PLACE, set())
            if admin1:
                admin1_index.get_same_day(admin1, key, out)   # a province in common
                places_index.get_same_day(admin1, key, out)   # the other's place is our province
            if place:
                places_index.get_same_day(place, key, out)    # our place is the other's place or province
        for actor in key.others:
            self.others.get(actor, key, groups.setdefault((_OTHER, actor), set()))
        # Shared perpetrators: unless both are towns, two provinces part two reports
        # (``place_score``), so a report with a province meets those of its province or of
        # none (a town's, for a town); a named town meets another's perpetrators only where that one is no named
        # town, or a town on the map within REGION_KM of it.
        named, province = _named_town(key), _province(key)
        province = "" if province == _ANY else province
        regions = (_cells_within_reach(key.lat, key.lon, _REGION_REACH, REGION_CELL_DEG)
                   if key.perpetrators and named and _pinned(key) else ())
        for actor in key.perpetrators:
            out = groups.setdefault((_PERP, actor), set())
            if named:
                for anchor in (((actor, province), (actor, ""), (actor, _ANY)) if province else (actor,)):
                    self.perps_coarse.get(anchor, key, out)
            elif not _fine(key) and province:
                for anchor in ((actor, province), (actor, ""), (actor, _ANY)):
                    self.perps.get(anchor, key, out)
            else:
                # a town without a name: no province parts it from a town (``place_score``)
                self.perps.get(actor, key, out)
            for region in regions:
                self.perps_region.get((actor, region), key, out)
        anchor = _anchor_toll(key)
        if anchor is not None:
            groups.setdefault(_TOLL, set()).update(self.tolls.get(anchor, _EMPTY))


class IncidentIndex:
    """Incidents known so far, as the reports in each; matches new reports to them.

    ``match`` scores a report against every report of each candidate incident, exactly as a
    scan of all incidents would, but draws the candidates from blocks: an incident can reach
    ``MATCH_THRESHOLD`` only through a report of the same article, or a dated report of a
    compatible family, no more than ``DATE_MAX_DAYS`` away, not in another country, that
    shares an anchor with it (a place or province name, a town within ``CITY_KM``, a
    perpetrator, a toll; ``pair_score`` caps or rules out everything else).

    A weak anchor (anything but a town in common) shared with more than ``weak_anchor_max``
    incidents (settings ``[fusion]``; 0: no bound) cannot tell which of them the report is
    about: it brings none of them (``anchored``), so the candidates of a report are bounded
    however many incidents its week holds."""

    def __init__(self, *, weak_anchor_max: Optional[int] = None) -> None:
        self.members: dict[int, list[EventKey]] = {}
        self.by_family: dict[str, set[int]] = {}
        self._by_article: dict[str, set[int]] = {}
        # (family, week) → country (None: unknown) → incidents with a report dated that week
        self._dated: dict[tuple[str, int], dict[Optional[str], _Block]] = {}
        self.scored = 0          # candidates scored so far (the work ``match`` did)
        self.crowded_out = 0     # incidents a crowded weak anchor kept from being scored
        self.weak_anchor_max = (weak_anchor_max if weak_anchor_max is not None
                                else _settings_weak_anchor_max())

    def add(self, incident_id: int, key: EventKey) -> None:
        self.members.setdefault(incident_id, []).append(key)
        self.by_family.setdefault(key.family, set()).add(incident_id)
        self._by_article.setdefault(key.article_id, set()).add(incident_id)
        if key.date_start is not None and key.date_end is not None:
            country = _country(key)
            for week in block_weeks(key.date_start, key.date_end):
                by_country = self._dated.setdefault((key.family, week), {})
                block = by_country.get(country)
                if block is None:
                    block = by_country[country] = _Block()
                block.add(incident_id, key)

    def candidates(self, key: EventKey) -> set[int]:
        """Every incident that could score ``MATCH_THRESHOLD`` with ``key`` (and some that
        cannot), but those only a crowded weak anchor brings."""
        return self.anchored(key)[0]

    def anchored(self, key: EventKey) -> tuple[set[int], set[int]]:
        """The candidates of ``key``, and the incidents only crowded weak anchors bring (more
        than ``weak_anchor_max`` incidents under one: none of them is a candidate)."""
        families = compatible_families(key.family)
        out = {i for i in self._by_article.get(key.article_id, ())
               if any(m.family in families for m in self.members[i])}
        window = match_window(key)
        if window is None:
            return out, set()
        country = _country(key)
        cells = _cells_within_reach(key.lat, key.lon) if _pinned(key) else []
        groups: dict[Any, set[int]] = {}
        for family in families:
            for week in block_weeks(*window):
                by_country = self._dated.get((family, week))
                if not by_country:
                    continue
                blocks = (by_country.values() if country is None else
                          [b for b in (by_country.get(country), by_country.get(None)) if b is not None])
                for block in blocks:
                    block.anchored(key, cells, groups)
        out |= groups.pop(_STRONG, _EMPTY)
        crowded: set[int] = set()
        bound = self.weak_anchor_max
        for incidents in groups.values():
            if bound and len(incidents) > bound:
                crowded |= incidents
            else:
                out |= incidents
        return out, crowded - out

    def match(self, key: EventKey, *, exhaustive: bool = False,
              visible: Optional[Callable[[EventKey], bool]] = None) -> tuple[Optional[int], float]:
        """The incident this report belongs to (best score ≥ threshold), or None.
        ``exhaustive``: score every incident of a compatible family but those only a crowded
        weak anchor brings (the reference for tests). ``visible``: only the reports it accepts
        count (an index kept between batches holds reports a batch does not see); an incident
        with none of them is no candidate."""
        best, best_score = None, MATCH_THRESHOLD
        candidates, crowded = self.anchored(key)
        if exhaustive:
            candidates = set()
            for family in compatible_families(key.family):
                candidates |= self.by_family.get(family, set())
            candidates -= crowded
        self.scored += len(candidates)
        self.crowded_out += len(crowded)
        for incident_id in sorted(candidates):
            members = self.members[incident_id]
            if visible is not None:
                members = [m for m in members if visible(m)]
                if not members:
                    continue
            score: Optional[float] = -math.inf
            for m in members:
                s = pair_score(key, m)
                if s is None:
                    # a report contradicting one of an incident's reports stays out of it
                    score = None
                    break
                score = max(score, s)
            if score is None:
                continue
            if score > best_score or (score == best_score and best is None):
                best, best_score = incident_id, score
        return best, best_score
