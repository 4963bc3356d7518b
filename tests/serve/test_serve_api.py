"""The HTTP API over a fused synthetic store (40 articles × 8 events + one hostile article)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from serve_data import SQL_TITLE, XSS_TEXT_PIECES

from eventwire.model import EVENT_TYPES


def all_events(client, **params):
    items, offset = [], 0
    while True:
        page = client.get("/api/events", params={**params, "limit": 100, "offset": offset}).json()
        items += page["items"]
        offset += 100
        if offset >= page["total"]:
            return items, page["total"]


# ------------------------------------------------------------------ every endpoint

def test_stats(client):
    s = client.get("/api/stats").json()
    assert s["articles"] == 41 and s["events"] == 40 * 8 + 1
    assert s["incidents"] >= 1 and s["quotes"] == 41
    assert s["event_types"] == list(EVENT_TYPES)


def test_events_page_shape_and_evidence_spans(client):
    page = client.get("/api/events", params={"limit": 5}).json()
    assert page["total"] == 321 and page["limit"] == 5 and page["offset"] == 0 and page["has_more"]
    assert len(page["items"]) == 5
    art_cache = {}
    for e in page["items"]:
        assert e["type"] in EVENT_TYPES and e["article"]["id"] and e["article"]["title"]
        aid = e["article"]["id"]
        text = art_cache.setdefault(aid, client.get(f"/api/articles/{aid}").json()["article"]["text"])
        # every value carries the span of the words it came from
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
        assert text[e["date"]["start"]:e["date"]["end"]] == e["date"]["text"]
        assert text[e["location"]["start"]:e["location"]["end"]] == e["location"]["name"]
        for p in e["perpetrators"]:
            assert text[p["start"]:p["end"]] == p["name"]
        ev = e["killed"]["evidence"][0]
        assert text[ev["start"]:ev["end"]] == str(e["killed"]["best"])


def test_events_are_newest_first(client):
    items, _ = all_events(client)
    days = [e["date"]["value"] for e in items if e["date"]]
    assert days == sorted(days, reverse=True)


def test_incidents_and_one_incident(client):
    page = client.get("/api/incidents", params={"limit": 1000}).json()
    assert page["total"] == len(page["items"]) >= 1
    inc = page["items"][0]
    assert inc["articles"] and inc["location"]["lat"] is not None
    one = client.get(f"/api/incidents/{inc['id']}").json()
    assert one["id"] == inc["id"] and one["events"]
    assert {e["incident_id"] for e in one["events"]} == {inc["id"]}
    assert client.get("/api/incidents/999999").status_code == 404


@pytest.mark.parametrize("bucket", ["day", "week", "month"])
def test_timeline_counts_every_dated_incident(client, bucket):
    t = client.get("/api/timeline", params={"bucket": bucket}).json()
    incidents = client.get("/api/incidents", params={"limit": 1000}).json()["items"]
    dated = [i for i in incidents if i["date"]]
    assert sum(b["count"] for b in t["items"]) == len(dated)
    assert t["undated"] == len(incidents) - len(dated)
    buckets = [b["bucket"] for b in t["items"]]
    assert buckets == sorted(buckets)
    for inc in dated:      # each incident falls in exactly one bucket
        hits = [b for b in t["items"] if b["bucket"] <= inc["date_start"] <= b["until"]]
        assert len(hits) == 1


def test_timeline_follows_filters(client):
    t = client.get("/api/timeline", params={"country": "AF", "bucket": "month"}).json()
    n = client.get("/api/incidents", params={"country": "AF", "limit": 1000}).json()["total"]
    assert 0 < sum(b["count"] for b in t["items"]) <= n


def test_actors_search_and_dossier(client):
    page = client.get("/api/actors", params={"q": "liberation"}).json()
    names = [a["name"] for a in page["items"]]
    assert "Northern Liberation Army" in names
    d = client.get("/api/actors/Northern Liberation Army").json()
    assert d["name"] == "Northern Liberation Army" and d["kind"] == "organization"
    assert d["events"] and all("perpetrator" in e["roles"] for e in d["events"])
    assert all(any(p["name"] == d["name"] for p in e["perpetrators"]) for e in d["events"])
    assert client.get("/api/actors/Nobody At All").status_code == 404


def test_speaker_dossier_has_quotes_and_ties(client):
    d = client.get("/api/actors/Amir Khan").json()
    assert len(d["quotes"]) >= 40
    assert any(t["type"] == "spokesperson_of" for t in d["ties"])
    for tie in d["ties"]:     # each tie points at the words it came from
        text = client.get(f"/api/articles/{tie['article_id']}").json()["article"]["text"]
        assert tie["start"] is not None and text[tie["start"]:tie["end"]] == tie["evidence"]


def test_quotes_speaker_filter_and_paging(client):
    page = client.get("/api/quotes", params={"speaker": "Amir Khan", "limit": 10}).json()
    assert len(page["items"]) == 10 and page["has_more"] and page["total"] == 40
    assert all(q["speaker"]["name"] == "Amir Khan" for q in page["items"])
    rest = client.get("/api/quotes", params={"speaker": "Amir Khan", "limit": 1000, "offset": 10}).json()
    assert len(rest["items"]) == 30 and not rest["has_more"] and rest["total"] == 40
    none = client.get("/api/quotes", params={"speaker": "Nobody At All"}).json()
    assert none["items"] == [] and none["total"] == 0
    everyone = client.get("/api/quotes", params={"limit": 1}).json()
    assert everyone["total"] >= 40 and everyone["has_more"]


def test_actor_search_reports_its_total(client):
    found = client.get("/api/actors", params={"q": "Amir", "limit": 1000}).json()
    assert found["total"] == len(found["items"]) >= 1
    first = client.get("/api/actors", params={"limit": 1}).json()
    assert first["total"] > 1 and first["has_more"] and len(first["items"]) == 1


def test_articles_list_and_one_article(client):
    page = client.get("/api/articles", params={"limit": 1000}).json()
    assert len(page["items"]) == 41 and not page["has_more"] and page["total"] == 41
    first = next(a for a in page["items"] if a["source"] == "synthetic")
    art = client.get(f"/api/articles/{first['id']}").json()
    text = art["article"]["text"]
    assert art["spans"] and art["events"]
    labels = {s["label"] for s in art["spans"]}
    assert {"trigger", "perpetrator", "killed", "injured", "place", "date", "quote", "speaker"} <= labels
    for s in art["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    assert client.get("/api/articles/0000000000000000").status_code == 404


def test_openapi_lists_every_endpoint(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/incidents", "/api/incidents/{incident_id}", "/api/timeline",
            "/api/actors", "/api/actors/{name}", "/api/quotes", "/api/articles",
            "/api/articles/{article_id}", "/api/stats", "/api/config"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params == {"type", "actor", "country", "since", "until", "near", "q", "located",
                      "acled_sub_event_type", "inter1", "acled_event_type", "inter2", "sort", "limit", "offset"}
    for path in ("/api/incidents", "/api/incidents.csv", "/api/incidents.acled.csv", "/api/incidents.geojson"):
        # every export takes exactly the filters (and order) of the list, without paging
        got = {p["name"] for p in spec["paths"][path]["get"]["parameters"]}
        assert got == params - {"limit", "offset"} | ({"limit", "offset"} if path == "/api/incidents" else set())


# ------------------------------------------------------------------ filters and paging

def test_paging_walks_every_event_once(client):
    seen = []
    for offset in range(0, 321, 50):
        page = client.get("/api/events", params={"limit": 50, "offset": offset}).json()
        assert page["total"] == 321
        seen += [e["id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == 321
    past = client.get("/api/events", params={"offset": 5000}).json()
    assert past["items"] == [] and past["total"] == 321 and not past["has_more"]


@pytest.mark.parametrize("params,keep", [
    ({"type": "bombing"}, lambda e: e["type"] == "bombing"),
    ({"country": "NG"}, lambda e: (e["location"] or {}).get("country_code") == "NG"),
    ({"country": "nigeria"}, lambda e: (e["location"] or {}).get("country") == "Nigeria"),
    ({"actor": "Coastal Brigade"}, lambda e: any(p["name"] == "Coastal Brigade" for p in e["perpetrators"])),
    ({"since": "2017-06-01", "until": "2017-09-30"},
     lambda e: e["date"] and "2017-06-01" <= e["date"]["value"] <= "2017-09-30"),
    ({"until": "2017-03"}, lambda e: e["date"] and e["date"]["value"] <= "2017-03-31"),
    ({"q": "grenades"}, lambda e: "grenades" in e["sentence"]["text"]),
])
def test_filters_match_a_scan_of_all_events(client, params, keep):
    everything, _ = all_events(client)
    expected = {e["id"] for e in everything if keep(e)}
    got, total = all_events(client, **params)
    assert expected and {e["id"] for e in got} == expected and total == len(expected)


def test_near_filter_is_a_true_distance(client):
    from eventwire.store.read import haversine_km
    everything, _ = all_events(client)
    expected = {e["id"] for e in everything if e["location"] and e["location"]["lat"] is not None
                and haversine_km(33.34, 44.40, e["location"]["lat"], e["location"]["lon"]) <= 30}
    got, total = all_events(client, near="33.34,44.40,30")
    assert expected and {e["id"] for e in got} == expected and total == len(expected)


def test_filters_combine(client):
    both, _ = all_events(client, type="attack", country="PK")
    assert both and all(e["type"] == "attack" and e["location"]["country_code"] == "PK" for e in both)


# ------------------------------------------------------------------ bad parameters

@pytest.mark.parametrize("path,params,name", [
    ("/api/events", {"limit": "5000"}, "limit"),
    ("/api/events", {"limit": "-1"}, "limit"),
    ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"offset": "-3"}, "offset"),
    ("/api/events", {"offset": "1e99"}, "offset"),
    ("/api/events", {"type": "picnic"}, "type"),
    ("/api/events", {"since": "2018-13-01"}, "since"),
    ("/api/events", {"since": "2019-02-30"}, "since"),
    ("/api/events", {"until": "yesterday"}, "until"),
    ("/api/events", {"near": "24.8,67.0"}, "near"),
    ("/api/events", {"near": "95,67,10"}, "near"),
    ("/api/events", {"near": "a,b,c"}, "near"),
    ("/api/events", {"near": "24.8,67.0,-5"}, "near"),
    ("/api/events", {"q": "x" * 500}, "q"),
    ("/api/events", {"actor": "nul\x00byte"}, "actor"),
    ("/api/incidents", {"country": "y" * 300}, "country"),
    ("/api/timeline", {"bucket": "decade"}, "bucket"),
    ("/api/events", {"sort": "price"}, "sort"),
    ("/api/events", {"located": "maybe"}, "located"),
    ("/api/events", {"type": ["attack", "picnic"]}, "type"),
    ("/api/actors", {"limit": "100000"}, "limit"),
    ("/api/quotes", {"offset": "abc"}, "offset"),
    ("/api/articles", {"limit": "1.5"}, "limit"),
    ("/api/incidents/notanumber", {}, "incident_id"),
    ("/api/articles/<script>", {}, "article_id"),
])
def test_bad_parameters_are_422_with_a_clear_message(client, path, params, name):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["parameter"] == name
    assert body["error"].startswith("[E201] ") and f"valid {name}:" in body["error"]


def test_since_after_until_and_unknown_country_are_one_line_422s(client):
    r = client.get("/api/incidents", params={"since": "2019-01-02", "until": "2019-01-01"})
    assert r.status_code == 422 and r.json()["parameter"] == "since"
    assert r.json()["error"] == "[E212] since (2019-01-02) is after until (2019-01-01): swap them."
    for path in ("/api/incidents", "/api/events", "/api/timeline", "/api/incidents.csv"):
        r = client.get(path, params={"country": ["PK", "Narnia"]})
        assert r.status_code == 422 and r.json()["parameter"] == "country", path
        assert r.json()["error"].startswith("[E211] 'Narnia' is not a country") and "\n" not in r.json()["error"]


# ------------------------------------------------------------------ safety

def test_security_headers_on_page_api_and_files(client):
    for path in ("/", "/api/events", "/static/app.js", "/vendor/leaflet/leaflet.js", "/api/nothing"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY" and h["referrer-policy"] == "no-referrer"


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.styles = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs.get("src"))
        if tag == "style" or "style" in attrs:
            self.styles += 1
        self.handlers += [k for k in attrs if k.startswith("on")]


def test_page_has_no_inline_script_or_style(client):
    r = client.get("/")
    assert r.headers["content-type"].startswith("text/html")
    tags = _Tags()
    tags.feed(r.text)
    assert tags.scripts and all(src and src.startswith("/") for src in tags.scripts)
    assert tags.handlers == [] and tags.styles == 0
    for src in tags.scripts:       # every script the page loads is served from here
        assert client.get(src).status_code == 200, src


def test_front_end_never_parses_strings_as_html():
    from pathlib import Path
    js = (Path(__file__).resolve().parents[2] / "src/eventwire/serve/static/app.js").read_text()
    assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function", js)


def test_vendor_files_are_served_and_nothing_else(client):
    assert client.get("/vendor/leaflet/leaflet.css").status_code == 200
    assert client.get("/vendor/topojson-client/topojson-client.min.js").status_code == 200
    assert client.get("/vendor/world-atlas/countries-110m.json").json()["type"] == "Topology"
    assert client.get("/vendor/world-atlas/countries-50m.json").json()["type"] == "Topology"   # zoomed in
    for path in ("/vendor/leaflet/../package.json", "/vendor/leaflet/%2e%2e/package.json",
                 "/vendor/commander/index.js", "/static/../app.py"):
        assert client.get(path).status_code == 404, path


def test_read_only_by_default(client, api_db):
    r = client.post("/api/articles", json={"text": "Gunmen attacked a bank."})
    assert r.status_code == 403 and "read-only" in r.json()["error"]
    store = client.app.state.store
    assert store.readonly
    from eventwire.errors import StoreError
    from serve_data import synthetic_extraction
    with pytest.raises(StoreError):
        store.add_extraction(synthetic_extraction(999, 1))


def test_host_header_must_name_this_machine(api_db):
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    c = TestClient(create_app(api_db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert c.get("/api/stats").status_code == 200
    assert c.get("/api/stats", headers={"Host": "attacker.example"}).status_code == 400


def test_hostile_article_comes_back_verbatim_and_queries_are_unaffected(client):
    before = client.get("/api/stats").json()
    for q in ["'; DROP TABLE events; --", '" OR 1=1 --', "%", "_", "\\", "UNION SELECT * FROM articles"]:
        r = client.get("/api/events", params={"q": q})
        assert r.status_code == 200
        for e in r.json()["items"]:
            assert q.lower() in (e["sentence"]["text"] + (e["location"] or {}).get("name", "")
                                 + e["trigger"]["text"]).lower()
        assert client.get("/api/actors", params={"q": q}).status_code == 200
        assert client.get("/api/quotes", params={"speaker": q}).status_code == 200
    assert client.get("/api/stats").json() == before
    page = client.get("/api/events", params={"q": "Militants"}).json()
    (event,) = page["items"]
    assert event["article"]["title"].startswith(SQL_TITLE)
    assert event["perpetrators"][0]["name"] == XSS_TEXT_PIECES["script"] + " Front"
    art = client.get(f"/api/articles/{event['article']['id']}").json()
    for piece in XSS_TEXT_PIECES.values():
        assert piece in art["article"]["text"]
    d = client.get("/api/actors/" + quote(XSS_TEXT_PIECES["script"] + " Front", safe=""))
    assert d.status_code == 200 and d.json()["events"]


def test_writable_server_reads_and_stores_a_posted_article(tmp_path, pipeline):
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    from eventwire.store import Store
    db = str(tmp_path / "w.db")
    Store(db).close()
    c = TestClient(create_app(db, read_only=False))
    body = {"text": "Gunmen attacked a police station in Quetta on Monday, killing three officers, "
                    "police said.", "title": "Quetta police station attacked", "published": "2019-04-22"}
    r = c.post("/api/articles", json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["stored"] and made["events"] >= 1
    art = c.get(f"/api/articles/{made['id']}").json()
    assert art["article"]["title"] == body["title"] and art["events"]
    assert c.get("/api/events").json()["total"] == made["events"]
    again = c.post("/api/articles", json=body).json()
    assert again == {**made, "stored": False}
    bad = c.post("/api/articles", json={**body, "published": "someday"})
    assert bad.status_code == 422 and "[E115]" in bad.json()["error"]
    assert c.post("/api/articles", json={"title": "no text"}).status_code == 422


def test_tiles_are_optional_and_widen_only_img_src(api_db):
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    plain = TestClient(create_app(api_db))
    assert plain.get("/api/config").json()["tiles"] is None
    url = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    c = TestClient(create_app(api_db, tiles=url))
    assert c.get("/api/config").json()["tiles"] == url
    csp = c.get("/").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in csp
    assert "connect-src 'self';" in csp and "script-src 'self';" in csp
