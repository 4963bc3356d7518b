"""Lists of places, one name's repeated groups, feature words and sentence-initial countries
(session 6; texts written for these tests)."""
import pytest

from eventwire.model import Article
from eventwire.nlp import analyze
from eventwire.nlp.geocode import Geocoder, Group, _list_share, _list_siblings
from eventwire.nlp.gazetteer import GeoRecord


def _places(text):
    a = analyze(Article(text=text))
    return list(a.places) + list(getattr(a, "name_places", ()))


def _items(text, names):
    groups = []
    for n in names:
        s = text.index(n)
        groups.append(Group(n, [(s, s + len(n))]))
    return [{"group": g} for g in groups]


def test_list_siblings_are_runs_joined_by_commas_and_conjunctions():
    text = "Cases were found in Texas, Utah, Virginia and Wyoming, officials said."
    sibs = _list_siblings(_items(text, ["Texas", "Utah", "Virginia", "Wyoming"]), text)
    assert sibs[3] == (0, 1, 2) and sibs[0] == (1, 2, 3)


def test_a_place_and_its_holder_are_no_list():
    text = "He lived in Brooklyn, New York until May."
    assert _list_siblings(_items(text, ["Brooklyn", "New York"]), text) == {}
    text = "They flew from Lahore and Karachi."
    assert _list_siblings(_items(text, ["Lahore", "Karachi"]), text) == {0: (1,), 1: (0,)}


def test_list_share_counts_siblings_of_the_candidates_kind_and_country():
    def rec(kind, cc):
        return GeoRecord("x", kind, cc, None, None, 0.0, 0.0, 0, None, None)
    picks = [rec("admin1", "US"), rec("admin1", "US"), rec("city", "US"), None]
    assert _list_share(rec("admin1", "US"), (0, 1, 2, 3), picks) == 0.5
    assert _list_share(rec("city", "US"), (), picks) == 0.0


def test_a_state_among_states_is_the_state():
    text = ("Health officials reported new cases of the infection in Oregon, Idaho, Montana, "
            "Washington and Utah over the weekend.")
    p = next(p for p in _places(text) if p.text == "Washington")
    assert (p.precision, p.country_code) == ("admin1", "US")


def test_a_feature_word_inside_an_unknown_name_is_no_town():
    text = "Fishermen found the boat drifting off Karimba Bay on Tuesday, the coast guard said."
    assert not any(p.text == "Bay" for p in _places(text))


def test_a_direction_word_alone_is_no_place():
    groups = [Group("South", [(0, 5)])]
    # the filter runs in place_groups; the geocoder itself still resolves what it is given
    assert Geocoder().resolve(groups, "South")[0] is not None
    text = "Farmers across the American South face a second dry summer."
    assert not any(p.text == "South" for p in _places(text))


def test_a_countrys_name_at_a_sentences_start_is_a_place():
    text = ("The outbreak has spread to three provinces. Nigeria reported 40 new cases on Monday, "
            "the ministry in Abuja said.")
    assert any(p.text == "Nigeria" and p.country_code == "NG" for p in _places(text))


@pytest.mark.parametrize("text, name, cc", [
    # every "Cornwall" group's first pick was Cornwall, Ontario; each one then voted for the others
    ("Firefighters were called to a caravan park in Cornwall on Saturday. Cornwall Council said "
     "the park in Camborne would reopen. Devon and Cornwall Police are investigating.",
     "Cornwall", "GB"),
])
def test_one_names_groups_are_no_evidence_for_each_other(text, name, cc):
    p = next(p for p in _places(text) if p.text == name)
    assert p.country_code == cc


def test_a_province_the_tagger_calls_an_organization_is_a_toponym_not_an_event_place():
    text = ("Vets said the outbreak began at a stable in Sydney. Trainers blamed the NSW "
            "government for the slow response, and horses from NSW were kept at home.")
    a = analyze(Article(text=text))
    named = [p for p in getattr(a, "name_places", ()) if p.text == "NSW"]
    assert named and all(p.name == "New South Wales" for p in named)
    assert not any(p.text == "NSW" for p in a.places)


def _where(text, name):
    p = next(p for p in _places(text) if p.text == name)
    return p.admin1, p.admin2


def test_a_town_qualifying_a_person_and_a_town_east_of_another_are_places():
    text = ("A Lafayette woman was killed Saturday when her car left the interstate near Scott. "
            "Deputies said the crash happened east of Breaux Bridge in St. Martin Parish.")
    assert _where(text, "Lafayette")[0] == "Louisiana"
    assert _where(text, "Breaux Bridge")[0] == "Louisiana"


def test_a_word_for_a_group_of_people_is_no_town_before_family():
    text = "Gunmen ambushed a Mormon family on a dirt road near the town of Bavispe in Sonora state."
    assert not any(p.text == "Mormon" for p in _places(text))


@pytest.mark.parametrize("text, name, admin1", [
    # the county the article's towns lie in outweighs a bigger namesake elsewhere
    ("MERIDIAN -- Lauderdale County supervisors voted Monday to build a new jail. Residents from "
     "Marion, Toomsuba and Collinsville attended the meeting.", "Collinsville", "Mississippi"),
    # a holder that can only be a division holds the town before the context pass reads it
    ("A fire destroyed a church in Paris, Tenn., on Sunday. Henry County deputies said no one "
     "was hurt.", "Henry County", "Tennessee"),
    ("Storms knocked out power in Paris, Texas, overnight. Crews from Reno and Lamar County "
     "worked until dawn.", "Reno", "Texas"),
])
def test_local_news_reads_the_neighbourhood(text, name, admin1):
    assert _where(text, name)[0] == admin1


def test_a_list_is_no_holder():
    text = "Officials are investigating cases in Washington, Pennsylvania and California."
    assert _where(text, "Washington")[0] != "Pennsylvania"      # listed alike, not held
    text = "Many countries, among them China, Japan, and the United Kingdom, warned the agency."
    assert next(p for p in _places(text) if p.text == "China").country_code == "CN"


def test_a_towns_institution_names_the_town_even_at_a_sentences_start():
    text = "Florence police said a woman was hurt in a crash. Lauderdale County deputies closed the road."
    assert _where(text, "Florence")[0] == "Alabama"
    # a surname before "police" is no town: no town of that name is big enough
    assert not any(p.text == "Smith" for p in _places("Officials said Smith police arrested him."))


def test_a_sentence_initial_town_held_by_its_state_is_a_place():
    text = ("Hospitals in Ontario are full. Buffalo, New York in the United States may take some "
            "of the patients.")
    assert _where(text, "Buffalo")[0] == "New York"


def test_a_country_the_tagger_cut_in_two_entities_is_read_whole():
    text = "Talks were held on the border between Suriname and French Guiana on Monday."
    assert any(p.text == "French Guiana" and p.country_code == "GF" for p in _places(text))
