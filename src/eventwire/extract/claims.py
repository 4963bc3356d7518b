"""Claims of responsibility: who claimed, and which incident the claim is about.

"A Baloch armed group, Baloch Liberation Army (BLA) claimed the responsibility of the attack":
the claimant is the subject of the claim (the organization it names, through appositions), the
incident is the violent event the claim's object refers to ("the attack", "the bombing"), or else
the latest violent event before the claim. The claimant becomes the claim event's actor, enters
the incident's ``claimed_by`` and, as the claimed perpetrator, its perpetrators.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from ..model import Argument, Event
from ..nlp.analysis import Analysis
from .triggers import VIOLENT


def _claimant(tok: Token, analysis: Analysis) -> Optional[Argument]:
    subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
    if subj is None and tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i:
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.pos_ == "PRON":
        return None
    span = subj.doc[subj.left_edge.i: subj.right_edge.i + 1]
    # prefer an organization (or person) the nlp layer knows whose mention holds the head of a
    # name in the subject ("A Baloch armed group, Baloch Liberation Army (BLA)")
    heads = [t for t in span if t.pos_ == "PROPN" and t.dep_ != "compound"] or [subj]
    best = None
    for ent in analysis.entities:
        if ent.type not in ("ORG", "PERSON", "NORP"):
            continue
        for m in ent.mentions:
            if span.start_char <= m.start and m.end <= span.end_char \
                    and any(m.start <= h.idx < m.end for h in heads):
                rank = (ent.type != "ORG", m.start)
                if best is None or rank < best[0]:
                    best = (rank, ent, m)
    if best is not None:
        _, ent, m = best
        return Argument(name=ent.name, start=m.start, end=m.end, text=m.text, entity_id=ent.id,
                        kind="individual" if ent.type == "PERSON" else "organization", confidence=0.9)
    head = subj
    start = min([head.i] + [c.left_edge.i for c in head.lefts if c.dep_ not in ("det", "punct")])
    sp = subj.doc[start: head.i + 1]
    return Argument(name=sp.text, start=sp.start_char, end=sp.end_char, text=sp.text,
                    kind="organization", confidence=0.6)


def attach_claims(events: list[Event], incidents: list, analysis: Analysis) -> None:
    """Fill claims in place; ``events[i]`` was built from ``incidents[i]``."""
    doc = analysis.doc
    pairs = list(zip(events, incidents))
    violent = [(e, inc) for e, inc in pairs if e.type in VIOLENT]
    for ev, inc in pairs:
        if ev.type != "claim":
            continue
        tok = doc[inc.triggers[0].token]
        claimant = _claimant(tok, analysis)
        if claimant is None:
            continue
        ev.perpetrators = [claimant]
        ev.claimed_by = [claimant]
        # the incident claimed: one with a trigger inside the claim's object ("of the attack"),
        # else the latest violent incident mentioned before the claim
        obj_start, obj_end = tok.idx, tok.right_edge.idx + len(tok.right_edge.text)
        target = next((e for e, i in violent
                       if any(obj_start < t.start < obj_end for t in i.triggers)), None)
        if target is None:
            before = [(e, i) for e, i in violent if i.triggers[0].start < tok.idx]
            target = max(before, key=lambda p: p[1].triggers[0].start)[0] if before else None
        if target is None:
            continue
        if not any((c.entity_id and c.entity_id == claimant.entity_id) or c.name == claimant.name
                   for c in target.claimed_by):
            target.claimed_by.append(claimant)
        if not any((p.entity_id and p.entity_id == claimant.entity_id) or p.name == claimant.name
                   for p in target.perpetrators):
            target.perpetrators.append(Argument(**{**claimant.__dict__, "confidence": 0.7}))
