"""An incident's finest place: a name the text gives for where it happened, even one the
gazetteer does not know ("in Sariab area of Quetta", "Manghopir", "a village in Kalahandi").

A record whose place is missing, only a province or country, or borrowed (carried from an
earlier sentence or the dateline) takes the nearest place name (GPE, LOC or FAC entity, or a
capitalized name before "area"/"village"/"district") in its trigger's sentence, then in its other
sentences, that is not in the dateline, not a distance reference ("55 miles northwest of Sanaa",
"400 km from Raipur") and not a country or province. Its country and province come from the
record's own coarser place, else from the places of the same sentence.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ...model import Event, Place
from ...nlp.analysis import Analysis
from ..events import acting_place

_COARSE = {"country", "admin1"}
_DISTANCE = re.compile(r"\b(?:km|kms|kilomet(?:er|re)s?|miles?)\b[\w\s,-]{0,25}\b(?:of|from)\s*$", re.I)
_FROM = re.compile(r"\b(?:from|resident of|native of|hails from|belonging to)\s*$", re.I)
_KINDS = {"GPE", "LOC", "FAC"}


def _borrowed_or_coarse(ev: Event) -> bool:
    loc = ev.location
    return loc is None or loc.precision in _COARSE or (loc.confidence or 1.0) < 0.6


def _name_spans(analysis: Analysis, start: int, end: int) -> list[tuple[int, int, str]]:
    out = []
    for ent in analysis.entities:
        if ent.type not in _KINDS:
            continue
        for m in ent.mentions:
            if start <= m.start < end:
                out.append((m.start, m.end, m.text))
    return out


def _usable(analysis: Analysis, s: int, e: int, within: Optional[Place]) -> bool:
    if analysis.in_dateline(s):
        return False
    before = analysis.text[max(0, s - 60):s]
    if _DISTANCE.search(before) or _FROM.search(before):
        return False
    span = analysis.doc.char_span(s, e, alignment_mode="expand")
    if span is not None and acting_place(span):
        return False
    p = analysis.place_at(s, e)
    if p is None:
        return True
    return p.precision not in _COARSE and _inside(p, within)


def _inside(p: Place, within: Optional[Place]) -> bool:
    """A finer place replaces the record's own coarse one only inside it: the same country, and
    the same province when the coarse place is a province ("in Kashmir" is not made "New Delhi")."""
    if within is None or not within.country_code or not p.country_code:
        return True
    if p.country_code != within.country_code:
        return False
    return within.precision != "admin1" or not p.admin1 or p.admin1 == within.admin1


def finest_place(ev: Event, analysis: Analysis, confidence: float) -> None:
    if not _borrowed_or_coarse(ev):
        return
    own = ev.location if ev.location is not None and (ev.location.confidence or 1.0) >= 0.6 else None
    sentences = [ev.trigger.sentence] + [m.sentence for m in ev.evidence if m.sentence != ev.trigger.sentence]
    for si in sentences:
        if si is None or si >= len(analysis.sentences):
            continue
        sent = analysis.sentences[si]
        spans = [x for x in _name_spans(analysis, sent.start, sent.end) if _usable(analysis, x[0], x[1], own)]
        if not spans:
            continue
        s, e, text = min(spans, key=lambda x: abs(x[0] - ev.trigger.start))
        resolved = analysis.place_at(s, e)
        if resolved is not None:
            ev.location = replace(resolved, confidence=min(resolved.confidence or 1.0, confidence))
            return
        coarse = ev.location if ev.location is not None and ev.location.precision in _COARSE else None
        if coarse is None:
            coarse = next((p for p in analysis.places if p.sentence == si and p.country_code), None)
        ev.location = Place(name=text, precision="city", text=text, start=s, end=e, sentence=si,
                            admin1=coarse.admin1 if coarse else None,
                            country=coarse.country if coarse else None,
                            country_code=coarse.country_code if coarse else None,
                            confidence=confidence)
        return
