"""A baseline extractor: one event per factual trigger, with no grouping into incidents.

It shows what incident grouping buys (``eventwire evaluate … --extractor mentions``) and gives a
high-recall candidate list: every mention of an event is an event of its own, with the place and
date of its sentence and the casualty counts near it.
"""
from __future__ import annotations

from ..model import Event, Mention
from ..nlp.analysis import Analysis
from ..settings import Settings
from . import casualties
from .events import fallback_date
from .incidents import event_dates
from .registry import register_extractor
from .triggers import VIOLENT, find_triggers


@register_extractor("mentions")
class MentionExtractor:
    """Every factual trigger an event of its own (a recall baseline: no incident grouping)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def __call__(self, analysis: Analysis) -> list[Event]:
        doc, window = analysis.doc, self.settings.events.count_window
        counts = casualties.find_counts(doc) if len(doc) else []
        events = []
        for n, trig in enumerate((t for t in find_triggers(doc) if t.realis), 1):
            si = analysis.sentence_index(trig.start)
            sent = analysis.sentences[si] if si is not None else None
            mention = Mention(trig.start, trig.end, trig.text, si)
            ev = Event(id=f"{analysis.article.id}-e{n}", type=trig.type, trigger=mention, sentence=sent,
                       mentions=[mention], confidence=0.5)
            if sent is not None:
                ev.evidence = [Mention(sent.start, sent.end, sent.text, sent.index)]
                ev.location = next((p for p in analysis.places if p.start is not None
                                    and sent.start <= p.start < sent.end and not analysis.in_dateline(p.start)), None)
            dates = event_dates(trig, analysis)
            ev.date = dates[0] if dates else fallback_date(analysis, self.settings.events.fallback_date_confidence)
            if trig.type in VIOLENT:
                near = [m for m in counts if abs(m.token - trig.token) <= window]
                ev.killed = casualties.summarize(near, "killed")
                ev.injured = casualties.summarize(near, "injured")
                ev.injured.attackers = None
            events.append(ev)
        return events
