"""ACLED-style CSV: one row per incident with ACLED's column names.

ACLED's event types come from the extractor's codes when it set them, else from the
event type. Unknown fatalities stay empty (ACLED would write 0; we do not invent a
count). Extra columns after ACLED's own link each row back to its sources.
"""
from __future__ import annotations

from typing import IO

from .common import (SafeCsvWriter, article_ids, iter_incidents, names, source_names, source_urls,
                     summary)

COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
           "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
           "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
           "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
           "notes", "fatalities", "tags", "timestamp",
           # eventwire additions: the range over sources and the way back to them
           "fatalities_low", "fatalities_high", "eventwire_incident_id", "source_urls", "article_ids"]

ACLED_TYPES = {
    "attack": ("Violence against civilians", "Attack", "Political violence"),
    "assassination": ("Violence against civilians", "Attack", "Political violence"),
    "kidnapping": ("Violence against civilians", "Abduction/forced disappearance", "Political violence"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence"),
    "suicide_attack": ("Explosions/Remote violence", "Suicide bomb", "Political violence"),
    "armed_clash": ("Battles", "Armed clash", "Political violence"),
    "arson": ("Riots", "Mob violence", "Political violence"),
    "protest": ("Protests", "Peaceful protest", "Demonstrations"),
    "arrest": ("Strategic developments", "Arrests", "Strategic developments"),
}
_OTHER = ("Strategic developments", "Other", "Strategic developments")
_GEO = {"city": 1, "point": 1, "admin2": 2, "admin1": 3, "country": 3}


def _time_precision(precision):
    return {"day": 1, "month": 3, "year": 3}.get(precision or "", "")


def row(inc: dict) -> dict:
    event_type, sub, disorder = ACLED_TYPES.get(inc["type"], _OTHER)
    codes = inc.get("codes") or {}
    event_type = codes.get("acled_event_type") or event_type
    sub = codes.get("acled_sub_event_type") or sub
    perps = names(inc.get("perpetrators")) or names(inc.get("claimed_by"))
    targets = names(inc.get("targets")) + names(inc.get("victims"))
    date = inc.get("date") or inc.get("date_start") or ""
    return {
        "event_id_cnty": f"{inc.get('country_code') or 'XX'}{inc['id']}",
        "event_date": date[:10], "year": date[:4], "time_precision": _time_precision(inc.get("date_precision")),
        "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub,
        "actor1": perps[0] if perps else "Unidentified Armed Group",
        "assoc_actor_1": "; ".join(perps[1:]), "inter1": "",
        "actor2": targets[0] if targets else "", "assoc_actor_2": "; ".join(targets[1:3]), "inter2": "",
        "interaction": "", "civilian_targeting": "Civilian targeting" if event_type == "Violence against civilians" else "",
        "iso": inc.get("country_code") or "", "region": "", "country": inc.get("country") or "",
        "admin1": inc.get("admin1") or "", "admin2": "", "admin3": "",
        "location": inc.get("place") or "", "latitude": inc.get("lat") if inc.get("lat") is not None else "",
        "longitude": inc.get("lon") if inc.get("lon") is not None else "",
        "geo_precision": _GEO.get(inc.get("geo_precision") or "", ""),
        "source": "; ".join(source_names(inc)), "source_scale": "",
        "notes": summary(inc),
        "fatalities": inc["killed_best"] if inc.get("killed_best") is not None else "",
        "tags": "", "timestamp": "",
        "fatalities_low": inc["killed_low"] if inc.get("killed_low") is not None else "",
        "fatalities_high": inc["killed_high"] if inc.get("killed_high") is not None else "",
        "eventwire_incident_id": inc["id"], "source_urls": " ".join(source_urls(inc)),
        "article_ids": " ".join(article_ids(inc)),
    }


def write(store, out: IO[str], **filters) -> int:
    writer = SafeCsvWriter(out, COLUMNS)     # formula cells escaped (common.py)
    writer.writeheader()
    n = 0
    for inc in iter_incidents(store, **filters):
        writer.writerow(row(inc))
        n += 1
    return n
