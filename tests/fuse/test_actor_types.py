"""Actor types kept with the fused actor (issue 13): ACLED's inter code, a sector and the
country, voted over the actor's mentions in event roles across articles, with the vote counts
and a confidence; stored on both backends, filtered by inter code and sector."""
from __future__ import annotations

from sqlalchemy import inspect, select

from eventwire.extract.coding import code_events
from eventwire.fuse.actor_types import merged, mention_type, voted_type
from eventwire.store import SCHEMA_VERSION, Store
from eventwire.store import schema as S
from eventwire.store.testing import event, make_extraction

TURBAT = ("Turbat", "PK", 26.0, 63.05)


def _coded(text, published, **spec):
    ex = make_extraction(text, published=published, events=[event(**spec)])
    code_events(ex.events)            # the coder's codes, as the pipeline's ``codes`` step sets them
    return ex


def _articles():
    return [
        _coded("Fighters of the Baloch Liberation Army attacked a police post in Turbat, killing two "
               "policemen.", "2021-05-01", date="2021-05-01", place=TURBAT,
               perpetrators=["Baloch Liberation Army"], victims=["policemen"], killed=2),
        _coded("The BLA said its men ambushed an army convoy near Turbat on Saturday.", "2021-05-09",
               date="2021-05-08", place=TURBAT, perpetrators=["BLA"], targets=["army convoy"]),
        _coded("Baloch Liberation Army militants fired rockets at a checkpoint in Turbat; three "
               "policemen were hurt.", "2021-05-20", date="2021-05-20", place=TURBAT,
               perpetrators=["Baloch Liberation Army"], victims=["policemen"]),
    ]


def _by_name(store) -> dict:
    return {a["name"]: a for a in store.actors(limit=100)}


def test_the_fused_actor_keeps_its_type_across_articles(store):
    for ex in _articles():
        store.add_extraction(ex)
    store.fuse()
    actors = _by_name(store)
    bla = actors["Baloch Liberation Army"]          # "BLA" is the same fused actor
    assert (bla["inter"], bla["sector"], bla["country"]) == (2, "REB", "PK")
    assert bla["type_votes"]["inter"] == {"2": 3} and bla["type_confidence"] == 1.0
    police = actors["policemen"]
    assert (police["inter"], police["sector"], police["country"]) == (1, "COP", "PK")
    assert police["type_votes"]["inter"] == {"1": 2}
    # filtered by inter code and sector (case ignored)
    assert [a["name"] for a in store.actors(inter=[2])] == ["Baloch Liberation Army"]
    assert [a["name"] for a in store.actors(sector=["cop"])] == ["policemen"]
    assert store.count_actors(inter=[1, 2]) == 2 and store.count_actors(inter=[8]) == 0


def test_votes_add_up_over_batches_as_a_full_fusion(store):
    arts = _articles()
    store.add_extraction(arts[0])
    store.fuse()
    assert _by_name(store)["Baloch Liberation Army"]["type_votes"]["inter"] == {"2": 1}
    for ex in arts[1:]:
        store.add_extraction(ex)
    store.fuse()
    incremental = {n: (a["inter"], a["sector"], a["country"], a["type_confidence"], a["type_votes"])
                   for n, a in _by_name(store).items()}
    store.fuse(full=True)
    full = {n: (a["inter"], a["sector"], a["country"], a["type_confidence"], a["type_votes"])
            for n, a in _by_name(store).items()}
    assert incremental == full
    assert incremental["Baloch Liberation Army"][4]["inter"] == {"2": 3}


def test_a_split_vote_gives_the_majority_and_its_share(store):
    """Two articles whose coder called the Jhal Magsi Lashkar a rebel group (2), one a
    political militia (3): 2, with confidence 2/3 and the three votes as evidence."""
    for i, (inter, day) in enumerate([(2, "2021-06-01"), (3, "2021-06-10"), (2, "2021-06-20")]):
        store.add_extraction(make_extraction(
            f"Gunmen of the Jhal Magsi Lashkar raided a village near Gandava ({i}).", published=day,
            events=[event(date=day, place=("Gandava", "PK", 28.6, 67.5), perpetrators=["Jhal Magsi Lashkar"],
                          codes={"actor1": "Jhal Magsi Lashkar", "inter1": inter})]))
    store.fuse()
    lashkar = _by_name(store)["Jhal Magsi Lashkar"]
    assert lashkar["inter"] == 2 and lashkar["type_confidence"] == 0.667
    assert lashkar["type_votes"]["inter"] == {"2": 2, "3": 1}
    assert lashkar["country"] == "PK"                 # where it acts: a militia of no other country


def test_mentions_vote_and_ties_break_the_same_on_every_backend():
    # the coder's decision for the side's actor outranks the name's own typing
    assert mention_type("Baloch Liberation Army", "perpetrator", {"actor1": "Baloch Liberation Army",
                                                                  "inter1": 3}, "PK")["inter"] == "3"
    assert mention_type("Baloch Liberation Army", "perpetrator", {}, None) == {
        "inter": "2", "sector": "REB", "country": "PK"}
    # a state force of no stated country: the country it acts in
    assert mention_type("riot police", "target", {}, "ng") == {"inter": "1", "sector": "COP", "country": "NG"}
    votes = merged({"inter": {"3": 1}}, {"inter": {"2": 1}, "sector": {"REB": 1}})
    assert votes == {"inter": {"2": 1, "3": 1}, "sector": {"REB": 1}}
    assert voted_type(votes) == {"inter": 2, "sector": "REB", "country": None, "type_confidence": 0.5}
    assert voted_type({}) == {"inter": None, "sector": None, "country": None, "type_confidence": None}


def test_a_version_6_database_gains_the_actor_type_columns(store):
    store.add_extraction(_articles()[0])
    with store.engine.begin() as conn:
        for ix in ("ix_actors_inter", "ix_actors_sector"):
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {ix}")
        for col in ("inter", "sector", "country", "type_confidence", "type_votes"):
            conn.exec_driver_sql(f"ALTER TABLE actors DROP COLUMN {col}")
        conn.execute(S.migrations.delete().where(S.migrations.c.version >= 7))
    with Store(store.url, schema=store.schema) as again:
        with again.engine.connect() as conn:
            versions = list(conn.execute(select(S.migrations.c.version)).scalars())
            columns = {c["name"] for c in inspect(conn).get_columns("actors")}
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        assert {"inter", "sector", "country", "type_confidence", "type_votes"} <= columns
        again.fuse()
        assert _by_name(again)["Baloch Liberation Army"]["inter"] == 2
