"""Role fillers: which noun phrases of a document are perpetrators, targets, victims, weapons.

Candidates are noun phrases read off the dependency parse (a base noun chunk without its
determiner, the chunk with an "of" phrase, the compound head alone, named entities). Each is
described by hashed features of the phrase itself, its syntactic governor, its window, and, because
whole-document context is what tells the main incident's actors from everyone else, of the
document: where the phrase first appears, how often, how far it is from an event trigger, and what
kind of trigger that is. A linear model (``linear.LinearModel``, trained by
``training/train_events.py`` on MUC-4 train) scores each candidate for every role.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span

from .. import lexicon
from .triggers import VIOLENT, Trigger

ROLES = ("none", "PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
N_FEATURES = 1 << 18

_STRIP_DEPS = {"det", "poss", "predet", "punct", "case", "cc", "preconj"}
_STRIP_WORDS = lexicon.words("extract/fillers_strip_words")


@dataclass
class Candidate:
    start: int                 # token span in the doc
    end: int
    head: int                  # head token index
    form: str                  # chunk | of | compound | entity
    text: str
    features: list[int] = field(default_factory=list)

    @property
    def key(self) -> str:
        return " ".join(self.text.lower().split())


def _strip(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].dep_ in _STRIP_DEPS or doc[start].lower_ in _STRIP_WORDS
                           or doc[start].is_punct):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def candidates(doc: Doc) -> list[Candidate]:
    """Noun-phrase candidates of a parsed doc; several surface forms per phrase."""
    seen: set[tuple[int, int]] = set()
    out: list[Candidate] = []

    def add(start, end, head, form):
        start, end = _strip(doc, start, end)
        if end <= start or (start, end) in seen or end - start > 12:
            return
        if not any(t.is_alpha for t in doc[start:end]):
            return
        seen.add((start, end))
        out.append(Candidate(start, end, head, form, doc[start:end].text))

    for chunk in doc.noun_chunks:
        head = chunk.root
        if head.pos_ == "PRON":
            continue
        add(chunk.start, chunk.end, head.i, "chunk")
        i = head.i
        while i - 1 >= chunk.start and doc[i - 1].dep_ == "compound":
            i -= 1
        add(i, head.i + 1, head.i, "compound")
        # names after titles: "presidential candidate luis carlos galan" -> "luis carlos galan"
        for k in (2, 3):
            if head.i + 1 - k > chunk.start and all(t.pos_ in ("PROPN", "NOUN") for t in doc[head.i + 1 - k: head.i + 1]):
                add(head.i + 1 - k, head.i + 1, head.i, f"tail{k}")
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    add(chunk.start, objs[0].right_edge.i + 1, head.i, "of")
    for ent in doc.ents:
        if ent.label_ in ("CARDINAL", "DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"):
            continue
        add(ent.start, ent.end, ent.root.i, "entity")
    for tok in doc:
        # a noun that modifies another: "bomb" in "two bomb attacks", "rifle" in "rifle fire"
        if tok.dep_ == "compound" and tok.pos_ in ("NOUN", "PROPN") and tok.head.i > tok.i \
                and tok.head.pos_ in ("NOUN", "PROPN"):
            i = tok.i
            while i - 1 >= 0 and doc[i - 1].dep_ == "compound" and doc[i - 1].head.i in (tok.i, tok.head.i):
                i -= 1
            add(i, tok.i + 1, tok.i, "modifier")
        # "the farabundo marti national liberation front (fmln) guerrillas": the name before the
        # brackets and the acronym inside them
        if tok.text == "(" and tok.i + 2 < len(doc):
            close = next((j for j in range(tok.i + 1, min(tok.i + 5, len(doc))) if doc[j].text == ")"), None)
            if close is not None and close > tok.i + 1:
                inner = doc[tok.i + 1]
                add(tok.i + 1, close, inner.i, "paren")
                j = tok.i
                while j - 1 >= 0 and doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ") and tok.i - j < 8 \
                        and doc[j - 1].lower_ not in _STRIP_WORDS:
                    j -= 1
                if j < tok.i:
                    add(j, tok.i, tok.i - 1, "pre_paren")
    # runs of proper nouns the parser split up: "mayor eduardo rolon diaz and …"
    i = 0
    while i < len(doc):
        if doc[i].pos_ != "PROPN":
            i += 1
            continue
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_alpha:
            j += 1
        if j - i >= 2:
            add(i, j, j - 1, "propn")
        i = max(j, i + 1)
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "many"


def _governor(tok) -> list[str]:
    """The syntactic path up to the nearest verb or noun that governs the phrase."""
    feats = [f"dep={tok.dep_}"]
    h = tok.head
    if tok.dep_ == "pobj" and h.i != tok.i:
        prep = h.lower_
        gov = h.head
        feats += [f"prep={prep}", f"prep_gov={prep}>{gov.lemma_.lower()}",
                  f"prep_govdep={prep}>{gov.dep_}"]
        h = gov
    elif tok.dep_ in ("conj", "appos") and h.i != tok.i:
        feats.append(f"conj_of_dep={h.dep_}")
        if h.dep_ == "pobj":
            feats.append(f"conj_prep={h.head.lower_}>{h.head.head.lemma_.lower()}")
        feats.append(f"conj_gov={h.dep_}>{h.head.lemma_.lower()}")
    feats += [f"gov={tok.dep_}>{h.lemma_.lower()}", f"govlemma={h.lemma_.lower()}"]
    if h.head.i != h.i:
        feats.append(f"gov2={h.dep_}>{h.head.lemma_.lower()}")
    return feats


class DocContext:
    """Per-document facts every candidate's features use."""

    def __init__(self, doc: Doc, triggers: list[Trigger]):
        self.doc = doc
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for si, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.sent_of[i] = si
        self.trigger_sents: dict[int, list[Trigger]] = {}
        for t in triggers:
            if t.realis and t.type in VIOLENT:
                self.trigger_sents.setdefault(self.sent_of[t.token], []).append(t)
        self.first_violent = min(self.trigger_sents) if self.trigger_sents else None
        lemmas = [t.lemma_.lower() for t in doc]
        self.lemma_count: dict[str, int] = {}
        for lem in lemmas:
            self.lemma_count[lem] = self.lemma_count.get(lem, 0) + 1
        self.first_seen: dict[str, int] = {}
        self.key_count: dict[str, int] = {}

    def count_keys(self, cands: list["Candidate"]) -> None:
        for c in cands:
            self.key_count[c.key] = self.key_count.get(c.key, 0) + 1
            self.first_seen.setdefault(c.key, self.sent_of[c.head])

    def nearest_trigger(self, si: int) -> tuple[Optional[int], Optional[str]]:
        # memoized per sentence: candidates × triggers was quadratic on long documents
        cache = self.__dict__.setdefault("_nearest_cache", {})
        if si not in cache:
            cache[si] = self._nearest_trigger(si)
        return cache[si]

    def _nearest_trigger(self, si: int) -> tuple[Optional[int], Optional[str]]:
        best = None
        for ts in self.trigger_sents:
            d = ts - si
            if best is None or abs(d) < abs(best) or (abs(d) == abs(best) and d < best):
                best = d
        if best is None:
            return None, None
        return best, self.trigger_sents[si + best][0].type


