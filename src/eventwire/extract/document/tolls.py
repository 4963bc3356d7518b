"""An incident's own toll: the rule extractor's figures without running or historical totals
("has killed more than 400 people since 2004" is the group's record, not this attack's)."""
from __future__ import annotations

import re

from ...model import Event
from ...nlp.analysis import Analysis
from .. import casualties


def _background(m: casualties.CountMention, analysis: Analysis, words: list[str]) -> bool:
    doc = analysis.doc
    verb = doc[m.token]
    if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        return True                                  # "has killed", "have died"
    si = analysis.sentence_index(m.start)
    if si is None:
        return False
    sent = analysis.sentences[si].text.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", sent) for w in words)


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
