"""Incident segmentation: which triggers of an article talk about the same real incident.

Violent triggers merge into the open incident of a compatible kind when they are close (a token
gap set in ``settings.toml``) and name no conflicting date or place; a new date ("earlier this
year in August"), a new place or a distant mention starts a new incident. Kinds are compatible
within a family (attack, armed clash, assassination; bombing, suicide attack), which keeps MUC-4's
distinction between a bombing and an armed attack in the same report. Non-violent triggers
(statement, condemnation, protest, arrest, claim) make their own events, merged with triggers of
the same family in the same sentence ("issued a statement and condemned the attack" is one
condemnation).
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Optional

from .. import lexicon
from ..nlp.analysis import Analysis
from .triggers import VIOLENT, Trigger

# the incident family of each event type, and the MUC-4 type of each violent family
# (resources/lexicon/event_types.toml)
INCIDENT_FAMILY = lexicon.table("event_types")["incident_family"]
MUC_FAMILY = lexicon.table("event_types")["muc_family"]
# the most specific kind names the incident
_PRIORITY = lexicon.entries("extract/incidents_priority")


# Words that report a consequence of whatever incident is being told ("…, killing 12 people"):
# they join the open incident of any violent family and never name its type.
CONSEQUENCE = lexicon.words("extract/incidents_consequence")
# Nouns that name any incident when definite ("the attack was the deadliest this year").
_GENERIC_NOUNS = lexicon.words("extract/incidents_generic_nouns")


def is_consequence(trigger: Trigger) -> bool:
    return trigger.text.lower() in CONSEQUENCE


@dataclass
class Incident:
    family: str
    triggers: list[Trigger] = field(default_factory=list)
    date: Optional[str] = None
    place: Optional[str] = None
    learned: list = field(default_factory=list)       # (Candidate, role, probability)
    last_token: int = -1
    _sorted: list = field(default_factory=list, repr=False, compare=False)
    _sorted_key: tuple = field(default=(), repr=False, compare=False)

    @property
    def type(self) -> str:
        kinds = {t.type for t in self.triggers if t.names_type and not is_consequence(t)} or (
            {t.type for t in self.triggers if not is_consequence(t)} or {"attack"})
        if self.family == "attack" and kinds == {"armed_clash"}:
            return "armed_clash"
        if self.family == "statement":
            return "statement"
        if self.family == "robbery":
            return "attack"
        kinds.discard("armed_clash") if self.family == "attack" and len(kinds) > 1 else None
        return min(kinds, key=_PRIORITY.index)

    @property
    def subtype(self) -> Optional[str]:
        kinds = {t.type for t in self.triggers}
        if self.family == "statement" and "condemnation" in kinds:
            return "condemnation"
        if self.family == "robbery":
            return "robbery"
        return None

    def distance(self, token: int) -> int:
        """Tokens from ``token`` to the nearest trigger (a binary search over the trigger tokens,
        sorted once per change of the trigger list: every candidate of a long article asks)."""
        key = (id(self.triggers), len(self.triggers))
        if self._sorted_key != key:
            self._sorted = sorted(t.token for t in self.triggers)
            self._sorted_key = key
        tokens = self._sorted
        i = bisect_left(tokens, token)
        if i == 0:
            return tokens[0] - token
        if i == len(tokens):
            return token - tokens[-1]
        return min(tokens[i] - token, token - tokens[i - 1])

    def covers(self, token: int, window: int) -> bool:
        """A token within ``window`` tokens of this incident's triggers (close enough to describe it)."""
        return self.distance(token) <= window


_SPEECH = lexicon.words("extract/reporting_verbs")


# Verbs that update what is known of an incident ("the death toll rose to 20 on Saturday").
_UPDATE = lexicon.words("extract/incidents_update")


