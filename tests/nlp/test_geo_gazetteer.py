"""The gazetteer built from packaged GeoNames extracts: kinds, points, abbreviations."""
import pytest

from eventwire.nlp.gazetteer import PRECISION_RANK, Gazetteer


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def _kind(gaz, name, kind):
    return [r for r in gaz.candidates(name) if r.kind == kind]


def test_china_sits_at_its_centre_not_at_the_mean_of_its_cities(gaz):
    china = _kind(gaz, "China", "country")[0]
    assert abs(china.lat - 35) <= 10 and abs(china.lon - 103) <= 10


@pytest.mark.parametrize("name, cc", [("Rapides Parish", "US"), ("Dera Ismail Khan district", "PK"),
                                      ("Dantewada", "IN"), ("Dera Ismail Khan", "PK")])
def test_second_level_divisions_are_known(gaz, name, cc):
    recs = _kind(gaz, name, "admin2")
    assert recs and recs[0].country_code == cc and recs[0].admin1


@pytest.mark.parametrize("name, cc", [("U.S.", "US"), ("US", "US"), ("USA", "US"), ("UK", "GB"),
                                      ("DRC", "CD")])
def test_news_abbreviations_of_countries(gaz, name, cc):
    assert [r.country_code for r in _kind(gaz, name, "country")] == [cc]


def test_small_towns_and_regions(gaz):
    assert _kind(gaz, "Dalbandin", "city")                # a town of ~15,000
    assert _kind(gaz, "Middle East", "region")


def test_one_precision_ranking_finest_first():
    assert PRECISION_RANK["city"] < PRECISION_RANK["admin2"] < PRECISION_RANK["admin1"] < PRECISION_RANK["country"]


def test_provinces_take_their_iso_3166_2_point(gaz):
    from eventwire.evaluate.geo import haversine_km
    from eventwire.nlp.gazetteer_build import subdivision_points
    points = subdivision_points()
    assert haversine_km(*points["CA-ON"], 50.0, -86.0) < 50       # Ontario: its centre, not Toronto
    ontario = [r for r in _kind(gaz, "Ontario", "admin1") if r.country_code == "CA"][0]
    assert haversine_km(ontario.lat, ontario.lon, *points["CA-ON"]) < 1


def test_a_place_carries_its_district(gaz):
    from eventwire.nlp.gazetteer import to_place
    town = max(_kind(gaz, "Dalbandin", "city"), key=lambda r: r.population)
    place = to_place(town)
    assert place.admin2 and place.admin2 == town.admin2 and place.admin1 == town.admin1
