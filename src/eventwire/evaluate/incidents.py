"""Every incident of a text, scored the way an ACLED/GTD coder would check it.

Gold: ``../shared/data/incidents/`` (its README is the coding manual): one line per text with
the list of incidents a coder codes in it (possibly empty). The default dev set is the 20
WikiEvents dev documents (text rebuilt from ``wikievents/dev.jsonl``, publication date from the
gold line) and SATP train rows 1–60 (``satp/train.tsv``; no publication date). Any other set is
an articles JSONL plus a gold JSONL of the same line format, matched by ``id``
(the record's ``id``, ``doc_id`` or ``url``).

Per text, the **violent** predicted events (ACLED types Battles, Explosions/Remote violence,
Violence against civilians, Riots, or the Looting/property destruction sub-event; by event type
when an event carries no codes) are matched one-to-one to the gold incidents (Hungarian
assignment on a match score: ACLED type and sub-type, date, place, country, tolls and named
perpetrator agreement, plus a small constant so that any violent event may stand for any
incident). Then, per field:

- ``incident``: P = matched predicted / predicted, R = matched gold / gold;
- every other field counts a *value*: a predicted event with a value adds to the precision
  denominator (a spurious event therefore costs every field it fills), a gold incident with a
  value adds to the recall denominator, a matched pair whose values agree adds to both
  numerators;
- ``acled_type``: the ACLED event type (the type of an ``acled_alt`` sub-event is accepted);
  ``acled_sub``: the sub-event type or one of ``acled_alt``;
- ``date``: the gold ``date`` or one of ``date_alt``; a ``--MM-DD`` gold date (day known, year
  not) is matched by month and day; a gold ``null`` date is not scored (the manual: "an extractor
  cannot be scored on these dates");
- ``place``: the predicted place's name (or its text) is the gold name or one of ``names``, or
  both have coordinates within 25 km; ``country``: the ISO-2 code;
- ``killed`` / ``injured``: the best figure (or the low bound) equals the gold figure
  (``killed`` excludes attackers on both sides);
- ``perpetrator``: a *named* perpetrator (an organisation or person name, not "militants"),
  scored per incident: right when one predicted named perpetrator or claimant is one of the gold
  named perpetrators (name, a parenthesised alias, an acronym, or a shared distinctive word).

``overall`` = mean F1 over incident, acled_type, date, place, country, killed, injured and
perpetrator (issue 12).
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import numpy as np

from ..errors import DataError, Errors
from ..model import Article, Event
from .prf import Counts
from .reports import _initials, _key, km

FIELDS = ("incident", "acled_type", "acled_sub", "date", "place", "country", "killed", "injured",
          "perpetrator")
OVERALL = ("incident", "acled_type", "date", "place", "country", "killed", "injured", "perpetrator")
VIOLENT_ACLED = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
INCIDENT_TYPES = {"attack", "bombing", "suicide_attack", "kidnapping", "arson", "armed_clash",
                  "assassination", "protest", "arrest"}
PLACE_KM = 25.0
SUB_TO_TYPE = {
    "Armed clash": "Battles", "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence", "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence", "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians", "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests", "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots", "Mob violence": "Riots",
    "Looting/property destruction": "Strategic developments", "Arrests": "Strategic developments",
    "Other": "Strategic developments",
}
# generic words that never identify a group on their own ("Maoist" does; "party" does not)
_GENERIC = set("""the of and party group army front force forces police people state liberation
movement national united islamic organisation organization council militants militant rebels
rebels unit special operation operations security district government communist india pakistan
indian pakistani tehreek""".split())


# --- gold and texts -------------------------------------------------------------------------

@dataclass
class GoldText:
    id: str
    article: Article
    incidents: list[dict[str, Any]]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise DataError(Errors.E502.format(path=path))
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def incidents_dir() -> Path:
    from .paths import shared_data
    return shared_data() / "incidents"


def satp_rows(path: Path) -> list[str]:
    """Texts of ``satp/*.tsv`` (the first column), in row order."""
    if not path.exists():
        raise DataError(Errors.E502.format(path=path))
    with path.open(encoding="utf-8", newline="") as f:
        return [row[0] for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def load_dev() -> list[GoldText]:
    """The 80 coded dev texts: WikiEvents dev (20) and SATP train rows 1–60."""
    from .paths import shared_data
    from .wikievents import _rebuild_text
    base = shared_data()
    out = []
    docs = {d["doc_id"]: d for d in _read_jsonl(base / "wikievents" / "dev.jsonl")}
    for g in _read_jsonl(incidents_dir() / "wikievents-dev.gold.jsonl"):
        text, _ = _rebuild_text(docs[g["id"]])
        out.append(GoldText(g["id"], Article(text=text, published=g.get("published"), origin=g["id"]),
                            g["incidents"]))
    rows = satp_rows(base / "satp" / "train.tsv")
    for g in _read_jsonl(incidents_dir() / "satp-train.gold.jsonl"):
        out.append(GoldText(g["id"], Article(text=rows[g["row"] - 1], origin=g["id"]), g["incidents"]))
    return out


def load_pairs(articles_path: Path, gold_path: Path) -> list[GoldText]:
    """Gold lines matched to article records by ``id`` (record ``id``, ``doc_id`` or ``url``)."""
    from ..ingest.jsonl import article_from_record
    records: dict[str, tuple[int, dict]] = {}
    for n, r in enumerate(_read_jsonl(articles_path), 1):
        for k in ("id", "doc_id", "url"):
            if r.get(k):
                records.setdefault(str(r[k]), (n, r))
    out = []
    for g in _read_jsonl(gold_path):
        if g["id"] not in records:
            continue
        n, rec = records[g["id"]]
        article = article_from_record(rec, where=f"{articles_path}:{n}")
        if g.get("published") and not article.published:
            article.published = g["published"]
        article.origin = g["id"]
        out.append(GoldText(g["id"], article, g.get("incidents") or []))
    return out


# --- predicted values -----------------------------------------------------------------------

def is_incident(ev: Event) -> bool:
    """An event a coder would weigh as an incident record: any event with an ACLED type
    (protests and arrests included: a coder codes neither unless violent, so they cost
    precision), not statements or claims. By event type when the event carries no codes."""
    if ev.codes:
        return bool(ev.codes.get("acled_event_type"))
    return ev.type in INCIDENT_TYPES


def _named_args(ev: Event) -> list[str]:
    """Perpetrators and claimants that are names, not descriptions ("TTP", not "militants")."""
    out = []
    for a in [*ev.perpetrators, *ev.claimed_by]:
        words = [w for w in re.split(r"[\s\-]+", a.name) if w]
        if any(w[:1].isupper() and w.lower() not in {"the", "a", "an"} for w in words):
            out.append(a.name)
    return out


def _distinctive(name: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", name.lower())
            if len(w) >= 4 and w not in _GENERIC and w.rstrip("s") not in _GENERIC}


def _variants(name: str) -> list[str]:
    """"Communist Party of India (Maoist) (CPI-Maoist)" → the whole, the outer part, each alias."""
    inner = re.findall(r"\(([^()]*)\)", name)
    outer = re.sub(r"\([^()]*\)", " ", name)
    return [v.strip() for v in [name, outer, *inner] if v.strip()]


def same_perpetrator(pred: str, gold: str) -> bool:
    pk = _key(pred)
    if not pk:
        return False
    for g in _variants(gold):
        gk = _key(g)
        if not gk:
            continue
        if pk == gk or pk.rstrip("s") == gk.rstrip("s"):
            return True
        if len(min(pk, gk, key=len)) >= 6 and (pk in gk or gk in pk):
            return True
        if pk in _initials(g) or gk in _initials(pred):
            return True
    return bool(_distinctive(pred) & _distinctive(gold))


def _place_keys(loc: dict[str, Any]) -> set[str]:
    keys = {_key(loc.get("name") or "")}
    keys |= {_key(n) for n in loc.get("names") or []}
    return {k for k in keys if k}


def _date_ok(value: Optional[str], gold: dict[str, Any]) -> bool:
    if not value:
        return False
    for want in [gold.get("date"), *(gold.get("date_alt") or [])]:
        if not want:
            continue
        if want.startswith("--"):
            if len(value) >= 10 and value[-6:] == want[-6:] or value == want:
                return True
        elif value == want:
            return True
    return False


@dataclass
class _Values:
    """The comparable values of one predicted event or one gold incident."""
    acled_type: Optional[str] = None
    acled_sub: Optional[str] = None
    date: Optional[str] = None
    place: Optional[tuple] = None          # (name keys, lat, lon)
    country: Optional[str] = None
    killed: Optional[tuple] = None         # (best, low)
    injured: Optional[tuple] = None
    perpetrator: Optional[list[str]] = None


def predicted_values(ev: Event) -> _Values:
    codes = ev.codes or {}
    loc = ev.location
    place = None
    if loc is not None and (loc.name or loc.lat is not None):
        place = ({k for k in (_key(loc.name or ""), _key(loc.text or "")) if k}, loc.lat, loc.lon)
    named = _named_args(ev)

    def count(c):
        return None if c is None or (c.best is None and c.low is None) else (c.best, c.low)

    return _Values(codes.get("acled_event_type"), codes.get("acled_sub_event_type"),
                   ev.date.value if ev.date else None, place,
                   (loc.country_code or "").upper() or None if loc else None,
                   count(ev.killed), count(ev.injured), named or None)


def _agree(name: str, p: _Values, g: dict[str, Any]) -> Optional[bool]:
    """None: the field is not scored for this pair (gold has no value, prediction has none)."""
    if name == "acled_type":
        alts = {SUB_TO_TYPE.get(s) for s in g.get("acled_alt") or []}
        return p.acled_type is not None and (p.acled_type == g["acled_event_type"] or p.acled_type in alts)
    if name == "acled_sub":
        return p.acled_sub is not None and p.acled_sub in {g["acled_sub_event_type"], *(g.get("acled_alt") or [])}
    if name == "date":
        return _date_ok(p.date, g)
    if name == "place":
        if p.place is None:
            return False
        keys, lat, lon = p.place
        loc = g.get("location") or {}
        if keys & _place_keys(loc):
            return True
        return (lat is not None and loc.get("lat") is not None
                and km(lat, lon, loc["lat"], loc["lon"]) <= PLACE_KM)
    if name == "country":
        return p.country is not None and p.country == ((g.get("location") or {}).get("country") or "").upper()
    if name in ("killed", "injured"):
        got, want = getattr(p, name), g.get(name)
        return got is not None and want is not None and want in got
    if name == "perpetrator":
        wanted = [x["name"] for x in g.get("perpetrators") or [] if x.get("named")]
        return bool(p.perpetrator) and any(same_perpetrator(a, w) for a in p.perpetrator for w in wanted)
    raise KeyError(name)


def _has_gold(name: str, g: dict[str, Any]) -> bool:
    if name in ("acled_type", "acled_sub"):
        return True
    if name == "date":
        return bool(g.get("date"))
    if name in ("place", "country"):
        loc = g.get("location") or {}
        return bool(loc.get("name") if name == "place" else loc.get("country"))
    if name in ("killed", "injured"):
        return g.get(name) is not None
    if name == "perpetrator":
        return bool(g.get("perpetrator_named"))
    raise KeyError(name)


def _has_pred(name: str, p: _Values) -> bool:
    return getattr(p, name) is not None


def _scored(name: str, g: dict[str, Any]) -> bool:
    """A gold null date cannot be scored either way (the coding manual)."""
    return not (name == "date" and not g.get("date"))


# --- matching and scoring -------------------------------------------------------------------

_WEIGHTS = {"acled_type": 2.0, "acled_sub": 1.0, "date": 1.0, "place": 2.0, "country": 0.5,
            "killed": 1.0, "injured": 0.5, "perpetrator": 1.0}


# a pair may match only when it agrees on the ACLED type, the place or the date (a protest in
# another town on another day is not the incident, whatever else it shares)
_ANCHORS = {"acled_type", "place", "date"}


def match(preds: list[_Values], golds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index) maximizing the summed match score."""
    if not preds or not golds:
        return []
    from scipy.optimize import linear_sum_assignment
    score = np.zeros((len(preds), len(golds)))
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            agreed = {f for f in _WEIGHTS if _agree(f, p, g)}
            if agreed & _ANCHORS:
                score[i, j] = sum(_WEIGHTS[f] for f in agreed)
    rows, cols = linear_sum_assignment(-score)
    return [(i, j) for i, j in zip(rows.tolist(), cols.tolist()) if score[i, j] > 0]


@dataclass
class IncidentScores:
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    texts: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def overall(self) -> float:
        return 100 * sum(self.fields[f].f1 for f in OVERALL) / len(OVERALL)

    def to_dict(self) -> dict[str, Any]:
        return {"texts": self.texts, "overall": round(self.overall, 1),
                "fields": {k: {"precision": round(100 * t.precision, 1), "recall": round(100 * t.recall, 1),
                               "f1": round(100 * t.f1, 1), "predicted": t.p_den, "gold": t.r_den}
                           for k, t in self.fields.items()}}


def score_text(gold: GoldText, events: Iterable[Event], scores: IncidentScores) -> None:
    scores.texts += 1
    violent = [e for e in events if is_incident(e)]
    preds = [predicted_values(e) for e in violent]
    golds = gold.incidents
    pairs = match(preds, golds)
    f = scores.fields
    f["incident"].add_counts(len(preds), len(golds), len(pairs))
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    miss: dict[str, Any] = {"id": gold.id, "spurious": [], "missed": [], "wrong": []}
    for name in FIELDS[1:]:
        for i, j in pairs:
            g, p = golds[j], preds[i]
            if not _scored(name, g):
                continue
            hp, hg = _has_pred(name, p), _has_gold(name, g)
            right = hp and hg and bool(_agree(name, p, g))
            f[name].add_counts(int(hp), int(hg), int(right))
            if (hp or hg) and not right:
                miss["wrong"].append({"field": name, "event": violent[i].id, "incident": g.get("label"),
                                      "got": _show(name, p), "want": _want(name, g)})
        for i, p in enumerate(preds):
            if i not in matched_p:          # every value a spurious record gives is wrong
                f[name].add_counts(int(_has_pred(name, p)), 0, 0)
        for j, g in enumerate(golds):
            if j not in matched_g and _scored(name, g):
                f[name].add_counts(0, int(_has_gold(name, g)), 0)
    miss["spurious"] = [f"{violent[i].id} {violent[i].type} '{violent[i].trigger.text}'"
                        for i in range(len(preds)) if i not in matched_p]
    miss["missed"] = [golds[j].get("label") for j in range(len(golds)) if j not in matched_g]
    if miss["spurious"] or miss["missed"] or miss["wrong"]:
        scores.misses.append(miss)


def _show(name: str, p: _Values) -> Any:
    v = getattr(p, name)
    if name == "place" and v is not None:
        return sorted(v[0])
    return v


def _want(name: str, g: dict[str, Any]) -> Any:
    loc = g.get("location") or {}
    return {"acled_type": g.get("acled_event_type"), "acled_sub": g.get("acled_sub_event_type"),
            "date": g.get("date"), "place": loc.get("name"), "country": loc.get("country"),
            "killed": g.get("killed"), "injured": g.get("injured"),
            "perpetrator": [x["name"] for x in g.get("perpetrators") or [] if x.get("named")]}[name]


def evaluate_incidents(texts: list[GoldText], *, extract: Optional[Callable[[list[Article]], Iterable[list[Event]]]] = None,
                       extractor: Optional[str] = None, min_confidence: float = 0.0) -> IncidentScores:
    """Run an extractor over the texts (``extract`` maps articles to event lists in order;
    default: the pipeline with ``extractor``) and score every incident."""
    if extract is None:
        extract = pipeline_extract(extractor)
    scores = IncidentScores()
    for gold, events in zip(texts, extract([t.article for t in texts])):
        score_text(gold, [e for e in events if (e.confidence or 0.0) >= min_confidence], scores)
    return scores


def pipeline_extract(extractor: Optional[str] = None) -> Callable[[list[Article]], Iterable[list[Event]]]:
    def run(articles: list[Article]) -> Iterable[list[Event]]:
        from ..pipeline import Pipeline
        kwargs = {"quotes": False, "relations": False}
        if extractor:
            kwargs["extractor"] = extractor
        try:
            pipe = Pipeline(**kwargs)
        except TypeError:                  # a pipeline without the extractor seam
            kwargs.pop("extractor", None)
            pipe = Pipeline(**kwargs)
        for ex in pipe.run_many(articles):
            yield ex.events
    return run


def format_scores(scores: IncidentScores, title: str = "Incidents") -> str:
    lines = [f"{title} ({scores.texts} texts)",
             f"{'':13}{'P':>7}{'R':>7}{'F1':>7}{'pred':>6}{'gold':>6}"]
    for name, t in scores.fields.items():
        lines.append(f"{name:13}{100 * t.precision:7.1f}{100 * t.recall:7.1f}{100 * t.f1:7.1f}"
                     f"{t.p_den:6d}{t.r_den:6d}")
    lines.append(f"{'overall':13}{'':14}{scores.overall:7.1f}   (mean F1 of {', '.join(OVERALL)})")
    return "\n".join(lines)
