"""Resolve an article's place names to gazetteer records with the article's context.

Each place name (one ``Group``: an entity's mentions, or a dateline city) gets candidates from
the gazetteer; each candidate is described by features — its population and kind, whether the
name is its primary name, the article's other places (named countries, the share of the other
names resolved in its country, its distance to the nearest of them, a shared province), the
dateline's country, nationality words ("Pakistani") and the division named beside it
("Dantewada, Chhattisgarh"). A linear score over the features picks the candidate; the
weights are learned on GeoVirus by ``training/train_geo.py`` (conditional logit, two passes:
the first without the other names' resolutions, the second with them) and shipped in
``resources/geo/weights.json``.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional, Sequence

from .analysis import doc_text
from ..settings import Settings
from .gazetteer import _KIND_WORDS, PRECISION_RANK, Gazetteer, GeoRecord, capital_of, fold
from .gazetteer_build import demonyms

WEIGHTS_PATH = Path(__file__).resolve().parent.parent / "resources" / "geo" / "weights.json"
MAX_CANDIDATES = 40

LOCAL_FEATURES = ("log_pop", "is_admin2", "is_admin1", "is_country", "is_region", "primary_name",
                  "country_named", "demonym", "kind_word", "capital", "no_pop", "container",
                  "container_conflict", "county_pair")
CONTEXT_FEATURES = ("country_share", "same_admin1", "log_dist", "no_other_place", "dateline_country",
                    "far_500", "list_same", "same_admin2")
FEATURES = LOCAL_FEATURES + CONTEXT_FEATURES


@dataclass
class Group:
    """One place name of the article and where it occurs."""
    name: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    dateline: bool = False
    in_name: bool = False          # part of an organization's name ("the U.S. Army")
    only: Optional[tuple[str, str]] = None   # (kind, country code) its record must have


@dataclass
class Resolution:
    record: Optional[GeoRecord]
    confidence: float = 0.0


@lru_cache(maxsize=1)
def load_weights(path: Path = WEIGHTS_PATH) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        from ..errors import DataError, Errors
        raise DataError(Errors.E515.format(path=path)) from None
    return data


_CAPITALS: dict[int, frozenset] = {}


def _capital_ids(gaz: Gazetteer) -> frozenset:
    """GeoNames ids of the countries' capital cities (once per gazetteer)."""
    ids = _CAPITALS.get(id(gaz))
    if ids is None:
        from .gazetteer import _capitals
        ids = frozenset(r.geonameid for r in (capital_of(gaz, cc) for cc in _capitals()) if r is not None)
        _CAPITALS.clear()
        _CAPITALS[id(gaz)] = ids
    return ids


_CAPITALIZED = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?")


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    return {w: cc for w, cc in demonyms().items() if len(w) >= 4}


def nationality_countries(text: str) -> dict[str, int]:
    """Country code -> how often its nationality word occurs ("Pakistani officials"); only
    capitalized words count ("a china plate" names no one)."""
    dem = _demonyms()
    out: dict[str, int] = {}
    def lookup(word: str) -> Optional[str]:
        key = fold(word)
        return dem.get(key) or (dem.get(key[:-1]) if key.endswith("s") else None)

    for m in _CAPITALIZED.finditer(text):
        words = m.group(0)
        found = [lookup(words)] if lookup(words) else [lookup(w) for w in re.split(r"[ -]", words)]
        for cc in found:                            # "South African"; "Two Pakistani"
            if cc:
                out[cc] = out.get(cc, 0) + 1
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


