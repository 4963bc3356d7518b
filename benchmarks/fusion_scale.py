"""How fusion (``Store.fuse()``) scales with the number of events.

For each size it builds a seeded synthetic corpus (incidents spread over ten years and
~40 countries with a skewed share of the news, each reported by one to several articles
whose dates, places, tolls and named actors vary as real reports do; new names keep
appearing as the corpus grows), writes it to a temporary SQLite store (or the
PostgreSQL URL given by --db-url, one fresh schema per size) and times ``fuse()`` alone.

    .venv/bin/python benchmarks/fusion_scale.py --events 2000,10000 [--profile FILE]
        [--dump FILE]   # write the fused output (incidents, sources, actors) as JSON lines

The last line is the ratio of per-event fusion time at the largest size to that at the
smallest (1.0: linear; 5.0 at a 5× larger corpus: quadratic).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import select  # noqa: E402

from eventwire.model import (Argument, Article, Count, DateValue, Entity, Event,  # noqa: E402
                             Extraction, Mention, Place, Quote, Sentence)
from eventwire.evaluate.dedup import pairwise_scores  # noqa: E402
from eventwire.store import Store  # noqa: E402
from eventwire.store import schema as S  # noqa: E402
from eventwire.store.testing import TextBuilder, temp_store  # noqa: E402

FIRST_DAY, DAYS = date(2014, 1, 1), 3650
FIRST = ["Ahmad", "Ali", "Fatima", "John", "Maria", "Hassan", "Omar", "Aisha", "Carlos", "Ana",
         "Ibrahim", "Musa", "Grace", "Peter", "Nadia", "Yusuf", "Khalid", "Sara", "Juan", "Amina"]
LAST = ["Khan", "Garcia", "Okafor", "Haddad", "Rahimi", "Mensah", "Silva", "Abdullah", "Nazari",
        "Mohamed", "Diallo", "Santos", "Hussain", "Bello", "Cruz", "Yilmaz", "Karimi", "Osei"]
TYPES = [("attack", 30), ("bombing", 18), ("armed_clash", 14), ("kidnapping", 10), ("arson", 6),
         ("assassination", 5), ("suicide_attack", 5), ("protest", 8), ("arrest", 4)]
TRIGGER = {"attack": "attacked", "bombing": "bombed", "armed_clash": "clashed with",
           "kidnapping": "kidnapped", "arson": "set fire to", "assassination": "assassinated",
           "suicide_attack": "blew himself up at", "protest": "protested at", "arrest": "arrested",
           "claim": "claimed"}
WORDS = ["Front", "Army", "Brigade", "Movement", "Council", "Vanguard", "Legion", "Union"]
ADJ = ["Northern", "Red", "Free", "Popular", "Islamic", "Democratic", "United", "Revolutionary",
       "Coastal", "Mountain", "National", "Patriotic"]


class World:
    """Countries, cities and armed groups the synthetic news is about (seeded)."""

    def __init__(self, rng: random.Random, n_countries: int = 40) -> None:
        self.countries = []
        for c in range(n_countries):
            cc = chr(65 + c // 26) + chr(65 + c % 26)
            lat, lon = rng.uniform(-35, 50), rng.uniform(-100, 140)
            cities = [(f"City {cc}{k}", f"Province {cc}{k % 6}", round(lat + rng.uniform(-4, 4), 3),
                       round(lon + rng.uniform(-4, 4), 3)) for k in range(rng.randint(5, 25))]
            groups = []
            for _ in range(rng.randint(2, 7)):
                name = f"{rng.choice(ADJ)} {rng.choice(ADJ)} {rng.choice(WORDS)} of {cc}"
                groups.append(name)
            self.countries.append((cc, f"Country {cc}", cities, groups))
        # the news is skewed: a few countries get most of it
        self.weights = [1.0 / (i + 1) ** 0.9 for i in range(n_countries)]


def _incident(world: World, rng: random.Random, serial: int) -> dict:
    cc, country, cities, groups = rng.choices(world.countries, world.weights)[0]
    city = rng.choice(cities)
    etype = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
    return {"serial": serial, "cc": cc, "country": country, "city": city, "type": etype,
            "day": FIRST_DAY + timedelta(days=rng.randrange(DAYS)),
            "group": rng.choice(groups) if rng.random() < 0.6 else None,
            "killed": rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 9, 12, 20, 35]),
            "victim": f"{rng.choice(FIRST)} {rng.choice(LAST)} {serial % 997}" if rng.random() < 0.3 else None}


def _report(t: TextBuilder, inc: dict, k: int, rng: random.Random, entities: dict, published: date) -> Event:
    """One article's account of an incident: its date, place, toll and names vary."""
    start = t.length
    etype = inc["type"]
    if etype == "attack" and rng.random() < 0.3:
        etype = rng.choice(["bombing", "armed_clash"])
    roll = rng.random()
    date_value = None
    day = inc["day"] + timedelta(days=rng.choice([0, 0, 0, 0, 1, -1]))
    if roll < 0.75:
        dm = t.add(f"On {day.isoformat()}, ")
        date_value = DateValue(day.isoformat(), "day", dm.text, dm.start, dm.end)
    elif roll < 0.85:
        dm = t.add(f"In {day.isoformat()[:7]}, ")
        date_value = DateValue(day.isoformat()[:7], "month", dm.text, dm.start, dm.end)
    perps = []
    if inc["group"] and rng.random() < 0.8:
        name = inc["group"]
        if rng.random() < 0.2:      # an acronym or a shorter form now and then
            name = "".join(w[0] for w in name.split() if w[0].isupper())
        gm = t.add(name)
        eid = f"g{len(entities)}"
        entities.setdefault(name, Entity(eid, name, "ORG", []))
        entities[name].mentions.append(Mention(gm.start, gm.end, name))
        perps.append(Argument(name, gm.start, gm.end, name, entities[name].id, "organization"))
    else:
        t.add("Gunmen")
    trig = t.add(f" {TRIGGER[etype]} ")
    victims = []
    if inc["victim"] and rng.random() < 0.7:
        vm = t.add(inc["victim"])
        entities.setdefault(inc["victim"], Entity(f"p{len(entities)}", inc["victim"], "PERSON", []))
        victims.append(Argument(inc["victim"], vm.start, vm.end, inc["victim"], entities[inc["victim"]].id,
                                "individual"))
    else:
        t.add("a checkpoint")
    t.add(" in ")
    city, admin1, lat, lon = inc["city"]
    roll = rng.random()
    if roll < 0.75:
        cm = t.add(city)
        place = Place(city, "city", admin1, inc["country"], inc["cc"], round(lat + rng.uniform(-.05, .05), 4),
                      round(lon + rng.uniform(-.05, .05), 4), text=city, start=cm.start, end=cm.end)
    elif roll < 0.88:
        cm = t.add(admin1)
        place = Place(admin1, "admin1", admin1, inc["country"], inc["cc"], text=admin1, start=cm.start,
                      end=cm.end)
    elif roll < 0.96:
        cm = t.add(inc["country"])
        place = Place(inc["country"], "country", None, inc["country"], inc["cc"], text=inc["country"],
                      start=cm.start, end=cm.end)
    else:
        t.add("the area")
        place = None
    killed = Count()
    if inc["killed"] or rng.random() < 0.5:
        n = max(0, inc["killed"] + rng.choice([0, 0, 0, 1, -1, 2]))
        t.add(", killing ")
        km = t.add(str(n))
        t.add(" people")
        killed = Count(n, n, n, evidence=[km])
    t.add(". ")
    sentence = Sentence(k, start, t.length, "".join(t.parts)[start:t.length])
    return Event(id=f"e{k}", type=etype, trigger=Mention(trig.start + 1, trig.end - 1, trig.text.strip()),
                 sentence=sentence, date=date_value, location=place, perpetrators=perps,
                 victims=victims, killed=killed, codes={"cameo": "18"}, confidence=0.8)


