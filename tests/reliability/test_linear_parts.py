"""Merging a long document's parts (``eventwire.parts``), with the model-free light pipeline:
offsets into the whole text, sentence indices renumbered, one entity per type and name, ids
rewritten wherever they are used, events renumbered; the parts concatenate to the text."""
from __future__ import annotations

from eventwire.model import Article
from eventwire.parts import article_parts, run_in_parts
from light_pipeline import LightPipeline

PARA = ("Gunmen attacked a police post in Quetta on Monday, killing 5 people, Colonel Ahmed Khan said. "
        "The Baloch Front claimed the attack.")


def _text(n: int) -> str:
    return "\n\n".join(PARA.replace("Monday", f"day {i}") for i in range(n))


def test_parts_cut_at_paragraphs_and_concatenate_back():
    article = Article(text=_text(40))
    parts = list(article_parts(article, 1000))
    assert len(parts) > 4
    assert "".join(p.text for _, p in parts) == article.text
    for offset, part in parts:
        assert article.text[offset:offset + len(part.text)] == part.text
        assert len(part.text) <= 1000
        assert part.text.startswith("Gunmen")            # cut between paragraphs, not inside one


def test_one_line_text_is_cut_between_sentences():
    text = _text(40).replace("\n\n", " ")
    parts = [p.text for _, p in article_parts(Article(text=text), 1000)]
    assert all(p.startswith(("Gunmen", "The Baloch")) for p in parts)


def test_merged_record_indexes_the_whole_text():
    article = Article(text=_text(30), published="2024-03-01")
    light = LightPipeline()
    ex = run_in_parts(article, light.run, 1000)
    whole = light.run(article)
    text = article.text
    assert ex.article is article
    assert len(ex.sentences) == len(whole.sentences)
    for i, s in enumerate(ex.sentences):
        assert s.index == i and text[s.start:s.end] == s.text
    # one entity per name across the parts, with every mention of the whole text
    names = [e.name for e in ex.entities]
    assert len(names) == len(set(names))
    assert {e.name: len(e.mentions) for e in ex.entities} == {e.name: len(e.mentions) for e in whole.entities}
    assert len({e.id for e in ex.entities}) == len(ex.entities)
    for e in ex.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text
    assert [ev.id for ev in ex.events] == [f"{article.id}-e{n}" for n in range(1, len(ex.events) + 1)]
    for ev in ex.events:
        assert text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
        for v in ev.victims:
            assert text[v.start:v.end] == v.text
    for q in ex.quotes:
        assert text[q.start:q.end] == q.text


def test_a_short_text_is_one_part():
    article = Article(text=PARA)
    assert [(0, PARA)] == [(o, p.text) for o, p in article_parts(article, 1000)]