class Geocoder:
    def __init__(self, gaz: Optional[Gazetteer] = None, weights: Optional[dict] = None):
        self.gaz = gaz or Gazetteer.load()
        w = weights if weights is not None else load_weights()
        self.local = [float(w["local"].get(f, 0.0)) for f in LOCAL_FEATURES]
        self.context = [float(w["context"].get(f, 0.0)) for f in FEATURES]

    # ---- candidates ---------------------------------------------------------------------
    def candidates(self, name: str) -> tuple[list[GeoRecord], Optional[str]]:
        """Records for ``name`` (a generic last word dropped if needed: "Nangarhar province")."""
        cands = self.gaz.candidates(name)
        kind = None
        words = name.split()
        if len(words) > 1 and words[-1].lower() in _KIND_WORDS:
            kind = _KIND_WORDS[words[-1].lower()]
            if not cands:
                cands = self.gaz.candidates(" ".join(words[:-1]))
        if len(cands) > MAX_CANDIDATES:
            cands = sorted(cands, key=lambda r: -r.population)[:MAX_CANDIDATES]
        return cands, (kind if kind != "any" else None)

    @staticmethod
    def known_name(gaz: Gazetteer, name: str) -> bool:
        """The gazetteer knows the name (a generic last word dropped: "Nangarhar province")."""
        words = name.split()
        return bool(gaz.candidates(name)) or (
            len(words) > 1 and words[-1].lower() in _KIND_WORDS and bool(gaz.candidates(" ".join(words[:-1]))))

    # ---- features -----------------------------------------------------------------------
    def prepare(self, groups: Sequence[Group], text: str) -> list[dict]:
        """Per group: its candidates and their local feature rows."""
        nat = nationality_countries(text)
        items = []
        for g in groups:
            cands, kind = self.candidates(g.name)
            if g.only is not None:
                cands = [c for c in cands if (c.kind, c.country_code) == g.only]
            items.append({"group": g, "cands": cands, "kind": kind, "key": fold(g.name)})
        # Countries the article names outright ("Pakistan", not "Georgia" the state).
        named = {}
        for it in items:
            if it["group"].in_name:      # "Times of India", "the U.S. Army": no word on where
                continue
            for c in it["cands"]:
                if c.kind == "country" and fold(c.name) == it["key"] or (
                        c.kind == "country" and len(it["cands"]) == 1):
                    named[c.country_code] = named.get(c.country_code, 0) + len(it["group"].spans)
        containers, holders = self._containers(items, text)
        siblings = _list_siblings(items, text)
        for i, it in enumerate(items):
            # "Paris, Tenn.", "Dantewada, Chhattisgarh": a holder that can only be a division
            # holds the name; its candidates are those inside, if the gazetteer has any. Not in
            # a list: "Washington, Pennsylvania and California" are three states
            if i in siblings or any(c.kind == "country" and fold(c.name) == it["key"] for c in it["cands"]):
                continue                   # ... and a country is held by nothing
            outer = [c for j, _ in holders.get(i, []) if items[j]["cands"] and all(
                c.kind in ("country", "admin1", "admin2") for c in items[j]["cands"]) for c in items[j]["cands"]]
            if outer:
                inside = [c for c in it["cands"] if any(self._inside(c, o) for o in outer)]
                if inside:
                    it["cands"] = inside
        pairs = _county_pairs(items)
        for i, it in enumerate(items):
            it["holders"] = holders.get(i, [])
            it["siblings"] = siblings.get(i, ())
            it["named"] = named
            rows = []
            for c in it["cands"]:
                cont = containers.get(i, [])
                fits = any(self._inside(c, o) for o in cont)
                rows.append([
                    math.log10(c.population + 1) / 7.0,
                    c.kind == "admin2", c.kind == "admin1", c.kind == "country", c.kind == "region",
                    fold(c.name) == it["key"],
                    min(named.get(c.country_code, 0), 3) / 3.0 if c.kind != "country" else 0.0,
                    min(nat.get(c.country_code, 0), 3) / 3.0,
                    it["kind"] is not None and c.kind == it["kind"],
                    self._is_capital(c),
                    c.population == 0,
                    fits, bool(cont) and not fits,
                    bool(pairs.get(_county_key(c), set()) - {it["key"]}),
                ])
            it["local"] = rows
        return items

    def _containers(self, items: list[dict], text: str) -> tuple[dict[int, list[GeoRecord]], dict[int, list[tuple[int, Optional[str]]]]]:
        """For each group, the candidates of a name right after it ("Dantewada, Chhattisgarh"
        or "Pandi, Bulacan in Central Luzon") that could hold it, and those names' groups."""
        starts = sorted(((s, e, i) for i, it in enumerate(items) for s, e in it["group"].spans))
        out: dict[int, list[GeoRecord]] = {}
        holders: dict[int, list[tuple[int, Optional[str]]]] = {}
        for (s1, e1, i), (s2, e2, j) in zip(starts, starts[1:]):
            if i == j:
                continue
            gap = text[e1:s2]
            if len(gap) <= 5 and re.fullmatch(r"\s*(,|in|\(|,\s*in)\s*", gap):
                out.setdefault(i, []).extend(c for c in items[j]["cands"]
                                             if c.kind in ("country", "admin1", "admin2"))
                # the holder's kind: its own word ("Latehar District"), or the word after it
                m = _NEXT_WORD.match(text, e2)
                hint = items[j]["kind"] or (_KIND_WORDS.get(m.group(1).lower()) if m else None)
                if (j, hint) not in holders.setdefault(i, []):
                    holders[i].append((j, hint))
        return out, holders

    @staticmethod
    def _inside(c: GeoRecord, outer: GeoRecord) -> bool:
        if c.country_code != outer.country_code or c is outer:
            return False
        if outer.kind == "country":
            return c.kind != "country"
        if outer.kind == "admin1":
            return c.kind in ("city", "admin2") and c.admin1 is not None and fold(c.admin1) == fold(outer.name)
        if outer.kind == "admin2":
            return c.kind == "city" and c.admin2 is not None and fold(c.admin2) == fold(outer.name)
        return False

    def _is_capital(self, c: GeoRecord) -> bool:
        return c.kind == "city" and c.geonameid in _capital_ids(self.gaz)

    def context_rows(self, items: list[dict], picks: list[Optional[GeoRecord]]) -> None:
        """Add the features that read the other groups' first-pass picks.

        The article-wide tallies (mentions per country, picks per province, distinct picked
        points) are made once, and each name takes its own picks out of them: linear in the
        number of groups, not quadratic. The groups of one name ("Cornwall" in the text,
        "Cornwall Council", "Devon and Cornwall police") take out all of theirs: one name's
        first pick is no evidence for itself."""
        dl_cc = {p.country_code for it, p in zip(items, picks) if p is not None and it["group"].dateline}
        # a name inside an organization's name ("Times of India") says nothing of where the
        # article's places lie: it is resolved, but it is no context for the others
        sizes = [0 if it["group"].in_name else len(it["group"].spans) for it in items]
        by_country: dict[str, int] = {}
        by_admin1: dict[tuple[str, str], int] = {}
        point_count: dict[GeoRecord, int] = {}
        own_total: dict[str, int] = {}
        own_country: dict[tuple[str, str], int] = {}
        own_admin1: dict[tuple[str, tuple[str, str]], int] = {}
        own_points: dict[tuple[str, GeoRecord], int] = {}
        by_admin2: dict[tuple[str, str, str], int] = {}
        own_admin2: dict[tuple[str, tuple[str, str, str]], int] = {}
        for it, n, p in zip(items, sizes, picks):
            if p is None or not n:
                continue
            key = it["key"]
            own_total[key] = own_total.get(key, 0) + n
            by_country[p.country_code] = by_country.get(p.country_code, 0) + n
            own_country[(key, p.country_code)] = own_country.get((key, p.country_code), 0) + n
            if p.kind in ("city", "admin2", "admin1"):
                point_count[p] = point_count.get(p, 0) + 1
                own_points[(key, p)] = own_points.get((key, p), 0) + 1
                if p.admin1:
                    a1 = (p.country_code, p.admin1)
                    by_admin1[a1] = by_admin1.get(a1, 0) + 1
                    own_admin1[(key, a1)] = own_admin1.get((key, a1), 0) + 1
                    if p.admin2:
                        a2 = (p.country_code, p.admin1, p.admin2)
                        by_admin2[a2] = by_admin2.get(a2, 0) + 1
                        own_admin2[(key, a2)] = own_admin2.get((key, a2), 0) + 1
        total = sum(own_total.values())
        points_of: dict[str, list[GeoRecord]] = {}
        for i, it in enumerate(items):
            key = it["key"]
            n_other = total - own_total.get(key, 0)
            if key not in points_of:
                points_of[key] = [p for p, k in point_count.items() if k - own_points.get((key, p), 0) > 0]
            points = points_of[key]
            rows = []
            for c, local in zip(it["cands"], it["local"]):
                same_country = by_country.get(c.country_code, 0) - own_country.get((key, c.country_code), 0)
                share = same_country / n_other if n_other else 0.0
                a1 = (c.country_code, c.admin1)
                same_a1 = bool(c.admin1) and by_admin1.get(a1, 0) - own_admin1.get((key, a1), 0) > 0
                # another name's pick in its county or district (Kohler beside "Sheboygan
                # County"): the strongest word local news gives
                a2 = (c.country_code, c.admin1, c.admin2)
                same_a2 = bool(c.admin1 and c.admin2) and by_admin2.get(a2, 0) - own_admin2.get((key, a2), 0) > 0
                if points and c.kind in ("city", "admin2", "admin1"):
                    d = min(haversine_km(c.lat, c.lon, p.lat, p.lon) for p in points)
                    log_d, none, far = math.log10(1 + d) / 4.0, 0.0, float(d > 500)
                else:
                    log_d, none, far = 0.0, 1.0, 0.0
                rows.append(local + [share, same_a1, log_d, none,
                                     bool(dl_cc) and c.country_code in dl_cc, far,
                                     _list_share(c, it.get("siblings", ()), picks), same_a2])
            it["context"] = rows

    # ---- resolution ---------------------------------------------------------------------
    @staticmethod
    def _pick(rows, weights, cands) -> tuple[Optional[GeoRecord], float]:
        if not cands:
            return None, 0.0
        scores = [sum(w * float(x) for w, x in zip(weights, row)) for row in rows]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        k = scores.index(top)
        return cands[k], exp[k] / sum(exp)

    def resolve(self, groups: Sequence[Group], text: str) -> list[Resolution]:
        items = self.prepare(groups, text)
        first = [self._pick(it["local"], self.local, it["cands"])[0] for it in items]
        self.context_rows(items, first)
        out = [Resolution(*self._pick(it["context"], self.context, it["cands"])) for it in items]
        out = within_cities(groups, self._held_by_holder(items, out), text)
        return self._lone_towns(items, out, text)

    @staticmethod
    def _lone_towns(items: list[dict], out: list[Resolution], text: str) -> list[Resolution]:
        """A town far from every other place the article names, in a country it names nowhere
        else, is a word that is also a town's name ("Police", "Marburg", "Sumo"): dropped
        unless it is a large city (settings: nlp.lone_town_km, nlp.lone_town_population), the
        dateline's, or named with its kind ("Latehar District"). Far from what: the places
        that are not such loners themselves (with none, nothing is dropped). Linear: the picks'
        countries are tallied once; distances are taken only for the few loners."""
        s = Settings.load().nlp
        picks = [r.record for r in out]
        countries: dict[str, set] = {}            # the distinct places picked in each country
        for p in picks:
            if p is not None:
                countries.setdefault(p.country_code, set()).add(p)

        def with_its_kind(it) -> bool:
            if it["kind"]:
                return True
            for _, e in it["group"].spans:
                m = _NEXT_WORD.match(text, e)
                if m and m.group(1).lower() in _KIND_WORDS:
                    return True
            return False

        loners = set()
        for i, (it, p) in enumerate(zip(items, picks)):
            if p is None or p.kind != "city" or p.population >= s.lone_town_population or it["group"].dateline:
                continue
            if len(countries.get(p.country_code, ())) > 1 or it["named"].get(p.country_code) or with_its_kind(it):
                continue
            loners.add(i)
        anchors = [p for i, p in enumerate(picks) if p is not None and i not in loners
                   and p.kind in ("city", "admin2", "admin1")]
        fixed = list(out)
        for i in loners:
            p = picks[i]
            others = [q for q in anchors if q != p]
            if others and all(haversine_km(p.lat, p.lon, q.lat, q.lon) > s.lone_town_km for q in others):
                fixed[i] = Resolution(None, 0.0)
        return fixed

    def _held_by_holder(self, items: list[dict], out: list[Resolution]) -> list[Resolution]:
        """The text says where a place lies ("Chama Village in Latehar District", "Springfield,
        Ill."): when the division named there is resolved, a pick outside it is wrong. The best
        candidate inside it is taken; with none, the name is a place the gazetteer lacks and
        stays unresolved (the division still places what happened). A division named with its
        word but resolved to its namesake town ("Latehar District": the town Latehar) holds by
        the town's own division."""
        fixed = list(out)
        for i, it in enumerate(items):
            pick = out[i].record
            rank = PRECISION_RANK.get(pick.kind) if pick is not None and pick.kind != "region" else None
            if rank is None or not it["holders"]:
                continue
            outer = []
            for j, hint in it["holders"]:
                rec = out[j].record
                if rec is None:
                    continue
                if j in it.get("siblings", ()) and any(c.kind == rec.kind for c in it["cands"]):
                    continue           # "Washington, Pennsylvania and California": listed alike
                level = hint if rec.kind == "city" and hint in ("admin1", "admin2") else rec.kind
                if level in _HOLDER_LEVELS and PRECISION_RANK[level] > rank:
                    outer.append((rec, level))
            if not outer or any(_within(pick, rec, level) for rec, level in outer):
                continue
            inside = [k for k, c in enumerate(it["cands"]) if any(_within(c, rec, level) for rec, level in outer)]
            best, _ = self._pick([it["context"][k] for k in inside], self.context, [it["cands"][k] for k in inside])
            fixed[i] = Resolution(best, out[i].confidence if best is not None else 0.0)
        return fixed


