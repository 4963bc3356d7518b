"""Ties between actors: who leads, belongs to, speaks for, is kin of or allied with whom.

    from eventwire.extract.relations import extract_relations
    relations = extract_relations(analysis)      # -> list[model.Relation]

Every tie hangs on a *role noun* ("chief", "spokesman", "son", "ally", …) that links
a holder (the relation's head) to an owner (its tail). The parse gives the shapes:

    holder                               role                owner
    Jeehand Baloch, spokesman of BLA     appositive          "of" object
    Chinese Foreign Ministry spokesman Geng Shuang   name after the role   compound before it
    BLA's ally Balochistan Liberation Front          name after the role   possessor
    Aslam Baloch is the chief of BLA     copular subject     "of" object
    the spokesman, Jeehand Baloch, …     appositive of the role

and a few verbs ("X leads Y", "X, who heads Y", "X joined Y"). Heads and tails resolve to
the article's actors when the nlp layer found them; otherwise they keep their text.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Token

from .. import lexicon
from ..nlp.analysis import sentence_start, token_table
from ..model import Argument, Relation
from ..nlp.actors import honorifics
from .speakers import ActorIndex

# role nouns and verbs of each relation (resources/lexicon/extract/relations.toml)
ROLE_RELATIONS = lexicon.table("extract/relations")["nouns"]
ROLE_TO_RELATION = {noun: rel for rel, nouns in ROLE_RELATIONS.items() for noun in nouns}
VERB_RELATIONS = lexicon.table("extract/relations")["verbs"]
HOLDER_TYPES = {"leader_of": ("PERSON",), "spokesperson_of": ("PERSON",),
                "member_of": ("PERSON", "ORG"), "child_of": ("PERSON",), "parent_of": ("PERSON",),
                "ally_of": ("ORG", "PERSON", "NORP", "GPE")}
OWNER_TYPES = {"leader_of": ("ORG", "GPE", "NORP", "FAC"), "spokesperson_of": ("ORG", "GPE", "NORP", "FAC", "PERSON"),
               "member_of": ("ORG", "GPE", "NORP"), "child_of": ("PERSON",), "parent_of": ("PERSON",),
               "ally_of": ("ORG", "PERSON", "NORP", "GPE")}


def _relation_for(tok: Token) -> Optional[str]:
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    return ROLE_TO_RELATION.get(tok.lemma_.lower()) or ROLE_TO_RELATION.get(tok.lower_)


class _Finder:
    def __init__(self, analysis):
        self.analysis = analysis
        self.doc = analysis.doc
        self.actors = ActorIndex(analysis)
        self.titles = {h.rstrip(".").lower() for h in honorifics()}

    # --- holder (head) -------------------------------------------------------------------
    def holder(self, role: Token) -> Optional[Token]:
        doc = self.doc
        # "spokesman Geng Shuang" / "chief Dr Allah Nazar" / "ally Balochistan Liberation Front"
        k = role.i + 1
        while k < len(doc) and (doc[k].text.rstrip(".").lower() in self.titles or doc[k].text == "."):
            k += 1
        if k < len(doc) and self.actors.entity_holding(doc[k].idx) is not None \
                and sentence_start(doc[k]) == sentence_start(role):
            return doc[k]
        # "Jeehand Baloch, spokesman of BLA"
        if role.dep_ == "appos" and role.head.pos_ in ("PROPN", "NOUN"):
            return role.head
        # "the spokesman, Jeehand Baloch,"
        for child in role.children:
            if child.dep_ == "appos" and child.i > role.i:
                return child
        # "Aslam Baloch is the chief of BLA" / "Aslam Baloch became leader"
        if role.dep_ in ("attr", "oprd") and role.head.lemma_ in ("be", "become", "remain", "serve"):
            return next((c for c in role.head.children if c.dep_ == "nsubj"), None)
        # "who serves as spokesman": the verb's subject
        if role.dep_ == "pobj" and role.head.lower_ == "as" and role.head.head.pos_ == "VERB":
            return next((c for c in role.head.head.children if c.dep_ == "nsubj"), None)
        return None

    # --- owner (tail) --------------------------------------------------------------------
    def owner(self, role: Token) -> Optional[Token]:
        doc = self.doc
        for child in role.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "to"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        for child in role.lefts:
            if child.dep_ == "poss":
                return child
        # "Chinese Foreign Ministry spokesman", "BLA chief": a name right before the role
        k = role.i - 1
        while k >= 0 and doc[k].pos_ in ("ADJ",) and self.actors.entity_holding(doc[k].idx) is None:
            k -= 1                                   # "BLA's top commander"
        if k >= 0 and sentence_start(doc[k]) == sentence_start(role):
            if doc[k].text in ("'s", "’s", "'", "’") and k > 0:
                k -= 1
            if self.actors.entity_holding(doc[k].idx) is not None:
                return doc[k]
        return None

    def argument(self, tok: Token) -> Argument:
        arg = self.actors.argument(tok)
        # "Tehreek-e-Taliban Pakistan" where NER only found "Pakistan": the name is the
        # whole proper-noun compound, not the actor inside it
        names = [c for c in tok.lefts if c.dep_ in ("compound", "flat") and c.pos_ == "PROPN"
                 and c.idx < arg.start and c.text.rstrip(".").lower() not in self.titles]
        if arg.entity_id is not None and names:
            start = min(c.left_edge.idx for c in names)
            text = self.analysis.text[start:arg.end]
            return Argument(name=text, start=start, end=arg.end, text=text, kind=None,
                            confidence=round(arg.confidence * 0.6, 2))
        return arg


def _type_of(arg: Argument, analysis) -> Optional[str]:
    if arg.entity_id is None:
        return None
    ent = analysis.entity(arg.entity_id)
    return ent.type if ent is not None else None


def _fits(arg: Argument, types, analysis) -> bool:
    t = _type_of(arg, analysis)
    return t is None or t in types


def extract_relations(analysis) -> list[Relation]:
    """Ties between the article's actors, each with its evidence span and a confidence."""
    doc = analysis.doc
    if not doc.has_annotation("DEP"):
        return []
    finder = _Finder(analysis)
    found: list[Relation] = []
    tt = token_table(doc)
    # only a role noun or a relation verb ties two actors: the other tokens need no Token object
    cues = [i for i, (low, lem, pos) in enumerate(zip(tt.lower, tt.lemma, tt.pos))
            if (pos in ("NOUN", "PROPN") and (ROLE_TO_RELATION.get(lem) or ROLE_TO_RELATION.get(low)))
            or (pos == "VERB" and VERB_RELATIONS.get(lem) is not None)]
    for i in cues:
        tok = doc[i]
        rel = _relation_for(tok)
        if rel is not None:
            holder, owner = finder.holder(tok), finder.owner(tok)
            if holder is not None and owner is not None:
                _add(found, analysis, finder, rel, holder, owner, tok, 0.85)
            continue
        verb_rel = VERB_RELATIONS.get(tok.lemma_.lower()) if tok.pos_ == "VERB" else None
        if verb_rel is not None:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in ("who", "that") and tok.dep_ == "relcl":
                subj = tok.head
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            if subj is not None and obj is not None:
                _add(found, analysis, finder, verb_rel, subj, obj, tok, 0.7)
    return _dedupe(found)


