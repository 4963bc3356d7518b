"""An incident's fused fields from all of its reports: which type, date, place, counts and
actors it gets. Pure decisions over plain records; ``store.fusion`` reads the reports from the
database, calls ``fused_fields`` and writes the result.

A report (``rows``) is any object with the events table's columns as attributes (``type``,
``family``, ``date``, ``date_text``, ``date_precision``, ``date_start``, ``date_end``, the place
columns, ``killed_low``/``best``/``high``, ``injured_…``, ``weapons``, ``codes``, ``article_id``)
and ``reported`` (the day its article was published). ``weapons`` and ``codes`` may be JSON text
(as stored) or already decoded.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import Any, Mapping

from .counts import fuse_counts, source_figure
from .events import CLAIM

# How precise a place is: an incident takes its most precise report's place.
GEO_RANK = {"city": 3, "admin2": 3, "point": 4, "admin1": 2, "country": 1}
_DATE_RANK = {"day": 3, "month": 2, "year": 1}
ROLE_COLUMNS = {"perpetrators": "perpetrator", "targets": "target", "victims": "victim",
                "claimed_by": "claimant"}


def mode(values: list, default=None):
    """The most common value (ties: the first seen); ``None`` and "" do not count."""
    values = [v for v in values if v not in (None, "")]
    if not values:
        return default
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -values.index(v)))


def _decoded(value: Any, default: Any) -> Any:
    if value is None:
        return default
    return json.loads(value) if isinstance(value, str) else value


def incident_type(rows: list) -> dict[str, Any]:
    """The most specific type its reports used (a claim names no act), and its family."""
    acts = [r for r in rows if r.family != CLAIM] or rows
    types = [r.type for r in acts]
    return {"type": mode([t for t in types if t != "attack"] or types),
            "family": mode([r.family for r in acts])}


def incident_date(rows: list) -> dict[str, Any]:
    """The date: voted by the reports that state one (a date the text states outvotes the
    publication date an undated report took); the span of the dated reports otherwise."""
    out: dict[str, Any] = {}
    dated = [r for r in rows if r.date]
    dated = [r for r in dated if r.date_text] or dated
    day_dates = [r.date[:10] for r in dated if r.date_precision == "day"]
    if day_dates:
        out["date"], out["date_precision"] = mode(sorted(day_dates)), "day"
    elif dated:
        best = max(dated, key=lambda r: _DATE_RANK.get(r.date_precision, 0))
        out["date"], out["date_precision"] = best.date, best.date_precision
    else:
        out["date"], out["date_precision"] = None, None
    spans = [(r.date_start, r.date_end) for r in (dated or rows) if r.date_start]
    if spans and out["date"] and out["date_precision"] == "day":
        out["date_start"] = out["date_end"] = out["date"]
    elif spans:
        out["date_start"], out["date_end"] = min(s for s, _ in spans), max(e for _, e in spans)
    else:
        out["date_start"] = out["date_end"] = None
    return out


def incident_place(rows: list) -> dict[str, Any]:
    """The place of its most precise reports (the commonest name among them)."""
    located = [r for r in rows if r.place or r.country_code]
    if not located:
        return dict(place=None, admin1=None, admin2=None, country=None, country_code=None, lat=None,
                    lon=None, geo_precision=None)
    top = max(GEO_RANK.get(r.geo_precision or "", 0) for r in located)
    finest = [r for r in located if GEO_RANK.get(r.geo_precision or "", 0) == top]
    place = mode([r.place for r in finest]) or finest[0].place
    pick = next((r for r in finest if r.place == place), finest[0])
    return dict(place=pick.place, admin1=pick.admin1 or mode([r.admin1 for r in located]),
                admin2=getattr(pick, "admin2", None),
                country=pick.country or mode([r.country for r in located]),
                country_code=pick.country_code or mode([r.country_code for r in located]),
                lat=pick.lat, lon=pick.lon, geo_precision=pick.geo_precision)


def incident_counts(rows: list) -> dict[str, Any]:
    """low / best / high killed and injured over the sources (``fuse.counts``)."""
    out: dict[str, Any] = {}
    for what in ("killed", "injured"):
        per_article = defaultdict(list)
        for r in rows:
            per_article[r.article_id].append((getattr(r, f"{what}_low"), getattr(r, f"{what}_best"),
                                              getattr(r, f"{what}_high")))
        fused = fuse_counts(source_figure(v) for v in per_article.values())
        out.update({f"{what}_{k}": v for k, v in fused.items()})
    return out


def fused_fields(rows: list, roles: Mapping[str, Counter]) -> dict[str, Any]:
    """Every fused field of an incident whose reports are ``rows``; ``roles``: role → Counter
    of actor names over its sources. Lists and dicts (actors, weapons, codes) come decoded."""
    out: dict[str, Any] = {"n_sources": len({r.article_id for r in rows})}
    if not rows:
        return out
    out.update(incident_type(rows))
    out.update(incident_date(rows))
    out.update(incident_place(rows))
    out.update(incident_counts(rows))
    for column, role in ROLE_COLUMNS.items():
        counter = roles.get(role, Counter())
        out[column] = [{"name": n, "sources": c} for n, c in counter.most_common()]
    weapons: Counter = Counter()
    codes: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        for w in _decoded(r.weapons, []) or []:
            weapons[w.get("name")] += 1
        for k, v in (_decoded(r.codes, {}) or {}).items():
            if v:
                codes[k][v] += 1
    out["weapons"] = [{"name": n, "sources": c} for n, c in weapons.most_common() if n]
    out["codes"] = {k: c.most_common(1)[0][0] for k, c in codes.items()}
    reported = sorted(r.reported for r in rows if r.reported)
    out["first_reported"] = reported[0] if reported else None
    out["last_reported"] = reported[-1] if reported else None
    return out

