"""ACLED export with the codebook's columns: inter codes, interaction, civilian targeting,
precision codes, admin1 and numeric ISO, on the seed and on hand-made incidents."""
from __future__ import annotations

import csv
import io

import pytest

from eventwire.export import export
from eventwire.model import extraction_from_dict
from eventwire.store.testing import event, make_extraction, temp_store


def rows_of(store) -> list[dict]:
    buf = io.StringIO(newline="")
    export(store, "acled", buf)
    return list(csv.DictReader(io.StringIO(buf.getvalue(), newline="")))


@pytest.fixture(scope="module")
def seed_rows(seed_record):
    with temp_store("sqlite") as store:
        store.add_extraction(extraction_from_dict(seed_record))
        store.fuse()
        yield rows_of(store)


def test_seed_karachi_row_as_acled_codes_it(seed_rows):
    k = next(r for r in seed_rows if r["location"] == "Karachi" and r["event_date"] == "2018-11-23")
    # BLA (rebel group, 2) stormed the consulate (a civilian site) and civilians died there
    # besides its police guards: ACLED's violence against civilians, rebels v civilians (27)
    assert (k["event_type"], k["sub_event_type"]) == ("Violence against civilians", "Attack")
    assert (k["actor1"], k["inter1"], k["inter2"], k["interaction"]) == ("Baloch Liberation Army", "2", "7", "27")
    assert k["actor2"] == "Civilians (Pakistan)" and "Chinese Consulate General" in k["assoc_actor_2"]
    assert k["civilian_targeting"] == "Civilian targeting"
    assert (k["iso"], k["country"], k["admin1"], k["region"]) == ("586", "Pakistan", "Sindh", "South Asia")
    # fatalities: the two police officers and the three attackers (ACLED counts every death)
    assert k["assoc_actor_1"] == "three armed men" and k["fatalities"] == "5" and k["notes"] and k["source"]
    assert k["timestamp"].isdigit()
    assert (k["geo_precision"], k["time_precision"]) == ("1", "1")
    assert k["event_id_cnty"].startswith("PAK") and k["disorder_type"] == "Political violence"


def test_codes_from_the_extractor_fill_the_columns():
    ext = make_extraction(
        "Gunmen shot dead a teacher in Kaduna on Monday.", published="2024-03-06",
        events=[event("attack", trigger="shot", date="2024-03-04", place=("Kaduna", "NG"), admin1="Kaduna",
                      perpetrators=["Gunmen"], victims=["a teacher"], killed=1,
                      codes={"acled_event_type": "Violence against civilians", "acled_sub_event_type": "Attack",
                             "inter1": 3, "inter2": 7, "interaction": 37,
                             "civilian_targeting": "Civilian targeting"})])
    with temp_store("sqlite") as store:
        store.add_extraction(ext)
        store.fuse()
        (r,) = rows_of(store)
    assert (r["inter1"], r["inter2"], r["interaction"]) == ("3", "7", "37")
    assert r["civilian_targeting"] == "Civilian targeting" and r["iso"] == "566"
    assert r["time_precision"] == "1" and r["event_id_cnty"].startswith("NGA")


def test_columns_are_acleds_in_acleds_order(seed_rows):
    acled = ("event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 "
             "assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country "
             "admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities "
             "tags timestamp").split()
    assert list(seed_rows[0])[:len(acled)] == acled


def test_fatalities_count_the_attackers_of_an_event_row_and_of_an_incident():
    from eventwire.export.common import attackers_killed

    class Store:                                     # the reports of incident 7
        def events(self, incident, limit):
            assert incident == 7
            return [{"killed_attackers": 2}, {"killed_attackers": 3}, {"killed_attackers": None}]

    assert attackers_killed(Store(), {"id": 7}) == 3                   # an incident: its reports' largest
    assert attackers_killed(None, {"id": "a:e1", "killed_attackers": 1}) == 1   # an event row: its own
    assert attackers_killed(None, {"id": "a:e2", "killed_attackers": None}) is None
