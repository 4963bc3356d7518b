"""Blocking must not change what fusion decides: the indexed candidates (in memory and in
the store's per-batch query) give the same incidents as scoring every incident."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from eventwire.dates import LONGEST_SHORT_SPAN_DAYS, date_span, reported_span, year_starts
from eventwire.fuse.events import MATCH_THRESHOLD, EventKey, IncidentIndex, compatible_families, pair_score
from eventwire.store import schema as S
from eventwire.store.fusion import fuse_batch
from eventwire.store.testing import event, make_extraction, temp_store
from requirements import need_postgres
PLACES = {  # country → (city, admin1, lat, lon)
    "PK": [("Karachi", "Sindh", 24.86, 67.01), ("Hyderabad", "Sindh", 25.39, 68.37),
           ("Quetta", "Balochistan", 30.18, 66.97)],
    "AF": [("Kabul", "Kabul", 34.53, 69.17), ("Jalalabad", "Nangarhar", 34.43, 70.45)],
    "NG": [("Maiduguri", "Borno", 11.85, 13.16)],
    "IQ": [("Baghdad", "Baghdad", 33.34, 44.40), ("Mosul", "Nineveh", 36.34, 43.13)],
}
GROUPS = ["Baloch Liberation Army", "Islamic State", "Boko Haram", "Taliban", "Red Dawn Front"]
TYPES = ["attack", "bombing", "suicide_attack", "kidnapping", "arson", "claim", "protest"]


def synthetic(n_events: int, seed: int) -> list:
    """Seeded articles about incidents over two years, several reports each, with the
    vagueness real reports have: month or year dates, undated events, only a province or
    a country, a claim as its own event, tolls that drift."""
    rng = random.Random(seed)
    incidents = []
    for i in range(n_events // 2):
        cc = rng.choice(list(PLACES))
        incidents.append({"cc": cc, "place": rng.choice(PLACES[cc]), "type": rng.choice(TYPES),
                          "day": date(2017, 1, 1) + timedelta(days=rng.randrange(730)),
                          "group": rng.choice(GROUPS) if rng.random() < 0.6 else None,
                          "killed": rng.choice([None, 0, 1, 3, 5, 12])})
    out, made = [], 0
    while made < n_events:
        specs, words, days = [], [], []
        for k in range(rng.choice([1, 1, 2, 3])):
            inc = rng.choice(incidents)
            day = inc["day"] + timedelta(days=rng.choice([0, 0, 1, -1, 3, 5]))
            days.append(day)
            roll = rng.random()
            when, precision = ((day.isoformat(), "day") if roll < 0.7 else
                               (day.isoformat()[:7], "month") if roll < 0.8 else
                               (day.isoformat()[:4], "year") if roll < 0.85 else (None, "day"))
            city, admin1, lat, lon = inc["place"]
            roll = rng.random()
            place, geo, adm = ((None, "city", None) if roll < 0.1 else
                               ((admin1, inc["cc"], None, None), "admin1", admin1) if roll < 0.25 else
                               ((inc["cc"], inc["cc"], None, None), "country", None) if roll < 0.35 else
                               ((city, inc["cc"], lat + rng.uniform(-.1, .1), lon), "city", admin1))
            perps = [inc["group"]] if inc["group"] and rng.random() < 0.7 else []
            killed = inc["killed"] + rng.choice([0, 0, 1]) if inc["killed"] is not None else None
            etype = "claim" if perps and rng.random() < 0.1 else inc["type"]
            words.append(f"{' and '.join(perps) or 'Gunmen'} {etype} near {city} ({k}).")
            specs.append(event(etype, id=f"e{k}", trigger=etype, date=when, precision=precision,
                               place=place, geo_precision=geo, admin1=adm, killed=killed,
                               perpetrators=perps, claimed_by=perps if etype == "claim" else ()))
        made += len(specs)
        published = (max(days) + timedelta(days=rng.randrange(3))).isoformat()
        text = f"Report {len(out)}: " + " ".join(words)
        out.append(make_extraction(text, published=published, title=f"R{len(out)}",
                                   source="wire", url=f"https://example.org/{seed}/{len(out)}",
                                   events=specs))
    return out


def fused(store) -> dict:
    """Incidents as the events in each, with their fused fields; actors with their counts."""
    def go(conn):
        members: dict[int, list[str]] = {}
        for r in conn.execute(select(S.event_sources.c.incident_id, S.event_sources.c.event_id)):
            members.setdefault(r.incident_id, []).append(r.event_id)
        cols = [c for c in S.incidents.c if c.name not in ("id", "updated_at")]
        incidents = {tuple(sorted(members[r.id])): tuple(getattr(r, c.name) for c in cols)
                     for r in conn.execute(select(S.incidents.c.id, *cols))}
        actors = sorted((r.name, r.n_articles, r.first_seen, r.last_seen)
                        for r in conn.execute(select(S.actors)))
        return {"incidents": incidents, "actors": actors}
    return store.read(go)


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_blocked_fusion_equals_exhaustive(backend):
    if backend == "postgresql":
        need_postgres()
    corpus = synthetic(300, seed=5)
    results = []
    for exhaustive in (False, True):
        with temp_store(backend) as store:
            for ex in corpus:
                store.add_extraction(ex)
            # small batches: most matches are with incidents stored by earlier batches
            while store.write(fuse_batch, limit=20, exhaustive=exhaustive)["articles"]:
                pass
            results.append(fused(store))
    blocked, everything = results
    assert len(blocked["incidents"]) == len(everything["incidents"])
    assert blocked == everything
    multi = [m for m in blocked["incidents"] if len({e.split(":")[0] for e in m}) > 1]
    assert len(multi) > 20          # the set exercises cross-article matches


@pytest.mark.parametrize("bound", [0, 4, None])      # no bound, a small one, the shipped one
def test_index_candidates_equal_a_scan_of_every_incident(bound):
    """The reference: every incident scored, but those only crowded weak anchors bring
    (``IncidentIndex``: more than ``weak_anchor_max`` incidents under one anchor)."""
    rng = random.Random(3)
    ix = IncidentIndex(weak_anchor_max=bound)
    joined = 0
    for n in range(1200):
        cc = rng.choice(["PK", "pk", "AF", None, ""])
        start = date(2018, 1, 1) + timedelta(days=rng.randrange(120))
        kind = rng.random()
        span = ((start.isoformat(), start.isoformat()) if kind < 0.7 else
                date_span(start.isoformat()[:7], "month") if kind < 0.8 else
                date_span("2018", "year") if kind < 0.83 else
                reported_span(start.isoformat()) if kind < 0.95 else (None, None))
        key = EventKey(id=f"e{n}", article_id=f"a{n // 2}", family=rng.choice(
                           ["violence", "claim", "kidnapping", "protest"]),
                       date_start=span[0], date_end=span[1], dated=kind < 0.83, country_code=cc,
                       place=rng.choice(["Karachi", "Kabul", "Hyderabad", "Sindh", None]),
                       admin1=rng.choice(["Sindh", "Kabul", None]),
                       geo_precision=rng.choice(["city", "city", "admin1", "country", None]),
                       # distances around REGION_KM, and across the date line
                       lat=None if rng.random() < 0.15 else rng.choice([24.0, 69.0]) + rng.uniform(0, 2.5),
                       lon=(rng.choice([66.0, 179.0]) + rng.uniform(0, 2.5) + 180) % 360 - 180,
                       perpetrators={rng.randrange(4)} if rng.random() < 0.5 else set(),
                       # targets and victims: a shared one anchors a match of its own
                       others={10 + rng.randrange(3)} if rng.random() < 0.3 else set(),
                       killed=rng.choice([None, 0, 3, 4]))
        blocked, everything = ix.match(key), ix.match(key, exhaustive=True)
        assert blocked == everything, key
        # what the blocks leave out, but for the crowded anchors' incidents, can never reach
        # the threshold, report by report
        candidates, crowded = ix.anchored(key)
        assert not candidates & crowded
        if not ix.weak_anchor_max:
            assert not crowded
        for incident_id, members in ix.members.items():
            if incident_id not in candidates | crowded:
                for m in members:
                    score = pair_score(key, m)
                    assert score is None or score < MATCH_THRESHOLD, (key, m)
        joined += blocked[0] is not None
        ix.add(blocked[0] if blocked[0] is not None else n, key)
    assert joined > 150
    # the set exercises the bound (year-long spans meet many incidents under one perpetrator)
    assert (ix.crowded_out > 0) == bool(ix.weak_anchor_max), ix.crowded_out


def test_spans_longer_than_a_month_are_calendar_years():
    """The store's candidate query relies on it (dates.LONGEST_SHORT_SPAN_DAYS)."""
    for value, precision in [("2020-02", "month"), ("2019-12", "month"), ("2016", "year"),
                             ("2018-11-23", "day"), ("2018-11-23", "month"), ("2018-11-23", "year")]:
        start, end = date_span(value, precision)
        days = (date.fromisoformat(end) - date.fromisoformat(start)).days
        assert days <= LONGEST_SHORT_SPAN_DAYS or (start[5:] == "01-01" and end[5:] == "12-31")
    assert year_starts("2016-12-30", "2018-01-02") == ["2016-01-01", "2017-01-01", "2018-01-01"]
    assert compatible_families("claim") == ("claim", "violence", "kidnapping", "arson")


