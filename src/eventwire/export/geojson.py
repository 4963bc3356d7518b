"""GeoJSON (RFC 7946): a FeatureCollection with one Point per located incident.

Coordinates are [longitude, latitude]; incidents without coordinates are left out
(counted in the return value's complement). Properties carry the fused fields and
each source (outlet, URL, article id, its own figures).
"""
from __future__ import annotations

import json
from typing import IO

from .common import iter_incidents, names, safe_url, summary

_SOURCE_KEYS = ("article_id", "source", "url", "published", "title", "killed_best", "injured_best")


def feature(inc: dict) -> dict:
    props = {k: inc.get(k) for k in ("id", "type", "date", "date_precision", "place", "admin1",
                                     "country", "country_code", "geo_precision", "killed_low",
                                     "killed_best", "killed_high", "injured_low", "injured_best",
                                     "injured_high", "n_sources")}
    props["perpetrators"] = names(inc.get("perpetrators"))
    props["claimed_by"] = names(inc.get("claimed_by"))
    props["targets"] = names(inc.get("targets"))
    props["summary"] = summary(inc)
    props["sources"] = [{k: safe_url(s.get(k)) if k == "url" else s.get(k) for k in _SOURCE_KEYS}
                        for s in inc.get("sources", [])]
    return {"type": "Feature", "id": inc["id"],
            "geometry": {"type": "Point", "coordinates": [float(inc["lon"]), float(inc["lat"])]},
            "properties": props}


def write(store, out: IO[str], **filters) -> int:
    out.write('{"type":"FeatureCollection","features":[')
    n = 0
    for inc in iter_incidents(store, **filters):
        if inc.get("lat") is None or inc.get("lon") is None:
            continue
        out.write(("," if n else "") + "\n" + json.dumps(feature(inc), ensure_ascii=False, default=str))
        n += 1
    out.write("\n]}\n")
    return n
