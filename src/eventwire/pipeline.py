"""One article in, one ``Extraction`` out: the nlp layer, then every extractor.

    pipe = Pipeline.default()
    ex = pipe.run(article)                 # model.Extraction
    for ex in pipe.run_many(articles): …   # batched through nlp.pipe
    Pipeline(extractor="mentions")         # another registered incident extractor
    Pipeline(settings=Settings.load().replace("events", role_threshold=0.3))

The pipeline is built from its ``Settings``: ``[pipeline] extractor`` names the incident
extractor (``extract/registry.py``), ``[pipeline] steps`` the steps its events go through
(``extract/steps.py``); the same settings object is passed to every component.
"""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator, Optional

from .extract.quotes import extract_quotes
from .extract.registry import build_extractor
from .extract.steps import finish_events
from .extract.relations import extract_relations
from .limits import PART_CHARS
from .model import Article, Extraction
from .nlp import Analysis
from .nlp.pipeline import analyze, load_nlp, parse_many
from .parts import run_in_parts
from .settings import Settings

_DEFAULTS: dict[Optional[str], "Pipeline"] = {}


class Pipeline:
    def __init__(self, nlp=None, *, extractor: Optional[str] = None, settings: Optional[Settings] = None,
                 events: bool = True, quotes: bool = True, relations: bool = True):
        self.settings = settings or Settings.load()
        self.extractor_name = extractor or self.settings.pipeline.extractor
        # built first: an unknown name or a missing model file fails before the spaCy model loads
        self.extractor = build_extractor(self.extractor_name, self.settings) if events else None
        self.nlp = nlp or load_nlp()
        self.with_events, self.with_quotes, self.with_relations = events, quotes, relations

    @classmethod
    def default(cls, extractor: Optional[str] = None) -> "Pipeline":
        """The process-wide pipeline for an extractor (default: the one the settings name); the
        spaCy model is loaded once per process and shared."""
        if extractor not in _DEFAULTS:
            shared = next(iter(_DEFAULTS.values()), None)
            _DEFAULTS[extractor] = cls(shared.nlp if shared else None, extractor=extractor)
        return _DEFAULTS[extractor]

    def run(self, article: Article) -> Extraction:
        """One article; a text over ``PART_CHARS`` is analysed in parts (``eventwire.parts``)."""
        if len(article.text) > PART_CHARS:
            return run_in_parts(article, self._run_whole, PART_CHARS)
        return self._run_whole(article)

    def _run_whole(self, article: Article) -> Extraction:
        return self._extract(analyze(article, self.nlp))

    def run_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Extraction]:
        """Extractions in input order; spaCy parses in batches of ``batch_size`` (long texts in
        parts, alone).

        The articles between two long ones are one stream through ``parse_many``, as a bare
        ``nlp.pipe`` over them would be: one loop that holds the doc it is extracting while the
        next batch is parsed. Ending a loop (and freeing every doc) after each batch let the C
        heap hand the batch's freed arrays back to the kernel and fault them in again for the
        next batch: ~110,000 page faults and ~0.7 s of system time for the benchmark's 201
        articles (docs/scaling.md, "Throughput")."""
        source = iter(articles)
        while True:
            queued: deque[Article] = deque()          # read from the source, not yet extracted
            long_one: list[Article] = []

            def texts() -> Iterator[str]:
                for article in source:
                    if len(article.text) > PART_CHARS:
                        long_one.append(article)      # ends this stream; run on its own below
                        return
                    queued.append(article)
                    yield article.text

            for doc in parse_many(texts(), self.nlp, batch_size=batch_size):
                yield self._extract(analyze(queued.popleft(), self.nlp, doc=doc))
            if not long_one:
                return
            yield self.run(long_one[0])

    def _extract(self, analysis: Analysis) -> Extraction:
        ex = Extraction(
            article=analysis.article, sentences=analysis.sentences, entities=analysis.entities,
            dates=analysis.dates, places=analysis.places,
            events=self.events(analysis) if self.with_events else [],
            quotes=extract_quotes(analysis) if self.with_quotes else [],
            relations=extract_relations(analysis) if self.with_relations else [])
        _complete_provenance(ex, analysis)
        return ex


    def events(self, analysis: Analysis) -> list:
        """The extractor's events, through the configured steps."""
        return finish_events(self.extractor(analysis), analysis, self.settings)


def _complete_provenance(ex: Extraction, analysis: Analysis) -> None:
    """Every evidence span names its sentence, whichever extractor made it."""
    spans = [m for e in ex.events
             for m in (e.trigger, *e.mentions, *e.evidence, *e.killed.evidence, *e.injured.evidence)]
    spans += [q.cue for q in ex.quotes if q.cue is not None]
    for m in spans:
        if m.sentence is None:
            m.sentence = analysis.sentence_index(m.start)
    for q in ex.quotes:
        if q.sentence is None:
            q.sentence = analysis.sentence_index(q.start)


def extract_text(text: str, published: Optional[str] = None, *, title: Optional[str] = None,
                 source: Optional[str] = None, url: Optional[str] = None,
                 html: Optional[bool] = None, extractor: Optional[str] = None) -> Extraction:
    """The Python API behind ``eventwire.extract``: text or HTML in, Extraction out."""
    from .ingest import read_bytes
    article = read_bytes(text.encode("utf-8"), where="<text>", title=title, published=published,
                         source=source, url=url, html=html)
    return Pipeline.default(extractor).run(article)