def nearest_incidents(incidents: list[Incident]):
    """``nearest(token)`` → the incident whose trigger is nearest to ``token`` — the same as
    ``min(incidents, key=lambda i: i.distance(token))``, ties to the earlier incident in the
    list — in O(log triggers) a call instead of a scan of every incident's triggers."""
    pairs = sorted((t.token, k) for k, inc in enumerate(incidents) for t in inc.triggers)
    tokens = [tok for tok, _ in pairs]

    def nearest(token: int) -> Incident:
        i = bisect_left(tokens, token)
        gap = min(tokens[i] - token if i < len(tokens) else 1 << 62,
                  token - tokens[i - 1] if i > 0 else 1 << 62)
        owners = []
        j = i - 1
        while j >= 0 and token - tokens[j] == gap:
            owners.append(pairs[j][1])
            j -= 1
        j = i
        while j < len(tokens) and tokens[j] - token == gap:
            owners.append(pairs[j][1])
            j += 1
        return incidents[min(owners)]
    return nearest


def event_dates(trigger: Trigger, analysis: Analysis) -> list:
    """Dates of the trigger's sentence, minus those that date the reporting ("said on Tuesday").

    A date inside the trigger's own phrase ("Friday's market blast", "the 17 January attack",
    "the abduction … on December 11") dates the event whatever else the sentence says ("buried
    the victims of Friday's blast on Sunday"), so when there is one, only those are returned.
    """
    own, attached, other = dated(trigger, analysis)
    return own or sorted(attached + other, key=lambda d: d.start or 0)


