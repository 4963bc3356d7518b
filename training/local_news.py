"""Local-news training articles made from the gazetteer (distant supervision for the geocoder).

GeoVirus, the corpus the geocoder's weights are learned on, is international news: its names
are countries, capitals and provinces, so the features that decide *local* news (which of
twenty Springfields: the one in the province the article names, near the other towns it
names) are seldom decisive there and get small weights (``same_admin1`` 0.19, ``log_dist``
0.0). Local news (LGL's kind of corpus, the issue's held-out set) is made of exactly those
cases. No such corpus is here, so this module writes articles of that kind from the
gazetteer itself: an article is set in one town whose name the gazetteer holds more than once
(the case where context must decide), drawn in proportion to its population; it names two to four towns within 60 km of it in the
same province, sometimes its county and its province (in full or as AP style abbreviates it),
in sentences of ``local_news_templates.txt`` (written by the team). Every name's gold point is
its gazetteer record's.

    from training.local_news import local_news_docs
    docs = local_news_docs(300, seed=1)       # GeoDoc list, as evaluate.geo.load_corpus returns

The articles are generated, not real: they teach the weights how much the article's own
province and neighbourhood count against population; what they score is measured on GeoVirus'
held-out half and on the team-written local-news file, never on themselves.
"""
from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from eventwire.evaluate.geo import GeoDoc, Toponym
from eventwire.nlp.gazetteer import Gazetteer, fold
from eventwire.nlp.geocode import haversine_km

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "local_news_templates.txt"
COUNTRIES = {"US": 0.7, "CA": 0.1, "GB": 0.1, "AU": 0.1}     # LGL is mostly US local papers
NEAR_KM = 60.0


def _abbreviations() -> dict[tuple[str, str], list[str]]:
    """(country code, division name) -> the short forms news writes (aliases.tsv and
    container_abbreviations.tsv: "Ga.", "Ill.", "Ont.")."""
    geo = HERE.parent / "src" / "eventwire" / "resources" / "geo"
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for line in (geo / "aliases.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) >= 4 and parts[1] == "admin1" and parts[0].endswith("."):
            out[(parts[2], parts[3])].append(parts[0])
    for line in (geo / "container_abbreviations.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if not line.startswith("#") and len(parts) >= 3:
            out[(parts[1], parts[2])].append(parts[0])
    return out


def _templates() -> dict[str, list[str]]:
    """Sections of the template file: '[lead]', '[more]', '[county]', '[province]'."""
    out: dict[str, list[str]] = defaultdict(list)
    section = None
    for line in TEMPLATES.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section:
            out[section].append(line)
    return out


class _Builder:
    def __init__(self, gaz: Gazetteer, rng: random.Random):
        self.gaz, self.rng = gaz, rng
        self.towns = {cc: [r for r in gaz.records if r.kind == "city" and r.country_code == cc
                           and r.admin1 and r.population >= 500 and len(r.name.split()) <= 2
                           and r.name.isascii()]
                      for cc in COUNTRIES}
        self.cells: dict[tuple[str, int, int], list] = defaultdict(list)
        for cc, towns in self.towns.items():
            for r in towns:
                self.cells[(cc, int(r.lat // 1), int(r.lon // 1))].append(r)
        self.ambiguous = {cc: [r for r in towns if 1_000 <= r.population <= 150_000
                               and len(gaz.candidates(r.name)) > 1]
                          for cc, towns in self.towns.items()}
        self.weights = {cc: [r.population for r in towns] for cc, towns in self.ambiguous.items()}
        self.divisions = {}
        for r in gaz.records:
            if r.kind in ("admin1", "admin2") and r.country_code in COUNTRIES:
                self.divisions[(r.kind, r.country_code, r.admin1, fold(r.name))] = r
        self.abbreviations = _abbreviations()
        self.templates = _templates()

    def neighbours(self, town):
        out = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for r in self.cells.get((town.country_code, int(town.lat // 1) + dy, int(town.lon // 1) + dx), ()):
                    if r is not town and r.admin1 == town.admin1 and fold(r.name) != fold(town.name) \
                            and haversine_km(town.lat, town.lon, r.lat, r.lon) <= NEAR_KM:
                        out.append(r)
        return out

    def article(self, i: int):
        rng = self.rng
        cc = rng.choices(list(COUNTRIES), weights=list(COUNTRIES.values()))[0]
        if not self.ambiguous[cc]:
            return None
        # news happens where people are: a town is drawn in proportion to its population (drawn
        # uniformly, the generated news would teach that population hardly matters)
        town = rng.choices(self.ambiguous[cc], weights=self.weights[cc])[0]
        near = self.neighbours(town)
        if len(near) < 2:
            return None
        others = []
        for _ in range(min(len(near), rng.randint(2, 4))):
            pick = rng.choices(near, weights=[r.population for r in near])[0]
            near.remove(pick)
            others.append(pick)
        province = self.divisions.get(("admin1", cc, town.admin1, fold(town.admin1)))
        county = self.divisions.get(("admin2", cc, town.admin1, fold(town.admin2))) if town.admin2 else None
        short = self.abbreviations.get((cc, town.admin1), [])
        parts: list[tuple[str, object]] = []     # (text, record or None)

        def fill(template: str, slots: dict) -> None:
            pos = 0
            while True:
                a = template.find("{", pos)
                if a < 0:
                    parts.append((template[pos:], None))
                    return
                b = template.index("}", a)
                parts.append((template[pos:a], None))
                name, rec = slots[template[a + 1:b]]
                parts.append((name, rec))
                pos = b + 1

        state = (rng.choice(short) if short and rng.random() < 0.6 else town.admin1, province)
        slots = {"A": (town.name, town), "S": state}
        for k, r in zip("BCDE", others):
            slots[k] = (r.name, r)
        lead = rng.choice([t for t in self.templates["lead"] if "{S}" not in t or province])
        if rng.random() < 0.3 and province:
            fill(town.name.upper() + ", {S} — ", slots)
        fill(lead + " ", slots)
        usable = [t for t in self.templates["more"]
                  if all(k in slots for k in "BCDE" if "{" + k + "}" in t)]
        for t in rng.sample(usable, min(len(usable), 2)):
            fill(t + " ", slots)
        if county is not None and rng.random() < 0.6:
            slots["CO"] = (county.name, county)
            fill(rng.choice(self.templates["county"]) + " ", slots)
        if province is not None and rng.random() < 0.3:
            slots["P"] = (province.name, province)
            fill(rng.choice(self.templates["province"]) + " ", slots)
        text, toponyms = "", []
        for piece, rec in parts:
            if rec is not None:
                toponyms.append(Toponym(len(text), len(text) + len(piece), piece, rec.lat, rec.lon,
                                        rec.geonameid))
            text += piece
        return GeoDoc(doc_id=f"local-{i}", text=text.strip(), toponyms=toponyms, source=f"local-{i}")


def local_news_docs(n: int, *, seed: int = 1, gaz: Gazetteer | None = None) -> list[GeoDoc]:
    """``n`` generated local-news articles (deterministic for a seed)."""
    builder = _Builder(gaz or Gazetteer.load(), random.Random(seed))
    docs, i = [], 0
    while len(docs) < n and i < 20 * n:
        doc = builder.article(i)
        i += 1
        if doc is not None and doc.toponyms:
            docs.append(doc)
    return docs
