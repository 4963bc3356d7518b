"""The document-level incident model: one record per incident an article reports in its own right.

    from eventwire.extract.document import extract
    events = extract(analysis)                 # list[model.Event]

1. **Candidates at high recall**: the rule extractor's events after the shared steps
   (``rule_events`` + ``finish_events``: triggers from ``find_triggers``, grouped by
   ``group_incidents``, slots from the parse and the learned role model, claims, context,
   codes). Every candidate with an ACLED type is a possible incident record.
2. **A learned decision per candidate** (``resources/incidents/report.npz``, trained by
   ``training/train_incidents.py``): is it an incident reported in its own right and not yet
   told by an earlier candidate? Its features (``features.py``) are what a coder weighs: tense,
   aspect and modality of the trigger, quantifiers and plurals, years and "since"/"ago" against
   the publication date, position in the article, whether it has its own place, date and toll,
   and whether an earlier candidate of a compatible kind, place and date exists (a later mention:
   "the attack", "the blast"). The probability is the record's confidence. A kept record with
   its own date more than ``background_days`` before publication is dropped unless it is the
   article's subject (the coding manual's first rule; the data has too few publication dates to
   learn it).
3. **Within-article coreference for slots**: every candidate that is not kept joins the nearest
   kept, compatible record (same violent family or kind, no conflicting own place or stated
   date), which takes from it what it lacks: its own place for a carried or dateline one, a
   finer place in the same country, a stated date for the publication-date fallback, a toll, and
   the perpetrators, claimants, victims, targets and weapons it names.
4. **Slots.** *Tolls* (``tolls.py``): the record's own figures, without running or historical
   totals ("has killed more than 400 people since 2004"), and 0 where the text says nobody was
   hurt ("No casualty was reported"). *Place* (``places.py``): a record with no place of its
   own, or only a province or country, takes the nearest place name of its sentences, known to
   the gazetteer or not ("in Sariab area of Quetta"), never the dateline or a distance reference.
   *Named perpetrators* (``perpetrators.py``): a learned ranker over the organizations, groups
   and people of the record's sentences; then no place, dateline word or event noun ("air
   strike", "shelling") stays a perpetrator.

Candidates that are not incident records (statements, claims) pass through unchanged. On
case-less wire copy (MUC-4) the decision uses its own bar (``keep_threshold_uncased``) and the
perpetrator ranker (trained on ordinary-case news only) and the perpetrator clean-up (which reads
entity types that spaCy guesses on such text) are not used.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from ... import lexicon
from ...errors import DataError, Errors
from ...model import Argument, Event
from ...nlp.analysis import Analysis
from ...nlp.case import is_cased
from ...nlp.gazetteer import PRECISION_RANK
from .. import codes
from ..linear import LinearModel
from ..registry import register_extractor
from ...settings import Settings
from .features import compatible, featurize
from .perpetrators import add_named
from .places import finest_place
from .tolls import own_tolls, zero_tolls

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources" / "incidents"
MODEL_FILE = RESOURCES / "report.npz"
PERPETRATOR_FILE = RESOURCES / "perpetrators.npz"

_NOT_ACTORS = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"}


def _load(path: Path) -> LinearModel:
    try:
        return LinearModel.load(path)
    except (OSError, ValueError, KeyError) as e:
        raise DataError(Errors.E521.format(path=path)) from e


@lru_cache(maxsize=1)
def load_model() -> LinearModel:
    return _load(MODEL_FILE)


@lru_cache(maxsize=1)
def load_perpetrator_model() -> LinearModel:
    return _load(PERPETRATOR_FILE)


def _setting(settings: Optional[Settings], name: str) -> Any:
    """A value of the ``[incidents]`` section of the settings (default: the shipped ones)."""
    return getattr((settings or Settings.load()).incidents, name)


def _finer(a: Optional[str], b: Optional[str]) -> bool:
    """Place precision ``a`` is finer than ``b`` (the one ranking: nlp.gazetteer.PRECISION_RANK)."""
    last = len(PRECISION_RANK)
    return PRECISION_RANK.get(a or "", last) < PRECISION_RANK.get(b or "", last)


def is_record(ev: Event) -> bool:
    """An event that would be an incident record (it has an ACLED type), not a statement."""
    if ev.codes:
        return bool(ev.codes.get("acled_event_type"))
    return ev.type not in ("statement", "condemnation", "claim")


def candidates(analysis: Analysis, settings: Optional[Settings] = None) -> list[Event]:
    """The rule extractor's events after the shared steps (codes, claims, context): what the
    model's features read."""
    from ..events import rule_events
    from ..steps import finish_events
    settings = settings or Settings.load()
    return finish_events(rule_events(analysis, settings), analysis, settings)


