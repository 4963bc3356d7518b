"""The geo scorer on a hand-made corpus, and floors on GeoVirus' held-out half (quality gate)."""
import pytest

from requirements import need_shared   # skip with a notice, or fail in CI

from eventwire.evaluate.geo import GeoScores, Toponym, evaluate_geo, haversine_km, load_corpus, match_places
from eventwire.model import Place

_XML = """<articles>
<article><source>a</source><text>Floods hit Karachi and Lahore.</text><locations>
 <location><name>Karachi</name><start>11</start><end>18</end><lat>24.86</lat><lon>67.01</lon></location>
 <location><name>Lahore</name><start>23</start><end>29</end><lat>31.55</lat><lon>74.34</lon></location>
</locations></article>
<article docid="lgl1"><text>Storms in Paris, Texas.</text><toponyms>
 <toponym><start>10</start><end>15</end><phrase>Paris</phrase>
  <gaztag geonameid="4717560"><name>Paris</name><lat>33.66</lat><lon>-95.55</lon></gaztag></toponym>
 <toponym><start>17</start><end>22</end><phrase>Texas</phrase></toponym>
</toponyms></article>
</articles>"""


def test_loads_geovirus_and_lgl_styles(tmp_path):
    path = tmp_path / "c.xml"
    path.write_text(_XML, encoding="utf-8")
    docs = load_corpus(path)
    assert [len(d.toponyms) for d in docs] == [2, 1]       # an ungeocoded LGL toponym is skipped
    assert docs[1].toponyms[0].geonameid == 4717560 and docs[1].doc_id == "lgl1"


def test_scores_by_hand():
    gold = [Toponym(0, 5, "A", 0.0, 0.0, 7), Toponym(10, 15, "B", 0.0, 0.0), Toponym(20, 25, "C", 0.0, 0.0)]
    places = [Place("A", "city", lat=0.0, lon=1.0, start=0, end=5, geonameid=7),     # 111 km
              Place("B", "city", lat=0.1, lon=0.0, start=11, end=14)]                # 11 km
    s = GeoScores()
    for t, p in zip(gold, match_places(gold, places)):
        s.add(t, p)
    d = s.as_dict()
    assert (d["found"], d["within_161_found"], d["within_25_found"], d["within_161_gold"]) == (2, 100.0, 50.0, 66.7)
    assert d["exact_id_found"] == 100.0 and d["gold_with_id"] == 1
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)


def test_end_to_end_on_a_tiny_corpus(tmp_path):
    path = tmp_path / "c.xml"
    path.write_text(_XML, encoding="utf-8")
    s = evaluate_geo(path)
    assert s["gold"] == 3 and s["found"] == 3 and s["within_161_gold"] == 100.0
    assert s["exact_id_found"] == 100.0


@pytest.mark.slow
def test_geovirus_heldout_floors(shared):
    path = need_shared(shared / "data" / "geo" / "geovirus.xml", "GeoVirus")
    docs = [d for d in load_corpus(path) if d.part == "test"][:60]
    s = evaluate_geo(path, docs=docs)
    # measured on these 60 held-out articles: see docs/geo.md
    assert s["found_pct"] >= FLOORS["found_pct"]
    assert s["within_161_found"] >= FLOORS["within_161_found"]
    assert s["within_161_gold"] >= FLOORS["within_161_gold"]


# measured 93.1 / 90.5 / 84.2 after countries took their body's area centroid on the sphere,
# listed names read their list, the county features joined and the geocoder's evidence weights
# were bounded at 0 (session 6);
# 92.2 / 85.9 / 79.3 after the places the text puts in a division and the lone far
# towns (92.7 / 85.8 / 79.5 before, the same before and after the generated local news joined
# the training; first 60 held-out articles, 463 toponyms; 88.3 / 84.8 / 74.9
# before the provinces took ISO 3166-2 points, lists, "the town of X", abbreviations, places
# inside organizations' names and tagger-cut names were read, and the weights were learned again)
FLOORS = {"found_pct": 92.5, "within_161_found": 90.0, "within_161_gold": 83.5}


def test_team_local_news_in_lgl_format():
    """Small-town local news (team-written, LGL's format, GeoNames ids): the local reading of
    Alexandria, Kingston, Paris, Decatur and Macon, and exact ids for towns, counties, states."""
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "corpus" / "geo" / "local_news.xml"
    s = evaluate_geo(path)
    # measured: 14 of 15 found ("the Ontario fire marshal" is missed), 14/14 exact ids
    assert s["gold"] == 15 and s["gold_with_id"] == s["found"] >= 14
    assert s["exact_id_found"] == 100.0


def test_team_local_news_with_counties():
    """Towns named with the county that holds them, each sharing its name with bigger towns
    elsewhere (Jackson and Madison County, Tennessee; Portland and Cumberland County, Maine;
    Marion among Lauderdale County's towns). Team-written in session 6 while the county
    features were built, so a regression floor, not a held-out score."""
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "corpus" / "geo" / "local_news_counties.xml"
    s = evaluate_geo(path)
    # measured: 33/33 found, 33/33 exact ids (the session-start code: 30 found, 19 exact ids)
    assert s["gold"] == 33 and s["found"] >= 32
    assert s["exact_id_found"] >= 93.0


def test_cli_scores_and_errors(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main
    good = tmp_path / "c.xml"
    good.write_text(_XML, encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", "geo", "--corpus", str(good)])
    assert r.exit_code == 0, r.output
    assert "within 161 km           100.0% of found, 100.0% of gold" in r.output
    r = CliRunner().invoke(main, ["evaluate", "geo", "--corpus", str(tmp_path / "nope.xml")])
    assert r.exit_code == 5 and "[E502]" in r.output
    bad = tmp_path / "bad.xml"
    bad.write_text("<articles><article><text>no closing", encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", "geo", "--corpus", str(bad)])
    assert r.exit_code == 3 and r.output.startswith("Error: [E516]") and len(r.output.strip().splitlines()) == 1


def test_generated_local_news_floors():
    """Local news generated from the gazetteer (training/local_news.py, seed 2: not the seed the
    weights are learned on): the town of the province and the neighbourhood the article names.
    In-distribution for the generator, so a floor against regressions, not a real-news score."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from training.local_news import local_news_docs
    s = evaluate_geo(Path("generated"), docs=local_news_docs(150, seed=2))
    # measured 95.1 / 96.8 / 95.6 (session 6; 94.4 / 96.7 / 95.6 in session 5, 93.3 / 91.9 / 90.5
    # with the weights learned on GeoVirus alone)
    assert s["found_pct"] >= 94.0
    assert s["within_161_found"] >= 95.0
    assert s["exact_id_found"] >= 94.0