def _county_key(c: GeoRecord) -> Optional[tuple[str, str, str, str]]:
    """(town or county, country, province, county) of a town in a county, or of the county."""
    if c.kind == "city" and c.admin1 and c.admin2:
        return ("town", c.country_code, fold(c.admin1), fold(c.admin2))
    if c.kind == "admin2" and c.admin1:
        return ("county", c.country_code, fold(c.admin1), fold(c.name))
    return None


def _county_pairs(items: list[dict]) -> dict[tuple, set]:
    """For a town candidate, the names with a candidate that is its county; for a county
    candidate, the names with a candidate that lies in it ("Jackson police ... Madison County
    deputies": Jackson, Tennessee and Madison County, Tennessee hold each other, whichever
    Jackson and Madison County are the biggest). Keyed by ``_county_key`` of the candidate
    that would be paired; linear in the number of candidates."""
    out: dict[tuple, set] = {}
    for it in items:
        for c in it["cands"]:
            k = _county_key(c)
            if k is not None:                # a town pairs its county's candidates, and back
                partner = ("county" if k[0] == "town" else "town",) + k[1:]
                out.setdefault(partner, set()).add(it["key"])
    return out


_LIST_GAP = re.compile(r"\s*(?:,|(,\s*)?(?:and|or|&))\s*(?:the\s+)?")