def probabilities(cands: list[Event], analysis: Analysis, model: Optional[LinearModel] = None) -> list[float]:
    model = model or load_model()
    rows = [featurize(e, i, cands, analysis) for i, e in enumerate(cands)]
    return [float(p) for p in model.predict_proba(rows)[:, 0]] if rows else []


def extract(analysis: Analysis, settings=None, *, model: Optional[LinearModel] = None,
            threshold: Optional[float] = None) -> list[Event]:
    """The article's incident records (and its statements and claims), in text order."""
    events = candidates(analysis, settings)
    records = [e for e in events if is_record(e)]
    cased = is_cased(analysis.text)
    if threshold is not None:
        bar = threshold
    else:
        bar = _setting(settings, "keep_threshold" if cased else "keep_threshold_uncased")
    return decide(events, probabilities(records, analysis, model), bar, analysis, settings,
                  _LOAD if cased else None, confidence=cased)


_LOAD = object()


def decide(events: list[Event], probs: list[float], bar: float, analysis: Analysis,
           settings=None, perpetrator_model=_LOAD, *, confidence: bool = True) -> list[Event]:
    """Keep the records at least ``bar`` likely (``probs``: one per record of ``events``, in
    order); the others lend their slots to the kept record they most likely tell again.
    ``confidence`` (ordinary-case text): the probability becomes the record's confidence and the
    perpetrators are ranked and cleaned; on case-less text the rules' confidence and
    perpetrators stay (its entity types are guesses)."""
    records = [e for e in events if is_record(e)]
    others = [e for e in events if not is_record(e)]
    kept = []
    for e, p in zip(records, probs):
        if p >= bar:
            if confidence:
                e.confidence = round(p, 3)
            kept.append(e)
    if confidence:                         # case-less text: the rules' records stand
        kept = _without_old_background(kept, analysis, _setting(settings, "background_days"))
    for e, p in zip(records, probs):
        if p < bar:
            into = _coreferent(e, kept)
            if into is not None:
                absorb(into, e, lexicon.entries("extract/incidents_type_priority"))
    words = list(lexicon.entries("extract/incidents_background_toll_words"))
    for e in kept:
        own_tolls(e, analysis, words)
        zero_tolls(e, analysis, {"killed": list(lexicon.entries("extract/incidents_nobody_killed")),
                                 "injured": list(lexicon.entries("extract/incidents_nobody_injured"))},
                   _setting(settings, "zero_toll_sentences"))
        finest_place(e, analysis, _setting(settings, "named_place_confidence"))
        if confidence:                     # ordinary-case text: the NER the ranker and clean-up read
            add_named(e, analysis, load_perpetrator_model() if perpetrator_model is _LOAD else perpetrator_model,
                      _setting(settings, "perpetrator_threshold"))
            clean_perpetrators(e, analysis)
        e.codes = codes.code_event(e, analysis)   # with the parse features the codes step reads too
    return sorted(kept + others, key=lambda e: e.trigger.start)