def test_a_second_process_fusing_in_between_is_seen(tmp_path):
    """Each Store keeps its actor index between batches; another writer's fusion must not be
    missed (the fusion token changes with every batch)."""
    from eventwire.store import Store
    path = str(tmp_path / "x.db")
    one, two = Store(path), Store(path)
    try:
        one.add_extraction(make_extraction("Taliban fighters attacked a post.", published="2018-01-01",
                                           events=[event(perpetrators=["Taliban"])]))
        one.fuse()
        two.add_extraction(make_extraction("The Baloch Liberation Army attacked a bank.",
                                           published="2018-01-02",
                                           events=[event(perpetrators=["Baloch Liberation Army"])]))
        two.fuse()
        one.add_extraction(make_extraction("The BLA attacked a train.", published="2018-01-03",
                                           events=[event(perpetrators=["BLA"])]))
        one.fuse()
        names = sorted(a["name"] for a in one.actors())
        assert names == ["Baloch Liberation Army", "Taliban"]
    finally:
        one.close()
        two.close()


def test_spelling_pools_decide_as_comparing_every_actor():
    """ActorIndex checks a new name against whole spelling pools in one rapidfuzz call
    before comparing actor by actor; it must resolve exactly as the plain comparison."""
    from eventwire.fuse.actors import ActorIndex, name_key

    class Plain(ActorIndex):
        def _close_spelling_in_pools(self, key):
            return True

    rng = random.Random(11)
    first = ["Mohammed", "Mohammad", "Muhammad", "Ahmed", "Ahmad", "Abdul", "Abdel", "Hassan", "Hasan"]
    last = ["Rahman", "Rehman", "Rahmani", "Karimi", "Kareemi", "Nazari", "Nazary", "Haqqani", "Haqani"]
    orgs = ["Liberation Army", "Liberation Front", "Libration Army", "Peoples Front", "People Front"]
    fast, plain = ActorIndex(), Plain()
    hits = 0
    for n in range(1500):
        if rng.random() < 0.5:
            name, kind = f"{rng.choice(first)} {rng.choice(last)}", "individual"
            if rng.random() < 0.3:
                name = rng.choice(last)
        else:
            name, kind = f"{rng.choice(['Baloch', 'Baluch', 'Balooch', 'Sindhi'])} {rng.choice(orgs)}", "organization"
        got, want = fast.match(name, kind), plain.match(name, kind)
        assert got == want, name
        hits += got[1] == "spelling"
        actor_id = got[0] if got[0] is not None else n + 1
        aliases = [f"{rng.choice(last)} {rng.choice(first)}"] if rng.random() < 0.3 else []
        for index in (fast, plain):
            # actors gain other forms later (aliases of new keys)
            index.add(actor_id, name, kind, aliases=aliases, n_articles=rng.randrange(3))
        assert name_key(name)
    assert hits > 20


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_crowded_week_fuses_as_the_exhaustive_scan(backend):
    """The store's batches, with the kept index and the bound on crowded weak anchors, decide
    as the exhaustive scan of each batch (which leaves out only the crowded anchors' incidents),
    on a week dense enough for the bound to bind."""
    if backend == "postgresql":
        need_postgres()
    from eventwire.store.testing import attack_feed
    feed = attack_feed(800, seed=11)
    results, crowded = [], []
    for exhaustive in (False, True):
        with temp_store(backend) as store:
            for ex in feed:
                store.add_extraction(ex)
            total = 0
            while True:
                done = store.write(fuse_batch, limit=100, exhaustive=exhaustive)
                if not done["articles"]:
                    break
                total += done["crowded_out"]
            results.append(fused(store))
            crowded.append(total)
    assert results[0] == results[1]
    assert crowded[0] > 0 and crowded[1] > 0, crowded