def _list_siblings(items: list[dict], text: str) -> dict[int, tuple[int, ...]]:
    """For each group, the other groups listed with it ("Texas, Utah, Virginia, Washington and
    Wyoming", "British Columbia, Alberta and Ontario"): runs of names joined by commas and
    "and"/"or". A run of two joined by a comma alone ("Dantewada, Chhattisgarh", "Brooklyn, New
    York") is a place and what holds it, no list. Linear in the number of mentions."""
    spans = sorted((s, e, i) for i, it in enumerate(items) for s, e in it["group"].spans)
    runs, run, conj = [], [], False
    for k, (s, e, i) in enumerate(spans):
        if run:
            gap = text[spans[k - 1][1]:s]
            m = _LIST_GAP.fullmatch(gap) if len(gap) <= 12 else None
            if m:
                run.append(i)
                conj = conj or "," not in gap or m.group(1) is not None
                continue
            runs.append((run, conj))
        run, conj = [i], False
    if run:
        runs.append((run, conj))
    out: dict[int, set] = {}
    for run, conj in runs:
        members = set(run)
        if len(members) < 2 or (len(run) == 2 and not conj):
            continue
        for i in members:
            out.setdefault(i, set()).update(members - {i})
    return {i: tuple(sorted(v)) for i, v in out.items()}


def _list_share(c: GeoRecord, siblings: Sequence[int], picks: Sequence[Optional[GeoRecord]]) -> float:
    """The share of a name's list siblings whose first-pass pick is of the candidate's kind and
    country: a name listed among states is a state ("Washington" among "Texas, Utah")."""
    if not siblings:
        return 0.0
    same = sum(1 for j in siblings if picks[j] is not None
               and picks[j].kind == c.kind and picks[j].country_code == c.country_code)
    return same / len(siblings)


def _within(c: GeoRecord, outer: GeoRecord, level: str) -> bool:
    """``c`` lies in ``outer`` read at ``level`` (country, admin1 or admin2)."""
    if c is outer or c.country_code != outer.country_code:
        return c is outer
    if level == "country":
        return True
    own = outer.name if outer.kind == level else (outer.admin1 if level == "admin1" else outer.admin2)
    theirs = c.admin1 if level == "admin1" else c.admin2
    return bool(own and theirs) and fold(own) == fold(theirs)


_WORD_AFTER = re.compile(r"(?:[ \t]+|-)([^\W\d_][\w'’]*)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’]*)-$")


