"""The NLP layer's output for one article: what the extractors read.

``Analysis`` bundles the spaCy ``Doc`` (built over ``article.text`` exactly, so token
``idx`` values are article offsets) with the article-level records the nlp layer makes:
sentences, entities merged into actors, normalized dates and geocoded places.
"""
from __future__ import annotations

import weakref
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_ALPHA, IS_PUNCT, LEMMA, LIKE_NUM, LOWER, ORTH, POS, SENT_START, SPACY, TAG
from spacy.tokens import Doc

from ..model import Article, DateValue, Entity, Place, Sentence


@dataclass
class Analysis:
    article: Article
    doc: Doc
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dates: list[DateValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)     # one per place mention, resolved
    dateline: Optional[tuple[int, int]] = None            # "KABUL (Reuters) -": chars to skip
    # places named inside organizations' names ("the U.S. Army"): toponyms, never event places
    name_places: list[Place] = field(default_factory=list)

    def in_dateline(self, char: Optional[int]) -> bool:
        return self.dateline is not None and char is not None and self.dateline[0] <= char < self.dateline[1]

    def __post_init__(self) -> None:
        self._sent_starts = [s.start for s in self.sentences]
        self._mention_index: list[tuple[int, int, Entity]] = sorted(
            ((m.start, m.end, e) for e in self.entities for m in e.mentions), key=lambda x: (x[0], x[1]))
        self._mention_starts = [m[0] for m in self._mention_index]
        self._longest_mention = max((e - s for s, e, _ in self._mention_index), default=0)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> Optional[str]:
        return self.article.published

    def sentence_index(self, char: int) -> Optional[int]:
        """Index of the sentence holding character ``char`` (None outside all sentences)."""
        i = bisect_right(self._sent_starts, char) - 1
        if i >= 0 and char < self.sentences[i].end:
            return i
        return None

    def entity(self, entity_id: str) -> Optional[Entity]:
        return next((e for e in self.entities if e.id == entity_id), None)

    def entity_at(self, start: int, end: int) -> Optional[Entity]:
        """The entity with a mention overlapping [start, end), the longest overlap first."""
        best, best_overlap = None, 0
        first = bisect_left(self._mention_starts, start - self._longest_mention)
        for ms, me, ent in self._mention_index[first:]:
            if ms >= end:
                break
            overlap = min(me, end) - max(ms, start)
            if overlap > best_overlap:
                best, best_overlap = ent, overlap
        return best

    def place_at(self, start: int, end: int) -> Optional[Place]:
        for p in self.places:
            if p.start is not None and p.start < end and start < p.end:
                return p
        return None

    def dates_in(self, start: int, end: int) -> list[DateValue]:
        return [d for d in self.dates if d.start is not None and start <= d.start < end]


_ATTRS = [ORTH, LOWER, LEMMA, DEP, POS, TAG, ENT_TYPE, HEAD, IDX, LIKE_NUM, IS_ALPHA, IS_PUNCT]


class _Strings(dict):
    """spaCy string hash (or symbol id) → its string; a hash is the string's own murmur hash,
    the same in every vocab, so one table serves the process. Bounded."""

    strings = None

    @classmethod
    def of(cls, strings) -> "_Strings":
        _NAMES.strings = strings
        if len(_NAMES) > 1_000_000:
            _NAMES.clear()
            _LOWER_LEMMAS.clear()
        return _NAMES

    def __missing__(self, key: int) -> str:
        value = self[key] = self.strings[key]
        return value


class _LowerLemmas(dict):
    """lemma hash → the lemma in lower case."""

    names: Optional[_Strings] = None

    def of(self, names: _Strings) -> "_LowerLemmas":
        self.names = names
        return self

    def __missing__(self, key: int) -> str:
        value = self[key] = self.names[key].lower()
        return value


_NAMES = _Strings()
_LOWER_LEMMAS = _LowerLemmas()