def synthetic_corpus(n_events: int, seed: int = 13, gold: dict | None = None) -> list[Extraction]:
    """Articles whose events add up to ``n_events``; each incident has 1–6 reports, most
    published within three days, a few long after. ``gold``, when given, receives each
    event's stored id → the serial of the incident it reports."""
    rng = random.Random(seed)
    world = World(rng)
    reports: list[tuple[date, dict]] = []
    serial = 0
    while len(reports) < n_events:
        inc = _incident(world, rng, serial)
        serial += 1
        for _ in range(min(6, 1 + int(rng.expovariate(0.9)))):
            late = rng.randint(30, 1000) if rng.random() < 0.03 else 0     # a look back, much later
            reports.append((inc["day"] + timedelta(days=rng.choice([0, 1, 1, 2, 3]) + late), inc))
    reports = reports[:n_events]
    # an article reports what happened in the days before it was published (a roundup: a few
    # incidents of those days)
    reports.sort(key=lambda r: (r[0], rng.random()))
    out = []
    i = 0
    while i < len(reports):
        take = rng.choice([1, 1, 1, 2, 2, 3])
        chunk, i = reports[i:i + take], i + take
        published = max(p for p, _ in chunk)
        t, entities = TextBuilder(), {}
        events = [_report(t, inc, k, rng, entities, published) for k, (_, inc) in enumerate(chunk)]
        serials = [inc["serial"] for _, inc in chunk]
        quotes = []
        if rng.random() < 0.4:
            speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            t.add(" ")
            qm = t.add("We will not be intimidated")
            t.add(", said ")
            sm = t.add(speaker)
            t.add(".")
            entities.setdefault(speaker, Entity(f"p{len(entities)}", speaker, "PERSON", []))
            quotes.append(Quote(qm.text, qm.start, qm.end, "direct",
                                speaker=Argument(speaker, sm.start, sm.end, speaker,
                                                 entities[speaker].id, "individual")))
        text = "".join(t.parts)
        article = Article(text=text, title=f"Report {len(out)}", published=published.isoformat(),
                          source=f"wire{len(out) % 7}", url=f"https://news.example/{seed}/{len(out)}")
        out.append(Extraction(article=article, entities=list(entities.values()), events=events,
                              quotes=quotes))
        if gold is not None:
            gold.update({f"{article.id}:{ev.id}": serial for ev, serial in zip(events, serials)})
    return out


