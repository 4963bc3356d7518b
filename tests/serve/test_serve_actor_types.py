"""The actor endpoints return the fused actor's type (issue 13) and filter by inter code and
sector, on both backends, true to the published schema."""
from __future__ import annotations

import pytest

from eventwire.extract.coding import code_events
from eventwire.store.testing import event, make_extraction

TEXTS = [("Fighters of the Baloch Liberation Army attacked a police post in Turbat, killing two policemen.",
          "2021-05-01", ["Baloch Liberation Army"], ["policemen"]),
         ("The BLA said its men ambushed an army convoy near Turbat on Saturday.", "2021-05-09", ["BLA"], []),
         ("Protesters blocked the main road in Turbat after the attack.", "2021-05-10", [], [])]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def client(request):
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    from eventwire.store.testing import temp_store
    if request.param == "postgresql":
        from requirements import need_postgres
        need_postgres()
    with temp_store(request.param) as store:
        for text, day, perps, victims in TEXTS:
            ex = make_extraction(text, published=day, events=[event(
                date=day, place=("Turbat", "PK", 26.0, 63.05), perpetrators=perps, victims=victims)])
            code_events(ex.events)
            store.add_extraction(ex)
        store.fuse()
        yield TestClient(create_app(store))


def test_actor_list_and_dossier_carry_the_type(client):
    page = client.get("/api/actors", params={"inter": "2"}).json()
    assert [a["name"] for a in page["items"]] == ["Baloch Liberation Army"] and page["total"] == 1
    typing = page["items"][0]["typing"]
    assert typing == {"inter": 2, "inter_name": "Rebel groups", "sector": "REB", "country": "PK",
                      "confidence": 1.0, "mentions": 2,
                      "evidence": {"inter": {"2": 2}, "sector": {"REB": 2}, "country": {"PK": 2}}}
    dossier = client.get("/api/actors/BLA").json()
    assert dossier["name"] == "Baloch Liberation Army" and dossier["typing"] == typing
    police = client.get("/api/actors", params=[("sector", "cop"), ("sector", "MIL")]).json()["items"]
    assert [(a["name"], a["typing"]["inter"]) for a in police] == [("policemen", 1)]
    both = client.get("/api/actors", params=[("inter", "1"), ("inter", "2")]).json()
    assert both["total"] == 2
    assert client.get("/api/actors", params={"inter": "8"}).json()["total"] == 0


def test_bad_type_filters_are_refused_with_one_line(client):
    for params in ({"inter": "9"}, {"inter": "two"}, {"sector": "R3B"}):
        r = client.get("/api/actors", params=params)
        assert r.status_code == 422, params
        assert "\n" not in r.json()["error"]


def test_the_schema_states_the_filters_and_the_typing():
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    from eventwire.store.testing import temp_store
    with temp_store() as store:
        spec = TestClient(create_app(store)).get("/openapi.json").json()
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/actors"]["get"]["parameters"]}
    assert params["inter"]["items"]["enum"] == ["", "1", "2", "3", "4", "5", "6", "7", "8"]
    assert "pattern" in params["sector"]["items"]
    assert "typing" in spec["components"]["schemas"]["ActorRec"]["properties"]
