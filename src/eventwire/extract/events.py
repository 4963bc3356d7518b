"""Events: typed incidents with perpetrators, targets, victims, weapons, place, date and counts.

    from eventwire.extract.events import extract_events
    events = extract_events(analysis)          # list[model.Event]

How an article becomes events:

1. **Triggers** (``triggers.py``): words that say something happened, with negated, hypothetical
   and generic uses set aside ("threatened to attack", "no one was hurt", "the fight against").
2. **Incidents** (``incidents.py``): violent triggers that talk about the same real incident are
   merged — near each other, of compatible kinds, with no conflicting date or place — so the
   storming, the fighting and the killing of the attackers are one attack, while "earlier this
   year in August … a suicide attack" is another.
3. **Arguments** from two sources: the parse around each trigger (subject of "stormed", "attack on
   X", "killing two police officers", "carried out by", "with a grenade") and a linear model trained
   on MUC-4 that scores every noun phrase of the document for each role with whole-document
   features (``fillers.py``); each phrase goes to the incident whose triggers are nearest.
4. **Place, date, counts, claims, codes**: the place and date mentioned with the incident's
   triggers (``analysis.places``/``analysis.dates``), casualty counts (``casualties.py``),
   claims of responsibility (``claims.py``), and ACLED/GTD/CAMEO codes (``codes.py``).

Statements, condemnations, protests, arrests and claims are events of their own; their acting
party (who spoke, protested, arrested or claimed) is in ``perpetrators`` (ACLED's actor 1).
"""
from __future__ import annotations

import zipfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping, Optional

import numpy as np
from spacy.tokens import Doc, Span, Token

from .. import lexicon
from ..errors import DataError, Errors
from ..model import Argument, DateValue, Event, Mention, Place, Sentence
from ..nlp.analysis import Analysis
from ..nlp.case import is_cased
from ..nlp.gazetteer import PRECISION_RANK
from ..settings import Settings
from . import casualties
from .fillers import ROLES, Candidate, doc_features, featurize_doc
from .incidents import MUC_FAMILY, Incident, dated, group_incidents, nearest_incidents
from .linear import LinearModel
from .triggers import VIOLENT, Trigger, find_triggers

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "events"

PERSON_NOUNS = lexicon.words("extract/events_person_nouns")
ORG_NOUNS = lexicon.words("extract/events_org_nouns")
WEAPON_NOUNS = lexicon.words("extract/events_weapon_nouns")


def _load_model(name: str) -> LinearModel:
    """A shipped model file; missing or unreadable is a catalogued error (exit 5): the rules
    never run silently without their learned parts."""
    path = RESOURCES / name
    if not path.is_file():
        raise DataError(Errors.E503.format(what="event model", path=path))
    try:
        return LinearModel.load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
        raise DataError(Errors.E504.format(what="event model", path=path, detail=e)) from e


@lru_cache(maxsize=1)
def role_model() -> LinearModel:
    return _load_model("roles.npz")


@lru_cache(maxsize=1)
def relevance_model() -> LinearModel:
    return _load_model("relevance.npz")


# --- small helpers ---------------------------------------------------------------------------

