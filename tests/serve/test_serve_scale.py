"""The events API over 10,000 events written through the store's write API: server-side
paging and filters stay exact at that size."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def big(big_db):
    from fastapi.testclient import TestClient
    from eventwire.serve import create_app
    return TestClient(create_app(big_db))


def test_total_and_pages_cover_all_10k_events_once(big):
    seen = set()
    for offset in range(0, 10_000, 1000):
        page = big.get("/api/events", params={"limit": 1000, "offset": offset}).json()
        assert page["total"] == 10_000 and len(page["items"]) == 1000
        seen.update(e["id"] for e in page["items"])
    assert len(seen) == 10_000
    last = big.get("/api/events", params={"limit": 50, "offset": 9_990}).json()
    assert len(last["items"]) == 10 and not last["has_more"]


def test_a_page_is_only_the_rows_asked_for(big):
    page = big.get("/api/events", params={"limit": 20, "offset": 5000})
    assert page.status_code == 200 and len(page.json()["items"]) == 20
    # a page of 20 stays small however big the store is (no whole-table payloads)
    assert len(page.content) < 200_000


def test_filtered_totals_add_up(big):
    by_type = {t: big.get("/api/events", params={"type": t, "limit": 1}).json()["total"]
               for t in ("attack", "bombing", "kidnapping", "arson", "armed_clash", "assassination")}
    assert sum(by_type.values()) == 10_000 and all(by_type.values())
    pk = big.get("/api/events", params={"country": "PK", "limit": 1000}).json()
    assert 0 < pk["total"] < 10_000
    assert all(e["location"]["country_code"] == "PK" for e in pk["items"])
    window = big.get("/api/events", params={"since": "2018-01-01", "until": "2018-03-31",
                                            "type": "bombing", "limit": 1000}).json()
    assert window["total"] == len(window["items"]) > 0
    assert all(e["type"] == "bombing" and "2018-01-01" <= e["date"]["value"] <= "2018-03-31"
               for e in window["items"])


def test_other_endpoints_answer_on_the_big_store(big):
    for path in ("/api/stats", "/api/articles?limit=100", "/api/quotes?limit=100",
                 "/api/timeline?bucket=day", "/api/incidents?limit=1000", "/api/actors"):
        assert big.get(path).status_code == 200, path
    assert big.get("/api/stats").json()["events"] == 10_000
