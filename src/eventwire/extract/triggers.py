"""Event triggers: the words that say something happened, their type, and whether it did.

A trigger is one token (its lemma, lower-cased so that MUC-4's lower-cased text and ordinary news
read alike), sometimes refined by a neighbour ("suicide attack", "set fire", "claimed
responsibility"). ``find_triggers`` also marks triggers that did not happen: negated ("no one was
hurt" is not an injury), hypothetical or intended ("threatened to attack", "plans to bomb"), or
generic/nominal uses with no incident behind them ("the fight against terrorism").
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Optional

from .. import lexicon
from ..nlp.analysis import doc_text, sentence_end, sentence_start, token_table
from spacy.tokens import Doc, Token

# lemma -> event type (resources/lexicon/extract/triggers.toml)
TRIGGERS: dict[str, str] = {w: t for t, words in lexicon.table("extract/triggers").items() for w in words}

VIOLENT = lexicon.words("violent_types")

# Words before a trigger that say it is intended, feared or denied rather than done.
_MODAL_HEADS = lexicon.words("extract/triggers_modal_heads")
_OCCUR = lexicon.words("extract/triggers_occur")
_FUTURE = lexicon.words("extract/triggers_future")
_GENERIC_NEXT = {"against", "on"}      # "the fight against terrorism", "war on drugs"
# Plural event nouns under these words count incidents in aggregate, not one incident:
# "similar raids", "repeated attacks", "dozens of kidnappings", "a series of bombings".
_AGGREGATE = lexicon.words("extract/triggers_aggregate")
_NOBODY = lexicon.words("extract/triggers_nobody")
# Non-violent events that are counted in aggregate the same way ("several protests", "dozens of
# arrests"); their participant nouns are not: "hundreds of protesters" is one crowd, one protest.
_COUNTABLE = {"protest", "arrest"}
_PARTICIPANTS = lexicon.words("extract/triggers_participants")


@dataclass
class Trigger:
    token: int                  # token index in the doc
    type: str
    start: int                  # char offsets of the trigger words
    end: int
    text: str
    realis: bool = True         # False: negated, hypothetical, intended or generic
    why_not: Optional[str] = None
    names_type: bool = True     # False: a part of an incident that another word names


_OWN_UP = lexicon.words("extract/triggers_own_up")
_SPEECH = lexicon.words("speech_verbs")
_INCIDENT_NOUNS = lexicon.words("extract/triggers_incident_nouns")
_FIRE_OBJECTS = lexicon.words("extract/triggers_fire_objects")
_GUNFIRE_MODIFIERS = lexicon.words("extract/triggers_gunfire_modifiers")
_KILLING_WORDS = lexicon.words("extract/triggers_killing_words")


def _names_incident(tok: Token) -> bool:
    return tok.lower_ in _INCIDENT_NOUNS or tok.lemma_.lower() in _INCIDENT_NOUNS


def _claimed_by_speaker(token: Token) -> bool:
    """ "X said it / its fighters carried out the attack": the doer is the speaker (a pronoun
    or "its men"), the verb reports speech, and what was carried out is an incident."""
    head = token.head
    if token.dep_ not in ("ccomp", "xcomp", "conj") or head.lemma_.lower() not in _SPEECH:
        return False
    subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    speaker = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if subj is None or speaker is None or speaker.pos_ == "PRON":
        return False
    own = subj.lower_ in ("it", "they", "we") or any(
        c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in subj.children)
    return own and any(c.dep_ == "dobj" and _names_incident(c) for c in token.children)


# the words and lemmas ``trigger_type`` looks at even when they are no entry of TRIGGERS
_SPECIAL_WORDS = frozenset(("fire", "opened", "claimed", "claims", "claiming", "responsibility",
                            "bomber", "bombers", "blew", "blow"))
_SPECIAL_LEMMAS = frozenset(("set", "fire", "claim", "carry"))


def trigger_type(token: Token) -> Optional[str]:
    """The event type a token triggers, refined by its neighbours, or None."""
    lower, lemma = token.lower_, token.lemma_.lower()
    t = TRIGGERS.get(lower) or TRIGGERS.get(lemma)
    doc = token.doc
    prev = doc[token.i - 1].lower_ if token.i > 0 else ""
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if lemma == "set" and nxt in ("fire", "ablaze") or lower == "fire" and prev == "set":
        return "arson"
    if lemma == "fire" and token.pos_ == "VERB":
        # "fired on the crowd", "fired rockets at": shooting; "was fired by the board": not
        aims = any(c.dep_ == "prep" and c.lower_ in ("on", "at", "upon", "into") for c in token.children)
        shots = any(c.dep_ == "dobj" and c.lemma_.lower() in _FIRE_OBJECTS
                    for c in token.children)
        return "attack" if aims or shots else None
    if lower in ("fire",) and prev not in _GUNFIRE_MODIFIERS:
        return "arson" if prev in ("set", "sets", "setting") else None
    if lower in ("opened",) and nxt != "fire":
        return None
    if lemma == "claim" or lower in ("claimed", "claims", "claiming"):
        window = " ".join(x.lower_ for x in doc[token.i + 1: token.i + 5])
        if "responsib" in window or "credit" in window:
            return "claim"
        # "both claimed the attack", "claimed Saturday's bombing": an incident as the object
        return "claim" if token.pos_ == "VERB" and any(
            c.dep_ == "dobj" and _names_incident(c) for c in token.children) else None
    if lower == "responsibility":
        if prev in ("claimed", "claim", "claims", "claiming"):
            return None                  # the verb carries the claim
        # "assumed / took / accepted / admitted responsibility for the attack"
        return "claim" if token.dep_ == "dobj" and token.head.lemma_.lower() in _OWN_UP else None
    if lemma == "carry" and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children) \
            and _claimed_by_speaker(token):
        return "claim"                   # "The BLA said it carried out the attack"
    if lower in ("bomber", "bombers") and prev == "suicide":
        return "suicide_attack"
    if t is None:
        return None
    if t in ("attack", "bombing") and prev in ("suicide",):
        return "suicide_attack"
    if lower in ("blew", "blow") and nxt not in ("up",) and not any(
            c.lower_ == "up" for c in token.children):
        return None
    if t == "attack" and lower in _KILLING_WORDS:
        return "attack"
    return t


def _realis(token: Token, typ: str) -> tuple[bool, Optional[str]]:
    doc = token.doc
    # negation attached to the trigger or its governing verb ("was not attacked", "no one was hurt")
    governors = [token]
    if token.dep_ in ("dobj", "xcomp", "ccomp", "acomp", "attr", "nsubjpass", "pobj", "conj"):
        governors.append(token.head)             # "did not attack", not "the attack will not affect"
    for t in governors:
        if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in t.children):
            return False, "negated"
        if t.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in _NOBODY or any(
                    d.dep_ == "det" and d.lower_ == "no" for d in c.children)) for c in t.children):
            return False, "negated"              # "No group has claimed responsibility"
    left = [t.lower_ for t in doc[max(sentence_start(token), token.i - 3): token.i]]
    if "no" in left[-2:] or "without" in left[-2:]:
        return False, "negated"
    # intended or hypothetical: trigger under "threatened to …", "plans to …", "could …"
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in token.children) and token.tag_ != "VBN":
        return False, "hypothetical"
    # "denied reports that an attack had taken place": the occurrence verb carries the modality
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() in _OCCUR:
        token = token.head
        if any(c.dep_ == "neg" for c in token.children):
            return False, "negated"
    # intended or feared: "threatened to attack", "plans to bomb", "warned of attacks",
    # "prevented an attack" — climb through complements only (a subject of "will" is no plan)
    head = token
    for _ in range(4):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
        if head.head.i == head.i or head.dep_ not in (
                "xcomp", "ccomp", "pobj", "prep", "dobj", "conj", "acomp", "acl") and not (
                infinitive and head.dep_ == "advcl"):
            break
        head = head.head
        if head.lemma_.lower() in _MODAL_HEADS or head.lower_ in _MODAL_HEADS:
            return False, "hypothetical"
        if any(c.dep_ == "neg" for c in head.children) and head.pos_ in ("VERB", "AUX"):
            return False, "negated"
    if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in _GENERIC_NEXT and typ in ("armed_clash",):
        return False, "generic"
    if (typ in VIOLENT or typ in _COUNTABLE and token.lemma_.lower() not in _PARTICIPANTS) \
            and token.tag_ == "NNS" and _aggregate(token):
        return False, "generic"   # "similar raids", "several protests", "dozens of arrests"
    return True, None


def _aggregate(token: Token) -> bool:
    """A plural event noun that sums up many incidents: quantified ("dozens of kidnappings",
    "similar raids") or spanning years ("has carried out attacks since 2009")."""
    doc = token.doc
    left = {t.lower_ for t in doc[max(sentence_start(token), token.i - 4): token.i]}
    if left & _AGGREGATE:
        return True
    end = sentence_end(token)
    for t in doc[token.i + 1:min(end, token.i + 12)]:
        if t.lower_ == "since" and t.i + 1 < end and re.fullmatch(r"(1[89]|20)\d\d", doc[t.i + 1].text):
            return True
    return False


def find_triggers(doc: Doc) -> list[Trigger]:
    """Every trigger in the document, in text order, realis or not."""
    out: list[Trigger] = []
    text = doc_text(doc)                 # Doc.text joins every token: built once per doc
    tt = token_table(doc)
    for i in range(tt.n):
        if not tt.is_alpha[i] and "-" not in tt.text[i]:
            continue
        lower, lemma = tt.lower[i], tt.lemma[i]
        if not (TRIGGERS.get(lower) or TRIGGERS.get(lemma)) and lower not in _SPECIAL_WORDS \
                and lemma not in _SPECIAL_LEMMAS:
            continue                     # trigger_type says None for it: no Token needed
        token = doc[i]
        typ = trigger_type(token)
        if typ is None:
            continue
        realis, why = _realis(token, typ)
        start, end = token.idx, token.idx + len(token.text)
        if typ == "suicide_attack" and token.i > 0 and doc[token.i - 1].lower_ == "suicide":
            start = doc[token.i - 1].idx
        out.append(Trigger(token.i, typ, start, end, text[start:end], realis, why))
    return out
