"""The main incident of each news report, scored field by field against hand-made gold.

Gold (JSONL, one line per article): the article's ``url`` (or ``path``), the incident's
``type``, ``date``, ``place`` with ``lat``/``lon`` and ``country_code``, the ``killed`` and
``injured`` figures *this* report gives (absent when it gives none) and the ``perpetrators``
it names (groups; empty when it names none). The team's corpus in ``tests/corpus`` holds 31
reports of 12 incidents from many outlets, written in the wording of real coverage.

For each article the scorer picks the report's main event: the most confident violent (or
protest) event, preferring one of the gold type's family. Then, per field:

- ``found``: there is such an event at all; ``type``: its type is the gold type, ``family``:
  the same family (a suicide attack reported as a bombing is the right family, the wrong type);
- ``date``: the same day (or month, at month precision); ``place``: within 25 km of the gold
  point (or the same name); ``country``: the same ISO code;
- ``killed`` / ``injured``: the best figure equals the report's figure (for killed, the best
  figure with the attackers counted apart added also matches: the gold gives the whole toll),
  scored where the gold has one; a figure where the report gives none (no key) counts against precision; a gold
  ``null`` leaves the field unscored for that report;
- ``perpetrators``: the groups named as responsible — the event's organization perpetrators
  and its claimants — matched by name, alias or acronym (a predicted organization the gold does
  not name is a false positive; individuals such as "three gunmen" are not scored, as the gold
  lists groups only).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from ..model import Event
from .prf import Counts

# the family a report's main incident is scored by (the gold's coarse types; not the extractor's
# incident families: the scorer defines the benchmark)
SCORED_FAMILY = {"attack": "attack", "armed_clash": "attack", "assassination": "attack",
                 "bombing": "bombing", "suicide_attack": "bombing", "kidnapping": "kidnapping",
                 "arson": "arson", "robbery": "robbery", "protest": "protest"}
PLACE_KM = 25.0


def _key(name: str) -> str:
    name = re.sub(r"^(the|al|el)[\s-]+", "", name.lower().strip())
    return re.sub(r"[^a-z0-9]+", "", name)


_CONNECTIVES = {"of", "the", "and", "e", "i", "ul", "al", "de", "el"}


def _initials(name: str) -> set[str]:
    """Acronyms a name may go by, with and without its connectives: "Lashkar-e-Jhangvi" →
    {"lej", "lj"}; "Tehreek-i-Taliban Pakistan" → {"titp", "ttp"}."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    every = "".join(w[0] for w in words).lower()
    content = "".join(w[0] for w in words if w.lower() not in _CONNECTIVES).lower()
    return {every, content}


