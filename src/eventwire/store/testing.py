"""Helpers for tests (ours and other areas'): temporary stores on both backends and
hand-built extractions, so store/fuse/export tests never depend on extractor quality.

    with temp_store("postgresql") as store: ...      # a fresh schema, dropped afterwards
    ex = make_extraction("Gunmen attacked …", published="2018-11-23",
                         events=[event("attack", place=("Karachi", "PK", 24.86, 67.01), killed=4,
                                       perpetrators=["Baloch Liberation Army"])])
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional, Sequence

from ..model import (Argument, Count, DateValue, Entity, Event, Extraction, Mention, Place, Quote,
                     Relation, Sentence, Article)

POSTGRES_URL = os.environ.get("EVENTWIRE_TEST_POSTGRES",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_available(url: str = POSTGRES_URL) -> Optional[str]:
    """None when a PostgreSQL server answers at ``url``; else why not (one line)."""
    try:
        import psycopg
        conninfo = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(conninfo, connect_timeout=3):
            return None
    except Exception as e:  # any failure means: no usable server here
        return f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"


@contextmanager
def temp_store(backend: str = "sqlite", **kwargs) -> Iterator["Store"]:
    from .store import Store
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="eventwire-test-")
        store = Store(str(Path(folder) / "test.db"), **kwargs)
        try:
            yield store
        finally:
            store.close()
            shutil.rmtree(folder, ignore_errors=True)
        return
    schema = f"ew_test_{uuid.uuid4().hex[:12]}"
    store = Store(POSTGRES_URL, schema=schema, **kwargs)
    try:
        yield store
    finally:
        store.close()
        drop_schema(schema)


def drop_schema(schema: str) -> None:
    from sqlalchemy import create_engine
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        engine.dispose()


# ------------------------------------------------------------------ hand-built records
def _find(text: str, needle: Optional[str]) -> tuple[Optional[int], Optional[int]]:
    if not needle:
        return None, None
    i = text.find(needle)
    return (i, i + len(needle)) if i >= 0 else (None, None)


def event(type: str = "attack", *, id: str = "e1", trigger: str = "attack",
          date: Optional[str] = None, precision: str = "day",
          place: Optional[tuple] = None, geo_precision: str = "city", admin1: Optional[str] = None,
          killed: Optional[int] = None, killed_range: Optional[tuple] = None,
          injured: Optional[int] = None, perpetrators: Sequence[str] = (),
          claimed_by: Sequence[str] = (), targets: Sequence[str] = (), victims: Sequence[str] = (),
          weapons: Sequence[str] = (), codes: Optional[dict] = None) -> dict:
    """A description of an event; ``make_extraction`` places it in an article's text."""
    return dict(type=type, id=id, trigger=trigger, date=date, precision=precision, place=place,
                geo_precision=geo_precision, admin1=admin1, killed=killed,
                killed_range=killed_range, injured=injured, perpetrators=list(perpetrators),
                claimed_by=list(claimed_by), targets=list(targets), victims=list(victims),
                weapons=list(weapons), codes=codes or {})


def make_extraction(text: str, *, published: Optional[str] = None, title: Optional[str] = None,
                    source: Optional[str] = None, url: Optional[str] = None,
                    events: Sequence[dict] = (), entities: Sequence[tuple] = (),
                    quotes: Sequence[tuple] = (), relations: Sequence[tuple] = ()) -> Extraction:
    """Build an Extraction by hand. ``entities``: (name, type[, aliases]); ``quotes``:
    (quote text, speaker); ``relations``: (type, head, tail)."""
    article = Article(text=text, title=title, published=published, source=source, url=url)
    ents: dict[str, Entity] = {}

    def entity(name: str, etype: str = "ORG", aliases: Sequence[str] = ()) -> Entity:
        if name not in ents:
            s, e = _find(text, name)
            mentions = [Mention(s, e, name)] if s is not None else []
            ents[name] = Entity(id=f"T{len(ents) + 1}", name=name, type=etype, mentions=mentions,
                                aliases=list(aliases))
        return ents[name]

    for spec in entities:
        entity(spec[0], spec[1], spec[2] if len(spec) > 2 else ())

    def arg(name: str, etype: str) -> Argument:
        ent = ents.get(name) or entity(name, etype)
        s, e = _find(text, name)
        return Argument(name=ent.name, start=s, end=e, text=name, entity_id=ent.id,
                        kind=ent.kind)

    evs = []
    for spec in events:
        ts, te = _find(text, spec["trigger"])
        loc = None
        if spec["place"]:
            name, cc, lat, lon = (list(spec["place"]) + [None, None, None])[:4]
            loc = Place(name=name, precision=spec["geo_precision"], admin1=spec["admin1"],
                        country_code=cc, lat=lat, lon=lon, text=name)
        killed = Count()
        if spec["killed_range"]:
            killed = Count(low=spec["killed_range"][0], best=spec["killed"], high=spec["killed_range"][1])
        elif spec["killed"] is not None:
            killed = Count(low=spec["killed"], best=spec["killed"], high=spec["killed"])
        injured = Count(low=spec["injured"], best=spec["injured"], high=spec["injured"]) \
            if spec["injured"] is not None else Count()
        evs.append(Event(
            id=spec["id"], type=spec["type"], trigger=Mention(ts or 0, te or 0, spec["trigger"]),
            sentence=Sentence(0, 0, len(text), text),
            date=DateValue(spec["date"], spec["precision"], spec["date"]) if spec["date"] else None,
            location=loc, killed=killed, injured=injured,
            perpetrators=[arg(n, "ORG") for n in spec["perpetrators"]],
            claimed_by=[arg(n, "ORG") for n in spec["claimed_by"]],
            targets=[arg(n, "FAC") for n in spec["targets"]],
            victims=[arg(n, "PERSON") for n in spec["victims"]],
            weapons=[Argument(name=w) for w in spec["weapons"]], codes=spec["codes"]))
    qs = []
    for qtext, speaker in quotes:
        s, e = _find(text, qtext)
        qs.append(Quote(text=qtext, start=s or 0, end=e or 0, kind="direct",
                        speaker=arg(speaker, "PERSON") if speaker else None))
    rels = []
    for rtype, head, tail in relations:
        h, t = arg(head, "PERSON"), arg(tail, "ORG")
        rels.append(Relation(type=rtype, head=h, tail=t, start=h.start or 0, end=t.end or 0))
    return Extraction(article=article, sentences=[Sentence(0, 0, len(text), text)],
                      entities=list(ents.values()), events=evs, quotes=qs, relations=rels)