def _last_day(value: str, precision: Optional[str]) -> Optional[date]:
    """The latest day a stated date may mean ("2018-08" → 31 August 2018)."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value or "")
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None or precision == "year":
            return date(year, 12, 31)
        if day is None or precision == "month":
            return date(year, int(month), calendar.monthrange(year, int(month))[1])
        return date(year, int(month), int(day))
    except ValueError:
        return None


def _without_old_background(kept: list[Event], analysis: Analysis, days: int) -> list[Event]:
    """The coding manual's first rule: an incident told with its own date more than ``days``
    before publication is background, not coded — unless it is the article's subject (its most
    confident record: a retrospective, an encyclopedia article)."""
    published = _last_day(str(analysis.published or "")[:10], "day")
    if published is None or len(kept) < 2:
        return kept
    subject = max(kept, key=lambda e: e.confidence or 0.0)
    out = []
    for e in kept:
        when = _last_day(e.date.value, e.date.precision) if _own_date(e) else None
        if e is not subject and when is not None and (published - when).days > days:
            continue
        out.append(e)
    return out


def _coreferent(ev: Event, kept: list[Event]) -> Optional[Event]:
    """The kept record ``ev`` most likely tells again: the nearest compatible one, earlier first."""
    options = [k for k in kept if compatible(k, ev)]
    if not options:
        return None
    si = ev.trigger.sentence or 0
    return min(options, key=lambda k: (abs((k.trigger.sentence or 0) - si) + (0 if k.trigger.start <= ev.trigger.start else 0.5)))


def _own_place(ev: Event) -> bool:
    return ev.location is not None and (ev.location.confidence or 1.0) >= 0.6


def _own_date(ev: Event) -> bool:
    return ev.date is not None and bool(ev.date.text) and (ev.date.confidence or 0) > 0.3


def _firmer(a, b) -> bool:
    """``a`` a date on its event's own verb or phrase, ``b`` one from elsewhere in its sentence
    (kept at ``events.loose_date_factor`` of its confidence): ``a`` is the better evidence."""
    return (a.confidence or 0) >= (b.confidence or 0) + 0.15


def absorb(into: Event, other: Event, priority: tuple = ()) -> None:
    """``into`` takes from a coreferent candidate what it lacks, and its kind when that names the
    incident more specifically (``priority``: "the attack" that "a car bomb" told is a bombing)."""
    rank = {t: i for i, t in enumerate(priority)}
    if other.type in rank and into.type in rank and rank[other.type] < rank[into.type]:
        into.type, into.subtype = other.type, other.subtype
    if other.location is not None:
        if into.location is None or (_own_place(other) and not _own_place(into)):
            into.location = other.location
        elif (_own_place(other) and into.location.country_code == other.location.country_code
              and _finer(other.location.precision, into.location.precision)):
            into.location = other.location
    if _own_date(other) and (not _own_date(into) or _firmer(other.date, into.date)):
        into.date = other.date
    for name in ("killed", "injured"):
        mine, theirs = getattr(into, name), getattr(other, name)
        if mine.best is None and mine.low is None and theirs.best is not None:
            setattr(into, name, replace(theirs))
        if name == "killed" and into.killed.attackers is None and theirs.attackers is not None:
            into.killed.attackers = theirs.attackers
    for role in ("perpetrators", "claimed_by", "victims", "targets", "weapons"):
        have = {a.name.lower() for a in getattr(into, role)}
        for a in getattr(other, role):
            if a.name.lower() not in have:
                getattr(into, role).append(a)
                have.add(a.name.lower())
    into.evidence = into.evidence + [m for m in other.evidence if all(m.start != x.start for x in into.evidence)]


def clean_perpetrators(ev: Event, analysis: Analysis) -> None:
    """No place, dateline word or event noun is a perpetrator (nor a claimant)."""
    from ..triggers import trigger_type
    doc = analysis.doc

    def actor(a: Argument) -> bool:
        if a.start is None:
            return True
        if analysis.in_dateline(a.start) or analysis.place_at(a.start, a.end or a.start + 1) is not None:
            ent = analysis.entity_at(a.start, a.end or a.start + 1)
            if ent is None or ent.type in _NOT_ACTORS:
                return False
        ent = analysis.entity_at(a.start, a.end or a.start + 1)
        if ent is not None and ent.type in _NOT_ACTORS:
            return False
        span = doc.char_span(a.start, a.end or a.start + 1, alignment_mode="expand")
        if span is not None and len(span) and trigger_type(span.root) is not None:
            return False                   # "the air strike", "Russian shelling"
        return True

    ev.perpetrators = [a for a in ev.perpetrators if actor(a)]
    ev.claimed_by = [a for a in ev.claimed_by if actor(a)]


@register_extractor("incidents")
class IncidentExtractor:
    """Document-level incidents: rule candidates, a learned in-its-own-right decision, coreference."""

    def __init__(self, settings: Settings):
        self.settings = settings
        load_model(), load_perpetrator_model()    # a missing model file fails here, at build time

    def __call__(self, analysis: Analysis) -> list[Event]:
        return extract(analysis, self.settings)
