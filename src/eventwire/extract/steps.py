"""The steps every extractor's events go through, whichever extractor made them.

    events = build_extractor("rules", settings)(analysis)
    events = finish_events(events, analysis, settings)

Each step is a function ``step(events, analysis, settings) -> None`` over ``list[Event]``,
registered by name; ``[pipeline] steps`` in the settings file says which run, in order:

- ``claims``: a claim of responsibility names its claimants and joins the incident it claims;
- ``accusations``: groups blamed for an incident join its perpetrators (0.5);
- ``dateline``: words of a wire dateline ("KABUL (Reuters) -") are nobody's actor or target;
- ``actor_kinds``: a perpetrator or claimant the tagger took for a person but the table of known
  armed groups lists ("al-Shabaab", "Boko Haram") is an organization;
- ``context``: an undated or unplaced violent event takes the date and place of the event told
  just before it;
- ``filed_place``: the dateline's city is a violent event's place of last resort;
- ``codes``: ACLED, GTD and CAMEO codes.

The steps read an event's trigger words from ``Event.mentions`` (every trigger of the incident;
an extractor that fills only ``trigger`` gets that one).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..model import Event
from ..nlp.analysis import Analysis
from ..settings import Settings
from . import claims, codes
from .triggers import VIOLENT

Step = Callable[[list[Event], Analysis, Settings], None]
_STEPS: dict[str, Step] = {}


def register_step(name: str) -> Callable[[Step], Step]:
    def deco(fn: Step) -> Step:
        _STEPS[name] = fn
        return fn
    return deco


def step_names() -> list[str]:
    return list(_STEPS)


def finish_events(events: list[Event], analysis: Analysis, settings: Settings) -> list[Event]:
    """Run the configured steps over ``events`` (in place) and return them."""
    from ..errors import Errors, UsageError
    for name in settings.pipeline.steps:
        step = _STEPS.get(name)
        if step is None:
            raise UsageError(Errors.E201.format(value=name, what="event step",
                                                hint="known: " + ", ".join(_STEPS)))
        step(events, analysis, settings)
    return events


@register_step("claims")
def claims_step(events: list[Event], analysis: Analysis, settings: Settings) -> None:
    claims.attach_claims(events, analysis)


@register_step("accusations")
def accusations_step(events: list[Event], analysis: Analysis, settings: Settings) -> None:
    claims.attach_accusations(events, analysis)


@register_step("dateline")
def drop_dateline_arguments(events: list[Event], analysis: Analysis, settings: Settings) -> None:
    """ "MEXICO CITY, Nov. 5 --", "KANO, Nigeria (Meridian Wire) -": no actor, target or weapon."""
    if analysis.dateline is None:
        return
    for ev in events:
        for role in ("perpetrators", "targets", "victims", "weapons", "claimed_by"):
            setattr(ev, role, [a for a in getattr(ev, role) if not analysis.in_dateline(a.start)])


@register_step("context")
def carry_context(events: list[Event], analysis: Analysis, settings: Settings) -> None:
    """A violent event told without a date or place of its own, a few sentences after an event
    that has them, happened then and there ("Gunmen ambushed a convoy near Gao on Monday … The
    convoy hit a roadside bomb"; "Protesters gathered in Baghdad … Security forces fired on the
    crowds"). It takes the date of the nearest earlier violent event and the place of the nearest
    earlier event of any kind within ``context_sentences`` sentences, at lower confidence
    (``context_confidence``) and with the span of the words it came from; otherwise the
    publication date stays (``fallback_date_confidence``)."""
    s = settings.events
    fallback, window, carried = s.fallback_date_confidence, s.context_sentences, s.context_confidence
    told = sorted((e for e in events if e.trigger.sentence is not None), key=lambda e: e.trigger.start)
    for i, ev in enumerate(told):
        if ev.type not in VIOLENT:
            continue
        earlier = [e for e in told[:i] if ev.trigger.sentence - e.trigger.sentence <= window]
        if ev.date is None or ev.date.confidence <= fallback:
            src = next((e for e in reversed(earlier) if e.type in VIOLENT and e.date is not None
                        and e.date.confidence > fallback), None)
            if src is not None:
                ev.date = replace(src.date, confidence=min(src.date.confidence, carried))
        if ev.location is None:
            src = next((e for e in reversed(earlier) if e.location is not None), None)
            if src is not None:
                ev.location = replace(src.location, confidence=min(src.location.confidence or 1.0, carried))


@register_step("filed_place")
def filed_place(events: list[Event], analysis: Analysis, settings: Settings) -> None:
    """The place of last resort: where the story was filed ("KABUL (Reuters) -")."""
    if analysis.dateline is None:
        return
    filed = next((pl for pl in analysis.places if analysis.in_dateline(pl.start)), None)
    if filed is None:
        return
    cap = settings.events.dateline_place_confidence
    for ev in events:
        if ev.location is None and ev.type in VIOLENT:
            ev.location = replace(filed, confidence=min(filed.confidence or 1.0, cap))


@register_step("actor_kinds")
def actor_kinds(events: list[Event], analysis: Analysis, settings: Settings) -> None:
    """The NER often tags a group's name as a person ("al Shabaab", "Boko Haram"); the actor
    table of extract/coding (resources/coding: well-known groups, each with its source) knows
    them. Only a table row changes the kind: the learned actor model types roles, not names."""
    from .coding.actors import type_actor
    for ev in events:
        for role in ("perpetrators", "claimed_by"):
            for a in getattr(ev, role):
                if a.kind == "individual" and a.name:
                    t = type_actor(a.name)
                    if t.source == "seed" and t.inter in (2, 3, 4, 8):
                        a.kind = "organization"


@register_step("codes")
def codes_step(events: list[Event], analysis: Analysis, settings: Settings) -> None:
    codes.code_events(events, analysis, settings)
