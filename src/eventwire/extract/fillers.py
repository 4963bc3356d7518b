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
from operator import attrgetter
from dataclasses import dataclass, field
from typing import Optional

from spacy.attrs import SENT_START
from spacy.lang.en.syntax_iterators import noun_chunks as _english_noun_chunks
from spacy.tokens import Doc, Span

from .. import lexicon
from ..nlp.analysis import TokenTable, doc_text, token_table
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


def _strip(tt: TokenTable, start: int, end: int) -> tuple[int, int]:
    dep, lower, punct = tt.dep, tt.lower, tt.is_punct
    while start < end and (dep[start] in _STRIP_DEPS or lower[start] in _STRIP_WORDS or punct[start]):
        start += 1
    while end > start and punct[end - 1]:
        end -= 1
    return start, end


# spaCy's English noun-chunk iterator (spacy/lang/en/syntax_iterators.py), which ``_noun_chunks``
# follows over the TokenTable
_NP_DEPS = frozenset(("oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative", "appos", "attr", "ROOT"))
_NP_POS = frozenset(("NOUN", "PROPN", "PRON"))


def _noun_chunks(doc: Doc, tt: TokenTable) -> list[tuple[int, int, int]]:
    """(start, end, root token) of each of ``doc.noun_chunks``, read off the TokenTable: the
    English iterator's rules, each chunk's ``Span.root`` as spaCy finds it, and a ``Token`` made
    for the nouns' left edges only (spaCy's iterator makes one per token of the doc). A doc
    of another language, without a parse, or with a root hook takes spaCy's own path."""
    if doc.noun_chunks_iterator is not _english_noun_chunks or "root" in doc.user_span_hooks \
            or not doc.has_annotation("DEP"):
        return [(c.start, c.end, c.root.i) for c in doc.noun_chunks]
    pos, dep, head = tt.pos, tt.dep, tt.head
    out = []
    prev_end = -1
    for i in range(tt.n):
        if pos[i] not in _NP_POS:
            continue
        left = doc[i].left_edge.i
        if left <= prev_end:               # no nested chunks
            continue
        d = dep[i]
        if d not in _NP_DEPS:
            if d != "conj":
                continue
            h = head[i]
            while dep[h] == "conj" and head[h] < h:
                h = head[h]
            if dep[h] not in _NP_DEPS:     # coordinated to an NP: an NP
                continue
        prev_end = i
        out.append((left, i + 1, _span_root(head, left, i + 1)))
    return out


def _span_root(head: list[int], start: int, end: int) -> int:
    """``Span.root`` of tokens ``start:end`` (spacy/tokens/span.pyx): the first sentence root in
    the span, else the token with its head outside the span fewest steps below the root (the
    first on a tie), else the first token."""
    for i in range(start, end):
        if head[i] == i:
            return i
    best, root = len(head), -1
    for i in range(start, end):
        if start <= head[i] < end:
            continue
        steps, t = 0, i
        while head[t] != t:
            t = head[t]
            steps += 1
            if steps >= len(head):
                break
        if steps < best:
            best, root = steps, i
    return start if root == -1 else root


