"""Issue 16's API half: exports of the view, multi-value filters, countries by name, the
fused actor filter, sorting, pager bounds, a true timeline, paged dossiers with directed
and counted ties, incident links everywhere, and (issue 15) the request body limit."""
from __future__ import annotations

import csv
import dataclasses
import io
import random
import threading
from datetime import date

import pytest
from serve_data import synthetic_extraction

from eventwire.model import Argument, DateValue, Entity, Mention


def all_items(client, path, **params):
    items, offset = [], 0
    while True:
        page = client.get(path, params={**params, "limit": 1000, "offset": offset}).json()
        items += page["items"]
        offset += 1000
        if offset >= page["total"]:
            return items, page["total"]


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ------------------------------------------------------------------ a store for the views

def _alias_extraction(index: int, name: str, aliases: list[str], day: date):
    """One article whose perpetrator is called ``name`` (with ``aliases``) in every event."""
    ex = synthetic_extraction(index, 2, start=day, rng=random.Random(index))
    ent = Entity("bx", name, "ORG", [], aliases=aliases)
    for ev in ex.events:
        p = ev.perpetrators[0]
        ent.mentions.append(Mention(p.start, p.end, p.text))
        ev.perpetrators = [Argument(name, p.start, p.end, p.text, "bx", "organization")]
    ex.entities = [e for e in ex.entities if not any(m.start == ent.mentions[0].start for m in e.mentions)] + [ent]
    return ex


@pytest.fixture(scope="module")
def views_db(tmp_path_factory) -> str:
    """Reports over ten years with whole empty years between them, month- and year-precision
    dates, incidents without coordinates, and one group known by a name and its acronym."""
    from eventwire.store import Store
    path = str(tmp_path_factory.mktemp("views") / "views.db")
    days = [date(2011, 3, 7), date(2011, 3, 9), date(2014, 8, 1), date(2020, 12, 20)]
    with Store(path) as store:
        for i, day in enumerate(days):
            ex = synthetic_extraction(200 * (i + 2), 3, start=day, rng=random.Random(i))   # published on day
            if i == 1:     # "in August 2014": a month, not the 1st
                d = ex.events[0].date
                ex.events[0].date = DateValue("2014-08", "month", d.text, d.start, d.end)
                ex.events[1].date = DateValue("2016", "year", d.text, d.start, d.end)
            if i == 3:     # ACLED codes as the coding step writes them (inter codes are numbers)
                ex.events[0].codes = {"acled_event_type": "Battles", "acled_sub_event_type": "Armed clash",
                                      "inter1": 2, "inter2": 1}
                ex.events[1].codes = {"acled_event_type": "Violence against civilians",
                                      "acled_sub_event_type": "Attack", "inter1": 3, "inter2": 7}
            if i == 2:     # no coordinates
                for ev in ex.events:
                    ev.location.lat = ev.location.lon = None
            store.add_extraction(ex)
            if i == 0:     # a second and a third outlet report the same three events
                for outlet in ("second", '=HYPERLINK("https://evil.example/x","click")'):
                    store.add_extraction(dataclasses.replace(
                        ex, article=dataclasses.replace(ex.article, id="", title=f"{ex.article.title} ({outlet})",
                                                        source=outlet)))
        store.add_extraction(_alias_extraction(200, "Baloch Liberation Army", ["BLA"], date(2018, 5, 2)))
        store.add_extraction(_alias_extraction(201, "BLA", [], date(2018, 6, 9)))
        store.add_extraction(_alias_extraction(202, "Baloch Students Front", [], date(2018, 7, 1)))
        store.fuse()
    return path


@pytest.fixture(scope="module")
def views(views_db):
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    return TestClient(create_app(views_db))


# ------------------------------------------------------------------ exports

