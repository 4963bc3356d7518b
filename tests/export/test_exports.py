from __future__ import annotations

import csv
import io
import json

import pytest
import stix2

from eventwire.errors import UsageError
from eventwire.export import FORMATS, export

ACLED_REQUIRED = ["event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
                  "latitude", "longitude", "geo_precision", "time_precision", "fatalities", "source",
                  "notes"]
GTD_REQUIRED = ["iyear", "imonth", "iday", "country_txt", "city", "latitude", "longitude",
                "attacktype1_txt", "targtype1_txt", "gname", "weaptype1_txt", "nkill", "nwound",
                "nkillter", "claimed"]


def run(store, fmt, **filters) -> tuple[int, str]:
    buf = io.StringIO(newline="")
    n = export(store, fmt, buf, **filters)
    return n, buf.getvalue()


def _karachi_sources() -> int:
    from pathlib import Path
    from eventwire.evaluate.paths import shared_dir
    gold = Path(__file__).resolve().parents[1] / "corpus" / "gold.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    return sum(1 for g in rows if g["incident"] == "karachi-consulate-2018"
               and ("url" in g or (shared_dir() / g["path"]).exists()))


def test_acled_csv(corpus_store):
    n, text = run(corpus_store, "acled")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert n == len(rows) == corpus_store.stats()["incidents"]
    assert set(ACLED_REQUIRED) <= set(rows[0])
    karachi = next(r for r in rows if r["location"] == "Karachi" and r["event_date"] == "2018-11-23")
    assert karachi["event_type"] == "Violence against civilians"
    assert karachi["actor1"] == "Baloch Liberation Army"
    assert (karachi["fatalities_low"], karachi["fatalities_high"]) == ("2", "7")
    # back to the sources: outlets, URLs, article ids and each source's own figure
    assert "Reuters" in karachi["source"] and "Dawn" in karachi["source"]
    assert "Reuters 2018-11-23: 7 killed" in karachi["notes"]
    # the team's four Karachi reports, and the seed when the shared folder is there
    assert len(karachi["article_ids"].split()) == _karachi_sources()
    assert all(r["article_ids"] for r in rows)
    protest = next(r for r in rows if r["event_type"] == "Protests")
    assert protest["fatalities"] == ""                  # unknown stays unknown


def test_gtd_csv(corpus_store):
    n, text = run(corpus_store, "gtd")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert n == len(rows) and set(GTD_REQUIRED) <= set(rows[0])
    assert not any(r["city"] == "Karachi" and r["iday"] == "25" for r in rows)   # protests left out
    bogota = next(r for r in rows if r["city"] == "Bogota")
    assert (bogota["iyear"], bogota["imonth"], bogota["iday"]) == ("2019", "1", "17")
    assert bogota["attacktype1_txt"] == "Bombing/Explosion"
    assert bogota["weaptype1_txt"] == "Explosives"
    kankara = next(r for r in rows if r["city"] == "Kankara")
    assert kankara["attacktype1_txt"] == "Hostage Taking (Kidnapping)" and kankara["ishostkid"] == "1"
    assert all(r["scite1"] and r["article_ids"] for r in rows)


def test_geojson(corpus_store):
    n, text = run(corpus_store, "geojson")
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == n > 0
    for f in doc["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]          # RFC 7946: longitude first
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["sources"]
    bogota = next(f for f in doc["features"] if f["properties"]["place"] == "Bogota")
    assert bogota["geometry"]["coordinates"] == [-74.08, 4.61]


def test_stix_bundle_parses_and_links(corpus_store):
    n, text = run(corpus_store, "stix")
    bundle = stix2.parse(text, allow_custom=False)
    kinds = {o.type for o in bundle.objects}
    assert {"incident", "threat-actor", "identity", "location", "report", "relationship"} <= kinds
    ids = {o.id for o in bundle.objects}
    for o in bundle.objects:
        if o.type == "relationship":
            assert o.source_ref in ids and o.target_ref in ids
        if o.type == "report":
            assert all(ref in ids for ref in o.object_refs)
            assert o.external_references and o.created_by_ref in ids
    assert sum(o.type == "incident" for o in bundle.objects) == n
    # one threat actor for all the forms of a name
    names = [o.name for o in bundle.objects if o.type == "threat-actor"]
    assert names.count("Baloch Liberation Army") == 1 and "BLA" not in names
    # stable ids: the same export twice names the same objects
    _, again = run(corpus_store, "stix")
    assert ids == {o.id for o in stix2.parse(again, allow_custom=False).objects}


def test_jsonl(corpus_store):
    n, text = run(corpus_store, "jsonl")
    lines = [json.loads(x) for x in text.splitlines()]
    assert len(lines) == n
    assert all(x["sources"] and all(s["article_id"] for s in x["sources"]) for x in lines)


def test_filters_and_files(corpus_store, tmp_path):
    n_pk, _ = run(corpus_store, "jsonl", country="PK")
    n_all, _ = run(corpus_store, "jsonl")
    assert 0 < n_pk < n_all
    out = tmp_path / "x.csv"
    assert export(corpus_store, "acled", out) == n_all
    assert not (tmp_path / "x.csv.part").exists()
    with open(out, newline="", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == n_all


def test_unknown_format():
    with pytest.raises(UsageError, match=r"\[E201\] 'xml' is not a valid export format"):
        export(None, "xml", io.StringIO())
    assert set(FORMATS) == {"acled", "gtd", "jsonl", "geojson", "stix"}


def test_empty_store_exports(tmp_path):
    from eventwire.store.testing import temp_store
    with temp_store("sqlite") as store:
        for fmt in FORMATS:
            n, text = run(store, fmt)
            assert n == 0
        # (stix2.parse cannot read a bundle without objects; the JSON must still be a bundle)
        assert json.loads(run(store, "stix")[1])["type"] == "bundle"
        assert json.loads(run(store, "geojson")[1]) == {"type": "FeatureCollection", "features": []}
