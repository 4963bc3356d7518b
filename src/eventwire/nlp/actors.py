"""Entity mentions merged into the article's actors, with name variants and roles.

"Geng Shuang" … "Geng" become one person; "Baloch Liberation Army (BLA)" … "BLA" one
organization (declared acronym, or initials); titles ("Dr") and roles ("Chinese Foreign
Ministry spokesman", "spokesman of BLA") stay as attributes of the actor.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Optional

from .. import lexicon
from ..model import Entity, Mention
from .analysis import doc_text, sentence_start

ACTOR_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
LABEL_FAMILY = {"PERSON": "PERSON", "ORG": "ORG", "FAC": "ORG", "GPE": "GPE", "LOC": "GPE", "NORP": "NORP"}
_ACRONYM_STOP = lexicon.words("nlp/actors_acronym_stop")


@lru_cache(maxsize=None)
def _wordlist(name: str) -> frozenset[str]:
    text = resources.files("eventwire.resources").joinpath(name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)     # word lists of the shipped resources: built once
def role_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in _wordlist("roles.txt"))


@lru_cache(maxsize=None)
def honorifics() -> frozenset[str]:
    """Abbreviated honorifics ("Dr", "Gen") and ranks written in full ("General")."""
    return frozenset(w.lstrip("+") for w in _wordlist("honorifics.txt"))


@lru_cache(maxsize=None)
def full_ranks() -> frozenset[str]:
    """Ranks that precede a name only when two or more name words follow."""
    return frozenset(w[1:] for w in _wordlist("honorifics.txt") if w.startswith("+"))


def clean_name(text: str) -> str:
    """Surface name without article, possessive or stray punctuation."""
    text = " ".join(text.split())
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = re.sub(r"\s*['’]s?$", "", text)
    return text.strip(" ,.;:\"“”‘’()[]")


def strip_honorific(name: str) -> tuple[str, Optional[str]]:
    parts = name.split()
    if len(parts) > 1 and parts[0].rstrip(".") in honorifics():
        return " ".join(parts[1:]), parts[0]
    return name, None


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ACRONYM_STOP]
    return "".join(w[0] for w in words).upper()


def is_acronym(name: str) -> bool:
    return 2 <= len(name) <= 7 and name.replace(".", "").isupper() and name.replace(".", "").isalpha()


@dataclass
class _Cluster:
    family: str
    names: Counter = field(default_factory=Counter)
    labels: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    titles: set = field(default_factory=set)
    acronym: Optional[str] = None

    @property
    def canonical(self) -> str:
        full = [n for n in self.names if not is_acronym(n)] or list(self.names)
        return max(full, key=lambda n: (len(n.split()), self.names[n], len(n)))


def build_entities(doc, *, sentence_index: Optional[Callable[[int], Optional[int]]] = None) -> list[Entity]:
    """Merge ``doc.ents`` into actors (``model.Entity``) in order of first mention."""
    text = doc_text(doc)
    declared = _declared_acronyms(doc)
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    pending_short: list[tuple[Mention, str, str]] = []   # single-token person names

    # A one-word "organization" or "place" that is the surname of a person named in full
    # ("Maduro", "Trump" after "Nicolás Maduro") is that person.
    surnames = {strip_honorific(clean_name(e.text))[0].split()[-1] for e in doc.ents
                if e.label_ == "PERSON" and len(strip_honorific(clean_name(e.text))[0].split()) > 1}

    for ent in doc.ents:
        if ent.label_ not in ACTOR_LABELS:
            continue
        label = ent.label_
        name = clean_name(ent.text)
        if label in ("ORG", "GPE", "NORP") and name in surnames and name not in declared:
            label = "PERSON"
        family = LABEL_FAMILY[label]
        if not name or not any(c.isalpha() for c in name):
            continue
        title = None
        if family == "PERSON":
            while True:                          # "Major General Vyacheslav Gladkikh"
                bare, t = strip_honorific(name)
                if t is None:
                    break
                name, title = bare, title or t
        offset = ent.text.rfind(name) if name in ent.text else 0
        start = ent.start_char + offset
        mention = Mention(start=start, end=start + len(name), text=text[start:start + len(name)],
                          sentence=sentence_index(start) if sentence_index else None)
        if family == "PERSON" and len(name.split()) == 1:
            pending_short.append((mention, name, label))
            continue
        key = (family, declared.get(name, name).casefold())
        if family == "ORG" and is_acronym(name) and name not in declared:
            key = (family, name.casefold())
        cluster = by_key.get(key)
        if cluster is None:
            cluster = _Cluster(family)
            clusters.append(cluster)
            by_key[key] = cluster
        cluster.names[name] += 1
        cluster.labels[label] += 1
        cluster.mentions.append(mention)
        if title:
            cluster.titles.add(title)

    _attach_short_person_names(pending_short, clusters, by_key)
    _merge_acronyms(clusters, declared)
    _merge_contained_orgs(clusters)

    entities: list[Entity] = []
    live = [c for c in clusters if c.mentions]
    live.sort(key=lambda c: min(m.start for m in c.mentions))
    for i, c in enumerate(live, 1):
        c.mentions.sort(key=lambda m: m.start)
        label = c.labels.most_common(1)[0][0]
        canonical = c.canonical
        attributes: dict = {}
        if c.titles:
            attributes["title"] = sorted(c.titles)[0]
        acronym = c.acronym or next((n for n in c.names if is_acronym(n) and n != canonical), None)
        if acronym:
            attributes["acronym"] = acronym
        if c.family == "PERSON":
            roles = _roles(doc, c.mentions)
            if roles:
                attributes["roles"] = roles
        aliases = sorted(set(c.names) - {canonical}, key=lambda n: (-len(n), n))
        entities.append(Entity(id=f"E{i}", name=canonical, type=label, mentions=c.mentions,
                               aliases=aliases, attributes=attributes,
                               confidence=round(min(1.0, 0.6 + 0.1 * len(c.mentions)), 2)))
    return entities


_DECLARED = lexicon.pattern("declared_acronym")     # "Baloch Liberation Army (BLA)"


def declared_acronyms(text: str, ents=()) -> list[tuple[int, int, int, int]]:
    """``Long Name (LN)``: (long_start, long_end, short_start, short_end) character spans.

    The acronym's letters decide how many capitalized words before it form the name; an
    acronym in another language ("National Liberation Army (ELN)") is accepted when an
    entity in ``ents`` (spaCy spans) ends right before the parenthesis.
    """
    out = []
    ent_by_end = {e.end_char: e for e in ents}
    for m in _DECLARED.finditer(text):
        short = m.group(2)
        words = list(re.finditer(r"\S+", m.group(1)))
        found = None
        for k in range(len(words), 0, -1):
            candidate = m.group(1)[words[-k].start():]
            if is_acronym(short) and initials(candidate) == short.replace(".", "").upper():
                found = m.start(1) + words[-k].start()
                break
        if found is None:
            ent = ent_by_end.get(m.end(1))
            if ent is None or ent.label_ not in ("ORG", "PERSON", "NORP", "FAC", "GPE"):
                continue
            found = ent.start_char
        long_start = found
        if text[long_start:long_start + 4] in ("the ", "The "):
            long_start += 4
        out.append((long_start, m.end(1), m.start(2), m.end(2)))
    return out


def _declared_acronyms(doc) -> dict[str, str]:
    """{"LN": "Long Name"} for every ``Long Name (LN)`` in the doc."""
    text = doc_text(doc)                 # Doc.text joins every token: built once per doc
    return {text[s2:e2]: clean_name(text[s1:e1]) for s1, e1, s2, e2 in declared_acronyms(text, doc.ents)}


def _attach_short_person_names(pending, clusters, by_key) -> None:
    """"Geng" → the nearest earlier "Geng Shuang" (or later, for a name used first short)."""
    persons = [c for c in clusters if c.family == "PERSON"]
    for mention, name, label in pending:
        fits = [c for c in persons if any(name in (n.split()[0], n.split()[-1]) for n in c.names)]
        if fits:
            def distance(c):
                before = [mention.start - m.start for m in c.mentions if m.start <= mention.start]
                return min(before) if before else 10**9 + min(m.start for m in c.mentions)
            target = min(fits, key=distance)
        else:
            key = ("PERSON", name.casefold())
            target = by_key.get(key)
            if target is None:
                target = _Cluster("PERSON")
                clusters.append(target)
                by_key[key] = target
                persons.append(target)
        target.names[name] += 1
        target.labels[label] += 1
        target.mentions.append(mention)


def _merge_acronyms(clusters, declared) -> None:
    orgs = [c for c in clusters if c.family == "ORG" and c.mentions]
    for short_c in orgs:
        short = next((n for n in short_c.names if is_acronym(n)), None)
        if short is None or len(short_c.names) != 1:
            continue
        long_name = declared.get(short)
        for long_c in orgs:
            if long_c is short_c or not long_c.mentions:
                continue
            if any(n == long_name or initials(n) == short for n in long_c.names if len(n.split()) > 1):
                long_c.names.update(short_c.names)
                long_c.labels.update(short_c.labels)
                long_c.mentions.extend(short_c.mentions)
                long_c.acronym = short
                short_c.mentions = []
                break


def _merge_contained_orgs(clusters) -> None:
    """"Consulate General" inside "Chinese Consulate General"; "Chinese Consulate" its prefix."""
    orgs = sorted((c for c in clusters if c.family == "ORG" and c.mentions),
                  key=lambda c: -len(c.canonical.split()))
    for i, long_c in enumerate(orgs):
        if not long_c.mentions:
            continue
        long_words = long_c.canonical.casefold().split()
        for short_c in orgs[i + 1:]:
            if not short_c.mentions or short_c is long_c:
                continue
            words = short_c.canonical.casefold().split()
            if len(words) < 2 or len(words) >= len(long_words):
                continue
            n = len(words)
            if long_words[:n] == words or long_words[-n:] == words:
                long_c.names.update(short_c.names)
                long_c.labels.update(short_c.labels)
                long_c.mentions.extend(short_c.mentions)
                short_c.mentions = []


def _roles(doc, mentions: list[Mention]) -> list[str]:
    nouns = role_nouns()
    roles: list[str] = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for role in (_left_role(doc, span, nouns), _appositive_role(doc, span, nouns)):
            if role and role not in roles:
                roles.append(role)
    return roles


def _left_role(doc, span, nouns) -> Optional[str]:
    """"Chinese Foreign Ministry spokesman Geng Shuang" → "Chinese Foreign Ministry spokesman"."""
    j = span.start - 1
    while j >= 0 and doc[j].text.rstrip(".") in honorifics():
        j -= 1
    if j < 0 or doc[j].lower_ not in nouns:
        return None
    end = j + 1
    k = j - 1
    first = sentence_start(span[0])
    while k >= first:
        tok = doc[k]
        if tok.lower_ in nouns:
            break                                  # "BLA's ally <BLF's chief> Dr Allah Nazar"
        if tok.pos_ in ("PROPN", "NOUN", "ADJ") or tok.text in ("'s", "’s", "-"):
            k -= 1
            continue
        break
    start = k + 1
    while start < end and doc[start].text in ("'s", "’s", "-"):
        start += 1
    return doc[start:end].text or None


def _appositive_role(doc, span, nouns) -> Optional[str]:
    """"Jeehand Baloch, spokesman of BLA," → "spokesman of BLA"."""
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    start = i
    while i < len(doc) and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    role_start, has_role = i, False
    while i < len(doc) and i - start < 10:
        tok = doc[i]
        if tok.is_punct or tok.pos_ in ("VERB", "AUX") or tok.is_sent_start:
            break
        if tok.lower_ in nouns:
            has_role = True
        i += 1
    if not has_role or i == role_start:
        return None
    return doc[role_start:i].text