def candidates(doc: Doc) -> list[Candidate]:
    """Noun-phrase candidates of a parsed doc; several surface forms per phrase."""
    tt = token_table(doc)
    text, lower, dep, pos, head_of, alpha = tt.text, tt.lower, tt.dep, tt.pos, tt.head, tt.is_alpha
    n = tt.n
    starts = tt.idx
    text_of = doc_text(doc)
    seen: set[tuple[int, int]] = set()
    out: list[Candidate] = []

    def add(start, end, head, form):
        start, end = _strip(tt, start, end)
        if end <= start or (start, end) in seen or end - start > 12:
            return
        if not any(alpha[start:end]):
            return
        seen.add((start, end))
        out.append(Candidate(start, end, head, form,
                             text_of[starts[start]:starts[end - 1] + len(text[end - 1])]))

    for cs, ce, h in _noun_chunks(doc, tt):
        if pos[h] == "PRON":
            continue
        add(cs, ce, h, "chunk")
        i = h
        while i - 1 >= cs and dep[i - 1] == "compound":
            i -= 1
        add(i, h + 1, h, "compound")
        # names after titles: "presidential candidate luis carlos galan" -> "luis carlos galan"
        for k in (2, 3):
            if h + 1 - k > cs and all(p in ("PROPN", "NOUN") for p in pos[h + 1 - k: h + 1]):
                add(h + 1 - k, h + 1, h, f"tail{k}")
        for child in tt.children[h]:
            if child > h and dep[child] == "prep" and lower[child] == "of":
                objs = [c for c in tt.children[child] if dep[c] == "pobj"]
                if objs:
                    add(cs, doc[objs[0]].right_edge.i + 1, h, "of")
    for ent in doc.ents:
        if ent.label_ in ("CARDINAL", "DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"):
            continue
        add(ent.start, ent.end, ent.root.i, "entity")
    for i in range(n):
        # a noun that modifies another: "bomb" in "two bomb attacks", "rifle" in "rifle fire"
        h = head_of[i]
        if dep[i] == "compound" and pos[i] in ("NOUN", "PROPN") and h > i and pos[h] in ("NOUN", "PROPN"):
            j = i
            while j - 1 >= 0 and dep[j - 1] == "compound" and head_of[j - 1] in (i, h):
                j -= 1
            add(j, i + 1, i, "modifier")
        # "the farabundo marti national liberation front (fmln) guerrillas": the name before the
        # brackets and the acronym inside them
        if text[i] == "(" and i + 2 < n:
            close = next((j for j in range(i + 1, min(i + 5, n)) if text[j] == ")"), None)
            if close is not None and close > i + 1:
                add(i + 1, close, i + 1, "paren")
                j = i
                while j - 1 >= 0 and pos[j - 1] in ("PROPN", "NOUN", "ADJ") and i - j < 8 \
                        and lower[j - 1] not in _STRIP_WORDS:
                    j -= 1
                if j < i:
                    add(j, i, i - 1, "pre_paren")
    # runs of proper nouns the parser split up: "mayor eduardo rolon diaz and …"
    i = 0
    while i < n:
        if pos[i] != "PROPN":
            i += 1
            continue
        j = i
        while j < n and pos[j] == "PROPN" and alpha[j]:
            j += 1
        if j - i >= 2:
            add(i, j, j - 1, "propn")
        i = max(j, i + 1)
    out.sort(key=attrgetter("start", "end"))
    return out


def _h(s: str) -> int:
    return zlib.crc32(s.encode("utf-8")) & (N_FEATURES - 1)


class _Hashes(dict):
    """Feature string → ``_h(string)``, remembered (most feature strings recur in every document)."""

    def __missing__(self, s: str) -> int:
        if len(self) > 500_000:          # bounded: a long-running process never grows past it
            self.clear()
        h = self[s] = _h(s)
        return h


_H = _Hashes()


def _hash_all(feats: list[str]) -> list[int]:
    """``[_h(x) for x in feats]``."""
    return list(map(_H.__getitem__, feats))


class _Prefixed(dict):
    """word → ``_H[prefix + word]``, remembered: a feature of one word ("w=bomb", "L1=the") is
    one dict lookup on a string that already knows its hash, instead of a new string to build
    and hash for every candidate."""

    def __init__(self, prefix: str):
        super().__init__()
        self.prefix = prefix

    def __missing__(self, word: str) -> int:
        if len(self) > 200_000:          # bounded like _H
            self.clear()
        h = self[word] = _H[self.prefix + word]
        return h


