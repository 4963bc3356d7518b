"""ACLED-grade coding (issue 13): the sub-event type of an event in ACLED's 25-type taxonomy,
learned from text, decided with the actors as ACLED's codebook decides it, and given in every
vocabulary of the one code table (ACLED, GTD, CAMEO, PLOVER), with ACLED's inter codes,
interaction code and civilian targeting.

    code_description(doc)       -> Coding     a short ACLED-style description (``eventwire code``)
    code_event(event)           -> dict       the codes of one extracted event (``Event.codes``)
    code_events(events, analysis=None)        fills ``codes`` of every event (the ``codes`` step)
"""
from __future__ import annotations

import weakref
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Optional

from .actors import ActorMention, actor_features, civilian_site, description_actors, sides, type_actor
from .classifier import classify
from .features import parse_features
from .decide import COMPATIBLE, choose, civilian_site_rule, civilian_targeting, coded_inters, interaction
from .taxonomy import ARMED_INTER, COARSE, COARSE_OTHER_CAMEO, GTD_BY_COARSE, SETTINGS, codes_of

# below this probability an extracted event keeps its coarse type's default sub-event type
# (taxonomy.json "coarse"); the value sits in taxonomy.json "settings" (docs/coding.md says how
# it was chosen)
BACKOFF_BELOW = float(SETTINGS.get("backoff_below", 0.0))
# a type the words give at least this much overrides the extractor's coarse type (taxonomy.json)
WORDS_OVER = float(SETTINGS.get("words_over", 1.01))
# a target no actor type fits is a civilian site at this probability of the site model
CIVILIAN_SITE = float(SETTINGS.get("civilian_site", 0.5))

__all__ = ["Coding", "code_description", "code_event", "code_events", "type_actor"]


@dataclass
class Coding:
    acled_event_type: Optional[str]
    acled_sub_event_type: Optional[str]
    acled_disorder_type: Optional[str]
    gtd_attack_type: Optional[str]
    cameo: Optional[str]
    plover_type: Optional[str]
    plover_mode: Optional[str]
    inter1: Optional[int]
    inter2: Optional[int]
    interaction: Optional[int]
    civilian_targeting: Optional[str]
    confidence: float
    evidence: dict[str, Any] = field(default_factory=dict)     # {"start", "end", "text"}
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    decided_by: str = "classifier"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_CODING_FIELDS = tuple(f.name for f in fields(Coding) if f.name != "evidence")


def _coding(sub: str, prob: float, why: str, i1: int, i2: int, evidence, a1=None, a2=None) -> Coding:
    i1, i2 = coded_inters(sub, i1, i2)
    c = codes_of(sub)
    return Coding(c["acled_event_type"], sub, c["acled_disorder_type"], c["gtd_attack_type"],
                  c["cameo"], c["plover_type"], c["plover_mode"], i1 or None, i2 or None,
                  interaction(i1, i2), civilian_targeting(sub, i2), round(prob, 4), evidence,
                  a1, a2, why)


def code_description(span) -> Coding:
    """The main event of one short description (a spaCy Doc or Span)."""
    text = span.text
    actors = description_actors(span)
    a1, a2 = sides(actors)
    offset = span.start_char if hasattr(span, "start_char") else 0
    typing = classify(text, actor_features(actors) + parse_features([span]), offset=0)
    i1 = a1.type.inter if a1 else 0
    i2 = a2.type.inter if a2 else 0
    sub, prob, why = choose(typing.ranked, i1, i2)
    s, e = typing.evidence
    ev = {"start": s + offset, "end": e + offset, "text": text[s:e]}
    return _coding(sub, prob, why, i1, i2, ev, a1.text if a1 else None, a2.text if a2 else None)


# --- events of the extraction pipeline ---------------------------------------------------------

def _event_text(event) -> tuple[str, int]:
    """The words the event was told in: its sentence, then the other sentences that fed it."""
    parts, seen = [], set()
    start = None
    if event.sentence is not None and event.sentence.text:
        parts.append(event.sentence.text)
        seen.add(event.sentence.text)
        start = event.sentence.start
    for m in event.evidence or []:
        if m.text and m.text not in seen and len(parts) < 3:
            parts.append(m.text)
            seen.add(m.text)
    if not parts:
        parts.append(event.trigger.text or "")
        start = event.trigger.start
    return " ".join(parts), start or 0