def pairwise(store: Store, gold: dict) -> dict:
    """Pairwise precision / recall of the fused incidents against the synthetic ones (pairs
    of events, ``evaluate.dedup.pairwise_scores``)."""
    def go(conn):
        clusters: dict[int, set] = {}
        for r in conn.execute(select(S.event_sources.c.incident_id, S.event_sources.c.event_id)):
            clusters.setdefault(r.incident_id, set()).add(r.event_id)
        return list(clusters.values())
    return pairwise_scores(gold, store.read(go))


def dump(store: Store) -> list[dict]:
    """The fused output, independent of row ids: each incident with its fused fields, its
    sources and its actors; each actor with its aliases and counts."""
    def go(conn):
        inc_cols = [c for c in S.incidents.c if c.name not in ("id", "updated_at")]
        sources: dict[int, list] = {}
        for r in conn.execute(select(S.event_sources)):
            sources.setdefault(r.incident_id, []).append(
                [r.event_id, r.article_id, r.killed_low, r.killed_best, r.killed_high])
        out = []
        for r in conn.execute(select(S.incidents.c.id, *inc_cols)):
            rec = {c.name: getattr(r, c.name) for c in inc_cols}
            rec["sources"] = sorted(sources.get(r.id, []))
            out.append({"incident": rec})
        aliases: dict[int, list] = {}
        for r in conn.execute(select(S.aliases)):
            aliases.setdefault(r.actor_id, []).append([r.key, r.alias])
        names = {}
        for r in conn.execute(select(S.actors)):
            names[r.id] = r.name
            out.append({"actor": {c: getattr(r, c) for c in ("name", "kind", "type", "key", "acronym",
                                                           "first_seen", "last_seen", "n_articles")}
                        | {"aliases": sorted(aliases.get(r.id, []))}})
        for r in conn.execute(select(S.event_actors.c.event_id, S.event_actors.c.role,
                                     S.event_actors.c.position, S.event_actors.c.actor_id)):
            out.append({"role": [r.event_id, r.role, r.position, names.get(r.actor_id, r.actor_id)]})
        for r in conn.execute(select(S.entities.c.article_id, S.entities.c.entity_id, S.entities.c.actor_id)):
            out.append({"entity": [r.article_id, r.entity_id, names.get(r.actor_id, r.actor_id)]})
        return sorted(out, key=lambda d: json.dumps(d, sort_keys=True))
    return store.read(go)


