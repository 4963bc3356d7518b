"""Casualty counts: how many were killed or injured, attackers apart, with the words that say so.

Reads numbers in digits and words ("two", "a dozen", "at least 14", "more than 30", "dozens"),
finds what they count (a noun they modify, or the number itself as subject/object) and the
predicate above it (killed, died, dead, wounded, injured, hurt; "killing two police officers",
"the death toll rose to 12"). "No one was hurt" and "no casualties" are explicit zeros.
Attackers killed are kept apart: "killing all attackers" after "three armed men" counts 3.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Span, Token

from .. import lexicon
from ..model import Count, Mention
from ..nlp.analysis import doc_text, token_table

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
# Vague quantities: (low, best, high) as coders read them (resources/lexicon/extract/casualties_vague.toml).
_VAGUE = {w: tuple(v) for w, v in lexicon.table("extract/casualties_vague").items()}

KILL = lexicon.words("extract/casualties_kill")
INJURE = lexicon.words("extract/casualties_injure")
ATTACKERS = lexicon.words("extract/casualties_attackers")
_NOBODY = lexicon.pattern("nobody_hurt")          # "no one", "no casualties", "none of"


def parse_number(words: str) -> Optional[tuple[int, int, int]]:
    """(low, best, high) of a number written in digits or words, or None."""
    w = " ".join(words.lower().replace(",", "").replace("-", " ").split())
    if re.fullmatch(r"\d+(\.\d+)?", w):
        if len(w.split(".")[0]) > 10:
            return None                      # past 10 digits it is a code or noise, not a count
        n = int(w.split(".")[0])
        return n, n, n
    if w in _VAGUE:
        return _VAGUE[w]
    # "three thousand two hundred": hundreds build a group, thousands close it
    total, group, seen = 0, 0, False
    for part in w.split():
        if part in _UNITS:
            group += _UNITS[part]
        elif part in _TENS:
            group += _TENS[part]
        elif part == "hundred":
            group = max(group, 1) * 100
        elif part == "thousand":
            total += max(group, 1) * 1000
            group = 0
        elif part in ("and", "a"):
            continue
        else:
            return None
        seen = True
    total += group
    return (total, total, total) if seen else None


@dataclass
class CountMention:
    kind: str                  # killed | injured
    low: int
    best: int
    high: int
    attackers: bool            # the counted people are the attackers
    start: int                 # evidence span (chars)
    end: int
    text: str
    token: int                 # token of the predicate (for assigning to an incident)
    noun: int = -1             # token of the counted noun (-1: the number stands alone)


def _number_at(tok: Token) -> Optional[tuple[int, int, int, int]]:
    """Value of the number phrase around ``tok``: (low, best, high, first token index)."""
    doc = tok.doc
    start = tok.i
    while start > 0:
        prev = doc[start - 1]
        if prev.text == "-" and start > 1 and doc[start - 2].lower_ in _TENS:
            start -= 2                       # "twenty-one"
        elif (prev.like_num or prev.lower_ in _UNITS or prev.lower_ in _TENS or prev.lower_ == "hundred") \
                and prev.dep_ in ("compound", "nummod", "quantmod"):
            start -= 1
        else:
            break
    val = parse_number(doc[start: tok.i + 1].text)
    if val is None:
        return None
    low, best, high = val
    left = " ".join(t.lower_ for t in doc[max(0, start - 2): start])
    if left.endswith("at least") or left.endswith("no fewer than") or left.endswith("least"):
        high = max(high, best)
    elif left.endswith("more than") or left.endswith("over"):
        high = max(high, best)             # the stated bound, as "at least": ACLED and the coding
                                           # manual code "more than 300" as 300
    elif left.endswith("up to") or left.endswith("as many as"):
        low = min(low, 1)
    elif left.endswith("about") or left.endswith("around") or left.endswith("nearly") or left.endswith("some"):
        pass
    return low, best, high, start


def _predicate(noun: Token) -> Optional[tuple[str, Token]]:
    """The killed/injured predicate that governs a counted noun, within a short path."""
    tok = noun
    for _ in range(4):
        for cand in (tok, *[c for c in tok.children if c.dep_ in ("amod", "acl", "relcl", "appos")]):
            lem = cand.lemma_.lower()
            if lem == "lose" and any(c.dep_ == "dobj" and c.lemma_.lower() in ("life", "lives")
                                     for c in cand.children):
                return "killed", cand            # "five members of a family lost their lives"
            if cand.i != noun.i or noun.pos_ in ("ADJ", "VERB"):
                if lem in KILL or cand.lower_ in KILL or cand.pos_ == "VERB" and _made_deadly(cand):
                    return "killed", cand
                if lem in INJURE or cand.lower_ in INJURE:
                    return "injured", cand
        if tok.head.i == tok.i or tok.dep_ in ("ROOT",) and tok.i != noun.i:
            break
        if tok.dep_ in ("ccomp", "advcl") and tok.i != noun.i:
            break
        if tok.dep_ == "agent":
            return None                          # "shot dead by two gunmen": who did it, not who died
        tok = tok.head
    return None


# find_counts(doc) of a whole doc, computed once per doc: every violent incident of an article
# asks for the doc's counts, and scanning the whole doc once per incident made a long article
# quadratic (incidents × length: a 5,000-paragraph page did not finish in 900 s).
_DOC_COUNTS: "weakref.WeakKeyDictionary[Doc, tuple[CountMention, ...]]" = weakref.WeakKeyDictionary()


def find_counts(doc: Doc, span: Optional[Span] = None) -> list[CountMention]:
    """Every killed/injured count in the doc (or a span of it).

    The whole doc's counts are scanned once and remembered for as long as the doc lives;
    callers get a fresh list of the same (read-only) mentions."""
    if span is None:
        cached = _DOC_COUNTS.get(doc)
        if cached is None:
            cached = tuple(_find_counts(doc, None))
            _DOC_COUNTS[doc] = cached
        return list(cached)
    return _find_counts(doc, span)


def _find_counts(doc: Doc, span: Optional[Span]) -> list[CountMention]:
    region = span if span is not None else doc[:]
    out: list[CountMention] = []
    tt = token_table(doc)
    lower, like_num = tt.lower, tt.like_num
    for i in range(region.start, region.end):
        low = lower[i]
        if not (like_num[i] or low in _UNITS or low in _TENS or low in _VAGUE or low == "all"):
            continue
        tok = doc[i]
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and ((nxt.like_num or nxt.lower_ in _UNITS) and nxt.dep_ in ("compound", "nummod")
                                or nxt.text == "-" and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ in _UNITS):
            continue               # not the last word of the number
        if tok.i > 0 and doc[tok.i - 1].lower_ in ("no", "every", "any") and low == "one":
            continue               # "no one": handled as an explicit zero below
        if any(a.lower_ in ("including", "among") for a in tok.head.ancestors if a.i > tok.i - 6) \
                or tok.head.dep_ == "pobj" and tok.head.head.lower_ in ("including", "among"):
            continue               # a subset of a count already read
        if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL") and not (
                tok.like_num and tok.dep_ in ("dobj", "nsubjpass")
                and (tok.head.lemma_.lower() in KILL | INJURE or tok.head.lower_ in KILL | INJURE)):
            continue               # ("wounding 54": a count the tagger took for a date)
        noun = tok.head if tok.dep_ in ("nummod", "quantmod", "det", "predet", "amod") else tok
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in ("NOUN", "PRON"):
            noun = tok.head.head
        pred = _predicate(noun)
        if pred is None and tok.dep_ == "pobj" and tok.head.lower_ in ("to", "at"):
            # "the death toll rose to 12", "the toll stood at 21", "the number of people killed
            # in … has risen to 100": the count is what the subject measures
            verb = tok.head.head
            subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            words = [t for c in subject for t in c.subtree]
            if any(t.lower_ == "toll" for t in words) and not any(
                    t.lemma_.lower() in INJURE for t in words):
                pred = ("killed", verb)
            elif any(t.lower_ == "number" for t in words):
                for t in words:
                    lem = t.lemma_.lower()
                    if lem in KILL or t.lower_ in KILL:
                        pred = ("killed", verb)
                        break
                    if lem in INJURE or t.lower_ in INJURE:
                        pred = ("injured", verb)
                        break
        if pred is None:
            continue
        kind, ptok = pred
        attackers = noun.lower_ in ATTACKERS or noun.lemma_.lower() in ATTACKERS
        if not attackers and noun.i == tok.i:
            # partitive: "killed six of the attackers"
            attackers = any(p.dep_ == "pobj" and (p.lower_ in ATTACKERS or p.lemma_.lower() in ATTACKERS)
                            for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                            for p in c.children)
        if low == "all":
            if not attackers:
                continue
            lo = be = hi = -1        # resolved later against the number of attackers mentioned
            first = tok.i
        else:
            num = _number_at(tok)
            if num is None:
                continue
            lo, be, hi, first = num
            if noun.i != tok.i and noun.i < tok.i:
                continue
        s, e = min(first, noun.i, ptok.i), max(tok.i, noun.i, ptok.i) + 1
        sp = doc[s:e]
        out.append(CountMention(kind, lo, be, hi, attackers, sp.start_char, sp.end_char, sp.text, ptok.i,
                                noun.i if noun.i != tok.i else -1))
    out = _coordinated(doc, region, out)
    # explicit zeros: "no one was hurt", "there were no casualties"
    text_of = doc_text(doc)
    for sent in (region.sents if span is None else [region]):
        # the sentence's text sliced from the doc's (what ``Span.text`` joins token by token)
        sent_text = text_of[sent.start_char:sent.end_char]
        for m in _NOBODY.finditer(sent_text):
            rest = sent_text[m.start():].lower()
            kinds = []
            if any(w in rest for w in ("kill", "dead", "died", "death", "fatalit")):
                kinds.append("killed")
            if any(w in rest for w in ("hurt", "injur", "wound", "casualt")):
                kinds.append("injured")
            if "casualt" in rest and "killed" not in kinds:
                kinds.append("killed")
            start = sent.start_char + m.start()
            for kind in kinds:
                tok = doc.char_span(start, start + len(m.group(0)), alignment_mode="expand")
                out.append(CountMention(kind, 0, 0, 0, False, start, sent.end_char, sent_text[m.start():].strip(),
                                        tok.start if tok is not None else sent.start))
    return out


_ORDINALS = lexicon.words("extract/casualties_ordinals")


def _one(noun: Token) -> bool:
    """A singular person noun that counts one: "a police officer", "a fourth officer"."""
    if noun.tag_ not in ("NN", "NNP") or noun.ent_type_ in ("DATE", "TIME", "GPE", "ORG", "LOC"):
        return False
    dets = {c.lower_ for c in noun.children if c.dep_ == "det"}
    return bool(dets & {"a", "an", "another"}) or "the" in dets and _is_attacker(noun) or \
        any(c.lower_ in _ORDINALS for c in noun.children if c.dep_ == "amod")


def _victim_of(noun: Token) -> Optional[tuple[str, Token]]:
    """The killed/injured predicate a noun is the patient of ("a soldier was killed",
    "killing … a police officer"): subject of a passive, object of an active verb."""
    head = noun
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    verb = head.head
    if head.dep_ not in ("nsubjpass", "dobj") or verb.i == head.i:
        return None
    lem = verb.lemma_.lower()
    if _kills(verb, head):                 # "killed", and "shot dead", "axed to death"
        return "killed", verb
    if lem in INJURE or verb.lower_ in INJURE:
        return "injured", verb
    return None


def _coordinated(doc: Doc, region: Span, found: list[CountMention]) -> list[CountMention]:
    """Counts of coordinated groups add up: "two policemen and two visa applicants were killed"
    is four, "killing two security guards and a police officer" three. A single victim with no
    number counts one ("a fourth officer was injured")."""
    by_noun = {}
    for m in found:
        noun = _counted_noun(doc, m)
        if noun is not None:
            by_noun[noun.i] = m
    absorbed: set[int] = set()
    out = []
    for m in found:
        if id(m) in absorbed:
            continue
        noun = _counted_noun(doc, m)
        if noun is None or noun.dep_ == "conj" and noun.head.i in by_noun:
            out.append(m)           # no noun, or a later conjunct (added to the first one's sum)
            continue
        total = CountMention(m.kind, m.low, m.best, m.high, m.attackers, m.start, m.end, m.text, m.token)
        for c in noun.conjuncts:
            if c.i < noun.i:
                continue
            other = by_noun.get(c.i)
            if other is not None:
                if other.kind != m.kind or other.attackers != m.attackers:
                    continue        # "20 cadets and the attacker": attackers stay apart
                absorbed.add(id(other))
                part = other
            elif _one(c):
                part = CountMention(m.kind, 1, 1, 1, _is_attacker(c), c.idx, c.idx + len(c.text), c.text, m.token)
                if part.attackers != m.attackers:
                    out.append(part)
                    continue
            else:
                continue
            total.low, total.best, total.high = total.low + part.low, total.best + part.best, total.high + part.high
            total.start, total.end = min(total.start, part.start), max(total.end, part.end)
        if (total.start, total.end) != (m.start, m.end):
            total.text = doc_text(doc)[total.start:total.end]
        out.append(total)
    # a victim with no number at all: "a policeman was killed", "a fourth officer was injured",
    # "a wounded guard was in stable condition"
    tt = token_table(doc)
    for i in range(region.start, region.end):
        if tt.pos[i] != "NOUN" or tt.dep[i] == "conj":
            continue
        tok = doc[i]
        if not _one(tok):
            continue
        pred = _victim_of(tok)
        if pred is None:
            pred = next(((("killed" if c.lemma_.lower() in KILL or c.lower_ in KILL else "injured"), c)
                         for c in tok.children if c.dep_ == "amod" and c.lower_ in ("wounded", "injured", "dead")), None)
        if pred is None or any(m.token == pred[1].i and m.kind == pred[0] for m in out):
            continue
        kind, verb = pred
        sp = doc[min(tok.left_edge.i, verb.i): max(tok.i, verb.i) + 1]
        out.append(CountMention(kind, 1, 1, 1, _is_attacker(tok), sp.start_char, sp.end_char, sp.text, verb.i))
    out += _named_dead(doc, region, out)
    return out


_PERSON_TITLES = lexicon.words("extract/events_person_nouns") | lexicon.words("extract/casualties_person_titles")


def _named_dead(doc: Doc, region: Span, found: list[CountMention]) -> list[CountMention]:
    """People killed or injured by name with no number: "militants shot dead Head Constable
    Ashfaq Qazi", "Abdul Ramazan was shot dead", "killed Rafiq Ahmed Mir and Ghulam Nabi",
    "his brother Adam Khan was injured": one each (the coding manual counts a named victim),
    unless the verb already has a count ("two people, including X, were killed")."""
    tt = token_table(doc)
    out = []
    counted = {(m.token, m.kind) for m in found}       # verbs that already have a count
    for i in range(region.start, region.end):
        if tt.pos[i] != "PROPN" or tt.dep[i] not in ("dobj", "nsubjpass"):
            continue
        tok = doc[i]
        if not _a_person(tok):
            continue
        verb = tok.head
        if verb.i == tok.i:
            continue
        if _kills(verb, tok):
            kind = "killed"
        elif verb.lemma_.lower() in INJURE or verb.lower_ in INJURE:
            kind = "injured"                 # "his brother Adam Khan was injured"
        else:
            continue
        if (verb.i, kind) in counted:
            continue
        counted.add((verb.i, kind))
        people = [tok] + [c for c in tok.conjuncts if c.i > tok.i and c.pos_ == "PROPN" and _a_person(c)]
        sp = doc[min(tok.left_edge.i, verb.i): max(people[-1].i, verb.i) + 1]
        n = len(people)
        out.append(CountMention(kind, n, n, n, False, sp.start_char, sp.end_char, sp.text, verb.i))
    return out


def _a_person(tok: Token) -> bool:
    """A person's name: tagged as one, or titled ("Head Constable Ashfaq Qazi")."""
    return tok.ent_type_ == "PERSON" or any(
        c.dep_ == "compound" and c.lower_.rstrip(".") in _PERSON_TITLES for c in tok.children)