def _event_spans(event, analysis) -> list:
    """The parsed sentences ``_event_text`` reads (none without the analysis)."""
    if analysis is None or getattr(analysis, "doc", None) is None:
        return []
    marks = ([event.sentence] if event.sentence is not None else []) + list(event.evidence or [])
    spans, seen = [], set()
    for m in marks:
        if m.text in seen or len(spans) >= 3:
            continue
        seen.add(m.text)
        span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


# doc → {token bounds of the event's spans: their parse features}; an event is coded up to
# three times (the incident extractor's candidates, its decision, the codes step), mostly over
# the same sentences, and the features depend on the parse of those sentences only
_PARSE_FEATURES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _event_parse_features(event, analysis) -> tuple[str, ...]:
    spans = _event_spans(event, analysis)
    if not spans:
        return ()
    per_doc = _PARSE_FEATURES.setdefault(analysis.doc, {})
    key = tuple((s.start, s.end) for s in spans)
    got = per_doc.get(key)
    if got is None:
        got = per_doc[key] = tuple(parse_features(spans))
    return got


def _side_inter(args) -> tuple[int, Optional[str]]:
    """The inter code of one side: a named group the seed table knows (the claimant BLA rather
    than "three armed men") first, then the actor typed with most confidence."""
    best = (0, None, -1.0)
    for a in args:
        t = type_actor(a.name or a.text or "")
        if not t.inter:
            continue
        score = t.confidence + (1.0 if t.source == "seed" else 0.0) + (0.5 if a.kind == "organization" else 0.0)
        if score > best[2]:
            best = (t.inter, a.name, score)
    return best[0], best[1]


def _kill_words() -> frozenset[str]:
    from ... import lexicon
    return frozenset(lexicon.entries("extract/casualties_kill"))


_ACTIVE_VICTIM_DEPS = {"dobj", "nsubjpass"}     # militants killed *civilians*; civilians were killed
_DIE = {"die", "died", "dies", "dead", "perish", "perished", "martyred"}      # their subject is the dead


def dead_phrases(span, kill_words=None) -> list[str]:
    """The noun phrases a sentence (a spaCy Span) says were killed or died: objects of a kill
    verb, subjects of "died"/"were killed", "the deaths of X and Y" (with their conjuncts), never
    the killers."""
    kill_words = kill_words or _kill_words()
    heads = []
    for tok in span:
        if tok.lower_ not in kill_words and tok.lemma_.lower() not in kill_words:
            continue
        for c in tok.children:
            if c.dep_ in _ACTIVE_VICTIM_DEPS or (c.dep_ == "nsubj" and tok.lower_ in _DIE):
                heads.append(c)
            elif c.dep_ == "prep" and c.lower_ == "of" and tok.pos_ == "NOUN":
                heads += [g for g in c.children if g.dep_ == "pobj"]
        if tok.dep_ == "amod" and (tok.lower_ in _DIE or tok.lower_ in ("killed", "slain")):   # "the dead civilians"
            heads.append(tok.head)
    out, seen = [], set()
    while heads:
        h = heads.pop(0)
        if h.i in seen or h.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        seen.add(h.i)
        heads += [c for c in h.children if c.dep_ == "conj"]
        left = min((t.i for t in h.subtree if t.dep_ in ("det", "amod", "compound", "nummod") and t.i < h.i), default=h.i)
        out.append(span.doc[left:h.i + 1].text)
    return out


def civilians_killed(event, analysis, main: bool = False, others: frozenset = frozenset()) -> Optional[str]:
    """A phrase naming civilians among this incident's dead: a victim typed as civilian, or
    the dead of the sentences that told the incident typed as civilians (7) by the actor model.
    The article's main incident (``main``) also owns the sentences no other incident told
    (``others``: the sentence indices of the other incidents)."""
    for v in event.victims:
        t = type_actor(v.name or v.text or "")
        if t.inter == 7 and t.source == "model":
            return v.name or v.text
    if analysis is None or getattr(analysis, "doc", None) is None:
        return None
    wanted = {m.sentence for m in list(event.evidence or []) + list(event.killed.evidence or [])
              if m.sentence is not None}
    if event.sentence is not None:
        wanted.add(event.sentence.index)
    kill_words = _kill_words()
    for sent in analysis.sentences:
        if sent.index not in wanted and (not main or sent.index in others):
            continue
        span = analysis.doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None:
            continue
        for phrase in dead_phrases(span, kill_words):
            t = type_actor(phrase)
            if t.inter == 7 and t.source == "model":
                return phrase
    return None


