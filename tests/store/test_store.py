from __future__ import annotations

import pytest
from sqlalchemy import select

from eventwire.errors import StoreError
from eventwire.store import MAX_LIMIT, SCHEMA_VERSION, Store
from eventwire.store import schema as S
from eventwire.store.testing import event, make_extraction

KARACHI = ("Karachi", "PK", 24.86, 67.01)
QUETTA = ("Quetta", "PK", 30.18, 66.99)


def _karachi(source="Dawn", killed=4, published="2018-11-23", text=None):
    return make_extraction(
        text or f"Gunmen of the Baloch Liberation Army attacked the Chinese consulate in Karachi, "
                f"killing {killed}. \"We did it,\" said Jeeyand Baloch.",
        published=published, source=source, title="Consulate attacked",
        entities=[("Jeeyand Baloch", "PERSON")],
        events=[event("attack", date="2018-11-23", place=KARACHI, killed=killed,
                      perpetrators=["Baloch Liberation Army"], targets=["Chinese consulate"])],
        quotes=[("We did it", "Jeeyand Baloch")],
        relations=[("spokesperson_of", "Jeeyand Baloch", "Baloch Liberation Army")])


def _quetta():
    return make_extraction(
        "A bomb exploded at a market in Quetta on 2 March 2019, wounding 12; no group claimed it.",
        published="2019-03-03", source="AP",
        events=[event("bombing", trigger="bomb", date="2019-03-02", place=QUETTA, injured=12)])


def test_add_extraction_is_idempotent(store):
    ex = _karachi()
    assert store.add_extraction(ex) is True
    assert store.add_extraction(ex) is False
    # the same text with other whitespace and case is the same article
    again = _karachi(text=ex.article.text.upper().replace(" ", "  "))
    assert again.article.id == ex.article.id
    assert store.add_extraction(again) is False
    stats = store.stats()
    assert (stats["articles"], stats["events"], stats["quotes"], stats["relations"]) == (1, 1, 1, 1)
    assert store.has_articles([ex.article.id, "nope"]) == {ex.article.id}


def test_schema_version_is_recorded(store):
    with store.engine.connect() as conn:
        versions = list(conn.execute(select(S.migrations.c.version)).scalars())
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_reopening_does_not_migrate_again(tmp_path):
    path = str(tmp_path / "x.db")
    Store(path).close()
    with Store(path) as again:
        assert again.stats()["articles"] == 0


def test_newer_schema_is_refused(tmp_path):
    path = str(tmp_path / "x.db")
    with Store(path) as s, s.engine.begin() as conn:
        conn.execute(S.migrations.insert().values(version=SCHEMA_VERSION + 1, name="future",
                                                  applied_at="2099-01-01"))
    with pytest.raises(StoreError, match=r"\[E402\].*newer than this eventwire"):
        Store(path)