def _kills(verb: Token, patient: Token) -> bool:
    """The verb kills its patient: a killing verb, or one made so by "dead" or "to death"
    ("shot dead", "axed to death"; the parser may hang "dead" on the patient)."""
    if verb.lemma_.lower() in KILL or verb.lower_ in KILL:
        return True
    return _made_deadly(verb) or any(c.lower_ == "dead" and c.dep_ == "amod" for c in patient.children)


def _made_deadly(verb: Token) -> bool:
    """"shot dead", "beaten to death": the verb's own "dead" or "to death"."""
    for c in verb.children:
        if c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "advmod", "xcomp", "ccomp"):
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(p.lower_ == "death" for p in c.children):
            return True
    return False


def _is_attacker(tok: Token) -> bool:
    return tok.lower_ in ATTACKERS or tok.lemma_.lower() in ATTACKERS


def _counted_noun(doc: Doc, m: CountMention) -> Optional[Token]:
    """The noun a number mention counts, if it has one ("two *policemen*")."""
    return doc[m.noun] if m.noun >= 0 and doc[m.noun].pos_ in ("NOUN", "PROPN") else None


def attackers_mentioned(doc: Doc, perpetrator_spans: list[tuple[int, int]]) -> Optional[int]:
    """How many attackers the text says there were ("three armed men" → 3)."""
    for start, end in perpetrator_spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if tok.dep_ == "nummod" or tok.like_num or tok.lower_ in _UNITS:
                val = parse_number(tok.text)
                if val:
                    return val[1]
    return None


def summarize(mentions: list[CountMention], kind: str, n_attackers: Optional[int] = None) -> Count:
    """One Count from the mentions of an incident: low/best/high over reports, attackers apart."""
    victims = [m for m in mentions if m.kind == kind and not m.attackers]
    attackers = [m for m in mentions if m.kind == kind and m.attackers]
    count = Count()
    if victims:
        count.low = min(m.low for m in victims)
        count.best = max(m.best for m in victims)
        count.high = max(m.high for m in victims)
    if kind == "killed" and attackers:
        values = [m.best if m.best >= 0 else n_attackers for m in attackers]
        values = [v for v in values if v is not None]
        if values:
            count.attackers = max(values)
    count.evidence = [Mention(m.start, m.end, m.text) for m in victims + attackers]
    return count