def dated(trigger: Trigger, analysis: Analysis) -> tuple[list, list, list]:
    """The trigger's sentence dates in three kinds: inside its own phrase, on its own verb (the
    trigger itself, or the verb whose subject or object it is), elsewhere in the sentence; the
    reporting's and later days' dates left out."""
    own, attached, other = [], [], []
    tok = analysis.doc[trigger.token]
    own_verb = tok if tok.pos_ in ("VERB", "AUX") else next(
        (a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
    for d, span in _sentence_dates(trigger, analysis):
        if span is not None and _inside_phrase_of(span.root, trigger.token):
            own.append(d)
            continue
        verb = next((a for a in span.root.ancestors if a.pos_ in ("VERB", "AUX")), None) if span else None
        if verb is not None and verb.i != trigger.token and (
                verb.lemma_.lower() in _SPEECH or verb.lemma_.lower() in _UPDATE):
            continue        # "said on Tuesday", "the toll rose to 20 on Saturday": not the event's day
        if verb is not None and _before_it(tok, verb):
            continue        # "were missing on Saturday after gunmen stormed …": a later day
        (attached if verb is not None and own_verb is not None and verb.i == own_verb.i else other).append(d)
    return own, attached, other


def _before_it(trigger, verb) -> bool:
    """The trigger sits in an "after"/"since" clause or phrase of ``verb`` ("were missing on
    Saturday after gunmen stormed the school"): what it names came before ``verb``'s day."""
    path = [trigger]
    for a in trigger.ancestors:
        if a.i == verb.i:
            break
        path.append(a)
    else:
        return False                     # the trigger is not under the date's verb
    return any(any(c.dep_ in ("mark", "prep") and c.lower_ in _BEFORE_MARKS for c in t.children)
               or t.dep_ == "pobj" and t.head.lower_ in _BEFORE_MARKS for t in path)


_BEFORE_MARKS = frozenset({"after", "since"})


def _sentence_dates(trigger: Trigger, analysis: Analysis):
    """(date, its token span) for each date of the trigger's sentence, the dateline's aside."""
    si = analysis.sentence_index(trigger.start)
    if si is None:
        return
    sent = analysis.sentences[si]
    for d in analysis.dates_in(sent.start, sent.end):
        if analysis.in_dateline(d.start):
            continue        # "OUAGADOUGOU, Jan. 16 --": the day the story was filed
        yield d, analysis.doc.char_span(d.start, d.end, alignment_mode="expand")


def _inside_phrase_of(tok, trigger_index: int) -> bool:
    """``tok`` hangs from the trigger noun with no verb in between (its possessive, compound,
    modifier or prepositional phrase)."""
    for a in tok.ancestors:
        if a.i == trigger_index:
            return a.pos_ in ("NOUN", "PROPN")
        if a.pos_ in ("VERB", "AUX"):
            return False
    return False


def _sentence_facts(trigger: Trigger, analysis: Analysis) -> tuple[Optional[str], Optional[str]]:
    si = analysis.sentence_index(trigger.start)
    if si is None:
        return None, None
    sent = analysis.sentences[si]
    dates = event_dates(trigger, analysis)
    places = [p for p in analysis.places
              if p.start is not None and sent.start <= p.start < sent.end and p.precision == "city"]
    date = dates[0].value if dates and dates[0].start is not None else None
    place = places[0].name if len(places) == 1 else None
    return date, place


def _conflict(a: Optional[str], b: Optional[str]) -> bool:
    return a is not None and b is not None and not (a.startswith(b) or b.startswith(a))


def _refers_back(trigger: Trigger, analysis: Analysis) -> bool:
    """"the attack", "this bombing": a definite noun that names an incident already told."""
    tok = analysis.doc[trigger.token]
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                      for c in tok.children)


def _modified_by_trigger(trigger: Trigger, analysis: Analysis, triggers: list[Trigger]) -> bool:
    """ "a car bomb attack": a singular noun whose compound modifier is itself a trigger names
    one incident with it (a bombing); "three bomb attacks" may be several and stays apart."""
    tok = analysis.doc[trigger.token]
    if tok.pos_ != "NOUN" or tok.tag_ == "NNS":
        return False
    at = {t.token for t in triggers if t.type in VIOLENT}
    return any(c.dep_ == "compound" and c.i in at for c in tok.children)


_DEVICES = lexicon.words("extract/incidents_devices")
_STRUCK = lexicon.words("extract/incidents_struck")


def _struck_device(trigger: Trigger, analysis: Analysis) -> bool:
    """ "the convoy hit a roadside bomb", "a patrol struck a mine": the device is a weapon of the
    incident being told (an ambush begins with it), not an incident of its own."""
    tok = analysis.doc[trigger.token]
    return tok.lower_ in _DEVICES and tok.dep_ in ("dobj", "pobj") and (
        tok.head.lemma_.lower() in _STRUCK or tok.head.head.lemma_.lower() in _STRUCK)


def group_incidents(triggers: list[Trigger], analysis: Analysis, ev_settings) -> list[Incident]:
    """Triggers grouped into incidents; ``ev_settings`` is the ``[events]`` settings section
    (``incident_gap_tokens``)."""
    gap = ev_settings.incident_gap_tokens
    incidents: list[Incident] = []
    for trig in triggers:
        family = INCIDENT_FAMILY.get(trig.type)
        if family is None:
            continue
        date, place = _sentence_facts(trig, analysis)
        si = analysis.sentence_index(trig.start)
        target = None
        any_family = trig.type in VIOLENT and (
            is_consequence(trig) or (trig.text.lower() in _GENERIC_NOUNS and _refers_back(trig, analysis))
            or _modified_by_trigger(trig, analysis, triggers) or _struck_device(trig, analysis))
        for inc in reversed(incidents):
            if inc.family != family and not (any_family and inc.triggers[0].type in VIOLENT):
                continue
            if trig.type in VIOLENT:
                near = trig.token - inc.last_token <= gap
                same_place = place is not None and place == inc.place
                if (near or same_place or _refers_back(trig, analysis)) \
                        and not _conflict(date, inc.date) and not _conflict(place, inc.place):
                    target = inc
            else:
                if analysis.sentence_index(inc.triggers[-1].start) == si:
                    target = inc
            break                              # only the latest incident of the family is open
        if target is None:
            target = Incident(family)
            incidents.append(target)
        elif target.family != family and _struck_device(trig, analysis):
            trig.names_type = False     # the ambush's roadside bomb: still an ambush
        target.triggers.append(trig)
        target.last_token = trig.token
        target.date = target.date or date
        target.place = target.place or place
    return incidents