class TokenTable:
    """The token attributes the extractors read, as plain Python lists indexed by token position,
    read off a parsed ``Doc`` in one pass. Reading ``doc[i].lower_`` makes a new ``Token`` object
    on every access; the extractors that walk every candidate phrase read these lists instead."""

    __slots__ = ("n", "idx", "text", "lower", "lemma", "dep", "pos", "tag", "ent_type", "head",
                 "like_num", "is_alpha", "is_punct", "_children", "__weakref__")

    def __init__(self, doc: Doc):
        n = len(doc)
        self.n = n
        self._children: Optional[list[list[int]]] = None
        if not n:
            self.idx = self.text = self.lower = self.lemma = self.dep = self.pos = self.tag = []
            self.ent_type = self.head = self.like_num = self.is_alpha = self.is_punct = []
            return
        # one array of every attribute (spaCy's own C fields), then the strings of the hashes,
        # each distinct hash looked up once in the process
        arr = doc.to_array(_ATTRS)
        names = _Strings.of(doc.vocab.strings)
        self.text, self.lower, self.dep, self.pos, self.tag, self.ent_type = (
            list(map(names.__getitem__, arr[:, k].tolist())) for k in (0, 1, 3, 4, 5, 6))
        self.lemma = list(map(_LOWER_LEMMAS.of(names).__getitem__, arr[:, 2].tolist()))
        self.head = (np.arange(n, dtype=np.int64) + arr[:, 7].view(np.int64)).tolist()
        self.idx = arr[:, 8].tolist()
        self.like_num, self.is_alpha, self.is_punct = ((arr[:, k] != 0).tolist() for k in (9, 10, 11))

    @property
    def children(self) -> list[list[int]]:
        """Each token's syntactic children, in text order (``Token.children``)."""
        if self._children is None:
            kids: list[list[int]] = [[] for _ in range(self.n)]
            for i, h in enumerate(self.head):
                if h != i:
                    kids[h].append(i)
            self._children = kids
        return self._children


_TABLES: "weakref.WeakKeyDictionary[Doc, TokenTable]" = weakref.WeakKeyDictionary()


def token_table(doc: Doc) -> TokenTable:
    """The ``TokenTable`` of a parsed doc, made once and kept as long as the doc lives (the
    docs are not changed after the nlp layer: the table stays true to them)."""
    table = _TABLES.get(doc)
    if table is None or table.n != len(doc):
        table = _TABLES[doc] = TokenTable(doc)
    return table


def token_strings(doc: Doc, attr: int) -> list[str]:
    """One string attribute of every token (``ORTH``: ``Token.text``, ``LOWER``: ``lower_``),
    read from spaCy's array without making ``Token`` objects; not remembered, so it serves a
    doc that is still being annotated."""
    if not len(doc):
        return []
    return list(map(_Strings.of(doc.vocab.strings).__getitem__, doc.to_array(attr).tolist()))


_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per doc (spaCy's ``Doc.text`` joins every token anew on each
    read; the nlp layer and the extractors read it several times an article). Joined from the
    token strings and trailing-space flags in spaCy's arrays, which is what ``Doc.text`` joins
    (each ``Token.text_with_ws``: the text, and one space if the token has one), without making
    a ``Token`` per token."""
    text = _TEXTS.get(doc)
    if text is None:
        if len(doc):
            spaces = [" " if s else "" for s in doc.to_array(SPACY).tolist()]
            text = "".join(map(str.__add__, token_strings(doc, ORTH), spaces))
        else:
            text = ""
        _TEXTS[doc] = text
    return text


_STARTS: "weakref.WeakKeyDictionary[Doc, tuple[int, list[int]]]" = weakref.WeakKeyDictionary()


def _sentence_starts(doc: Doc) -> list[int]:
    """The tokens that start a sentence (``Token.is_sent_start`` true: ``sent_start`` 1; the
    array holds -1 as an unsigned number), in order, read from spaCy's array once per parsed
    doc (like the TokenTable, kept while the doc lives: the docs are not changed after the nlp
    layer)."""
    got = _STARTS.get(doc)
    if got is None or got[0] != len(doc):
        flags = doc.to_array(SENT_START).tolist() if len(doc) else []
        got = _STARTS[doc] = (len(doc), [i for i, f in enumerate(flags) if f == 1])
    return got[1]


def sentence_start(token) -> int:
    """Index of the first token of ``token``'s sentence.

    spaCy's ``Token.sent`` scans every sentence of the doc, which makes a loop over tokens
    quadratic; the nearest sentence start at or before the token is a binary search (what a
    walk back to the first ``is_sent_start`` token, or to token 0, finds).
    """
    starts = _sentence_starts(token.doc)
    k = bisect_right(starts, token.i) - 1
    return starts[k] if k >= 0 else 0


def sentence_end(token) -> int:
    """Index one past the last token of ``token``'s sentence (the next sentence start, or the
    doc's end)."""
    doc = token.doc
    starts = _sentence_starts(doc)
    k = bisect_left(starts, token.i + 1)
    return starts[k] if k < len(starts) else len(doc)


def sentence_span(token):
    """``token.sent`` without the scan over the whole doc (see ``sentence_start``)."""
    return token.doc[sentence_start(token):sentence_end(token)]
