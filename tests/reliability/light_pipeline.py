"""A fast stand-in pipeline for the crash-safety tests (``--pipeline light_pipeline:make``).

Killing an ingest 20+ times must take seconds, not the minutes the spaCy model needs to load
and parse. What is under test is the runner and the store (each article committed atomically,
resumable, no duplicates), so this pipeline builds real ``model.Extraction`` records — sentences,
entities with mentions, events with arguments and counts, quotes — from simple regular
expressions, deterministically, with exact offsets, and no model.
"""
from __future__ import annotations

import re

from eventwire.model import Argument, Count, Entity, Event, Extraction, Mention, Quote, Sentence

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*\b")
_TRIGGER = re.compile(r"\b(bomb(?:ing)?|attack(?:ed)?|killed|exploded)\b")
_QUOTE = re.compile(r"“([^”\n]+)”")
_NUMBER = re.compile(r"\b(\d+)\s+(?:people|civilians|soldiers)\b")


class LightPipeline:
    def run(self, article) -> Extraction:
        text = article.text
        sentences = [Sentence(index=i, start=m.start(), end=m.end(), text=m.group())
                     for i, m in enumerate(_SENTENCE.finditer(text)) if m.group().strip()]
        by_name: dict[str, Entity] = {}
        for m in _NAME.finditer(text):
            ent = by_name.setdefault(m.group(), Entity(id=f"e{len(by_name)}", name=m.group(),
                                                        type="ORG"))
            ent.mentions.append(Mention(m.start(), m.end(), m.group()))
        events = []
        # two events at most: enough rows in several tables to make a half-written article
        # visible, few enough that 20 kill rounds stay quick on a slow disk
        for i, m in enumerate(list(_TRIGGER.finditer(text))[:2]):
            count = _NUMBER.search(text, m.end(), m.end() + 80)
            victims = [Argument(name=count.group(), start=count.start(), end=count.end(),
                                text=count.group())] if count else []
            events.append(Event(id=f"ev{i}", type="bombing" if "bomb" in m.group() else "attack",
                                trigger=Mention(m.start(), m.end(), m.group()), victims=victims,
                                killed=Count(best=int(count.group(1))) if count else Count()))
        quotes = [Quote(text=m.group(1), start=m.start(1), end=m.end(1), kind="direct")
                  for m in _QUOTE.finditer(text)]
        return Extraction(article=article, sentences=sentences, entities=list(by_name.values()),
                          events=events, quotes=quotes)

    def run_many(self, articles):
        for article in articles:
            yield self.run(article)


def make() -> LightPipeline:
    return LightPipeline()
