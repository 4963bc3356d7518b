"""Linear time and bounded memory for any shape of text, with the full model.

The issue's cases, scaled down so the whole file runs in well under a minute: a page of many
short paragraphs against a page of the same size in few paragraphs, the same prose on one line,
one run-on sentence without a stop. Time is asserted only as the ratios the issue asks for (many
paragraphs ≤ 3× few paragraphs; one line ≤ 3× paragraphs), measured in one run, best of two.
The rest is structural: sentences the parser sees are capped, casualty counts are read once per
document, a long document's parts are released one after the other and merge into one record
whose every span indexes the whole text.
"""
from __future__ import annotations

import gc
import importlib.util
import time
import weakref
from pathlib import Path

import pytest

from eventwire import pipeline as pipeline_module
from eventwire.extract import casualties
from eventwire.ingest import read_text
from eventwire.limits import MAX_SENTENCE_TOKENS
from eventwire.model import Article
from eventwire.nlp import pipeline as nlp_pipeline
from eventwire.pipeline import Pipeline

_spec = importlib.util.spec_from_file_location(
    "scaling", Path(__file__).resolve().parents[2] / "benchmarks" / "scaling.py")
scaling = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scaling)

SIZE = 20_000          # small enough for the suite; the benchmark runs the sizes


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    p = Pipeline.default()
    p.run(Article(text=scaling.news_prose(2000), published="2024-03-01"))   # warm-up
    return p


