"""ACLED-grade coding (issue 13): the sub-event type of an event in ACLED's 25-type taxonomy,
learned from text, decided with the actors as ACLED's codebook decides it, and given in every
vocabulary of the one code table (ACLED, GTD, CAMEO, PLOVER), with ACLED's inter codes,
interaction code and civilian targeting.

    code_description(doc)       -> Coding     a short ACLED-style description (``eventwire code``)
    code_event(event)           -> dict       the codes of one extracted event (``Event.codes``)
    code_events(events, analysis=None)        fills ``codes`` of every event (the ``codes`` step)
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Optional

from .actors import ActorMention, actor_features, description_actors, sides, type_actor
from .classifier import classify
from .decide import COMPATIBLE, choose, civilian_targeting, coded_inters, interaction
from .taxonomy import COARSE, COARSE_OTHER_CAMEO, GTD_BY_COARSE, SETTINGS, codes_of

# below this probability an extracted event keeps its coarse type's default sub-event type
# (taxonomy.json "coarse"); the value sits in taxonomy.json "settings" (docs/coding.md says how
# it was chosen)
BACKOFF_BELOW = float(SETTINGS.get("backoff_below", 0.0))
# a type the words give at least this much overrides the extractor's coarse type (taxonomy.json)
WORDS_OVER = float(SETTINGS.get("words_over", 1.01))

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
    typing = classify(text, actor_features(actors), offset=0)
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


def code_event(event) -> dict[str, Any]:
    """ACLED/GTD/CAMEO/PLOVER codes, inter codes and interaction of one extracted event. Events
    that are no incident (statements, claims) keep only their CAMEO code."""
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
    typing = classify(text, extra)
    allowed = COMPATIBLE.get(event.type)
    if event.subtype == "robbery":
        allowed = {"Looting/property destruction"}
    crowd = event.type == "protest" or i1 in (5, 6, 7)
    sub, prob, why = choose(typing.ranked, i1, i2, allowed, sides_known=True, crowd_possible=crowd,
                            inter2_known=known2, words_over=WORDS_OVER)
    default = COARSE.get(event.type)
    if prob < BACKOFF_BELOW and default and why == "classifier" and default != sub:
        # unsure on news wording: the extractor's own type, in the one table's terms
        default_p = dict(typing.ranked).get(default, 0.0)
        sub, prob, why = default, default_p, f"back-off to the {event.type} default (classifier {prob:.2f})"
    s, e = typing.evidence
    coding = _coding(sub, prob, why, i1, i2, {}, n1, n2)
    out = {k: v for k, v in coding.to_dict().items() if k != "evidence"}
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
    """The ``codes`` post-step: every event's codes from its words and actors."""
    for ev in events:
        ev.codes = code_event(ev)


def code_texts(texts, batch_size: int = 64):
    """``code_description`` for many texts, parsed in batches through ``nlp.pipe``."""
    from ...nlp.pipeline import parse_many
    for doc in parse_many(texts, batch_size=batch_size):
        yield code_description(doc[:])
