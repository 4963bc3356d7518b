"""What a coder weighs when deciding that a candidate event is an incident reported in its own
right: hashed binary features of one candidate among the article's candidates.

A candidate is an event the rule extractor built from one group of triggers (``extract_events``);
its features come from the trigger's parse (tense, aspect, modality, determiner, plural),
its sentence (years and "since"/"ago" against the publication date, quantifiers), its own slots
(place, date and toll of its own or carried from context, named perpetrator) and the
candidates before it (an earlier candidate of the same kind at a compatible place: a
later mention of one incident, "the attack", "the blast").
"""
from __future__ import annotations

import re
import zlib
from datetime import date
from typing import Optional

from ...model import Event
from ...nlp.analysis import Analysis
from ...nlp.case import is_cased
from ...nlp.dates import parse_published
from ..incidents import INCIDENT_FAMILY as FAMILY

N_FEATURES = 1 << 12

_MODALS = {"will", "would", "could", "may", "might", "should", "can", "must", "shall"}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_BACKGROUND = re.compile(r"\b(since|ago|last year|years?|decades?|history|previous|earlier|past|former)\b", re.I)
_QUANT = re.compile(r"\b(more than|over|at least|some|about|nearly|hundreds|thousands|dozens|several|many|series|spate|wave)\b", re.I)
_FALLBACK_DATE = 0.3


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


def _bucket(x: Optional[float], edges: tuple) -> str:
    if x is None:
        return "none"
    for e in edges:
        if x <= e:
            return str(e)
    return "more"