def _trim(span: Span) -> Span:
    """A noun phrase without leading determiners/possessives or trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].dep_ in ("det", "poss", "predet", "case", "punct", "cc")
                           or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("case", "cc")):
        end -= 1
    return doc[start:end] if end > start else span


def _phrase(tok: Token, with_clause: bool = False) -> Span:
    """The noun phrase headed by ``tok``: its left modifiers, plus a short participle clause."""
    doc = tok.doc
    start = min([tok.i] + [t.left_edge.i for t in tok.lefts if t.dep_ not in ("punct", "cc")])
    end = tok.i + 1
    for r in tok.rights:
        if r.dep_ in ("compound", "flat", "nummod"):
            end = r.right_edge.i + 1
        elif with_clause and r.dep_ in ("acl",) and r.right_edge.i - tok.i <= 8:
            end = r.right_edge.i + 1
            # "a bus carrying Chinese engineers in Dalbandin": the place is not the target's name
            for t in r.subtree:
                if t.dep_ == "prep" and t.lower_ in ("in", "at", "near", "on") and t.i < end:
                    end = t.i
                    break
        elif r.dep_ == "prep" and r.lower_ == "of" and r.right_edge.i - tok.i <= 5 and tok.lower_ not in PERSON_NOUNS:
            end = r.right_edge.i + 1
    return _trim(doc[start:end])


@lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    from ..nlp.actors import role_nouns          # titles and roles: "general", "envoy", …
    return frozenset(PERSON_NOUNS | {w for w in role_nouns() if " " not in w})


def _is_person(span: Span, analysis: Analysis) -> bool:
    ent = analysis.entity_at(span.start_char, span.end_char)
    if ent is not None and _overlaps_head(span, ent, analysis):
        return ent.type in ("PERSON", "NORP")
    nouns = _person_nouns()
    return span.root.lower_ in nouns or span.root.lemma_.lower() in nouns


def _overlaps_head(span: Span, ent, analysis: Analysis) -> bool:
    root = span.root
    return any(m.start <= root.idx < m.end for m in ent.mentions)


def _kind(span: Span, analysis: Analysis, default: str = "individual") -> str:
    ent = analysis.entity_at(span.start_char, span.end_char)
    if ent is not None and _overlaps_head(span, ent, analysis):
        return "individual" if ent.type == "PERSON" else "organization"
    head = span.root.lower_
    if head in ORG_NOUNS or span.root.lemma_.lower() in ORG_NOUNS:
        return "organization"
    if head in _person_nouns() or span.root.tag_ in ("NNS", "NNPS"):
        return "individual"
    return default


def _argument(span: Span, analysis: Analysis, kind: Optional[str] = None,
              confidence: float = 0.8) -> Argument:
    ent = analysis.entity_at(span.start_char, span.end_char)
    entity_id, name = None, span.text
    if ent is None:
        # a later mention the tagger missed of a name the article already gave ("… for the ELN")
        ent = next((e for e in analysis.entities if e.type not in ("GPE", "LOC", "DATE")
                    and (span.text == e.name or span.text in e.aliases)), None)
        if ent is not None:
            return Argument(name=ent.name, start=span.start_char, end=span.end_char, text=span.text,
                            entity_id=ent.id, kind=kind, confidence=confidence)
    if ent is not None and _overlaps_head(span, ent, analysis):
        entity_id = ent.id
        if ent.type not in ("GPE", "LOC") and len(ent.name) >= len(span.text) * 0.5:
            name = ent.name
    return Argument(name=name, start=span.start_char, end=span.end_char, text=span.text,
                    entity_id=entity_id, kind=kind, confidence=confidence)


# words that follow attack verbs but are not what was attacked: times, and the attackers
# themselves ("killing all attackers" is a count of attackers, ``casualties.py``)
_NOT_PATIENTS = lexicon.words("extract/events_not_patients")


_MEMBER_NOUNS = lexicon.words("extract/events_member_nouns")


def _group_of(tok: Token) -> Optional[Token]:
    """ "Members of the National Liberation Army": the organization, not "Members"."""
    if tok.lower_ not in _MEMBER_NOUNS:
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in ("ORG", "NORP")):
                return obj
    return None


# Narrower than casualties.ATTACKERS on purpose: "soldiers killed ten guerrillas" keeps the
# soldiers' side of a clash; only the words for this attack's own attackers switch roles.
_ATTACKER_NOUNS = lexicon.words("extract/events_attacker_nouns")


def _the_attackers(tok: Token) -> bool:
    """ "the attackers", "six of the attackers": the people who attacked, not their victims."""
    if tok.lower_ in _ATTACKER_NOUNS:
        return True
    return any(p.lower_ in _ATTACKER_NOUNS for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj")


# triggers whose object is a person whatever the noun ("killed the general", "abducted two")
_HARM_PEOPLE = lexicon.words("extract/events_harm_people")
_CARRY_OUT_VERBS = lexicon.words("extract/events_carry_out_verbs")
_STATEMENT_VERBS = lexicon.words("extract/events_statement_verbs")
_ATTACKER_ROLE_NOUNS = lexicon.words("extract/events_attacker_role_nouns")
_ATTACKER_APPOSITIVE = lexicon.words("extract/events_attacker_appositive")
_HARM_CLAUSE_VERBS = lexicon.words("extract/events_harm_clause_verbs")
_TARGET_VERBS = lexicon.words("extract/events_target_verbs")
_STORM_VERBS = lexicon.words("extract/events_storm_verbs")


def _is_weapon(span: Span) -> bool:
    return span.root.lower_ in WEAPON_NOUNS or span.root.lemma_.lower() in WEAPON_NOUNS


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.pos_ in ("NOUN", "PROPN")]]


def _subject(tok: Token) -> Optional[Token]:
    """Subject of a verb, inherited through conjunction and participle clauses."""
    for _ in range(3):
        subj = [c for c in tok.children if c.dep_ in ("nsubj",)]
        if subj:
            return subj[0]
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            tok = tok.head
        else:
            return None
    return None


# --- arguments from the parse ----------------------------------------------------------------

def _rule_arguments(trigger: Trigger, doc: Doc, analysis: Analysis) -> dict[str, list[Span]]:
    """Role fillers that the dependency parse ties to one trigger."""
    tok = doc[trigger.token]
    out: dict[str, list[Span]] = {"perp": [], "patient": [], "weapon": []}

    def patient(t):
        if t.lower_ in _NOT_PATIENTS or t.ent_type_ in ("DATE", "TIME") or t.pos_ == "PRON" \
                or _the_attackers(t):
            return
        for c in _conjuncts(t):
            out["patient"].append(_phrase(c, with_clause=True))

    def perp(t):
        if t.pos_ == "PRON" or t.lower_ in ("who", "which", "that"):
            return
        for c in _conjuncts(t):
            group = _group_of(c)
            out["perp"].append(_phrase(group if group is not None else c))

    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        # "security forces killed all four attackers": the subject fought the attackers
        # ("the three attackers were killed by security forces": the agent is no perpetrator)
        kills_attackers = any(c.dep_ in ("dobj", "nsubjpass") and _the_attackers(c) for c in tok.children)
        for c in tok.children:
            if c.dep_ == "nsubj" and not passive and not kills_attackers:
                perp(c)
            elif c.dep_ == "prep" and c.lower_ == "with" and trigger.type == "armed_clash":
                for o in c.children:
                    if o.dep_ == "pobj":
                        perp(o)
            elif c.dep_ in ("dobj", "nsubjpass"):
                patient(c)
            elif c.dep_ == "agent" and not kills_attackers:
                for o in c.children:
                    if o.dep_ == "pobj":
                        perp(o)
            elif c.dep_ == "prep" and c.lower_ in ("with", "using"):
                for o in c.children:
                    if o.dep_ == "pobj" and (o.lower_ in WEAPON_NOUNS or o.lemma_.lower() in WEAPON_NOUNS):
                        out["weapon"].append(_phrase(o))
            elif c.dep_ == "prep" and c.lower_ in ("at", "outside", "near", "inside") and trigger.type in (
                    "bombing", "suicide_attack", "attack", "arson"):
                for o in c.children:
                    if o.dep_ == "pobj" and o.ent_type_ not in ("GPE", "LOC", "DATE", "TIME"):
                        patient(o)
            elif c.dep_ == "prep" and c.lower_ in ("in", "into", "on") and trigger.text.lower() in _STORM_VERBS:
                for o in c.children:
                    if o.dep_ == "pobj" and o.ent_type_ not in ("GPE", "LOC", "DATE", "TIME"):
                        patient(o)
        if not passive and not any(c.dep_ == "nsubj" for c in tok.children):
            subj = _subject(tok)
            if subj is not None and tok.dep_ in ("conj", "xcomp") :
                perp(subj)
    else:                                                     # nominal trigger
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        patient(o)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for o in c.children:
                    if o.dep_ == "pobj":
                        perp(o)
            elif c.dep_ in ("compound", "amod") and (c.lower_ in WEAPON_NOUNS or c.lemma_.lower() in WEAPON_NOUNS):
                out["weapon"].append(doc[c.i:c.i + 1])
            elif c.dep_ == "acl" and c.lemma_.lower() in _TARGET_VERBS:
                for o in c.children:
                    if o.dep_ == "dobj":
                        patient(o)
        # "BLA carried out / launched / claimed an attack": the governing verb's subject;
        # "the attack was carried out by the YPG": its agent
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in (
                _CARRY_OUT_VERBS):
            subj = _subject(tok.head)
            if subj is not None:
                perp(subj)
            if tok.dep_ == "nsubjpass":
                for c in tok.head.children:
                    if c.dep_ == "agent":
                        for o in c.children:
                            if o.dep_ == "pobj":
                                perp(o)
            for c in tok.head.children:
                if c.dep_ == "advcl" or c.dep_ == "xcomp":
                    for o in c.children:
                        if o.dep_ == "dobj" and c.lemma_.lower() in ("target", "hit"):
                            patient(o)
        # "X said in a statement"
        if tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in _STATEMENT_VERBS:
            subj = _subject(tok.head.head)
            if subj is not None:
                perp(subj)
        # "the suicide bomber was Rehan Baloch"
        if tok.lower_ in _ATTACKER_ROLE_NOUNS and tok.dep_ == "nsubj":
            for c in tok.head.children:
                if c.dep_ == "attr":
                    perp(c)
        for c in tok.children:
            if c.dep_ == "appos" and tok.lower_ in _ATTACKER_APPOSITIVE:
                perp(c)
    # "…, killing two police officers"
    for c in tok.children:
        if c.dep_ in ("advcl", "conj", "xcomp") and c.lemma_.lower() in _HARM_CLAUSE_VERBS:
            for o in c.children:
                if o.dep_ == "dobj":
                    patient(o)
    return out


# --- place and date --------------------------------------------------------------------------

def _incident_place(incident: Incident, analysis: Analysis, doc: Doc,
                    actor_spans: list[tuple[int, int]]) -> Optional[Place]:
    rank = PRECISION_RANK                  # city < admin2 < admin1 < country < region
    best, best_key = None, None
    for trig in incident.triggers:
        si = analysis.sentence_index(trig.start)
        if si is None:
            continue
        sent = analysis.sentences[si]
        for p in analysis.places:
            if p.start is None or not (sent.start <= p.start < sent.end):
                continue
            if any(s <= p.start < e for s, e in actor_spans):
                continue                    # "Pakistani police": an actor, not a place
            if analysis.in_dateline(p.start):
                continue                    # where the story was filed: the filed_place step's last resort
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is not None and acting_place(span):
                continue                    # "Washington said …": a government speaking, not a place
            if span is not None and _in_background_clause(span.root, doc[trig.token]):
                continue                    # "the group, which has been active in Afghanistan"
            locative = span is not None and (any(
                a.lower_ in _LOCATIVE for a in span.root.ancestors
                if a.i < span.start and a.i >= span.start - 6) or _after_locative(span))
            key = (not locative, rank.get(p.precision, 3), abs(p.start - trig.start))
            if best_key is None or key < best_key:
                best, best_key = p, key
    return best


_LOCATIVE = lexicon.words("extract/events_locative")


def acting_place(span: Span) -> bool:
    """A place name that is the subject of an active verb stands for its government or people
    ("Washington said the attack …", "New Delhi had offered no evidence"): it does not say where
    an event happened ("Kabul was hit" is passive and stays a place)."""
    root = span.root
    return root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX")


def _after_locative(span: Span) -> bool:
    """ "in the Afghan capital, Kabul": a locative preposition a few words before, no verb
    between (the parser often hangs such an apposition off the verb)."""
    doc = span.doc
    for t in reversed(doc[max(0, span.start - 6): span.start]):
        if t.pos_ in ("VERB", "AUX"):
            return False
        if t.lower_ in _LOCATIVE:
            return True
    return False


def _in_background_clause(tok: Token, trigger: Token) -> bool:
    """A place inside a relative clause that describes someone ("the group, which operates in
    Syria") is background, unless the clause holds the trigger itself."""
    for a in tok.ancestors:
        if a.dep_ == "relcl":
            return not any(t.i == trigger.i for t in a.subtree)
    return False


def _incident_date(incident: Incident, analysis: Analysis, loose_factor: float = 1.0) -> Optional[DateValue]:
    """A date in a trigger's own phrase wins; then one on a trigger's own verb ("killed four
    people on Monday evening"), in any of the incident's sentences, before the other dates
    of a sentence ("in July" of "tried to buy ammunition in July")."""
    kinds = [dated(trig, analysis) for trig in incident.triggers]
    for found, _, _ in kinds:
        if found:
            return found[0]
    for k in (1, 2):
        for trig, three in zip(incident.triggers, kinds):
            if three[k]:
                d = min(three[k], key=lambda d: abs((d.start or 0) - trig.start))
                if k == 2 and d.confidence is not None:
                    d = replace(d, confidence=round(d.confidence * loose_factor, 4))
                return d
    return None


def fallback_date(analysis: Analysis, confidence: float) -> Optional[DateValue]:
    """No date near the event: the publication date, flagged by its low confidence."""
    pub = analysis.published
    if not pub:
        return None
    return DateValue(value=str(pub)[:10], precision="day", text="", confidence=confidence)


# --- the learned role scorer -----------------------------------------------------------------

def _candidate_probabilities(doc: Doc, triggers: list[Trigger]) -> list[tuple[Candidate, np.ndarray]]:
    """Every noun-phrase candidate of the document with its role probabilities."""
    if not len(doc):
        return []
    model = role_model()
    cands = featurize_doc(doc, triggers)
    if not cands:
        return []
    return list(zip(cands, model.predict_proba([c.features for c in cands])))


def _scored_candidates(scored: list[tuple[Candidate, np.ndarray]], threshold: float,
                       by_role: Optional[dict[str, float]] = None) -> list[tuple[Candidate, str, float]]:
    """Candidates whose most likely role reaches ``threshold`` (or the role's own bar in
    ``by_role``), best first, one per head and role."""
    bars = [threshold] + [(by_role or {}).get(role, threshold) for role in ROLES[1:]]
    best: dict[tuple[int, int], tuple[Candidate, str, float]] = {}
    if not scored:
        return []
    # each row's most likely role (not "none"), for all rows in one argmax
    top = (np.argmax(np.vstack([p for _, p in scored])[:, 1:], axis=1) + 1).tolist()
    for (cand, p), r in zip(scored, top):
        if p[r] < bars[r]:
            continue
        key = (cand.head, r)
        if key not in best or p[r] > best[key][2]:
            best[key] = (cand, ROLES[r], float(p[r]))
    return sorted(best.values(), key=lambda x: -x[2])


def _fallback_fillers(incidents: list[Incident], scored: list[tuple[Candidate, np.ndarray]],
                      bars: Mapping[str, float], anywhere: Iterable[str] = ()) -> None:
    """An incident with no filler for a role takes its best candidate for that role when the
    candidate's probability reaches a lower bar (``role_fallback`` in the settings).

    The argmax-and-threshold rule is tuned for precision over all phrases; victims, targets and
    perpetrator organizations are rarely the argmax of a phrase at that threshold, so many
    incidents ended with none (MUC-4 train holdout: see the figures in settings.toml). Roles in
    ``role_fallback_anywhere`` may take a candidate from anywhere in the document (the group
    behind an attack is often named once, far from the triggers); the others take one of the
    incident's own candidates (nearest to its triggers).
    """
    near_of = nearest_incidents(incidents)
    nearest = [near_of(cand.head) for cand, _ in scored]
    anywhere = tuple(anywhere)
    for role, bar in bars.items():
        r = ROLES.index(role)
        # one pass over the candidates per role (not one per incident): the best candidate
        # anywhere, and the best of each incident's own
        best_any, best_own = None, {}
        for (cand, p), near in zip(scored, nearest):
            if p[r] < bar:
                continue
            if best_any is None or p[r] > best_any[1]:
                best_any = (cand, float(p[r]))
            own = best_own.get(id(near))
            if own is None or p[r] > own[1]:
                best_own[id(near)] = (cand, float(p[r]))
        for inc in incidents:
            if any(x[1] == role for x in inc.learned):
                continue
            best = best_any if role in anywhere else best_own.get(id(inc))
            if best is not None:
                inc.learned.append((best[0], role, best[1]))


def _merge_bare_incidents(incidents: list[Incident]) -> list[Incident]:
    """A violent incident that found no filler of its own, in an article with another incident of
    the same kind that did, is taken for a further mention of that incident: its triggers join
    the nearest such incident instead of making an empty event of their own."""
    def kind(inc: Incident) -> Optional[str]:
        return MUC_FAMILY.get(inc.family) if inc.type in VIOLENT else None

    out = list(incidents)
    for inc in incidents:
        if inc.learned or kind(inc) is None:
            continue
        hosts = [o for o in out if o is not inc and o.learned and kind(o) == kind(inc)]
        if not hosts:
            continue
        host = min(hosts, key=lambda o: min(o.distance(t.token) for t in inc.triggers))
        host.triggers = sorted(host.triggers + inc.triggers, key=lambda t: t.token)
        out.remove(inc)
    return out


def relevance(doc: Doc, triggers: list[Trigger]) -> dict[str, float]:
    """Probability, per MUC-4 incident kind, that the document reports such an incident."""
    model = relevance_model()
    row = doc_features(doc, triggers)
    probs = model.predict_proba([row])[0]
    return dict(zip(model.labels, (float(p) for p in probs)))


# --- events ----------------------------------------------------------------------------------

def _sentence(analysis: Analysis, char: int) -> Optional[Sentence]:
    i = analysis.sentence_index(char)
    return analysis.sentences[i] if i is not None else None


def _add(args: list[Argument], new: Argument) -> None:
    for a in args:
        if a.start is not None and new.start is not None and a.start < new.end and new.start < a.end:
            return
        if a.entity_id and a.entity_id == new.entity_id:
            return
    args.append(new)


def rule_events(analysis: Analysis, settings: Settings) -> list[Event]:
    """The rule system's events of one analysed article, violent incidents first, in text order,
    before the shared steps (claims, dateline clean-up, context, codes: ``steps.py``)."""
    ev_settings = settings.events
    doc = analysis.doc
    triggers = find_triggers(doc)
    realis = [t for t in triggers if t.realis]
    incidents = group_incidents(realis, analysis, ev_settings)
    events: list[Event] = []
    rel = relevance(doc, triggers)
    # The parse-based rules need case: on case-less text spaCy's tagger, parser and NER guess,
    # and the rules' fillers cost more than they find (MUC-4 train holdout: 32.2 F1 with them,
    # 39.0 without). The learned scorer was trained on case-less text and works on both.
    cased = is_cased(analysis.text)
    # learned fillers go to the nearest violent incident: without one, no phrase is scored
    violent = [inc for inc in incidents if inc.type in VIOLENT]
    probabilities = _candidate_probabilities(doc, triggers) if violent else []
    if cased:
        scored = _scored_candidates(probabilities, ev_settings.role_threshold_cased)
    else:
        scored = _scored_candidates(probabilities, ev_settings.role_threshold,
                                    ev_settings.role_threshold_by_role)
    nearest_violent = nearest_incidents(violent) if violent else None
    for cand, role, prob in scored:
        inc = nearest_violent(cand.head)
        inc.learned.append((cand, role, prob))
    if violent and not cased:
        _fallback_fillers(violent, probabilities, ev_settings.role_fallback,
                          ev_settings.role_fallback_anywhere)
        if ev_settings.merge_bare_incidents:
            incidents = _merge_bare_incidents(incidents)

    for n, inc in enumerate(incidents, 1):
        events.append(_build_event(inc, analysis, doc, rel, n, cased, ev_settings))
    return events


def extract_events(analysis: Analysis, settings: Optional[Settings] = None) -> list[Event]:
    """Events of one analysed article by the rule system, with the shared steps applied
    (what ``Pipeline`` does with the default extractor)."""
    from .steps import finish_events
    settings = settings or Settings.load()
    return finish_events(rule_events(analysis, settings), analysis, settings)


def _build_event(inc: Incident, analysis: Analysis, doc: Doc, rel: dict[str, float], n: int,
                 cased: bool, ev_settings) -> Event:
    named = inc.subtype or inc.type
    first = next((t for t in inc.triggers if t.type == named), inc.triggers[0])
    ev = Event(id=f"{analysis.article.id}-e{n}", type=inc.type, subtype=inc.subtype,
               trigger=Mention(first.start, first.end, first.text, analysis.sentence_index(first.start)),
               sentence=_sentence(analysis, first.start))
    ev.mentions = [Mention(t.start, t.end, t.text, analysis.sentence_index(t.start)) for t in inc.triggers]
    ev.evidence = []
    for t in inc.triggers:
        s = _sentence(analysis, t.start)
        if s is not None and all(m.start != s.start for m in ev.evidence):
            ev.evidence.append(Mention(s.start, s.end, s.text, s.index))
    violent = inc.type in VIOLENT
    # arguments from the parse
    for trig in inc.triggers if cased else []:
        found = _rule_arguments(trig, doc, analysis)
        for span in found["perp"]:
            if _is_weapon(span):                 # "Roadside IED kills …": the bomb is no one
                _add(ev.weapons, _argument(span, analysis))
                continue
            _add(ev.perpetrators, _argument(span, analysis, _kind(span, analysis)))
        harms_people = doc[trig.token].lemma_.lower() in _HARM_PEOPLE
        for span in found["patient"]:
            if not violent:
                if inc.type == "arrest" and _is_person(span, analysis):
                    _add(ev.victims, _argument(span, analysis, "individual"))
                continue
            if harms_people or _is_person(span, analysis):
                _add(ev.victims, _argument(span, analysis))
            else:
                _add(ev.targets, _argument(span, analysis))
        for span in found["weapon"]:
            _add(ev.weapons, _argument(span, analysis))
    # arguments from the learned scorer
    for cand, role, prob in inc.learned:
        span = doc[cand.start:cand.end]
        if role == "PerpInd":
            _add(ev.perpetrators, _argument(span, analysis, "individual", prob))
        elif role == "PerpOrg":
            _add(ev.perpetrators, _argument(span, analysis, "organization", prob))
        elif role == "Target":
            _add(ev.targets, _argument(span, analysis, None, prob))
        elif role == "Victim":
            _add(ev.victims, _argument(span, analysis, None, prob))
        elif role == "Weapon":
            _add(ev.weapons, _argument(span, analysis, None, prob))
    # place, date
    actor_spans = [(a.start, a.end) for a in ev.perpetrators if a.start is not None]
    ev.location = _incident_place(inc, analysis, doc, actor_spans)
    ev.date = (_incident_date(inc, analysis, ev_settings.loose_date_factor)
               or fallback_date(analysis, ev_settings.fallback_date_confidence))
    # counts
    if violent:
        mentions = [m for m in casualties.find_counts(doc) if inc.covers(m.token, ev_settings.count_window)]
        n_attackers = casualties.attackers_mentioned(
            doc, [(a.start, a.end) for a in ev.perpetrators if a.kind == "individual" and a.start is not None])
        ev.killed = casualties.summarize(mentions, "killed", n_attackers)
        ev.injured = casualties.summarize(mentions, "injured")
        ev.injured.attackers = None
    ev.confidence = _confidence(inc, ev, rel)
    return ev


def _confidence(inc: Incident, ev: Event, rel: dict[str, float]) -> float:
    """How sure we are the article reports this event as real.

    Violent incidents: the document-level probability (``relevance``) that the article reports
    an incident of this family, raised when the parse found who did it and to whom/what.
    """
    if inc.type not in VIOLENT:
        return 0.7
    p = rel.get(MUC_FAMILY.get(inc.family, ""), 0.5)
    if ev.perpetrators and (ev.targets or ev.victims) and (ev.location or ev.date and ev.date.text):
        p = max(p, 0.6)
    return round(p, 3)