@lru_cache(maxsize=None)
def _word_list(name: str) -> frozenset:
    """A word list of resources/geo/ (one word a line, '#' comments)."""
    path = WEIGHTS_PATH.parent / name
    return frozenset(line.strip().lower() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _extend(group: Group, text: str, gaz: Gazetteer) -> list[Group]:
    """A place name the tagger cut short, read whole when the gazetteer knows the longer name
    ("Dera" of "Dera Ismail Khan district", "Democratic Republic" of "Democratic Republic of the
    Congo", "Guinea" of "Guinea-Bissau", "Ouest" of "Cuvette-Ouest"). A one-mention group reads
    its longer name; a longer name at one of several mentions ("Guinea" beside "Guinea-Bissau")
    is a new group of its own, returned (the short piece inside it is then dropped)."""
    original = group
    single = len(group.spans) == 1
    whole = Group(group.name, list(group.spans), group.dateline, group.in_name)
    out: list[Group] = []
    for i, (s, e) in enumerate(whole.spans):
        group = whole
        ends, pos, words = [], e, 0
        while words < 6:
            m = _WORD_AFTER.match(text, pos)
            if not m:
                break
            word = m.group(1)
            if word[0].isupper() or word.lower() in _KIND_WORDS:
                ends.append(m.end(1))
            elif word.lower() not in _word_list("name_connectors.txt") or m.group(0)[0] == "-":
                break
            pos, words = m.end(1), words + 1
            if word.lower() in _KIND_WORDS:
                break
        for end in reversed(ends):
            longer = text[s:end]
            if gaz.index.get(fold(longer)):
                group.spans[i] = (s, end)
                group.name = longer
                break
        m = _WORD_BEFORE.search(text, max(0, s - 40), s)
        if m and m.group(1)[0].isupper():
            for end in (group.spans[i][1], e):        # "Cuvette-Ouest region", "Cuvette-Ouest"
                if gaz.index.get(fold(text[m.start(1):end])):
                    group.spans[i] = (m.start(1), end)
                    group.name = text[m.start(1):end]
                    break
        if not single and group.spans[i] != original.spans[i]:
            out.append(Group(group.name, [group.spans[i]], in_name=original.in_name))
            whole.spans[i], whole.name = original.spans[i], original.name
    if single:
        original.spans, original.name = whole.spans, whole.name
    return out


def place_groups(entities, *, cased: bool = True, dateline: Optional[tuple[int, int, str]] = None,
                 doc=None, gaz: Optional[Gazetteer] = None) -> tuple[list, list[Group]]:
    """The place entities worth geocoding and their groups: one per entity, then the names
    ``more_groups`` finds in ``doc`` (cased text only), then the dateline city unless a place
    already covers it."""
    # In ordinary cased text a lower-case "place" ("ran into the bush") is a common noun.
    geo = [e for e in entities if e.type in ("GPE", "LOC") and (not cased or not e.name.islower())]
    groups = [Group(e.name, [(m.start, m.end) for m in e.mentions]) for e in geo]
    if doc is not None and cased:
        gaz = gaz or Gazetteer.load()
        groups = _without_name_heads(groups, doc, gaz)
        text = doc_text(doc)
        longer = [new for g in groups for new in _extend(g, text, gaz)]
        # a place entity the gazetteer does not know may hold one it knows ("Eastern China",
        # "the Indian Ocean coast", "SOS Children's Villages Sudan")
        hollow = [sp for g in groups if not Geocoder.known_name(gaz, g.name) for sp in g.spans]
        more = longer + more_groups(doc, groups + longer, gaz, hollow=hollow)
        for g in list(more):
            more += _extend(g, text, gaz)
        # the same rule for names found beyond the entities: "fled into the bush" is no town
        groups += [g for g in more if not g.name.islower()]
        # a direction word alone ("the American South" tagged "South") names no one place
        groups = [g for g in groups if not all(w in generic_words() for w in fold(g.name).split())]
    if dateline is not None:
        start, _, city = dateline
        end = start + len(city)
        # the dateline city is no organization's name ("KINGSTON, Ont." tagged ORG)
        for g in groups:
            if g.in_name:
                g.spans = [(s, e) for s, e in g.spans if not (s < end and start < e)]
        groups = [g for g in groups if g.spans]
        if not any(s < end and start < e for g in groups for s, e in g.spans):
            groups.append(Group(city.title(), [(start, end)], dateline=True))
    if cased and groups:
        groups += abbreviated_divisions(doc_text(doc) if doc is not None else None, groups)
    return geo, groups


@lru_cache(maxsize=1)
def _container_abbreviations() -> tuple[dict[str, tuple[str, str]], "re.Pattern"]:
    """resources/geo/container_abbreviations.tsv: abbreviation -> (division name, country
    code), and one pattern that finds any of them after a comma."""
    table: dict[str, tuple[str, str]] = {}
    path = WEIGHTS_PATH.parent / "container_abbreviations.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            abbr, cc, name = line.split("\t")[:3]
            table[abbr.strip()] = (name.strip(), cc.strip())
    alts = "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True))
    return table, re.compile(r",[ \t]*(" + alts + r")(?![A-Za-z])")


def abbreviated_divisions(text: Optional[str], groups: Sequence[Group]) -> list[Group]:
    """The divisions AP style abbreviates right after a place and a comma ("Springfield,
    Ill.", "PINEVILLE, La."): a group each (its record restricted to that division), so the
    place before it is read inside it. Alone such an abbreviation is a word ("ill", "la"), so
    it is a place only there. One pass over the text."""
    if not text:
        return []
    table, pattern = _container_abbreviations()
    ends = {e for g in groups for _, e in g.spans}
    found: dict[int, tuple[int, str, str]] = {}          # start -> (end, name, country code)
    for m in pattern.finditer(text):
        if m.start() in ends:
            found[m.start(1)] = (m.end(1), *table[m.group(1)])
    if not found:
        return []
    # the tagger may have made the abbreviation a place of its own ("Ill"): it is the division
    for g in groups:
        hits = [found.get(s) for s, _ in g.spans]
        if all(hits) and len({h[1] for h in hits}) == 1:
            g.name, g.only = hits[0][1], ("admin1", hits[0][2])
            for s, _ in g.spans:
                found.pop(s)
    taken = [(s, e) for g in groups for s, e in g.spans]
    out: dict[str, Group] = {}
    for s, (e, name, cc) in found.items():
        if not any(a < e and s < b for a, b in taken):
            out.setdefault(name, Group(name, [], only=("admin1", cc))).spans.append((s, e))
    return list(out.values())


def _without_name_heads(groups: list[Group], doc, gaz: Gazetteer) -> list[Group]:
    """A one-word "place" the tagger cut off the front of a person's name ("Durga Prasad
    Gupta", "Tul Bahadur Pyakurel": GPE, then PERSON) is that name's first word, unless it is
    a country or a province."""
    person_starts = {ent.start_char for ent in doc.ents if ent.label_ == "PERSON"}
    if not person_starts:
        return groups
    text = doc_text(doc)

    def name_head(s: int, e: int) -> bool:
        if not (text[e:e + 1] == " " and e + 1 in person_starts):
            return False
        pos = e                                  # "Mission" + "Viejo", "Dera" + "Ismail Khan
        for _ in range(4):                       # district": the tagger's cut of a place
            m = _WORD_AFTER.match(text, pos)
            if not m:
                break
            pos = m.end(1)
            if gaz.index.get(fold(text[s:pos])):
                return False
        return True

    out = []
    for g in groups:
        if " " in g.name or any(c.kind in ("country", "admin1") for c in gaz.candidates(g.name)):
            out.append(g)
            continue
        spans = [(s, e) for s, e in g.spans if not name_head(s, e)]
        if spans:
            out.append(Group(g.name, spans, g.dateline, g.in_name, g.only))
    return out


_LOCATIVE_WORDS = {"in", "at", "near", "from", "outside", "to", "into", "around", "across", "inside", "towards"}
_PLACE_PREPOSITIONS = {"in", "at", "near", "outside", "inside"}
_DIVISION_NEXT = {"district", "districts", "province", "provinces", "region", "regions", "state", "county",
                  "parish", "governorate", "prefecture", "department", "agency", "tehsil"}
_CONJUNCTIONS = {",", "and", "or", "&"}
_COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
            "north-east", "north-west", "south-east", "south-west"}


