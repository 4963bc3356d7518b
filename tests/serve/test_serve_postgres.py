"""The API over PostgreSQL: the same answers as over SQLite for the same records."""
from __future__ import annotations

import random

import pytest
from serve_data import hostile_extraction, synthetic_extraction

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_pair():
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    from eventwire.store import Store
    from eventwire.store.testing import POSTGRES_URL, temp_store
    from requirements import need_postgres
    need_postgres()
    with temp_store("postgresql") as pg, temp_store("sqlite") as lite:
        for store in (pg, lite):
            rng = random.Random(5)
            for i in range(12):
                store.add_extraction(synthetic_extraction(i, 5, rng=rng))
            store.add_extraction(hostile_extraction())
            store.fuse()
        readonly = Store(POSTGRES_URL, schema=pg.schema, readonly=True)
        try:
            yield TestClient(create_app(readonly)), TestClient(create_app(lite.url))
        finally:
            readonly.close()


@pytest.mark.parametrize("path", [
    "/api/events?limit=1000", "/api/events?actor=Coastal%20Brigade&limit=1000",
    "/api/events?country=pk&since=2017-02-01&limit=1000", "/api/events?near=24.86,67.01,40&limit=1000",
    "/api/events?q=GRENADES&limit=1000", "/api/timeline?bucket=week", "/api/quotes?speaker=Amir%20Khan&limit=1000",
    "/api/articles?limit=1000",
    "/api/incidents?country=PK&country=Nigeria&sort=-killed&limit=1000", "/api/events?located=true&sort=killed&limit=1000",
    "/api/events?inter1=3&acled_sub_event_type=Attack&limit=1000", "/api/timeline?bucket=auto", "/api/timeline?bucket=year",
    "/api/incidents?sort=-sources&actor=Red%20Dawn%20Front&limit=1000",
])
def test_postgres_answers_like_sqlite(pg_pair, path):
    pg, lite = pg_pair
    a, b = pg.get(path), lite.get(path)
    assert a.status_code == b.status_code == 200

    def key(body):
        if "items" not in body:
            return body
        ids = sorted(str(x.get("id") or x.get("bucket") or (x["article"]["id"], x["start"])) for x in body["items"])
        return body.get("total"), ids
    assert key(a.json()) == key(b.json())


def test_postgres_read_only_and_422(pg_pair):
    pg, _ = pg_pair
    assert pg.post("/api/articles", json={"text": "x"}).status_code == 403
    assert pg.get("/api/events?until=2019-02-30").status_code == 422
    d = pg.get("/api/actors/Amir Khan").json()
    assert d["quotes"] and d["ties"]
    assert pg.get("/api/stats").json()["events"] == 12 * 5 + 1


def test_postgres_exports_dossier_and_order_like_sqlite(pg_pair):
    pg, lite = pg_pair
    for path in ("/api/incidents.csv?country=PK", "/api/events.acled.csv?type=violence", "/api/incidents.geojson"):
        a, b = pg.get(path), lite.get(path)
        assert a.status_code == b.status_code == 200 and len(a.text.splitlines()) == len(b.text.splitlines()) > 2
    for sort in ("killed", "-killed", "type", "date"):
        a = [x["killed"]["best"] for x in pg.get(f"/api/incidents?sort={sort}&limit=1000").json()["items"]]
        b = [x["killed"]["best"] for x in lite.get(f"/api/incidents?sort={sort}&limit=1000").json()["items"]]
        assert (a == b) if "killed" in sort else (len(a) == len(b))
    da, db = (c.get("/api/actors/Amir Khan", params={"limit": 5, "offset": 5}).json() for c in (pg, lite))
    assert da["events_total"] == db["events_total"] and len(da["events"]) == len(db["events"])
    assert sorted((t["type"], t["other"], t["direction"], t["count"]) for t in da["ties"]) == \
        sorted((t["type"], t["other"], t["direction"], t["count"]) for t in db["ties"])
