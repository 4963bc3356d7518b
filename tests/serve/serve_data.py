"""Synthetic articles with events for API tests: built as model records, written through
``Store.add_extraction`` (the store's one write path), every value with a true span."""
from __future__ import annotations

import random
import socket
import threading
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

from eventwire.model import (Argument, Article, Count, DateValue, Entity, Event, Extraction,
                             Mention, Place, Quote, Relation, Sentence)
from eventwire.store.testing import TextBuilder

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "serve"      # screenshots (ignored by git)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db_path: str) -> Iterator[str]:
    """The app over ``db_path`` served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    import pytest
    import uvicorn
    from eventwire.serve import create_app
    port = free_port()
    app = create_app(db_path, allowed_hosts=["127.0.0.1", "localhost"])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 90      # a loaded shared machine can be slow to start it
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


CITIES = [("Karachi", "Sindh", "Pakistan", "PK", 24.86, 67.01),
          ("Quetta", "Balochistan", "Pakistan", "PK", 30.18, 66.97),
          ("Kabul", "Kabul", "Afghanistan", "AF", 34.53, 69.17),
          ("Mogadishu", "Banaadir", "Somalia", "SO", 2.04, 45.34),
          ("Maiduguri", "Borno", "Nigeria", "NG", 11.85, 13.16),
          ("Baghdad", "Baghdad", "Iraq", "IQ", 33.34, 44.40),
          ("Bogota", "Bogota D.C.", "Colombia", "CO", 4.61, -74.08),
          ("Manila", "Metro Manila", "Philippines", "PH", 14.60, 120.98)]
GROUPS = ["Red Dawn Front", "Northern Liberation Army", "Coastal Brigade", "Mountain Lions Movement",
          "People's Vanguard"]
# Many more places, so 10k events spread like real ones do (fusion compares nearby events).
CITIES += [(f"Town {n}", f"Province {n % 17}", "Testland", "TL", round(-40 + (n * 7.3) % 95, 2),
            round(-120 + (n * 13.7) % 290, 2)) for n in range(120)]
TYPES = ["attack", "bombing", "kidnapping", "arson", "armed_clash", "assassination"]
WEAPONS = ["rifles", "a car bomb", "grenades", "knives"]


def synthetic_extraction(index: int, n_events: int, *, start: date = date(2017, 1, 2),
                         rng: random.Random | None = None) -> Extraction:
    rng = rng or random.Random(index)
    t = TextBuilder()
    events, entities, quotes = [], {}, []
    published = start + timedelta(days=(index * 9) % 1800)
    for k in range(n_events):
        city, admin1, country, cc, lat, lon = CITIES[(index + k) % 8 if k < 2 else rng.randrange(len(CITIES))]
        group = GROUPS[(index * 7 + k) % len(GROUPS)]
        etype = TYPES[(index + 3 * k) % len(TYPES)]
        day = published - timedelta(days=rng.randint(0, 6))
        killed, injured = rng.randint(0, 30), rng.randint(0, 60)
        weapon = WEAPONS[k % len(WEAPONS)]
        sent_start = t.length
        t.add("On ")
        dm = t.add(day.isoformat())
        t.add(", fighters of the ")
        gm = t.add(group)
        t.add(" ")
        trig = t.add({"attack": "attacked", "bombing": "bombed", "kidnapping": "kidnapped",
                      "arson": "burned", "armed_clash": "clashed with", "assassination": "assassinated"}[etype])
        t.add(" a police post in ")
        cm = t.add(city)
        t.add(" with ")
        wm = t.add(weapon)
        t.add(", killing ")
        km = t.add(str(killed))
        t.add(" people and wounding ")
        im = t.add(str(injured))
        t.add(" others. ")
        sentence = Sentence(k, sent_start, t.length, t.text[sent_start:t.length])
        eid = f"g{(index * 7 + k) % len(GROUPS)}"
        ent = entities.setdefault(eid, Entity(eid, group, "ORG"))
        ent.mentions.append(Mention(gm.start, gm.end, gm.text, k))
        events.append(Event(
            id=f"e{k}", type=etype, trigger=trig, sentence=sentence,
            date=DateValue(day.isoformat(), "day", dm.text, dm.start, dm.end, k),
            location=Place(city, "city", admin1, country, cc, lat + rng.uniform(-.05, .05),
                           lon + rng.uniform(-.05, .05), text=cm.text, start=cm.start, end=cm.end),
            perpetrators=[Argument(group, gm.start, gm.end, gm.text, eid, "organization")],
            targets=[Argument("police post", trig.end + 3, trig.end + 14, "police post")],
            weapons=[Argument(weapon, wm.start, wm.end, weapon)],
            killed=Count(killed, killed, killed, evidence=[km]),
            injured=Count(injured, injured, injured, evidence=[im]),
            codes={"acled_event_type": "Violence against civilians"}, confidence=0.8))
    spk_start = t.length
    t.add("\u201c")
    qm = t.add(f"We will answer every attack, number {index}")
    t.add("\u201d, ")
    cue = t.add("said")
    t.add(" ")
    sp = t.add("Colonel Amir Khan")
    t.add(", a spokesman of the ")
    gm = t.add(GROUPS[index % len(GROUPS)])
    t.add(".")
    entities["p0"] = Entity("p0", "Amir Khan", "PERSON", [Mention(sp.start, sp.end, sp.text)],
                            aliases=["Colonel Amir Khan"])
    ent = entities.setdefault(f"g{index % len(GROUPS)}", Entity(f"g{index % len(GROUPS)}", gm.text, "ORG"))
    ent.mentions.append(Mention(gm.start, gm.end, gm.text))
    quotes.append(Quote(qm.text, qm.start, qm.end, "direct", cue=cue,
                        speaker=Argument("Amir Khan", sp.start, sp.end, sp.text, "p0", "individual")))
    relations = [Relation("spokesperson_of", Argument("Amir Khan", sp.start, sp.end, entity_id="p0"),
                          Argument(gm.text, gm.start, gm.end, entity_id=ent.id), spk_start, t.length,
                          t.text[spk_start:t.length])]
    article = Article(text=t.text, title=f"Synthetic report {index}", published=published.isoformat(),
                      source="synthetic", url=f"https://example.org/{index}")
    return Extraction(article=article, entities=list(entities.values()), events=events,
                      quotes=quotes, relations=relations)


def build_store(url: str, n_articles: int, events_per_article: int):
    from eventwire.store import Store
    store = Store(url)
    rng = random.Random(7)
    for i in range(n_articles):
        store.add_extraction(synthetic_extraction(i, events_per_article, rng=rng))
    store.fuse()
    return store


# ------------------------------------------------------------------ hostile input
XSS_TEXT_PIECES = {
    "script": "<script>window.__xss = 1</script>",
    "img": '<img src=x onerror="window.__xss = 2">',
    "js": "javascript:window.__xss = 3",
    "svg": "<svg onload=window.__xss=4>",
    "speaker": "<b onmouseover=window.__xss=5>Mr X</b>",
}
SQL_TITLE = "Robert'); DROP TABLE events; -- \" OR 1=1 -- UNION SELECT * FROM articles"


def hostile_extraction() -> Extraction:
    """An article whose text, names and quote are markup/script payloads and whose title is SQL."""
    t = TextBuilder()
    t.add("Militants of the ")
    perp = t.add(XSS_TEXT_PIECES["script"] + " Front")
    t.add(" ")
    trig = t.add("attacked")
    t.add(" a checkpoint in ")
    city = t.add("Hyderabad")
    t.add(" on ")
    day = t.add("2020-05-01")
    t.add(", killing ")
    killed = t.add("3")
    t.add(" " + XSS_TEXT_PIECES["img"] + " ")
    victims = t.add("guards")
    t.add(". Their site " + XSS_TEXT_PIECES["js"] + " said \u201c")
    quote = t.add(XSS_TEXT_PIECES["svg"] + " we will return")
    t.add("\u201d, ")
    cue = t.add("said")
    t.add(" spokesman ")
    speaker = t.add(XSS_TEXT_PIECES["speaker"])
    t.add(".")
    sentence = Sentence(0, 0, t.length, t.text)
    ents = [Entity("h1", perp.text, "ORG", [Mention(perp.start, perp.end, perp.text)]),
            Entity("h2", speaker.text, "PERSON", [Mention(speaker.start, speaker.end, speaker.text)])]
    event = Event(
        id="x1", type="attack", trigger=trig, sentence=sentence,
        date=DateValue("2020-05-01", "day", day.text, day.start, day.end),
        location=Place("Hyderabad", "city", "Sindh", "Pakistan", "PK", 25.39, 68.37,
                       text=city.text, start=city.start, end=city.end),
        perpetrators=[Argument(perp.text, perp.start, perp.end, perp.text, "h1", "organization")],
        victims=[Argument(victims.text, victims.start, victims.end, victims.text)],
        killed=Count(3, 3, 3, evidence=[killed]),
        claimed_by=[Argument(perp.text, perp.start, perp.end, perp.text, "h1", "organization")])
    q = Quote(quote.text, quote.start, quote.end, "direct", cue=cue,
              speaker=Argument(speaker.text, speaker.start, speaker.end, speaker.text, "h2", "individual"))
    article = Article(text=t.text, title=SQL_TITLE + " " + XSS_TEXT_PIECES["script"],
                      published="2020-05-02", source="<i>evil</i> source",
                      url="javascript:window.__xss=6")
    return Extraction(article=article, sentences=[sentence], entities=ents, events=[event], quotes=[q])
