"""Toponym resolution scores on a geo-annotated corpus (GeoVirus, LGL-style local news).

The corpus is XML: each ``<article>`` has a ``<text>`` and its gold toponyms, either GeoVirus'
``<location>`` (``name``, ``start``, ``end``, ``lat``, ``lon``, ``page``) or LGL's ``<toponym>``
(``start``, ``end``, ``phrase`` and a ``<gaztag geonameid=…>`` with ``lat``/``lon``). Offsets are
character offsets into the text.

Every gold toponym is scored end to end through eventwire's own NLP layer: a gold toponym is
*found* when a geocoded place of ``analysis.places`` or ``analysis.name_places`` (the places
inside organizations' names: "the U.S. Army") overlaps its span (the longest overlap);
its error is the great-circle distance from that place's point to the gold point. Reported:
found (share of gold), within 161 km and 25 km (over found and over all gold), the median
error over found, and the exact GeoNames id (over found toponyms whose gold has an id).
"""
from __future__ import annotations

import hashlib
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from ..model import Article, Place


@dataclass
class Toponym:
    start: int
    end: int
    name: str
    lat: float
    lon: float
    geonameid: Optional[int] = None


@dataclass
class GeoDoc:
    doc_id: str
    text: str
    toponyms: list[Toponym] = field(default_factory=list)
    source: str = ""

    @property
    def part(self) -> str:
        """'train' or 'test': a stable half of the corpus by source page, so that the pieces
        of one story (GeoVirus splits long stories) fall on one side."""
        digest = hashlib.sha1((self.source or self.doc_id).encode("utf-8")).digest()
        return "train" if digest[0] % 2 == 0 else "test"


def _num(el: Optional[ET.Element]) -> Optional[float]:
    try:
        return float(el.text) if el is not None and el.text is not None else None
    except ValueError:
        return None


def load_corpus(path: Path) -> list[GeoDoc]:
    """Articles and gold toponyms of a GeoVirus- or LGL-style XML file."""
    root = ET.parse(path).getroot()
    docs: list[GeoDoc] = []
    for i, art in enumerate(root.iter("article")):
        text_el = art.find("text")
        text = text_el.text if text_el is not None and text_el.text else ""
        source = art.findtext("source") or art.get("docid") or ""
        doc = GeoDoc(doc_id=art.get("docid") or str(i), text=text, source=source.strip())
        for loc in list(art.iter("location")) + list(art.iter("toponym")):
            start, end = _num(loc.find("start")), _num(loc.find("end"))
            tag = loc.find("gaztag")
            holder = tag if tag is not None else loc
            lat, lon = _num(holder.find("lat")), _num(holder.find("lon"))
            if start is None or end is None or lat is None or lon is None:
                continue                      # LGL leaves some toponyms ungeocoded
            gid = tag.get("geonameid") if tag is not None else None
            name_el = loc.find("name") if loc.find("name") is not None else loc.find("phrase")
            name = name_el.text if name_el is not None and name_el.text else text[int(start):int(end)]
            doc.toponyms.append(Toponym(int(start), int(end), name, lat, lon,
                                        int(gid) if gid and gid.isdigit() else None))
        docs.append(doc)
    return docs


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def match_places(toponyms: Sequence[Toponym], places: Iterable[Place]) -> list[Optional[Place]]:
    """For each gold toponym, the geocoded place overlapping it the most (None: not found)."""
    located = [p for p in places if p.start is not None and p.end is not None
               and p.lat is not None and p.lon is not None]
    out = []
    for t in toponyms:
        best, best_overlap = None, 0
        for p in located:
            overlap = min(p.end, t.end) - max(p.start, t.start)
            if overlap > best_overlap:
                best, best_overlap = p, overlap
        out.append(best)
    return out


@dataclass
class GeoScores:
    gold: int = 0
    found: int = 0
    within_161: int = 0
    within_25: int = 0
    with_id: int = 0             # found toponyms whose gold carries a GeoNames id
    exact_id: int = 0
    errors: list[float] = field(default_factory=list)

    def add(self, toponym: Toponym, place: Optional[Place]) -> None:
        self.gold += 1
        if place is None:
            return
        self.found += 1
        err = haversine_km(toponym.lat, toponym.lon, place.lat, place.lon)
        self.errors.append(err)
        self.within_161 += err <= 161
        self.within_25 += err <= 25
        if toponym.geonameid is not None:
            self.with_id += 1
            self.exact_id += place.geonameid == toponym.geonameid

    def as_dict(self) -> dict:
        def pct(a: int, b: int) -> Optional[float]:
            return round(100.0 * a / b, 1) if b else None
        errs = sorted(self.errors)
        median = (errs[len(errs) // 2] if len(errs) % 2 else
                  (errs[len(errs) // 2 - 1] + errs[len(errs) // 2]) / 2) if errs else None
        return {"gold": self.gold, "found": self.found, "found_pct": pct(self.found, self.gold),
                "within_161_found": pct(self.within_161, self.found),
                "within_161_gold": pct(self.within_161, self.gold),
                "within_25_found": pct(self.within_25, self.found),
                "within_25_gold": pct(self.within_25, self.gold),
                "median_km": round(median, 1) if median is not None else None,
                "gold_with_id": self.with_id, "exact_id_found": pct(self.exact_id, self.with_id)}


def analyze_docs(docs: Sequence[GeoDoc], nlp=None):
    """``Analysis`` of each doc through eventwire's NLP layer, in order."""
    from ..nlp.pipeline import analyze, parse_many
    articles = [Article(text=d.text, id=f"geo-{d.doc_id}") for d in docs]
    for article, doc in zip(articles, parse_many([a.text for a in articles], nlp)):
        yield analyze(article, doc=doc)


def evaluate_geo(path: Path, *, limit: Optional[int] = None, part: str = "all",
                 docs: Optional[Sequence[GeoDoc]] = None, analyses=None) -> dict:
    """Scores of eventwire's geocoding on the corpus at ``path`` (``part``: all, train or test,
    the halves ``training/train_geo.py`` learns on and holds out)."""
    docs = list(docs if docs is not None else load_corpus(path))
    if part != "all":
        docs = [d for d in docs if d.part == part]
    if limit is not None:
        docs = docs[:limit]
    scores = GeoScores()
    analyses = analyses if analyses is not None else analyze_docs(docs)
    for doc, analysis in zip(docs, analyses):
        places = list(analysis.places) + list(getattr(analysis, "name_places", ()))
        for t, p in zip(doc.toponyms, match_places(doc.toponyms, places)):
            scores.add(t, p)
    out = scores.as_dict()
    out["documents"] = len(docs)
    out["part"] = part
    return out


def format_scores(s: dict) -> str:
    def f(v):
        return "n/a" if v is None else f"{v:.1f}%"
    lines = [f"documents {s['documents']} ({s.get('part', 'all')}), gold toponyms {s['gold']}",
             f"found and geocoded      {s['found']} ({f(s['found_pct'])} of gold)",
             f"within 161 km           {f(s['within_161_found'])} of found, {f(s['within_161_gold'])} of gold",
             f"within 25 km            {f(s['within_25_found'])} of found, {f(s['within_25_gold'])} of gold",
             "median error            " + ("n/a" if s["median_km"] is None else f"{s['median_km']:.1f} km"),
             f"exact GeoNames id       " + (f"{f(s['exact_id_found'])} of found ({s['gold_with_id']} with an id)"
                                           if s["gold_with_id"] else "n/a (the corpus has no GeoNames ids)")]
    return "\n".join(lines)