def more_groups(doc, groups: list[Group], gaz: Gazetteer, hollow: Sequence[tuple[int, int]] = ()) -> list[Group]:
    """Place names the entity layer does not hand over as places, each on firm evidence:

    - a GPE/LOC span merged into a non-place entity, if it is a country, a province or a city
      of 100,000 ("Malakal" beside a person "Village Malakal");
    - a person/organization/product/nationality span (after "in", "at", "near", "outside",
      "inside"), or an untagged capitalized run (after any locative preposition), that the
      gazetteer knows, or that stands before a division word ("Dhule districts") or before a
      comma and a division or country that holds it ("Dadaab, Kenya").

    A country, province or city of 100,000 inside an organization's or a building's name ("the
    U.S. Army", "Taco Bell Canada", "the Ministry of Health of the People's Republic of China")
    is a group marked ``in_name``: a toponym (GeoVirus counts it), resolved with the others,
    but never an event's place (WikiEvents does not count it as a place mention)."""
    holes = set(hollow)
    covered = [(s, e) for g in groups for s, e in g.spans if (s, e) not in holes]
    out: dict[str, Group] = {}
    in_names: dict[str, Group] = {}

    def free(s, e):
        return not any(a < e and s < b for a, b in covered)

    def add(span, in_name: bool = False) -> None:
        s, e = span.start_char, span.end_char
        if not free(s, e):
            return
        covered.append((s, e))
        (in_names if in_name else out).setdefault(
            fold(span.text), Group(span.text, [], in_name=in_name)).spans.append((s, e))

    def strong(text: str) -> bool:
        key = fold(text)
        cands = gaz.candidates(text)
        # a province's or country's abbreviation of three letters or more ("NSW" of "the NSW
        # government"); two letters are too often something else ("PA", "SA")
        acronym = text.isupper() and len(text) >= 3 and any(c.kind in ("country", "admin1") for c in cands)
        return acronym or any(fold(c.name) == key and (c.kind in ("country", "admin1") or c.population >= 100_000)
                              for c in cands) or any(c.kind == "country" for c in cands)

    def held_by_next(span) -> bool:
        toks = doc[span.end:span.end + 4]
        if len(toks) < 2 or toks[0].text != ",":
            return False
        j = 1
        k = j
        while k < len(toks) and toks[k].is_title:
            k += 1
        if k == j:
            return False
        outer = [c for c in gaz.candidates(toks[j:k].text) if c.kind in ("country", "admin1", "admin2")]
        return any(Geocoder._inside(c, o) for c in gaz.candidates(span.text) for o in outer)

    def known(span) -> bool:
        cands = gaz.candidates(span.text)
        if not cands:
            return False
        # an upper-case word is an acronym unless it is a country's or a province's ("DRC", "NSW")
        return not span.text.isupper() or any(c.kind in ("country", "admin1") for c in cands)

    def town_institution(span) -> bool:
        """"Florence police said", "Decatur firefighters": a town's own institution after it."""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        least = Settings.load().nlp.institution_town_population
        return after in _word_list("town_institutions.txt") and any(
            c.kind == "city" and fold(c.name) == fold(span.text) and c.population >= least
            for c in gaz.candidates(span.text))

    def evidence(span, strict: bool = False, label: str = "") -> bool:
        if not known(span):
            return False
        at = span.start - (span.start > 0 and doc[span.start - 1].lower_ == "the")   # "in the West Midlands"
        before = doc[at - 1].lower_ if at > 0 else ""
        before2 = doc[at - 2].lower_ if at > 1 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        # a name tagged as a person or an organization needs a place preposition ("loyal to
        # Chávez" is a person), a division word after it or a division holding it
        locative = _PLACE_PREPOSITIONS if strict else _LOCATIVE_WORDS
        after_inside = after.rstrip("s") in inside_words() or after in inside_words()
        # a name ending in its own division word ("Bannu District" tagged as a building,
        # "Dera Bugti District" as an organization) is the division the gazetteer knows by it
        own_division = len(span) > 1 and span[-1].lower_ in _DIVISION_NEXT
        # "a Lafayette woman", "a 19-year-old Decatur student": a town qualifying a person
        # (not a word the tagger calls a group of people: "a Mormon family")
        next_to = doc[span.start - 1].lower_ if span.start > 0 else ""
        local_word = label != "NORP" and (town_institution(span) or after in _word_list("resident_nouns.txt") and (
            next_to in ("a", "an", "the") or next_to.endswith("-old")))
        return (before in locative or after in _DIVISION_NEXT or held_by_next(span) or after_inside
                or own_division or local_word
                or before in ("of", "called", "named") and before2 in _word_list("place_nouns.txt")
                or before == "of" and before2 in _COMPASS)         # "east of Breaux Bridge"

    def beside_a_place(span) -> bool:
        """Joined to a place name by a comma or a conjunction ("Manicaland and Midlands
        provinces", "Pandi, Bulacan and Talavera"), or a place's abbreviation in brackets
        ("New South Wales (NSW)")."""
        if span.start > 1 and doc[span.start - 1].lower_ in _CONJUNCTIONS | {"("}:
            end = doc[span.start - 2].idx + len(doc[span.start - 2].text)
            if any(e == end for _, e in covered):
                return True
        if span.end + 1 < len(doc) and doc[span.end].lower_ in _CONJUNCTIONS and doc[span.end].lower_ != ",":
            start = doc[span.end + 1].idx
            if any(s == start for s, _ in covered):
                return True
        return False

    def names_inside(ent, in_name: bool = True) -> None:
        """The places named inside an organization's name: the longest known run of
        capitalized words at each position."""
        toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
        i = 0
        while i < len(toks):
            hit = None
            for k in range(min(len(toks), i + 4), i, -1):
                run = toks[i:k]
                if not all(t.is_title or t.is_upper or t.lower_ in ("of", "'s") for t in run) or \
                        run[0].lower_ == "of" or run[-1].lower_ in ("of", "'s"):
                    continue
                span = doc[run[0].i:run[-1].i + 1]
                # "West Midlands" is no "Midlands"; "Eastern China" is China
                after_generic = span.start > ent.start and doc[span.start - 1].lower_ in generic_words() \
                    and not any(c.kind == "country" for c in gaz.candidates(span.text))
                # "Rift Valley" is no "Valley", "South West England" no "South West"
                kind_of_name = span.end == ent.end and len(span) == 1 and span[0].lower_ in feature_words()
                all_generic = all(t.lower_ in generic_words() for t in span)
                if len(span) < len(ent) and not all_generic and not kind_of_name and not after_generic \
                        and strong(span.text) and (not span.text.isupper() or known(span)):
                    hit = span
                    break
            if hit is None:
                i += 1
                continue
            add(hit, in_name=in_name)
            i += len(hit)

    ent_tokens = set()
    waiting = []                      # names with no evidence yet: perhaps beside a place
    org_named = []                    # an "organization" that is a country's or province's name
    for ent in doc.ents:
        ent_tokens.update(range(ent.start, ent.end))
        core = ent[1:] if len(ent) > 1 and ent[0].lower_ == "the" else ent
        if ent.label_ in ("GPE", "LOC"):
            # the entity layer merged it into a person or organization: only a name no one
            # doubts is a place stays one ("Malakal", not "Hayden" or "Chávez")
            if strong(core.text):
                add(core)
        elif ent.label_ in ("ORG", "FAC", "PERSON", "NORP", "PRODUCT") and len(core) <= 3:
            if nationality_countries(core.text):
                continue
            if evidence(core, strict=ent.label_ != "FAC", label=ent.label_):
                add(core)
            elif known(core):
                waiting.append(core)
                if ent.label_ == "ORG" and strong(core.text):
                    org_named.append(core)

    def country_name(text: str) -> bool:
        key = fold(text)
        return any(c.kind == "country" and fold(c.name) == key for c in gaz.candidates(text))

    # a country or province the tagger cut in two entities ("French" NORP + "Guiana" PERSON)
    ents = list(doc.ents)
    for e1, e2 in zip(ents, ents[1:]):
        if e1.end == e2.start and e1.label_ not in ("GPE", "LOC") and e2.label_ not in ("GPE", "LOC"):
            whole = doc[e1.start:e2.end]
            if len(whole) <= 4 and country_name(whole.text):
                add(whole)
    # untagged capitalized runs
    def cap(tok) -> bool:
        return (tok.is_title or tok.is_upper and len(tok) >= 2) and tok.pos_ == "PROPN"

    person_heads = {ent.start for ent in doc.ents if ent.label_ == "PERSON"}
    i = 0
    while i < len(doc):
        if i not in ent_tokens and doc[i].is_sent_start and doc[i].is_title and not cap(doc[i]) \
                and town_institution(doc[i:i + 1]):
            add(doc[i:i + 1])              # "Florence police said": the tagger read a noun
            i += 1
            continue
        if i in ent_tokens or not cap(doc[i]):
            i += 1
            continue
        k = i
        while k < len(doc) and k - i < 3 and k not in ent_tokens and cap(doc[k]):
            k += 1
        span = doc[i:k]
        if doc[i].is_sent_start:
            # any word is capitalized here; a country's name is a place still ("Nigeria
            # reported"), and so is a town before its institution or its division ("Buffalo,
            # New York in ...")
            if country_name(span.text) or town_institution(span) or held_by_next(span):
                add(span)
                i = k
            else:
                i += 1
            continue
        if k in person_heads and len(span) == 1 and not strong(span.text):
            pass                           # "Durga" of "Durga Prasad Gupta": a name's first word
        elif evidence(span):
            add(span)
        elif known(span):
            waiting.append(span)
        i = k
    for _ in range(3):                 # a list of places: "Ceamurlia de Jos, Maliuc and Caraorman"
        joined = [span for span in waiting if free(span.start_char, span.end_char) and beside_a_place(span)]
        for span in joined:
            add(span)
        if not joined:
            break
    # a name the article already uses as a place is one at its other mentions too ("left DRC")
    names = {fold(g.name) for g in groups} | set(out)
    for span in waiting:
        if fold(span.text) in names:
            add(span)
    # a country or province the tagger calls an organization ("the NSW government", "horses
    # from NSW"), with nothing else to show it is a place: a toponym, never an event's place
    for span in org_named:
        add(span, in_name=True)
    for ent in doc.ents:
        if ent.label_ in ("ORG", "FAC") and len(ent) > 1:
            names_inside(ent)
    for s, e in hollow:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span) > 1:
            names_inside(span, in_name=False)
    return list(out.values()) + list(in_names.values())