def _bucket(n: int, edges=(0, 1, 2, 3, 5, 8)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return "many"


def _governor(tt: TokenTable, t: int) -> list[str]:
    """The syntactic path up to the nearest verb or noun that governs the phrase."""
    dep, lemma, head = tt.dep, tt.lemma, tt.head
    d = dep[t]
    feats = [f"dep={d}"]
    h = head[t]
    if d == "pobj" and h != t:
        prep = tt.lower[h]
        gov = head[h]
        feats += [f"prep={prep}", f"prep_gov={prep}>{lemma[gov]}", f"prep_govdep={prep}>{dep[gov]}"]
        h = gov
    elif d in ("conj", "appos") and h != t:
        feats.append(f"conj_of_dep={dep[h]}")
        if dep[h] == "pobj":
            feats.append(f"conj_prep={tt.lower[head[h]]}>{lemma[head[head[h]]]}")
        feats.append(f"conj_gov={dep[h]}>{lemma[head[h]]}")
    feats += [f"gov={d}>{lemma[h]}", f"govlemma={lemma[h]}"]
    if head[h] != h:
        feats.append(f"gov2={dep[h]}>{lemma[head[h]]}")
    return feats


def _governor_key(tt: TokenTable, t: int) -> tuple:
    """Every value ``_governor(tt, t)`` reads, and nothing else: equal keys, equal features."""
    dep, lemma, head = tt.dep, tt.lemma, tt.head
    d = dep[t]
    h = head[t]
    if d == "pobj" and h != t:
        gov = head[h]
        g2 = head[gov]
        return (0, d, tt.lower[h], lemma[gov], dep[gov], lemma[g2] if g2 != gov else None)
    hh = head[h]
    if d in ("conj", "appos") and h != t:
        dh = dep[h]
        return (1, d, dh, lemma[h], lemma[hh], hh != h,
                (tt.lower[hh], lemma[head[hh]]) if dh == "pobj" else None)
    return (2, d, lemma[h], (dep[h], lemma[hh]) if hh != h else None)


class _Governors(dict):
    """``_governor_key`` → (the governor feature strings, their hashes), remembered across
    documents (the same path recurs: "pobj" of "in" under "killed"). Tuples of strings and
    ints only, which the garbage collector stops tracking: a cache of lists would make every
    full collection walk them."""

    def get_for(self, tt: TokenTable, t: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
        key = _governor_key(tt, t)
        got = self.get(key)
        if got is None:
            if len(self) > 200_000:
                self.clear()
            strings = tuple(_governor(tt, t))
            got = self[key] = (strings, tuple(_H[g] for g in strings))
        return got


_GOVERNORS = _Governors()


class DocContext:
    """Per-document facts every candidate's features use."""

    def __init__(self, doc: Doc, triggers: list[Trigger]):
        self.doc = doc
        self.tokens = tt = token_table(doc)
        # sentence of each token, from the sentence starts (what ``doc.sents`` reads)
        self.sent_of = [0] * len(doc)
        si = 0
        for i, start in enumerate(doc.to_array([SENT_START]).tolist()):
            if i and start == 1:
                si += 1
            self.sent_of[i] = si
        self.trigger_sents: dict[int, list[Trigger]] = {}
        for t in triggers:
            if t.realis and t.type in VIOLENT:
                self.trigger_sents.setdefault(self.sent_of[t.token], []).append(t)
        self.first_violent = min(self.trigger_sents) if self.trigger_sents else None
        self.lemma_count: dict[str, int] = {}
        for lem in tt.lemma:
            self.lemma_count[lem] = self.lemma_count.get(lem, 0) + 1
        self.first_seen: dict[str, int] = {}
        self.key_count: dict[str, int] = {}

    @property
    def sents(self) -> list[Span]:
        return list(self.doc.sents)

    def count_keys(self, cands: list["Candidate"]) -> list[str]:
        """Counts each candidate's key and the sentence it is first seen in; the keys, in order."""
        keys = [c.key for c in cands]
        key_count, first_seen, sent_of = self.key_count, self.first_seen, self.sent_of
        for c, key in zip(cands, keys):
            key_count[key] = key_count.get(key, 0) + 1
            first_seen.setdefault(key, sent_of[c.head])
        return keys

    def head_features(self, hi: int) -> "_HeadFeatures":
        cache = self.__dict__.setdefault("_head_cache", {})
        hf = cache.get(hi)
        if hf is None:
            hf = cache[hi] = _HeadFeatures(self, hi)
        return hf

    def nearest_trigger(self, si: int) -> tuple[Optional[int], Optional[str]]:
        # memoized per sentence: candidates × triggers was quadratic on long documents
        cache = self.__dict__.setdefault("_nearest_cache", {})
        if si not in cache:
            cache[si] = self._nearest_trigger(si)
        return cache[si]

    def sentence_trigger_features(self, si: int) -> list[int]:
        """The hashed trigger-distance features of sentence ``si`` that no head changes (tdist,
        tdist_dir, ttype), made once per sentence; a sentence with a nearest trigger only."""
        cache = self.__dict__.setdefault("_sent_trigger_cache", {})
        got = cache.get(si)
        if got is None:
            dist, ttype = self.nearest_trigger(si)
            db = _bucket(abs(dist), (0, 1, 2, 4))
            got = cache[si] = [_H[f"tdist={db}"], _H[f"tdist_dir={db}{'+' if dist > 0 else '-'}"],
                               _H[f"ttype={ttype}"]]
        return got

    def first_trigger_feature(self, si: int) -> int:
        dist, _ = self.nearest_trigger(si)
        return _FIRST_TRIG_H[self.first_violent == si + dist]

    def _nearest_trigger(self, si: int) -> tuple[Optional[int], Optional[str]]:
        best = None
        for ts in self.trigger_sents:
            d = ts - si
            if best is None or abs(d) < abs(best) or (abs(d) == abs(best) and d < best):
                best = d
        if best is None:
            return None, None
        return best, self.trigger_sents[si + best][0].type


_CHILD_DEPS = ("amod", "compound", "nummod", "acl", "relcl")


class _Keyed(dict):
    """A tuple of words → the hash of the feature string ``make`` builds from them, remembered."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key: tuple) -> int:
        if len(self) > 200_000:
            self.clear()
        h = self[key] = _H[self.make(*key)]
        return h


_CHILD_H = _Keyed(lambda d, w: f"child={d}:{w}")
_HEAD_TTYPE_H = _Keyed(lambda hl, ttype: f"head_ttype={hl}|{ttype}")
_TDIST_DEP_H = _Keyed(lambda db, hdep: f"tdist_dep={db}|{hdep}")
_TDIST_HEAD_H = _Keyed(lambda db, hl: f"tdist_head={db}|{hl}")
_GOV_TDIST_H = _Keyed(lambda g, db: f"gov_tdist={g}|{db}")
_TRIG_BEFORE_H = _Keyed(lambda ttype, hdep: f"trig_rel=before|{ttype}|{hdep}")
_TRIG_AFTER_H = _Keyed(lambda ttype, hdep: f"trig_rel=after|{ttype}|{hdep}")
_TRIG_GOV_H = _Keyed(lambda ttype, g0: f"trig_gov={ttype}|{g0}")
_TRIG_GOVW_H = _Keyed(lambda word, g0, g1: f"trig_govw={word}|{g0}|{g1}")
_HEAD_H = _Prefixed("head=")
_ENT_H = _Prefixed("ent=")
_TAG_H = _Prefixed("tag=")
_HEAD_NOTRIG_H = _Prefixed("head_notrig=")


class _HeadFeatures:
    """The hashed features of a candidate that depend on its head token only (several candidate
    forms share a head: chunk, compound, tails, "of" phrase, entity), made once per head."""

    __slots__ = ("head", "ent", "gov", "sent_count", "tag_child", "trigger", "trig_rels", "trig_govs")

    def __init__(self, ctx: "DocContext", hi: int):
        tt = ctx.tokens
        dep, lower, head_of = tt.dep, tt.lower, tt.head
        hl = tt.lemma[hi]
        hdep = dep[hi]
        si = ctx.sent_of[hi]
        self.head = _HEAD_H[hl]
        self.ent = _ENT_H[tt.ent_type[hi]]
        gov, self.gov = _GOVERNORS.get_for(tt, hi)
        self.sent_count = [_SENT_H[si], _COUNT_H[ctx.lemma_count.get(hl, 0)]]
        self.tag_child = [_TAG_H[tt.tag[hi]]] + [
            _CHILD_H[dep[c], lower[c]] for c in tt.children[hi] if dep[c] in _CHILD_DEPS][:4]
        dist, ttype = ctx.nearest_trigger(si)
        # per same-sentence trigger: (its token, hashed "before" and "after" features, the
        # governor features that follow them when the head hangs off the trigger)
        self.trig_rels: list[tuple[int, int, int, list[int]]] = []
        if dist is None:
            self.trigger = [_NO_TRIGGER_H, _HEAD_NOTRIG_H[hl]]
            return
        db = _bucket(abs(dist), (0, 1, 2, 4))
        self.trigger = ctx.sentence_trigger_features(si) + [
            _HEAD_TTYPE_H[hl, ttype], _TDIST_DEP_H[db, hdep], _TDIST_HEAD_H[db, hl],
            _GOV_TDIST_H[gov[-1], db], ctx.first_trigger_feature(si)]
        if dist == 0:
            hh = head_of[hi]
            for t in ctx.trigger_sents[si]:
                govs = []
                if hh == t.token or head_of[hh] == t.token:
                    govs = [_TRIG_GOV_H[t.type, gov[0]],
                            _TRIG_GOVW_H[t.text.lower(), gov[0], gov[1] if len(gov) > 1 else ""]]
                self.trig_rels.append((t.token, _TRIG_BEFORE_H[t.type, hdep], _TRIG_AFTER_H[t.type, hdep], govs))


class _BucketHashes(dict):
    """n → the hash of ``f"{name}={_bucket(n, edges)}"`` (a feature of a small count), remembered."""

    def __init__(self, name: str, edges: tuple[int, ...]):
        super().__init__()
        self.name, self.edges = name, edges

    def __missing__(self, n: int) -> int:
        h = self[n] = _H[f"{self.name}={_bucket(n, self.edges)}"]
        return h


_LEN_H = _BucketHashes("len", (0, 1, 2, 3, 5, 8))
_FIRST_SENT_H = _BucketHashes("key_first_sent", (0, 1, 3))
_KEY_COUNT_H = _BucketHashes("key_count", (1, 2, 4))
_SENT_H = _BucketHashes("sent", (0, 1, 2, 4, 7, 12))
_COUNT_H = _BucketHashes("count", (1, 2, 3, 5))


_FORM_H = _Prefixed("form=")
_TEXT_H = _Prefixed("text=")
_FIRST_H = _Prefixed("first=")
_LAST_H = _Prefixed("last=")
_W_H = _Prefixed("w=")
_LEFT_H = (None, _Prefixed("L1="), _Prefixed("L2="), _Prefixed("L3="))
_RIGHT_H = (None, _Prefixed("R1="), _Prefixed("R2="), _Prefixed("R3="))


class _PairHashes(dict):
    """(left word, right word) → ``_H["L12=" + left + "_" + right]``, remembered."""

    def __missing__(self, pair: tuple[str, str]) -> int:
        if len(self) > 200_000:
            self.clear()
        h = self[pair] = _H[f"L12={pair[0]}_{pair[1]}"]
        return h


_L12_H = _PairHashes()


def featurize(cand: Candidate, ctx: DocContext, ckey: Optional[str] = None) -> list[int]:
    """The candidate's hashed features (in a fixed order: the model sums their weights);
    ``ckey``: ``cand.key`` when the caller has it already."""
    tt = ctx.tokens
    lower = tt.lower
    n = tt.n
    start, end, hi = cand.start, cand.end, cand.head
    hf = ctx.head_features(hi)
    words = lower[start:end]
    f = [_FORM_H[cand.form], hf.head, _TEXT_H[" ".join(words)], _FIRST_H[words[0]], _LAST_H[words[-1]],
         _LEN_H[len(words)], hf.ent, _DIGIT_H[True in tt.like_num[start:end]]]
    f += map(_W_H.__getitem__, words)
    f += hf.gov
    # L1 R1 L2 R2 L3 R3, each where the doc has that word
    for off in (1, 2, 3):
        if start - off >= 0:
            f.append(_LEFT_H[off][lower[start - off]])
        if end + off - 1 < n:
            f.append(_RIGHT_H[off][lower[end + off - 1]])
    if start >= 2:
        f.append(_L12_H[lower[start - 2], lower[start - 1]])
    # document context
    if ckey is None:
        ckey = cand.key
    si = ctx.sent_of[hi]
    f += hf.sent_count
    first = ctx.first_seen.get(ckey, si)
    f.append(_FIRST_MENTION_H[si == first])
    f.append(_FIRST_SENT_H[first])
    f.append(_KEY_COUNT_H[ctx.key_count.get(ckey, 1)])
    f += hf.tag_child
    f += hf.trigger
    for token, before, after, govs in hf.trig_rels:
        f.append(before if start < token else after)
        f += govs
    f.append(_BIAS_H)
    return f


_DIGIT_H = {b: _h(f"shape_has_digit={b}") for b in (False, True)}
_FIRST_MENTION_H = {b: _h(f"first_mention={b}") for b in (False, True)}
_BIAS_H = _h("bias")
_NO_TRIGGER_H = _h("no_trigger_doc")
_FIRST_TRIG_H = {b: _h(f"first_trig_sent={b}") for b in (False, True)}


def featurize_doc(doc: Doc, triggers: list[Trigger]) -> list[Candidate]:
    ctx = DocContext(doc, triggers)
    cands = candidates(doc)
    keys = ctx.count_keys(cands)
    for c, key in zip(cands, keys):
        c.features = featurize(c, ctx, key)
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
    tt = token_table(doc)
    # the distinct words, hashed through the remembering dict of "w=" features (no other feature
    # here starts with "w="): the same hashes as of the strings, without a string per token
    words = {lower for lower, alpha in zip(tt.lower, tt.is_alpha) if alpha}
    return sorted(_hash_all(list(f)) + list(map(_W_H.__getitem__, words)))