def code_event(event, analysis=None, main: bool = False, others: frozenset = frozenset()) -> dict[str, Any]:
    """ACLED/GTD/CAMEO/PLOVER codes, inter codes and interaction of one extracted event. Events
    that are no incident (statements, claims) keep only their CAMEO code. With the article's
    ``analysis``, the dead the article names are read for civilians (``civilians_killed``)."""
    if event.type not in COARSE:
        cameo = COARSE_OTHER_CAMEO.get(event.type)
        if event.type == "statement" and event.subtype == "condemnation":
            cameo = "111"
        return {**codes_of(None), "cameo": cameo}
    text, start = _event_text(event)
    i1, n1 = _side_inter(event.perpetrators + event.claimed_by)
    i2, n2 = _side_inter(event.victims + event.targets)
    known2 = bool(i2)
    if not i2 and event.victims:       # people hurt whom nothing types as armed: civilians (ACLED's default)
        i2, n2 = 7, event.victims[0].name
    extra = [f"a1={i1}", f"a2={i2}", f"pair={i1}_{i2}"] + sorted({f"has={i}" for i in (i1, i2) if i})
    extra += _event_parse_features(event, analysis)
    typing = classify(text, extra)
    allowed = COMPATIBLE.get(event.type)
    if event.subtype == "robbery":
        allowed = {"Looting/property destruction"}
    crowd = event.type == "protest" or i1 in (5, 6, 7)
    sub, prob, why = choose(typing.ranked, i1, i2, allowed, sides_known=True, crowd_possible=crowd,
                            inter2_known=known2, words_over=WORDS_OVER)
    if i1 in ARMED_INTER and sub in ("Armed clash", "Attack") and (allowed is None or "Attack" in allowed):
        site = next((t.name or t.text for t in event.targets
                     if not type_actor(t.name or t.text or "").inter
                     and civilian_site(t.name or t.text or "") >= CIVILIAN_SITE), None)
        dead = civilians_killed(event, analysis, main, others) if site else None
        ruled = civilian_site_rule(sub, i1, site, dead)
        if ruled:
            sub, why = ruled
            prob = dict(typing.ranked).get(sub, prob)
            i2, n2 = 7, dead
    default = COARSE.get(event.type)
    if prob < BACKOFF_BELOW and default and why == "classifier" and default != sub:
        # unsure on news wording: the extractor's own type, in the one table's terms
        default_p = dict(typing.ranked).get(default, 0.0)
        sub, prob, why = default, default_p, f"back-off to the {event.type} default (classifier {prob:.2f})"
    s, e = typing.evidence
    coding = _coding(sub, prob, why, i1, i2, {}, n1, n2)
    # the fields but the evidence (all plain values: asdict's deep copy is not needed)
    out = {k: getattr(coding, k) for k in _CODING_FIELDS}
    out["gtd_attack_type"] = GTD_BY_COARSE.get(event.type) or out["gtd_attack_type"]
    if event.type in ("attack", "assassination") and event.killed.best == 0 and not event.victims \
            and event.targets and out["gtd_attack_type"]:
        out["gtd_attack_type"] = "Facility/Infrastructure Attack"
    if event.type == "kidnapping":
        out["gtd_attack_type"] = "Hostage Taking (Kidnapping)"
    out["coding_evidence"] = text[s:e]
    out["coding_evidence_start"] = start + s if event.sentence is not None else None
    return out


def code_events(events, analysis=None, settings=None) -> None:
    """The ``codes`` post-step: every event's codes from its words, its actors and (with the
    analysis) the dead the article names."""
    violent = [ev for ev in events if ev.type in COARSE]
    main = max(violent, key=lambda e: len(e.evidence or []) + len(e.mentions or []), default=None)
    for ev in events:
        others = frozenset(m.sentence for o in violent if o is not ev
                           for m in list(o.evidence or []) + list(o.mentions or []) if m.sentence is not None)
        ev.codes = code_event(ev, analysis, main=ev is main, others=others)


def code_texts(texts, batch_size: int = 64):
    """``code_description`` for many texts, parsed in batches through ``nlp.pipe``."""
    from ...nlp.pipeline import parse_many
    for doc in parse_many(texts, batch_size=batch_size):
        yield code_description(doc[:])
