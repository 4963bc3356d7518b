"""Claims of responsibility: who claimed, and which incident the claim is about.

"A Baloch armed group, Baloch Liberation Army (BLA) claimed the responsibility of the attack":
the claimant is the subject of the claim (the organization it names, through appositions), the
incident is the violent event the claim's object refers to ("the attack", "the bombing"), or else
the latest violent event before the claim. The claimant becomes the claim event's actor, enters
the incident's ``claimed_by`` and, as the claimed perpetrator, its perpetrators. A named group
that someone blames for the incident joins its perpetrators at lower confidence, not its claimants.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from ..model import Argument, Event
from ..nlp.analysis import Analysis, token_table
from .triggers import VIOLENT


def _subject(tok: Token) -> Optional[Token]:
    """Who does the claiming verb (or "responsibility" noun) ``tok``: its subject, through
    coordination ("… and claimed it"), light verbs ("took responsibility"), reported speech
    ("The BLA said it carried out the attack") and relative clauses ("the BLA, which claimed
    the assault")."""
    subj = next((c for c in tok.children if c.dep_ in ("nsubj",)), None)
    if subj is None and tok.dep_ in ("conj", "xcomp", "dobj") and tok.head.i != tok.i:
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is not None and (subj.pos_ == "PRON" or any(c.dep_ == "poss" for c in subj.children)) \
            and tok.dep_ in ("ccomp", "xcomp", "conj") and tok.head.i != tok.i:
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in ("which", "who", "that") and tok.dep_ == "relcl":
        return tok.head
    if subj is None or subj.pos_ == "PRON":
        return None
    return subj


def _named(subj: Token, analysis: Analysis, *, fallback: bool = True) -> Optional[Argument]:
    """The organization (or person) the nlp layer knows inside the subject phrase ``subj``;
    else, with ``fallback``, the phrase's own name words ("Islamic State group")."""
    span = subj.doc[subj.left_edge.i: subj.right_edge.i + 1]
    # a conjunct's own phrase only ("IS and LeJ" holds two claimants), and never the relative
    # clause that made it the claimant ("the group that claimed credit for the attack on …")
    cut = [c for c in subj.children if c.dep_ in ("conj", "cc", "relcl", "acl") and c.i > subj.i]
    if cut:
        span = subj.doc[subj.left_edge.i: min(c.left_edge.i for c in cut)]
    # a dateline the parser hung onto the subject ("KANO, Nigeria (Wire) - Jihadist group Boko
    # Haram claimed …") is not part of it
    if analysis.dateline is not None and span.start_char < analysis.dateline[1] <= subj.idx:
        after = next((t.i for t in span if t.idx >= analysis.dateline[1]), subj.i)
        span = subj.doc[after: span.end]
    # prefer an organization (or person) whose mention holds the head of a name in the subject
    # ("A Baloch armed group, Baloch Liberation Army (BLA)")
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
    if not fallback:
        return None
    head = subj
    # the name's own words: compounds and proper nouns before the head ("Islamic State group"),
    # not its adjectives ("the anti-Shiite …"), and the rest of a hyphenated name
    start = min([head.i] + [c.left_edge.i for c in head.lefts
                            if c.dep_ == "compound" or c.pos_ == "PROPN"])
    sp = subj.doc[min(start, _hyphen_extent(head)[0]): _hyphen_end(head) + 1]
    return Argument(name=sp.text, start=sp.start_char, end=sp.end_char, text=sp.text,
                    kind="organization", confidence=0.6)


def _claimants(tok: Token, analysis: Analysis) -> list[Argument]:
    subj = _subject(tok)
    if subj is None:
        return []
    out: list[Argument] = []
    # through a relative clause only a name the nlp layer knows: "the BLA, which claimed the
    # assault", not "the same terrorist group that claimed credit"
    named_only = tok.dep_ == "relcl" and subj.i == tok.head.i
    for t in (subj, *(c for c in subj.conjuncts if _coordinated(c))):
        first, last = _hyphen_extent(t)
        start, end = t.doc[first].idx, t.doc[last].idx + len(t.doc[last].text)
        if any(a.start is not None and a.start < end and start < a.end for a in out):
            continue            # a piece of a hyphenated name already read ("…-Jhangvi")
        arg = _named(t, analysis, fallback=not named_only)
        if arg is not None and not any(a.name == arg.name for a in out):
            out.append(arg)
    return out


def _coordinated(tok: Token) -> bool:
    """A word that can be a conjunct claimant ("IS and LeJ"), not punctuation the parser
    coordinated inside a hyphenated name ("Lashkar-e-Jhangvi" → Lashkar, -, Jhangvi)."""
    return tok.is_alpha


def _hyphen_extent(tok: Token) -> tuple[int, int]:
    """First and last token of the hyphenated name ``tok`` is part of (itself if none)."""
    doc, first = tok.doc, tok.i
    while first >= 2 and doc[first - 1].text in ("-", "–") and not doc[first - 1].whitespace_ \
            and not doc[first - 2].whitespace_ and doc[first - 2].is_alpha:
        first -= 2
    return first, _hyphen_end(tok)


def _hyphen_end(tok: Token) -> int:
    """The last token of a name written with hyphens and no spaces, from ``tok`` on."""
    doc, i = tok.doc, tok.i
    while i + 2 < len(doc) and not doc[i].whitespace_ and doc[i + 1].text in ("-", "–") \
            and not doc[i + 1].whitespace_ and doc[i + 2].is_alpha:
        i += 2
    return i


def _trigger_starts(ev: Event) -> list[int]:
    """Where the words that tell ``ev`` start: every trigger of its incident."""
    return [m.start for m in (ev.mentions or [ev.trigger])]


def _token_at(doc, char: int):
    """The token that starts at (or holds) character ``char``."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def attach_claims(events: list[Event], analysis: Analysis) -> None:
    """Fill claims in place: a claim event names its claimants, who also claim (and, at 0.7,
    perpetrate) the violent event it is about."""
    doc = analysis.doc
    violent = [e for e in events if e.type in VIOLENT]
    for ev in events:
        if ev.type != "claim":
            continue
        tok = _token_at(doc, _trigger_starts(ev)[0])
        if tok is None:
            continue
        claimants = _claimants(tok, analysis)
        if not claimants:
            continue
        ev.perpetrators = list(claimants)
        ev.claimed_by = list(claimants)
        target = _incident_meant(tok, violent)
        if target is None:
            continue
        for claimant in claimants:
            if not any(_same(c, claimant, analysis) for c in target.claimed_by):
                target.claimed_by.append(claimant)
            if not any(_same(p, claimant, analysis) for p in target.perpetrators):
                target.perpetrators.append(Argument(**{**claimant.__dict__, "confidence": 0.7}))


def _incident_meant(tok: Token, violent: list[Event]) -> Optional[Event]:
    """The incident a claim or an accusation is about: one with a trigger inside the phrase
    ``tok`` governs ("claimed the attack", "blamed X for the blast"), else the latest violent
    incident told before it."""
    obj_start, obj_end = tok.idx, tok.right_edge.idx + len(tok.right_edge.text)
    target = next((e for e in violent if any(obj_start < t < obj_end for t in _trigger_starts(e))), None)
    if target is None:
        before = [e for e in violent if _trigger_starts(e)[0] < tok.idx]
        target = max(before, key=lambda e: _trigger_starts(e)[0]) if before else None
    return target


def _accused(tok: Token) -> list[Token]:
    """Who a "blame" verb accuses: "X blamed Y for the attack", "the attack was blamed on Y"."""
    if tok.lemma_.lower() != "blame" or tok.pos_ != "VERB":
        return []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    found = []
    for c in tok.children:
        if not passive and c.dep_ == "dobj":
            found.append(c)
        elif passive and c.dep_ == "prep" and c.lower_ == "on":
            found += [o for o in c.children if o.dep_ == "pobj"]
    return [t for f in found for t in (f, *(c for c in f.conjuncts if _coordinated(c)))
            if t.pos_ != "PRON"]


def attach_accusations(events: list[Event], analysis: Analysis) -> None:
    """Groups blamed for an incident ("The army blamed the Islamic State in the Greater Sahara")
    join its perpetrators at lower confidence (0.5); they are not claimants. A denial ("not
    blamed") is not an accusation."""
    violent = [e for e in events if e.type in VIOLENT]
    if not violent:
        return
    doc = analysis.doc
    tt = token_table(doc)
    # only a "blame" verb accuses (``_accused``): the other tokens need no Token object
    for i in [i for i, lemma in enumerate(tt.lemma) if lemma == "blame" and tt.pos[i] == "VERB"]:
        tok = doc[i]
        accused = _accused(tok)
        if not accused or any(c.dep_ == "neg" for c in tok.children):
            continue
        target = _incident_meant(tok, violent)
        if target is None:
            continue
        for t in accused:
            arg = _named(t, analysis, fallback=False)   # a named group or person, not "the army"
            if arg is None:
                continue
            if not any(_same(p, arg, analysis) for p in target.perpetrators):
                target.perpetrators.append(Argument(**{**arg.__dict__, "confidence": 0.5}))


def _same(a: Argument, b: Argument, analysis: Optional[Analysis] = None) -> bool:
    """The same actor: one entity, one name, or a name and its alias ("ELN")."""
    if bool(a.entity_id and a.entity_id == b.entity_id) or a.name == b.name:
        return True
    if analysis is None:
        return False
    entity = _entity_of(a, analysis)
    return entity is not None and entity == _entity_of(b, analysis)


def _entity_of(arg: Argument, analysis: Analysis) -> Optional[str]:
    if arg.entity_id:
        return arg.entity_id
    for ent in analysis.entities:
        if arg.name == ent.name or arg.name in ent.aliases:
            return ent.id
    return None