def same_group(a: str, b: str) -> bool:
    """"Islamic State" ~ "Islamic State group"; "BLA" ~ "Baloch Liberation Army"."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb or (len(min(ka, kb, key=len)) >= 6 and (ka in kb or kb in ka)):
        return True
    return ka in _initials(b) or kb in _initials(a)


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


FIELDS = ("found", "type", "family", "date", "place", "country", "killed", "injured", "perpetrators")


@dataclass
class ReportScores:
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    articles: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)   # for error analysis

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles,
                "fields": {k: {"precision": round(100 * t.precision, 1), "recall": round(100 * t.recall, 1),
                               "f1": round(100 * t.f1, 1), "predicted": t.p_den, "gold": t.r_den} for k, t in self.fields.items()}}


def main_event(events: Iterable[Event], gold_type: str) -> Optional[Event]:
    family = SCORED_FAMILY.get(gold_type)
    candidates = [e for e in events if e.type in SCORED_FAMILY]
    if not candidates:
        return None
    return max(candidates, key=lambda e: (SCORED_FAMILY[e.type] == family, e.confidence or 0.0))


def score_report(gold: dict[str, Any], events: list[Event], scores: ReportScores) -> None:
    scores.articles += 1
    f = scores.fields
    ev = main_event(events, gold["type"])
    miss: dict[str, Any] = {"name": gold.get("name")}

    def tally(name: str, predicted: bool, has_gold: bool, right: bool, got: Any = None, want: Any = None):
        f[name].add_counts(int(predicted), int(has_gold), int(right))
        if (has_gold or predicted) and not right:
            miss[name] = {"got": got, "want": want}

    tally("found", ev is not None, True, ev is not None)
    if ev is None:
        for name in FIELDS[1:]:
            has = name not in ("killed", "injured", "perpetrators") or gold.get(name) not in (None, [])
            tally(name, False, has, False, None, gold.get(name))
        scores.misses.append(miss)
        return
    tally("type", True, True, ev.type == gold["type"], ev.type, gold["type"])
    tally("family", True, True, SCORED_FAMILY.get(ev.type) == SCORED_FAMILY.get(gold["type"]), ev.type, gold["type"])
    got_date = ev.date.value if ev.date else None
    tally("date", got_date is not None, True,
          bool(got_date) and (got_date == gold["date"] or (ev.date.precision == "month" and gold["date"].startswith(got_date))),
          got_date, gold["date"])
    loc = ev.location
    near = bool(loc and loc.lat is not None and km(loc.lat, loc.lon, gold["lat"], gold["lon"]) <= PLACE_KM)
    named = bool(loc and loc.name and _key(loc.name) == _key(gold["place"]))
    tally("place", loc is not None, True, near or named, loc.name if loc else None, gold["place"])
    got_cc = loc.country_code if loc else None
    tally("country", got_cc is not None, True, (got_cc or "").upper() == gold["country_code"].upper(),
          got_cc, gold["country_code"])
    for name, count in (("killed", ev.killed), ("injured", ev.injured)):
        if name in gold and gold[name] is None:
            continue                      # the annotator left it open: not scored
        want, got = gold.get(name), count.best if count else None
        # the gold gives a report's whole toll; eventwire keeps attackers apart when the report
        # does ("killed 20 cadets and the attacker": best 20, attackers 1 — the report's 21)
        total = got + (count.attackers or 0) if got is not None and name == "killed" else got
        tally(name, got is not None, want is not None, want is not None and want in (got, total), got, want)
    groups = [a.name for a in ev.perpetrators if a.kind == "organization"]
    groups += [c.name for c in ev.claimed_by if not any(same_group(c.name, g) for g in groups)]
    wanted = gold.get("perpetrators") or []
    right_predicted = sum(1 for g in groups if any(same_group(g, w) for w in wanted))
    right_gold = sum(1 for w in wanted if any(same_group(g, w) for g in groups))
    f["perpetrators"].add_counts(len(groups), len(wanted), right_predicted, right_gold)
    if right_predicted < len(groups) or right_gold < len(wanted):
        miss["perpetrators"] = {"got": groups, "want": wanted}
    if len(miss) > 1:
        scores.misses.append(miss)


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_reports(articles_path: Path, gold_path: Path, *, pipeline=None, progress=None) -> ReportScores:
    """Run the pipeline over the gold's articles (matched by url, else by file path) and score."""
    from ..ingest import read_file
    from ..ingest.jsonl import article_from_record
    if pipeline is None:
        from ..pipeline import Pipeline
        pipeline = Pipeline.default()
    records = {r.get("url"): r for r in load_jsonl(articles_path)}
    scores = ReportScores()
    for gold in load_jsonl(gold_path):
        if gold.get("url") in records:
            article = article_from_record(records[gold["url"]], where=str(articles_path))
        elif gold.get("path"):
            path = Path(gold["path"])
            if not path.is_absolute():
                from .paths import shared_dir
                near = gold_path.parent / path
                path = near if near.exists() else shared_dir() / path
            article = read_file(path, published=gold.get("published"))
        else:
            continue
        score_report(gold, pipeline.run(article).events, scores)
        if progress:
            progress()
    return scores


def format_scores(scores: ReportScores) -> str:
    lines = [f"Main incident of each report ({scores.articles} articles)",
             f"{'':14}{'P':>7}{'R':>7}{'F1':>7}{'pred':>6}{'gold':>6}"]
    for name, t in scores.fields.items():
        lines.append(f"{name:14}{100 * t.precision:7.1f}{100 * t.recall:7.1f}{100 * t.f1:7.1f}"
                     f"{t.p_den:6d}{t.r_den:6d}")
    return "\n".join(lines)