def test_incidents_csv_for_pakistan_has_acled_columns_and_total_rows(client):
    total = client.get("/api/incidents", params={"country": "PK"}).json()["total"]
    r = client.get("/api/incidents.csv", params={"country": "PK"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="incidents.csv"' in r.headers["content-disposition"]
    rows = csv_rows(r.text)
    assert total > 1 and len(rows) == total
    header = next(csv.reader(io.StringIO(r.text)))
    assert header[:8] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                          "event_type", "sub_event_type", "actor1"]
    assert {row["country"] for row in rows} == {"Pakistan"}
    ids = [int(row["eventwire_incident_id"]) for row in rows]
    assert ids == [i["id"] for i in all_items(client, "/api/incidents", country="PK")[0]]   # same order


@pytest.mark.parametrize("params", [{}, {"country": ["NG", "Afghanistan"], "type": "violence"},
                                    {"since": "2017-03", "until": "2017-08", "sort": "-killed"},
                                    {"actor": "Coastal Brigade"}, {"near": "33.34,44.40,300"}])
def test_every_export_has_the_rows_of_its_view(client, params):
    for kind in ("incidents", "events"):
        items, total = all_items(client, f"/api/{kind}", **params)
        assert total == len(items)
        full = csv_rows(client.get(f"/api/{kind}.csv", params=params).text)
        own = client.get(f"/api/{kind}.acled.csv", params=params).text
        geo = client.get(f"/api/{kind}.geojson", params=params).json()
        assert len(full) == len(csv_rows(own)) == total, (kind, params)
        located = [i for i in items if (i["location"] or {}).get("lat") is not None]
        assert geo["type"] == "FeatureCollection" and len(geo["features"]) == len(located)
        assert "eventwire_incident_id" not in next(csv.reader(io.StringIO(own)))
        if kind == "events":
            assert [r["eventwire_event_id"] for r in full] == [e["id"] for e in items]
            assert [r["eventwire_incident_id"] for r in full] == [str(e["incident_id"] or "") for e in items]
            assert [f["properties"]["incident_id"] for f in geo["features"]] == \
                [e["incident_id"] for e in located]


def test_exports_are_gzipped_when_asked_and_take_the_same_bad_filters(client):
    r = client.get("/api/incidents.csv", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"
    assert len(csv_rows(r.text)) == client.get("/api/incidents").json()["total"]
    raw = client.get("/api/incidents.geojson", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    big = client.get("/api/events", params={"limit": 1000}, headers={"Accept-Encoding": "gzip"})
    assert big.headers.get("content-encoding") == "gzip"            # the JSON API too
    for path in ("/api/incidents.csv", "/api/events.geojson", "/api/events.acled.csv"):
        bad = client.get(path, params={"since": "2019-02-30"})
        assert bad.status_code == 422 and bad.json()["parameter"] == "since"


def test_exports_escape_formulas_as_the_export_writers_do(views):
    checked = 0
    for path in ("/api/incidents.csv", "/api/incidents.acled.csv", "/api/events.csv", "/api/events.acled.csv"):
        text = views.get(path).text
        assert '"\'=HYPERLINK(""https://evil.example/x"",""click"")' in text, path
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path, cell)
                checked += 1
    assert checked > 100


def test_export_streams_in_chunks(api_db):
    from eventwire.serve import exports
    from eventwire.store import Store
    with Store(api_db, readonly=True) as store:
        old = exports.CHUNK
        exports.CHUNK = 2000
        try:
            chunks = list(exports.stream(store, "incidents", "csv"))
        finally:
            exports.CHUNK = old
        assert len(chunks) > 5 and all(isinstance(c, bytes) for c in chunks)
        assert len(csv_rows(b"".join(chunks).decode())) == store.count_incidents()
        exports.CHUNK = 2000
        try:
            it = exports.stream(store, "events", "csv")
            next(it)
            assert any(t.name == "eventwire-export" and t.is_alive() for t in threading.enumerate())
            it.close()           # a client that goes away stops the writer thread
        finally:
            exports.CHUNK = old
        assert not any(t.name == "eventwire-export" and t.is_alive() for t in threading.enumerate())


# ------------------------------------------------------------------ filters, sort, pager

def test_multi_value_filters_are_unions(client):
    pk = {i["id"] for i in all_items(client, "/api/incidents", country="PK")[0]}
    ng = {i["id"] for i in all_items(client, "/api/incidents", country="NG")[0]}
    both, total = all_items(client, "/api/incidents", country=["PK", "NG"])
    assert pk and ng and {i["id"] for i in both} == pk | ng and total == len(pk | ng)
    a = {e["id"] for e in all_items(client, "/api/events", type="bombing")[0]}
    b = {e["id"] for e in all_items(client, "/api/events", type="arson")[0]}
    assert {e["id"] for e in all_items(client, "/api/events", type=["bombing", "arson"])[0]} == a | b
    x = {e["id"] for e in all_items(client, "/api/events", actor="Coastal Brigade")[0]}
    y = {e["id"] for e in all_items(client, "/api/events", actor="Red Dawn Front")[0]}
    assert x and y and {e["id"] for e in all_items(client, "/api/events", actor=["Coastal Brigade", "Red Dawn Front"])[0]} == x | y


@pytest.mark.parametrize("name", ["Nigeria", "nigeria", "NG", "ng", " Nigeria "])
def test_country_by_name_or_code(client, name):
    expected = {e["id"] for e in all_items(client, "/api/events", country="NG")[0]}
    got = {e["id"] for e in all_items(client, "/api/events", country=name)[0]}
    assert expected and got == expected


def test_actor_filter_is_the_fused_actor_and_its_aliases(views):
    long, n_long = all_items(views, "/api/events", actor="Baloch Liberation Army")
    short, n_short = all_items(views, "/api/events", actor="BLA")
    assert n_long == n_short == 4 and {e["id"] for e in long} == {e["id"] for e in short}
    assert all_items(views, "/api/events", actor="Baloch")[1] == 0          # no partial words
    assert all_items(views, "/api/events", actor="Baloch Students Front")[1] == 2
    inc_long = {i["id"] for i in all_items(views, "/api/incidents", actor="baloch liberation army")[0]}
    assert inc_long == {i["id"] for i in all_items(views, "/api/incidents", actor="BLA")[0]}


@pytest.mark.parametrize("sort,key,reverse", [
    ("killed", lambda i: i["killed"]["best"], False), ("-killed", lambda i: i["killed"]["best"], True),
    ("sources", lambda i: i["n_sources"], False), ("-sources", lambda i: i["n_sources"], True),
    ("date", lambda i: i["date_start"], False), ("-date", lambda i: i["date_start"], True),
    ("type", lambda i: i["type"], False)])
def test_sort(client, views, sort, key, reverse):
    items, _ = all_items(views, "/api/incidents", sort=sort)
    values = [key(i) for i in items if key(i) is not None]
    assert values == sorted(values, reverse=reverse) and len(set(values)) > 1
    assert all(key(i) is None for i in items[len(values):])        # unknowns last
    events, _ = all_items(client, "/api/events", sort=sort.replace("sources", "killed"))
    ev_values = [key({**e, "killed": e["killed"], "date_start": (e["date"] or {}).get("value"),
                      "n_sources": None}) for e in events]
    ev_values = [v for v in ev_values if v is not None]
    assert ev_values == sorted(ev_values, reverse=reverse)


def test_pager_past_the_end_says_the_true_total(client):
    total = client.get("/api/incidents").json()["total"]
    for path in ("/api/incidents", "/api/events", "/api/actors", "/api/quotes", "/api/articles"):
        page = client.get(path, params={"offset": 5000, "limit": 50}).json()
        assert page["items"] == [] and not page["has_more"] and page["total"] > 0, path
    near = client.get("/api/incidents", params={"offset": 5000, "near": "24.86,67.01,100"}).json()
    assert near["items"] == [] and near["total"] > 0
    last = client.get("/api/incidents", params={"offset": total - 1}).json()
    assert len(last["items"]) == 1 and not last["has_more"]


def test_located_reaches_incidents_without_coordinates(views):
    everything, n = all_items(views, "/api/incidents")
    unplaced, n_un = all_items(views, "/api/incidents", located="false")
    placed, n_pl = all_items(views, "/api/incidents", located="true")
    assert n_un >= 1 and n_pl >= 1 and n_un + n_pl == n
    assert all((i["location"] or {}).get("lat") is None for i in unplaced)
    assert all(i["location"]["lat"] is not None for i in placed)
    assert len(csv_rows(views.get("/api/incidents.csv", params={"located": "false"}).text)) == n_un
    one = views.get(f"/api/incidents/{unplaced[0]['id']}").json()
    assert one["id"] == unplaced[0]["id"]


def test_filters_by_acled_codes(views):
    clash, n = all_items(views, "/api/events", acled_sub_event_type="Armed clash")
    assert n == 1 and clash[0]["codes"]["inter1"] == 2
    both, n2 = all_items(views, "/api/events", acled_sub_event_type=["Armed clash", "Attack"])
    assert n2 == 2
    assert {e["id"] for e in all_items(views, "/api/events", inter1="3")[0]} == \
        {e["id"] for e in both if e["codes"]["inter1"] == 3}
    assert all_items(views, "/api/events", inter1="30")[1] == 0
    assert all_items(views, "/api/events", inter1=["2", "3"])[1] == 2
    incidents, n_inc = all_items(views, "/api/incidents", acled_sub_event_type="Armed clash")
    assert n_inc == 1 and incidents[0]["codes"]["acled_sub_event_type"] == "Armed clash"
    rows = csv_rows(views.get("/api/incidents.csv", params={"inter1": "2"}).text)
    assert len(rows) == 1
    battles, n_b = all_items(views, "/api/events", acled_event_type="Battles")
    assert n_b == 1 and battles[0]["codes"]["acled_sub_event_type"] == "Armed clash"
    assert all_items(views, "/api/events", inter2="7")[1] == 1
    assert all_items(views, "/api/incidents", acled_event_type="Violence against civilians", inter2="7")[1] == 1


def test_config_lists_acleds_types_and_actor_types(views):
    cfg = views.get("/api/config").json()
    assert cfg["acled_types"]["Battles"] == ["Armed clash", "Government regains territory",
                                             "Non-state actor overtakes territory"]
    assert sum(len(v) for v in cfg["acled_types"].values()) == 25
    assert cfg["inter_codes"]["2"].lower().startswith("rebel")


# ------------------------------------------------------------------ links to incidents

def test_events_and_article_events_carry_their_incident(client):
    events, _ = all_items(client, "/api/events")
    assert all(isinstance(e["incident_id"], int) for e in events)
    art = client.get(f"/api/articles/{events[0]['article']['id']}").json()
    by_id = {e["id"]: e["incident_id"] for e in events}
    assert art["events"] and all(
        e["incident_id"] == by_id[f"{art['article']['id']}:{e['id']}"] for e in art["events"])
    assert {e["incident_id"] for e in art["events"]} == set(art["incidents"])


def test_incident_has_place_precision_and_its_words(client):
    inc = client.get("/api/incidents", params={"limit": 1}).json()["items"][0]
    one = client.get(f"/api/incidents/{inc['id']}").json()
    loc = one["location"]
    assert loc["precision"] == "city" and loc["evidence"]
    for ev in loc["evidence"]:
        text = client.get(f"/api/articles/{ev['article_id']}").json()["article"]["text"]
        assert text[ev["start"]:ev["end"]] == ev["text"] and ev["precision"] == "city"


# ------------------------------------------------------------------ dossier

def test_dossier_pages_through_every_event_with_the_true_total(client):
    first = client.get("/api/actors/Coastal Brigade", params={"limit": 10}).json()
    total = first["events_total"]
    assert total > 10 and len(first["events"]) == 10 and first["events_limit"] == 10
    seen = []
    for offset in range(0, total + 10, 10):
        page = client.get("/api/actors/Coastal Brigade", params={"limit": 10, "offset": offset}).json()
        assert page["events_total"] == total and page["events_offset"] == offset
        seen += [e["id"] for e in page["events"]]
    assert len(seen) == len(set(seen)) == total
    expected = {e["id"] for e in all_items(client, "/api/events", actor="Coastal Brigade")[0]}
    assert set(seen) == expected
    assert all("perpetrator" in e["roles"] and e["incident_id"] for e in first["events"])


def test_ties_have_a_direction_and_a_count(client):
    speaker = client.get("/api/actors/Amir Khan").json()
    ties = [t for t in speaker["ties"] if t["type"] == "spokesperson_of"]
    assert ties and all(t["direction"] == "out" and t["head"] == "Amir Khan" for t in ties)
    assert sum(t["count"] for t in ties) == 40 and len(ties) == len({t["tail"] for t in ties})   # counted
    group = client.get("/api/actors/" + ties[0]["other"]).json()
    back = [t for t in group["ties"] if t["type"] == "spokesperson_of" and t["other"] == "Amir Khan"]
    assert len(back) == 1 and back[0]["direction"] == "in" and back[0]["tail"] == ties[0]["other"]
    assert back[0]["count"] == ties[0]["count"] > 1


# ------------------------------------------------------------------ timeline

def test_timeline_is_a_true_axis_over_ten_years(views):
    for bucket, step_ok in (("month", lambda a, b: (b.year - a.year) * 12 + b.month - a.month == 1),
                            ("year", lambda a, b: b.year - a.year == 1),
                            ("week", lambda a, b: (b - a).days == 7)):
        t = views.get("/api/timeline", params={"bucket": bucket}).json()
        keys = [date.fromisoformat(b["bucket"]) for b in t["items"]]
        assert t["bucket"] == bucket and all(step_ok(a, b) for a, b in zip(keys, keys[1:]))
        assert keys[0].year == 2011 and keys[-1].year == 2020
        assert sum(1 for b in t["items"] if b["count"] == 0) >= len(t["items"]) / 2    # empty ones kept
        for b in t["items"]:
            assert b["count"] == sum(b["by_precision"].values())
    auto = views.get("/api/timeline").json()
    assert auto["requested"] == "auto" and auto["bucket"] == "month" and len(auto["items"]) <= 400


def test_timeline_counts_month_and_year_dates_apart(views):
    incidents, _ = all_items(views, "/api/incidents")
    by_precision = {}
    for i in incidents:
        if i["date"]:
            by_precision.setdefault(i["date"]["precision"], []).append(i)
    assert by_precision.get("month") and by_precision.get("year")
    day = views.get("/api/timeline", params={"bucket": "day"}).json()
    apart = {(a["precision"], a["value"]): a["count"] for a in day["apart"]}
    assert apart == {("month", "2014-08"): len(by_precision["month"]), ("year", "2016"): len(by_precision["year"])}
    assert not any(b["bucket"] == "2016-01-01" and b["count"] for b in day["items"])   # not the 1st
    assert sum(b["count"] for b in day["items"]) == len(by_precision["day"])
    month = views.get("/api/timeline", params={"bucket": "month"}).json()
    aug = next(b for b in month["items"] if b["bucket"] == "2014-08-01")
    assert aug["by_precision"]["month"] == len(by_precision["month"])
    assert [a["value"] for a in month["apart"]] == ["2016"]
    year = views.get("/api/timeline", params={"bucket": "year"}).json()
    assert year["apart"] == [] and sum(b["count"] for b in year["items"]) == sum(map(len, by_precision.values()))
    assert year["undated"] == len(incidents) - sum(map(len, by_precision.values()))


def test_timeline_refuses_more_bars_than_it_can_draw(views, monkeypatch):
    from eventwire.serve import queries
    monkeypatch.setattr(queries, "MAX_BUCKETS", 100)
    r = views.get("/api/timeline", params={"bucket": "day"})
    assert r.status_code == 422 and r.json()["error"].startswith("[E213] a day timeline from 2011")


# ------------------------------------------------------------------ request bodies

def test_a_10_mb_post_is_refused_with_413_without_reading_it(client):
    body = b'{"text": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    r = client.post("/api/articles", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"].startswith("[E210]")
    assert len(r.content) < 300

    def chunks():            # no Content-Length: counted while it streams in
        for _ in range(12):
            yield b"y" * (1024 * 1024)
    r = client.post("/api/articles", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and len(r.content) < 300


def test_errors_never_echo_the_body(client):
    junk = "z" * 3_000_000                # under the body limit, over the text limit of the form
    r = client.post("/api/articles", json={"text": junk, "title": junk})
    assert r.status_code in (403, 422) and len(r.content) < 2000
    r = client.post("/api/articles", json={"title": junk})
    assert r.status_code == 422 and len(r.content) < 2000 and "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" not in r.text
    r = client.get("/api/events", params={"q": "w" * 5000})
    assert r.status_code == 422 and len(r.content) < 500


@pytest.mark.parametrize("params", [{"country": "Nar\nnia"}, {"inter1": ["a\nb"] * 21}, {"limit": "1\r\n2"},
                                    {"since": "2019\n"}, {"q": "nul\x00"}])
def test_error_messages_stay_one_line_whatever_was_sent(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error.isprintable() and len(error) < 400, error
