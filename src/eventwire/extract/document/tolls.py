"""An incident's own toll: the rule extractor's figures without running or historical totals
("has killed more than 400 people since 2004" is the group's record, not this attack's), and an
explicit zero where the text says nobody was hurt ("No casualty was reported": the coding
manual's ``killed: 0``)."""
from __future__ import annotations

import re
from functools import lru_cache

from ...model import Count, Event
from ...nlp.analysis import Analysis
from .. import casualties


@lru_cache(maxsize=64)
def _any_word(phrases: tuple[str, ...]) -> re.Pattern:
    """One pattern that finds any of ``phrases`` as whole words (what a search for each
    ``\\bphrase\\b`` in turn finds, in one pass over the text)."""
    if not phrases:
        return re.compile(r"(?!)")
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


def _background(m: casualties.CountMention, analysis: Analysis, words: list[str]) -> bool:
    doc = analysis.doc
    verb = doc[m.token]
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return True                                  # "has killed", "have died"
    si = analysis.sentence_index(m.start)
    if si is None:
        return False
    sent = analysis.sentences[si].text.lower()
    return _any_word(tuple(words)).search(sent) is not None


def own_tolls(ev: Event, analysis: Analysis, words: list[str]) -> None:
    """Re-sum ``ev``'s killed and injured from its figures that are not background totals."""
    for name in ("killed", "injured"):
        count = getattr(ev, name)
        if not count.evidence:
            continue
        starts = {m.start for m in count.evidence}
        found = [m for m in casualties.find_counts(analysis.doc) if m.start in starts and m.kind == name]
        if not found:
            continue
        keep = [m for m in found if not _background(m, analysis, words)]
        if len(keep) == len(found):
            continue
        attackers = count.attackers if name == "killed" else None
        new = casualties.summarize(keep, name, None)
        if name == "killed" and new.attackers is None:
            new.attackers = attackers
        if name == "injured":
            new.attackers = None
        setattr(ev, name, new)


def zero_tolls(ev: Event, analysis: Analysis, phrases: dict[str, list[str]], after: int) -> None:
    """A record with no figure for killed (or injured) takes 0 when its sentences, or the
    ``after`` sentences that follow its trigger's, say that nobody was killed (or hurt)."""
    todo = [name for name in ("killed", "injured") if getattr(ev, name).best is None and getattr(ev, name).low is None]
    if not todo or ev.trigger.sentence is None:
        return
    wanted = {ev.trigger.sentence + k for k in range(after + 1)}
    wanted |= {m.sentence for m in (*ev.mentions, *ev.evidence) if m.sentence is not None}
    text = " ".join(analysis.sentences[i].text.lower() for i in sorted(wanted) if i < len(analysis.sentences))
    for name in todo:
        if _any_word(tuple(phrases[name])).search(text) is not None:
            attackers = ev.killed.attackers if name == "killed" else None
            setattr(ev, name, Count(low=0, best=0, high=0, attackers=attackers))