@lru_cache(maxsize=1)
def feature_words() -> frozenset:
    """Nouns of natural features that end a longer name (resources/geo/feature_words.txt)."""
    return _word_list("feature_words.txt")


@lru_cache(maxsize=1)
def generic_words() -> frozenset:
    """Words that are no place on their own inside a name (resources/geo/generic_words.txt)."""
    return _word_list("generic_words.txt")


@lru_cache(maxsize=1)
def inside_words() -> dict[str, bool]:
    """Word -> whether it is district-like (see resources/geo/inside_words.txt)."""
    out = {}
    path = WEIGHTS_PATH.parent / "inside_words.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out[line.rstrip("*").lower()] = line.endswith("*")
    return out


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)")


_HOLDER_LEVELS = ("admin2", "admin1", "country")      # what can hold a place, finest first
_HELD_IN = re.compile(r"\s*(?:,\s*)?(?:in|of|,)\s+(?:the\s+)?", re.I)


def within_cities(groups: Sequence[Group], resolutions: list[Resolution], text: str) -> list[Resolution]:
    """A name that names a part of a city ("the Dubai City wedding hall in western Kabul",
    "Mogadishu's Medina district") resolves to that city: the nearest other town resolved in
    the same sentence hosts it."""
    words = inside_words()
    towns = [(s, e, r) for g, r in zip(groups, resolutions) if r.record is not None
             and r.record.kind == "city" for s, e in g.spans]
    out = list(resolutions)
    for i, (g, res) in enumerate(zip(groups, resolutions)):
        if g.dateline or res.record is None or res.record.kind not in ("city", "admin2", "admin1"):
            continue
        for s, e in g.spans:
            m = _NEXT_WORD.match(text, e)
            word = m.group(1).lower() if m else ""
            if word not in words:
                continue
            host = None
            for ts, te, tr in towns:
                if tr.record is res.record or fold(tr.record.name) == fold(g.name):
                    continue
                between = text[min(te, s):max(ts, e)]
                if len(between) > 120 or re.search(r"[.!?]\s", between):
                    continue                      # another sentence
                if te <= s and _HELD_IN.fullmatch(text, te, s):
                    continue                      # "Chama Village in Latehar District": it holds the town
                if host is None or abs(ts - s) < abs(host[0] - s):
                    host = (ts, tr)
            if host is None:
                continue
            rec = host[1].record
            if words[word] and any(c.kind in ("admin1", "admin2") and c.country_code == rec.country_code
                                   for c in self_candidates(g.name)):
                continue                          # a real district of that country
            out[i] = Resolution(rec, min(res.confidence, host[1].confidence))
            break
    return out


def self_candidates(name: str) -> list[GeoRecord]:
    return Gazetteer.load().candidates(name)
