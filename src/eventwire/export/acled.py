"""ACLED-style CSV: one row per incident with ACLED's column names.

ACLED's event types, inter codes, interaction and civilian targeting come from the extractor's
codes (extract/coding/); an incident stored without them gets the one code table's default for
its coarse type. ``iso`` is ACLED's numeric ISO 3166-1 code (586 for Pakistan). Unknown fatalities stay empty (ACLED would write 0; we do not invent a
count); known ones count every death, the attackers' too, as ACLED's do. A date without its year
("--11-23": a text with no publication date) leaves event_date and year empty. Extra columns after ACLED's own link each row back to its sources.
"""
from __future__ import annotations

from typing import IO

from ..extract.coding.decide import time_precision
from ..extract.coding.taxonomy import COARSE, acled_region, codes_of, iso_numeric
from .common import (SafeCsvWriter, article_ids, attackers_killed, iter_incidents, names, source_names,
                     source_urls, summary)

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
           "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
           "notes", "fatalities", "tags", "timestamp",
           # eventwire additions: the range over sources and the way back to them
           "fatalities_low", "fatalities_high", "eventwire_incident_id", "source_urls", "article_ids"]

_GEO = {"city": 1, "point": 1, "admin2": 2, "admin1": 3, "country": 3}


def _codes(inc: dict) -> dict:
    """The incident's codes; without a sub-event type (older databases) the one code table's
    default for the coarse type (extract/coding/taxonomy.json), so "arson" is coded alike here
    and in the extractor."""
    codes = dict(inc.get("codes") or {})
    if not codes.get("acled_sub_event_type"):
        sub = COARSE.get(inc["type"], "Other")
        codes = {**codes_of(sub), **{k: v for k, v in codes.items() if v is not None}}
        codes["acled_sub_event_type"] = sub
        codes["acled_event_type"] = codes_of(sub)["acled_event_type"]
    if not codes.get("acled_disorder_type"):
        codes["acled_disorder_type"] = codes_of(codes["acled_sub_event_type"])["acled_disorder_type"]
    return codes


def _cell(value):
    return "" if value is None else value


def _iso3(code):
    if not code:
        return "XX"
    import pycountry
    c = pycountry.countries.get(alpha_2=code.upper())
    return c.alpha_3 if c else code


def _timestamp(updated_at) -> str:
    """ACLED's ``timestamp``: when the row was last changed, in Unix seconds."""
    if not updated_at:
        return ""
    from datetime import datetime
    try:
        return str(int(datetime.fromisoformat(str(updated_at)).timestamp()))
    except ValueError:
        return ""


def _deaths(figure, attackers: int | None):
    """ACLED's fatalities count every death of the event, the attackers' too (GTD keeps them
    apart, in nkillter)."""
    if figure is None:
        return attackers if attackers is not None else ""
    return figure + (attackers or 0)


def row(inc: dict, attackers: int | None = None) -> dict:
    codes = _codes(inc)
    event_type, sub = codes["acled_event_type"], codes["acled_sub_event_type"]
    perps = names(inc.get("perpetrators")) or names(inc.get("claimed_by"))
    targets = names(inc.get("targets")) + names(inc.get("victims"))
    date = inc.get("date") or inc.get("date_start") or ""
    if not date[:4].isdigit():              # a day without its year ("--11-23"): no ACLED date
        date = ""
    inter1, inter2 = codes.get("inter1"), codes.get("inter2")
    # the actors the inter codes were read from (the claimant BLA, the police it fought)
    actor1 = codes.get("actor1") if codes.get("actor1") in perps + names(inc.get("claimed_by")) else None
    actor1 = actor1 or (perps[0] if perps else "Unidentified Armed Group")
    actor2 = codes.get("actor2") if codes.get("actor2") in targets else None
    if actor2 is None and codes.get("actor2") and inter2 == 7:
        # civilians the coder read from the text rather than a named target: ACLED's
        # "Civilians (Pakistan)"
        actor2 = f"Civilians ({inc['country']})" if inc.get("country") else "Civilians"
    actor2 = actor2 or (targets[0] if targets else "")
    civ = codes.get("civilian_targeting")
    if civ is None and "inter1" not in codes:            # coded before actor typing existed
        civ = "Civilian targeting" if event_type == "Violence against civilians" else None
    ranged = bool(inc.get("date_start") and inc.get("date_end") and inc["date_start"] != inc["date_end"])
    return {
        # ACLED's ids are the ISO alpha-3 code and a number (PAK1234)
        "event_id_cnty": f"{_iso3(inc.get('country_code'))}{inc['id']}",
        "event_date": date[:10], "year": date[:4],
        "time_precision": _cell(time_precision(inc.get("date_precision"), ranged)),
        "disorder_type": codes.get("acled_disorder_type") or "", "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor1, "assoc_actor_1": "; ".join(p for p in perps if p != actor1),
        "inter1": _cell(inter1),
        "actor2": actor2, "assoc_actor_2": "; ".join([t for t in targets if t != actor2][:2]),
        "inter2": _cell(inter2), "interaction": _cell(codes.get("interaction")),
        "civilian_targeting": civ or "",
        "iso": _cell(iso_numeric(inc.get("country_code"))), "region": acled_region(inc.get("country_code")) or "", "country": inc.get("country") or "",
        "admin1": inc.get("admin1") or "", "admin2": inc.get("admin2") or "", "admin3": "",
        "location": inc.get("place") or "", "latitude": inc.get("lat") if inc.get("lat") is not None else "",
        "longitude": inc.get("lon") if inc.get("lon") is not None else "",
        "geo_precision": _GEO.get(inc.get("geo_precision") or "", ""),
        "source": "; ".join(source_names(inc)), "source_scale": "",
        "notes": summary(inc),
        "fatalities": _deaths(inc.get("killed_best"), attackers),
        "tags": "", "timestamp": _timestamp(inc.get("updated_at")),
        "fatalities_low": _deaths(inc.get("killed_low"), attackers),
        "fatalities_high": _deaths(inc.get("killed_high"), attackers),
        "eventwire_incident_id": inc["id"], "source_urls": " ".join(source_urls(inc)),
        "article_ids": " ".join(article_ids(inc)),
    }


def write(store, out: IO[str], **filters) -> int:
    writer = SafeCsvWriter(out, COLUMNS)     # formula cells escaped (common.py)
    writer.writeheader()
    n = 0
    for inc in iter_incidents(store, **filters):
        writer.writerow(row(inc, attackers_killed(store, inc)))
        n += 1
    return n