# ------------------------------------------------------------------ a pipeline without a model
class KeywordPipeline:
    """A stand-in for ``Pipeline`` in tests of the plumbing (runner, CLI): no spaCy, one
    event per article from a few keywords, dated by the article. Text containing
    ``FAIL-PIPELINE`` raises; ``KILL-WORKER`` kills the worker process running it (SIGKILL,
    as the out-of-memory killer does; in the main process it raises instead);
    $EVENTWIRE_TEST_DELAY seconds of sleep per article make runs slow enough to interrupt."""

    KEYWORDS = (("bomb", "bombing"), ("kidnap", "kidnapping"), ("attack", "attack"))

    def __init__(self) -> None:
        self.delay = float(os.environ.get("EVENTWIRE_TEST_DELAY") or 0)

    def run(self, article: Article) -> Extraction:
        import time
        if self.delay:
            time.sleep(self.delay)
        if "FAIL-PIPELINE" in article.text:
            raise RuntimeError("the test pipeline was told to fail")
        if "KILL-WORKER" in article.text:
            import multiprocessing
            import signal
            if multiprocessing.parent_process() is None:
                raise RuntimeError("the test pipeline was told to kill its worker, and runs in the main process")
            os.kill(os.getpid(), signal.SIGKILL)
        low = article.text.lower()
        evs = [event(t, trigger=k, date=article.published, place=("Karachi", "PK", 24.86, 67.01))
               for k, t in self.KEYWORDS if k in low][:1]
        ex = make_extraction(article.text, published=article.published, title=article.title,
                             source=article.source, url=article.url, events=evs)
        ex.article = article
        return ex

    def run_many(self, articles):
        for a in articles:
            yield self.run(a)


class TextBuilder:
    """Builds an article text piece by piece and returns each piece's span (synthetic test and
    benchmark corpora: every offset is exact by construction)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> Mention:
        m = Mention(self.length, self.length + len(piece), piece)
        self.parts.append(piece)
        self.length += len(piece)
        return m

    @property
    def text(self) -> str:
        return "".join(self.parts)


# ------------------------------------------------------------------ a feed of distinct attacks
FEED_GROUPS = ("Northern Liberation Front", "Islamic State", "Red Dawn Brigade", "Coastal Army",
               "People's Vanguard")


def attack_feed(n: int, *, seed: int = 7, first_day: str = "2021-03-01", days: int = 7,
                country: tuple = ("PK", 24.0, 36.0, 61.0, 75.0)) -> list[Extraction]:
    """``n`` articles, each about a different attack, all within ``days`` days in one country:
    the worst case for fusion's blocking (one week, one country). Each attack has its own town
    (a distinct name; most with coordinates spread over the country, some without), its own
    toll and now and then a named victim; a few armed groups share the perpetrators, and some
    reports give only the province or the country. A right fusion keeps them apart."""
    import random
    from datetime import date as _date, timedelta
    rng = random.Random(seed)
    cc, lat0, lat1, lon0, lon1 = country
    start = _date.fromisoformat(first_day)
    out = []
    for i in range(n):
        day = (start + timedelta(days=rng.randrange(days))).isoformat()
        town = f"Town{i:05d}"
        province = f"Province {rng.randrange(8)}"
        roll = rng.random()
        if roll < 0.70:
            place, geo, admin1 = (town, cc, round(rng.uniform(lat0, lat1), 4),
                                  round(rng.uniform(lon0, lon1), 4)), "city", province
        elif roll < 0.80:
            place, geo, admin1 = (town, cc), "city", province          # a town the gazetteer lacks
        elif roll < 0.92:
            place, geo, admin1 = (province, cc), "admin1", province
        else:
            place, geo, admin1 = (cc, cc), "country", None
        killed = rng.randrange(0, 40) if rng.random() < 0.85 else None
        victims = [f"Victim {i:05d}"] if rng.random() < 0.3 else []
        perps = [rng.choice(FEED_GROUPS)] if rng.random() < 0.6 else []
        who = perps[0] if perps else "Gunmen"
        text = (f"{who} attacked a post in {place[0]} on {day}"
                + (f", killing {killed} people" if killed is not None else "")
                + (f" including {victims[0]}" if victims else "") + f". Report {i}.")
        out.append(make_extraction(
            text, published=day, title=f"Attack {i}", source=f"wire{i % 5}",
            url=f"https://feed.example/{seed}/{i}",
            events=[event("attack", trigger="attacked", date=day, place=place, geo_precision=geo,
                          admin1=admin1, killed=killed, perpetrators=perps, victims=victims)]))
    return out