def _token_at(analysis: Analysis, start: int, end: int):
    span = analysis.doc.char_span(start, max(end, start + 1), alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def family(ev: Event) -> str:
    return FAMILY.get(ev.type, ev.type)


def place_key(ev: Event) -> Optional[str]:
    loc = ev.location
    if loc is None or (loc.confidence or 1.0) < 0.6:      # carried from context or the dateline
        return None
    return (loc.name or "").lower() or None


def compatible(a: Event, b: Event) -> bool:
    """Two candidates that may tell one incident: violent kinds or the same family, and no
    conflicting own place or stated date."""
    violent = {"attack", "bombing", "kidnapping", "arson"}
    if not (family(a) == family(b) or (family(a) in violent and family(b) in violent)):
        return False
    pa, pb = place_key(a), place_key(b)
    if pa and pb and pa != pb:
        return False
    da = a.date.value if a.date and (a.date.confidence or 0) > _FALLBACK_DATE and a.date.text else None
    db = b.date.value if b.date and (b.date.confidence or 0) > _FALLBACK_DATE and b.date.text else None
    return not (da and db and da != db)


def featurize(ev: Event, index: int, events: list[Event], analysis: Analysis) -> list[int]:
    """Hashed feature indices of candidate ``events[index]`` (``ev``)."""
    f: list[str] = ["bias", f"type={ev.type}", f"family={family(ev)}",
                    f"acled={(ev.codes or {}).get('acled_event_type')}"]
    tok = _token_at(analysis, ev.trigger.start, ev.trigger.end)
    sent_text = ev.sentence.text if ev.sentence else ""
    if tok is not None:
        f += [f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}", f"lemma={tok.lemma_.lower()}",
              f"type_tag={ev.type}|{tok.tag_}"]
        if tok.pos_ == "PROPN" or (tok.i > 0 and tok.text[:1].isupper() and not tok.is_sent_start):
            f.append("capitalized")
        dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss", "nummod", "amod")]
        f += [f"det={d}" for d in dets] or ["det=none"]
        if tok.tag_ in ("NNS", "NNPS"):
            f.append("plural")
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        head = tok.head
        if tok.pos_ in ("NOUN", "PROPN") and head is not tok:
            f.append(f"gov={head.lemma_.lower()}")
            aux += [c for c in head.children if c.dep_ in ("aux", "auxpass")]
            f.append(f"gov_tag={head.tag_}")
        for a in aux:
            if a.lower_ in _MODALS:
                f.append("modal")
            if a.lemma_ == "have":
                f.append("perfect")
            if a.lower_ == "to":
                f.append("infinitive")
        if any(c.dep_ == "neg" for c in (*tok.children, *head.children)):
            f.append("negated")
    # the sentence against the publication date
    pub = parse_published(analysis.published)
    years = [int(y) for y in _YEAR.findall(sent_text)]
    if years:
        f.append("year_in_sentence")
        if pub is not None:
            f.append("year_old" if min(years) < pub.year else "year_current")
    for m in _BACKGROUND.finditer(sent_text):
        f.append(f"bg={m.group(1).lower()}")
    for m in _QUANT.finditer(sent_text):
        f.append(f"quant={m.group(1).lower()}")
    si = ev.trigger.sentence if ev.trigger.sentence is not None else 0
    n_sent = max(1, len(analysis.sentences))
    f.append(f"sent={_bucket(si, (0, 1, 2, 3, 5, 8, 13))}")
    f.append(f"relpos={_bucket(si / n_sent, (0.1, 0.25, 0.5, 0.75))}")
    f.append(f"doclen={_bucket(n_sent, (3, 6, 12, 25))}")
    f.append("published" if pub else "no_published")
    # its own slots
    d = ev.date
    if d is None:
        f.append("date=none")
    else:
        own = bool(d.text) and (d.confidence or 0) > _FALLBACK_DATE
        f.append(f"date={d.precision}|{'own' if own else 'fallback'}")
        day = parse_published(d.value)
        if own and day and pub:
            f.append(f"age={_bucket((pub - day).days, (-1, 1, 7, 31, 365))}")
    loc = ev.location
    if loc is None:
        f.append("place=none")
    else:
        f.append(f"place={loc.precision}|{_bucket(loc.confidence, (0.45, 0.55, 0.8))}")
        if loc.sentence is not None and loc.sentence == ev.trigger.sentence:
            f.append("place_same_sentence")
    f.append(f"killed={_bucket(ev.killed.best, (0, 1, 5, 20, 100))}")
    f.append(f"injured={_bucket(ev.injured.best, (0, 1, 5, 20, 100))}")
    if ev.killed.attackers:
        f.append("attackers_killed")
    named = [a for a in (*ev.perpetrators, *ev.claimed_by) if any(w[:1].isupper() for w in a.name.split())]
    f.append(f"perps={_bucket(len(ev.perpetrators), (0, 1, 2))}")
    if named:
        f.append("named_perpetrator")
    if ev.claimed_by:
        f.append("claimed")
    for role in ("victims", "targets", "weapons"):
        if getattr(ev, role):
            f.append(f"has_{role}")
    f.append(f"evidence={_bucket(len(ev.evidence), (1, 2, 4))}")
    f.append(f"rule_conf={_bucket(ev.confidence, (0.3, 0.5, 0.6, 0.7, 0.8, 0.9))}")
    # the candidates before it: is this a later mention of one of them?
    earlier = events[:index]
    f.append(f"n_earlier={_bucket(len(earlier), (0, 1, 2, 4))}")
    same = [e for e in earlier if family(e) == family(ev)]
    comp = [e for e in earlier if compatible(e, ev)]
    if same:
        f.append("earlier_same_family")
    if comp:
        gap = si - (comp[-1].trigger.sentence or 0)
        f += ["earlier_compatible", f"gap={_bucket(gap, (0, 1, 2, 4))}", f"{ev.type}|earlier_compatible"]
        if tok is not None and any(e.trigger.text.lower() == ev.trigger.text.lower() for e in comp):
            f.append("earlier_same_word")
    else:
        f.append(f"{ev.type}|first_of_kind")
    if any(e.trigger.sentence == ev.trigger.sentence for e in earlier):
        f.append("shares_sentence")
    later_comp = [e for e in events[index + 1:] if compatible(e, ev)]
    if later_comp:
        f.append("later_compatible")
    # every feature once shared and once per kind of text (ordinary case vs case-less wire copy
    # such as MUC-4): the model learns what carries over and what is particular to each
    kind = "C|" if is_cased(analysis.text) else "U|"
    return sorted({_h(x) for x in f} | {_h(kind + x) for x in f})