@contextmanager
def _store(db_url: str | None):
    if not db_url:
        with temp_store("sqlite") as s:
            yield s
        return
    import uuid
    from eventwire.store.testing import drop_schema
    schema = f"ew_bench_{uuid.uuid4().hex[:10]}"
    s = Store(db_url, schema=schema)
    try:
        yield s
    finally:
        s.close()
        drop_schema(schema)


def measure(n_events: int, *, seed: int, db_url: str | None, profile: str | None,
            dump_to: str | None) -> dict:
    gold: dict = {}
    corpus = synthetic_corpus(n_events, seed, gold)
    with _store(db_url) as store:
        t0 = time.perf_counter()
        for ex in corpus:
            store.add_extraction(ex)
        ingest = time.perf_counter() - t0
        prof = cProfile.Profile() if profile else None
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        stats = store.fuse()
        if prof:
            prof.disable()
        seconds = time.perf_counter() - t0
        if prof:
            prof.dump_stats(f"{profile}.{n_events}")
            pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        scores = pairwise(store, gold)
        if dump_to:
            with open(f"{dump_to}.{n_events}", "w", encoding="utf-8") as fh:
                for rec in dump(store):
                    fh.write(json.dumps(rec, sort_keys=True) + "\n")
    return {"events": n_events, "articles": len(corpus), "incidents": stats["incidents_new"],
            "actors": stats["actors_new"], "ingest_s": ingest, "fuse_s": seconds,
            "precision": scores["precision"], "recall": scores["recall"]}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", default="2000,10000", help="comma-separated corpus sizes (events)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--db-url", default=None, help="PostgreSQL URL (default: a temporary SQLite file)")
    ap.add_argument("--profile", default=None, help="write cProfile stats to FILE.<events>")
    ap.add_argument("--dump", default=None, help="write the fused output to FILE.<events>")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.events.split(",")]
    results = []
    for n in sizes:
        r = measure(n, seed=args.seed, db_url=args.db_url, profile=args.profile, dump_to=args.dump)
        results.append(r)
        print(f"events {r['events']:>8}  articles {r['articles']:>7}  incidents {r['incidents']:>7}  "
              f"actors {r['actors']:>6}  ingest {r['ingest_s']:8.1f} s  fuse {r['fuse_s']:8.1f} s  "
              f"{r['events'] / r['fuse_s']:8.0f} events/s  pairwise P {r['precision']:.3f} R {r['recall']:.3f}",
              flush=True)
    small, large = results[0], results[-1]
    ratio = (large["fuse_s"] / large["events"]) / (small["fuse_s"] / small["events"])
    print(f"per-event time ratio {large['events']}/{small['events']} events: {ratio:.2f}")


if __name__ == "__main__":
    main()
