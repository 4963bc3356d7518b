"""Named perpetrators by a learned ranker over the names of an incident's sentences.

Candidates: every organization, group (NORP) or person entity with a mention in the record's
sentences (its trigger's and every sentence a coreferent mention added). Features: the entity
type, the mention's dependency role and its governor (subject of "attacked", object of "by",
compound of "militants"/"cadres"), the words around it ("suspected", "claimed", "said",
"spokesman", "police"), whether it shares the trigger's sentence, whether the rules already made it
a perpetrator or a victim, and its distance to the trigger. A candidate at
``perpetrator_threshold`` or more joins the record's perpetrators (model
``resources/incidents/perpetrators.npz``, trained by ``training/train_incidents.py`` on the
coded texts' named perpetrators).
"""
from __future__ import annotations

import zlib
from typing import Optional

from ...model import Argument, Entity, Event
from ...nlp.analysis import Analysis
from ..linear import LinearModel

N_FEATURES = 1 << 11
_KINDS = {"ORG", "NORP", "PERSON"}


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


def _sentences(ev: Event) -> list[int]:
    out = [ev.trigger.sentence] if ev.trigger.sentence is not None else []
    out += [m.sentence for m in (*ev.mentions, *ev.evidence) if m.sentence is not None and m.sentence not in out]
    return out


def candidates(ev: Event, analysis: Analysis) -> list[tuple[Entity, int, int]]:
    """(entity, start, end) of the first mention of each name entity in the record's sentences."""
    wanted = set(_sentences(ev))
    out = []
    for ent in analysis.entities:
        if ent.type not in _KINDS:
            continue
        for m in ent.mentions:
            si = m.sentence if m.sentence is not None else analysis.sentence_index(m.start)
            if si in wanted and not analysis.in_dateline(m.start):
                out.append((ent, m.start, m.end))
                break
    return out


def featurize(ev: Event, ent: Entity, start: int, end: int, analysis: Analysis) -> list[int]:
    doc = analysis.doc
    f = ["bias", f"type={ent.type}"]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span):
        root = span.root
        head = root.head
        f += [f"dep={root.dep_}", f"head={head.lemma_.lower()}", f"dep_head={root.dep_}|{head.lemma_.lower()}",
              f"head_pos={head.pos_}"]
        if head.dep_ == "pobj" or root.dep_ == "pobj":
            prep = head if root.dep_ != "pobj" else root.head
            f.append(f"prep={prep.lower_}|{prep.head.lemma_.lower()}")
        for tok in doc[max(0, span.start - 3):span.start]:
            f.append(f"before={tok.lower_}")
        for tok in doc[span.end:span.end + 3]:
            f.append(f"after={tok.lower_}")
        if len(span) > 1 or (span.text.isupper() and len(span.text) >= 2):
            f.append("multiword_or_acronym")
    si = analysis.sentence_index(start)
    f.append("same_sentence" if si == ev.trigger.sentence else "other_sentence")
    dist = abs(start - ev.trigger.start)
    f.append("near" if dist < 80 else "mid" if dist < 200 else "far")
    low = ent.name.lower()
    if any(a.entity_id == ent.id or a.name.lower() == low for a in ev.perpetrators):
        f.append("rule_perpetrator")
    if any(a.entity_id == ent.id or a.name.lower() == low for a in ev.claimed_by):
        f.append("claimant")
    if any(a.entity_id == ent.id or a.name.lower() == low for a in (*ev.victims, *ev.targets)):
        f.append("rule_victim_or_target")
    if analysis.place_at(start, end) is not None:
        f.append("is_place")
    return sorted({_h(x) for x in f})


def add_named(ev: Event, analysis: Analysis, model: Optional[LinearModel], threshold: float) -> None:
    if model is None:
        return
    cands = candidates(ev, analysis)
    if not cands:
        return
    probs = model.predict_proba([featurize(ev, e, s, t, analysis) for e, s, t in cands])[:, 0]
    have = {a.name.lower() for a in ev.perpetrators}
    for (ent, s, t), p in zip(cands, probs):
        if p >= threshold and ent.name.lower() not in have:
            ev.perpetrators.append(Argument(name=ent.name, start=s, end=t, text=analysis.text[s:t],
                                            entity_id=ent.id, kind=ent.kind, confidence=round(float(p), 3)))
            have.add(ent.name.lower())