def _add(found, analysis, finder, rel, holder: Token, owner: Token, cue: Token, confidence: float):
    head, tail = finder.argument(holder), finder.argument(owner)
    if not _named(head, analysis) or not _named(tail, analysis):
        return                           # "the spokesman", "a former commander": no actor to tie
    if head.entity_id is not None and head.entity_id == tail.entity_id:
        return
    if (head.start, head.end) == (tail.start, tail.end):
        return
    if not _fits(head, HOLDER_TYPES[rel], analysis) or not _fits(tail, OWNER_TYPES[rel], analysis):
        return
    start = min(head.start, tail.start, cue.idx)
    end = max(head.end, tail.end, cue.idx + len(cue.text))
    if end - start > 300:
        return
    conf = confidence * min(1.0, (head.confidence + tail.confidence) / 2 + 0.2)
    found.append(Relation(type=rel, head=head, tail=tail, start=start, end=end,
                          text=analysis.text[start:end], confidence=round(conf, 2)))


def _named(arg: Argument, analysis) -> bool:
    if arg.entity_id is not None:
        return True
    span = analysis.doc.char_span(arg.start, arg.end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" for t in span)


def _dedupe(relations: list[Relation]) -> list[Relation]:
    """One relation per (type, head actor, tail actor): the most confident, then the first."""
    best: dict[tuple, Relation] = {}
    for r in relations:
        key = (r.type, r.head.entity_id or r.head.name.lower(), r.tail.entity_id or r.tail.name.lower())
        if key not in best or r.confidence > best[key].confidence:
            best[key] = r
    return sorted(best.values(), key=lambda r: (r.start, r.type))