def featurize(cand: Candidate, ctx: DocContext) -> list[int]:
    doc = ctx.doc
    head = doc[cand.head]
    span: Span = doc[cand.start:cand.end]
    words = [t.lower_ for t in span]
    hl = head.lemma_.lower()
    si = ctx.sent_of[cand.head]
    key = " ".join(words)
    f = [f"form={cand.form}", f"head={hl}", f"text={key}", f"first={words[0]}", f"last={words[-1]}",
         f"len={_bucket(len(words))}", f"ent={head.ent_type_}", f"shape_has_digit={any(t.like_num for t in span)}"]
    f += [f"w={w}" for w in words]
    gov = _governor(head)
    f += gov
    for off in (1, 2, 3):
        if cand.start - off >= 0:
            f.append(f"L{off}={doc[cand.start - off].lower_}")
        if cand.end + off - 1 < len(doc):
            f.append(f"R{off}={doc[cand.end + off - 1].lower_}")
    if cand.start >= 2:
        f.append(f"L12={doc[cand.start - 2].lower_}_{doc[cand.start - 1].lower_}")
    # document context
    f.append(f"sent={_bucket(si, (0, 1, 2, 4, 7, 12))}")
    f.append(f"count={_bucket(ctx.lemma_count.get(hl, 0), (1, 2, 3, 5))}")
    first = ctx.first_seen.get(cand.key, si)
    f.append(f"first_mention={si == first}")
    f.append(f"key_first_sent={_bucket(first, (0, 1, 3))}")
    f.append(f"key_count={_bucket(ctx.key_count.get(cand.key, 1), (1, 2, 4))}")
    f.append(f"tag={head.tag_}")
    f += [f"child={c.dep_}:{c.lower_}" for c in head.children if c.dep_ in ("amod", "compound", "nummod", "acl", "relcl")][:4]
    dist, ttype = ctx.nearest_trigger(si)
    if dist is None:
        f.append("no_trigger_doc")
        f.append(f"head_notrig={hl}")
    else:
        db = _bucket(abs(dist), (0, 1, 2, 4))
        f += [f"tdist={db}", f"tdist_dir={db}{'+' if dist > 0 else '-'}", f"ttype={ttype}",
              f"head_ttype={hl}|{ttype}", f"tdist_dep={db}|{head.dep_}",
              f"tdist_head={db}|{hl}", f"gov_tdist={gov[-1]}|{db}",
              f"first_trig_sent={ctx.first_violent == si + dist}"]
        if dist == 0:
            for t in ctx.trigger_sents[si]:
                rel = "before" if cand.start < t.token else "after"
                f.append(f"trig_rel={rel}|{t.type}|{head.dep_}")
                if head.head.i == t.token or head.head.head.i == t.token:
                    f.append(f"trig_gov={t.type}|{gov[0]}")
                    f.append(f"trig_govw={t.text.lower()}|{gov[0]}|{gov[1] if len(gov) > 1 else ''}")
    f.append("bias")
    return [_h(x) for x in f]


def featurize_doc(doc: Doc, triggers: list[Trigger]) -> list[Candidate]:
    ctx = DocContext(doc, triggers)
    cands = candidates(doc)
    ctx.count_keys(cands)
    for c in cands:
        c.features = featurize(c, ctx)
    return cands


def doc_features(doc: Doc, triggers: list[Trigger]) -> list[int]:
    """Hashed features of a whole document for the relevance model (does it report an incident?)."""
    f = {"bias"}
    for t in triggers:
        f.add(f"trig={t.type}|{t.realis}")
        f.add(f"trigw={t.text.lower()}|{t.realis}")
    counts: dict[str, int] = {}
    for t in triggers:
        if t.realis:
            counts[t.type] = counts.get(t.type, 0) + 1
    for k, v in counts.items():
        f.add(f"cnt={k}|{min(v, 5)}")
    for tok in doc:
        if tok.is_alpha:
            f.add("w=" + tok.lower_)
    return sorted(_h(x) for x in f)