def test_bad_urls_are_one_line_errors(tmp_path):
    with pytest.raises(StoreError, match=r"\[E401\].*does not exist"):
        Store(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(StoreError, match=r"\[E401\]"):
        Store("mysql://nobody@localhost/x")
    with pytest.raises(StoreError, match=r"\[E401\].*does not exist"):
        Store(str(tmp_path / "none.db"), readonly=True)


def test_readonly_store_reads_but_never_writes(store, backend, tmp_path):
    store.add_extraction(_karachi())
    ro = Store(store.url, readonly=True, schema=store.schema)
    try:
        assert ro.stats()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            ro.add_extraction(_quetta())
        # even a raw write on a read connection is refused by the database itself
        with pytest.raises(Exception):
            with ro.engine.begin() as conn:
                conn.execute(S.articles.delete())
    finally:
        ro.close()
    assert store.stats()["articles"] == 1


def test_event_filters(store):
    store.add_extraction(_karachi())
    store.add_extraction(_quetta())
    store.fuse()
    assert store.count_events() == 2
    assert [e["type"] for e in store.events(type="bombing")] == ["bombing"]
    assert store.count_events(type="violence") == 2            # a type family
    assert store.count_events(country="pk") == 2
    assert store.count_events(country="IN") == 0
    assert [e["place"] for e in store.events(since="2019-01-01")] == ["Quetta"]
    assert [e["place"] for e in store.events(until="2018-12-31")] == ["Karachi"]
    assert [e["place"] for e in store.events(near=(24.9, 67.0, 25))] == ["Karachi"]
    assert store.count_events(near=(24.9, 67.0, 25)) == 1
    assert store.count_events(near=(24.9, 67.0, 2000)) == 2
    assert [e["place"] for e in store.events(actor="baloch liberation army")] == ["Karachi"]
    assert [e["place"] for e in store.events(q="market")] == ["Quetta"]
    assert [e["place"] for e in store.events(limit=1, offset=1)] == ["Karachi"]   # newest first
    assert store.events(limit=1)[0]["perpetrators"] == []                      # JSON decoded
    assert store.events(limit=1, offset=1)[0]["perpetrators"][0]["name"] == "Baloch Liberation Army"


def test_hostile_filter_values_are_just_text(store):
    store.add_extraction(_karachi())
    for value in ["'; DROP TABLE articles; --", "%", "_", "\\", "Karachi' OR '1'='1"]:
        assert store.events(q=value) == []
        assert store.events(actor=value) == []
        assert store.quotes(speaker=value) == []
        assert store.actor(value) is None
    assert store.stats()["articles"] == 1


def test_limits_are_capped(store):
    store.add_extraction(_karachi())
    assert len(store.events(limit=10 ** 9)) == 1
    from eventwire.store.read import clamp
    assert clamp(10 ** 9, 0) == (MAX_LIMIT, 0)
    from eventwire.errors import UsageError
    with pytest.raises(UsageError, match=r"\[E201\]"):
        store.events(limit=-1)


def test_article_keeps_text_and_extraction_with_spans(store):
    ex = _karachi()
    store.add_extraction(ex)
    got = store.article(ex.article.id)
    assert got["text"] == ex.article.text
    ev = got["extraction"]["events"][0]
    start, end = ev["perpetrators"][0]["start"], ev["perpetrators"][0]["end"]
    assert got["text"][start:end] == "Baloch Liberation Army"
    assert got["extraction"]["article"]["text"] == ex.article.text
    assert store.article("missing") is None
    listed = store.articles()
    assert [a["id"] for a in listed] == [ex.article.id] and "text" not in listed[0]


def test_quotes_and_actor_dossier(store):
    store.add_extraction(_karachi())
    store.fuse()
    (q,) = store.quotes(speaker="Jeeyand")
    assert q["text"] == "We did it" and q["speaker_actor"] == "Jeeyand Baloch"
    dossier = store.actor("Jeeyand Baloch")
    assert [x["text"] for x in dossier["quotes"]] == ["We did it"]
    assert dossier["ties"][0]["type"] == "spokesperson_of"
    assert dossier["ties"][0]["other"] == "Baloch Liberation Army"
    assert dossier["first_seen"] == dossier["last_seen"] == "2018-11-23"
    assert [a["name"] for a in store.actors(q="liberation")] == ["Baloch Liberation Army"]


def _write_many(url, schema, extractions, results):
    s = Store(url, schema=schema)
    try:
        results.put(sum(s.add_extraction(ex) for ex in extractions))
    finally:
        s.close()


def test_concurrent_writers_store_each_article_once(store):
    import multiprocessing as mp
    exs = [_karachi(source=f"S{i}", killed=i) for i in range(12)]
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    procs = [ctx.Process(target=_write_many, args=(store.url, store.schema, exs[::step], results))
             for step in (1, -1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    assert results.get() + results.get() == 12        # each article won by exactly one writer
    assert store.stats()["articles"] == 12
    assert store.stats()["events"] == 12


def test_unreachable_postgres_is_one_line():
    with pytest.raises(StoreError, match=r"^\[E401\] cannot open the database postgresql\+psycopg://"
                                         r"postgres@127\.0\.0\.1:1/x: .+$"):
        Store("postgresql://postgres@127.0.0.1:1/x", schema="ew_never")


def test_an_incident_takes_the_date_its_reports_state_over_publication_dates(store):
    """Two reports repeat the publication date (no date in their text); one says "on Friday"."""
    reports = []
    for n, (date, stated) in enumerate([("2019-10-05", False), ("2019-10-05", False), ("2019-10-04", True)]):
        ex = make_extraction(f"Thousands protested in Baghdad, report {n}.", published="2019-10-05",
                             url=f"https://example.org/{n}",
                             events=[event("protest", trigger="protested", date=date,
                                           place=("Baghdad", "IQ", 33.34, 44.40))])
        if not stated:
            ex.events[0].date.text = ""          # the extractor's publication-date fallback
        reports.append(ex)
    for ex in reports:
        store.add_extraction(ex)
    store.fuse()
    (incident,) = store.incidents(limit=10)
    assert (incident["date"], incident["n_sources"]) == ("2019-10-04", 3)