def _best_times(a, b, repeat: int = 2) -> tuple[float, float]:
    """Best time of each of two runs, alternating them, so that a burst of load from other
    processes on a shared machine does not land on one side only."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for k, fn in enumerate((a, b)):
            t0 = time.perf_counter()
            fn()
            best[k] = min(best[k], time.perf_counter() - t0)
    return best[0], best[1]


# The page: 5,000 <p> in 608 KB (about 122 characters a paragraph) against the same size
# in 50 paragraphs. At full size one page takes ~55 s on one calm core of the build machine, so
# the four runs of a best-of-two would take ~4 minutes: the test keeps the shape (the
# paragraph length and the 100:1 ratio of paragraph counts) at the largest size that stays
# under ~90 s on the shared build machine, over two parts (``PART_CHARS``) of the text.
PAGE_CHARS = 100_000
PARAGRAPH_CHARS = 608_000 // 5_000


def test_a_page_of_many_paragraphs_takes_at_most_3x_a_page_of_few(pipe):
    """The 5,000-paragraph page of the issue at a sixth of its size: 826 paragraphs against 8."""
    n_many = PAGE_CHARS // PARAGRAPH_CHARS
    many, few = scaling.html_page(PAGE_CHARS, n_many), scaling.html_page(PAGE_CHARS, n_many // 100)
    assert many.count("<p>") == n_many and few.count("<p>") == n_many // 100
    found = {}

    def run(name, html):
        def go():
            ex = pipe.run(read_text(html, where="page.html", html=True, published="2024-03-01"))
            found[name] = len(ex.events)
        return go
    t_few, t_many = _best_times(run("few", few), run("many", many))
    assert t_many <= 3 * t_few, f"{t_many:.1f} s for {n_many} paragraphs vs {t_few:.1f} s for {n_many // 100}"
    assert found["many"] > 300 and found["many"] >= 0.9 * found["few"]   # both pages read whole


def test_prose_on_one_line_takes_at_most_3x_the_same_prose_in_paragraphs(pipe):
    para = scaling.shaped("para", SIZE)
    line = scaling.shaped("line", SIZE)
    assert "\n" not in line
    ex = None

    def run_line():
        nonlocal ex
        ex = pipe.run(Article(text=line, published="2024-03-01"))
    t_para, t_line = _best_times(lambda: pipe.run(Article(text=para, published="2024-03-01")), run_line)
    assert t_line <= 3 * t_para, f"{t_line:.1f} s on one line vs {t_para:.1f} s in paragraphs"
    assert len(ex.events) > 40                           # the one-line text is still read as news


def test_a_run_on_sentence_reaches_the_parser_in_capped_pieces(pipe):
    text = scaling.shaped("nostop", 12_000)
    doc = nlp_pipeline.parse(text, pipe.nlp)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    ex = pipe.run(Article(text=text, published="2024-03-01"))
    assert ex.events and all(0 <= s.start <= s.end <= len(text) for s in ex.sentences)


def test_a_long_sentence_is_cut_at_clause_punctuation_first(pipe):
    clause = "gunmen fired on the crowd near the market, "
    text = clause * 60 + "police said."
    doc = nlp_pipeline.parse(text, pipe.nlp)
    sents = list(doc.sents)
    assert len(sents) > 1 and max(len(s) for s in sents) <= MAX_SENTENCE_TOKENS
    # every cut falls right after a comma, none inside a clause
    assert all(doc[s.start - 1].text == "," for s in sents[1:])


def test_casualty_counts_are_read_once_per_document(pipe, monkeypatch):
    calls = []
    real = casualties._find_counts

    def counting(doc, span):
        if span is None:
            calls.append(doc)
        return real(doc, span)

    monkeypatch.setattr(casualties, "_find_counts", counting)
    ex = pipe.run(Article(text=scaling.news_prose(6000), published="2024-03-01"))
    violent = [e for e in ex.events if e.type in ("attack", "bombing", "armed_clash")]
    assert len(violent) > 10
    assert len(calls) == 1, f"the whole document was scanned {len(calls)} times"


def test_a_long_document_is_analysed_in_parts_released_one_after_another(pipe, monkeypatch):
    monkeypatch.setattr(pipeline_module, "PART_CHARS", 3000)
    text = scaling.shaped("para", 12_000)
    alive_at_parse: list[int] = []
    refs: list[weakref.ref] = []
    real_parse = nlp_pipeline.parse

    def parse(t, nlp=None):
        gc.collect()
        alive_at_parse.append(sum(r() is not None for r in refs))
        doc = real_parse(t, nlp)
        refs.append(weakref.ref(doc))
        return doc

    monkeypatch.setattr(nlp_pipeline, "parse", parse)
    ex = pipe.run(Article(text=text, published="2024-03-01"))
    assert len(alive_at_parse) >= 4                      # 12 000 characters in parts of ≤ 3 000
    assert alive_at_parse == [0] * len(alive_at_parse), alive_at_parse   # earlier docs released
    _check_spans(ex, text)
    assert len(ex.events) > 30


def _check_spans(ex, text: str) -> None:
    """Every offset of the merged record indexes the whole text; ids are unique and resolve."""
    def span(s, e, t):
        if s is not None:
            assert 0 <= s <= e <= len(text) and (t is None or text[s:e] == t), (s, e, t)

    for i, s in enumerate(ex.sentences):
        assert s.index == i
        span(s.start, s.end, s.text)
    ids = [e.id for e in ex.entities]
    assert len(ids) == len(set(ids))
    for ent in ex.entities:
        for m in ent.mentions:
            span(m.start, m.end, m.text)
            assert m.sentence is None or ex.sentences[m.sentence].start <= m.start
    assert len({ev.id for ev in ex.events}) == len(ex.events)
    for ev in ex.events:
        span(ev.trigger.start, ev.trigger.end, ev.trigger.text)
        assert ev.trigger.sentence is None or \
            ex.sentences[ev.trigger.sentence].start <= ev.trigger.start < ex.sentences[ev.trigger.sentence].end
        for arg in ev.perpetrators + ev.targets + ev.victims + ev.weapons + ev.claimed_by:
            span(arg.start, arg.end, arg.text)
            assert arg.entity_id is None or arg.entity_id in ids
        for m in ev.evidence + ev.killed.evidence + ev.injured.evidence:
            span(m.start, m.end, m.text)
        if ev.location is not None:
            span(ev.location.start, ev.location.end, ev.location.text)
    for p in ex.places:
        span(p.start, p.end, p.text)
    for d in ex.dates:
        span(d.start, d.end, d.text)
