"""The incident scorer on hand-made events and gold (no shared data needed)."""
from eventwire.evaluate.incidents import (GoldText, IncidentScores, format_scores, is_incident,
                                          same_perpetrator, score_text)
from eventwire.model import Argument, Article, Count, DateValue, Event, Mention, Place

ACLED = {"bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
         "armed_clash": ("Battles", "Armed clash"), "protest": ("Protests", "Peaceful protest"),
         "statement": (None, None)}


def _event(id_, type_="bombing", date="--03-08", place=("Manghopir", None, None, "PK"), killed=None,
           perps=()):
    name, lat, lon, cc = place
    acled, sub = ACLED[type_]
    return Event(id=id_, type=type_, trigger=Mention(0, 4, "blast"),
                 date=DateValue(value=date, precision="day-no-year", text="") if date else None,
                 location=Place(name=name, lat=lat, lon=lon, country_code=cc, precision="city"),
                 killed=Count(best=killed) if killed is not None else Count(),
                 perpetrators=[Argument(name=p) for p in perps],
                 codes={"acled_event_type": acled, "acled_sub_event_type": sub})


def _incident(**kw):
    base = {"label": "IED at Manghopir", "acled_event_type": "Explosions/Remote violence",
            "acled_sub_event_type": "Remote explosive/landmine/IED", "acled_alt": ["Grenade"],
            "date": "--03-08", "date_alt": [], "killed": 2, "injured": None,
            "location": {"name": "Manghopir", "country": "PK", "lat": None, "lon": None,
                         "names": ["Mangopir", "Gadap Town"]},
            "perpetrators": [{"name": "Tehreek-e-Taliban Pakistan (TTP)", "named": True}],
            "perpetrator_named": True}
    base.update(kw)
    return base


def _score(events, incidents):
    scores = IncidentScores()
    score_text(GoldText("t", Article(text="x"), incidents), events, scores)
    return scores


def test_one_incident_found_with_every_field():
    s = _score([_event("e1", killed=2, perps=["TTP"])], [_incident()])
    for name in ("incident", "acled_type", "acled_sub", "date", "place", "country", "killed", "perpetrator"):
        assert (s.fields[name].precision, s.fields[name].recall) == (1.0, 1.0), name
    assert s.fields["injured"].p_den == s.fields["injured"].r_den == 0   # neither side gives one
    assert "overall" in format_scores(s)


def test_a_spurious_event_costs_precision_on_every_field_it_fills():
    s = _score([_event("e1", killed=2), _event("e2", type_="protest", killed=5, place=("Lahore", None, None, "PK"))],
               [_incident()])
    assert s.fields["incident"].p_den == 2 and s.fields["incident"].p_num == 1
    assert s.fields["killed"].p_den == 2 and s.fields["killed"].p_num == 1
    assert s.fields["place"].precision == 0.5
    assert s.misses and s.misses[0]["spurious"]


def test_statements_are_not_incidents_and_unmatched_gold_costs_recall():
    statement = _event("e1", type_="statement")
    assert not is_incident(statement)
    s = _score([statement], [_incident(), _incident(label="second")])
    assert s.fields["incident"].r_den == 2 and s.fields["incident"].r_num == 0
    assert s.fields["date"].r_den == 2


def test_day_without_year_and_alternatives_and_coordinates():
    # a year-less gold date accepts any year with the same month and day; sub-event alternatives count
    ev = _event("e1", date="2014-03-08", place=("Karachi", 24.86, 67.01, "PK"))
    ev.codes["acled_sub_event_type"] = "Grenade"
    gold = _incident(location={"name": "Manghopir", "country": "PK", "lat": 24.95, "lon": 67.03, "names": []})
    s = _score([ev], [gold])
    assert s.fields["date"].p_num == 1 and s.fields["acled_sub"].p_num == 1
    assert s.fields["place"].p_num == 1            # ~10 km apart
    far = _score([_event("e1", place=("Quetta", 30.18, 66.99, "PK"))], [gold])
    assert far.fields["place"].p_num == 0


def test_gold_null_date_is_not_scored_and_a_wrong_type_alone_does_not_match():
    s = _score([_event("e1")], [_incident(date=None)])
    assert s.fields["date"].p_den == 0 and s.fields["date"].r_den == 0
    other = _score([_event("e1", type_="armed_clash", date="--05-01", place=("Lahore", None, None, "PK"))],
                   [_incident()])
    assert other.fields["incident"].p_num == 0


def test_perpetrator_names_acronyms_and_generic_words():
    assert same_perpetrator("TTP", "Tehreek-e-Taliban Pakistan (TTP)")
    assert same_perpetrator("Maoists", "Communist Party of India (Maoist) (CPI-Maoist)")
    assert not same_perpetrator("Security Forces", "Special Operation Group (SOG), Odisha Police")
    s = _score([_event("e1", perps=["militants"])], [_incident()])
    assert s.fields["perpetrator"].p_den == 0 and s.fields["perpetrator"].r_den == 1


def test_articles_and_gold_files_pair_by_id(tmp_path):
    import json

    from click.testing import CliRunner

    from eventwire.cli import main
    from eventwire.evaluate.incidents import load_pairs
    arts, gold = tmp_path / "a.jsonl", tmp_path / "g.jsonl"
    arts.write_text(json.dumps({"id": "r1", "text": "Gunmen attacked a police post in Kandahar on Monday.",
                                "published": "2024-03-06"}) + "\n", encoding="utf-8")
    gold.write_text(json.dumps({"id": "r1", "incidents": [_incident()]}) + "\n"
                    + json.dumps({"id": "missing", "incidents": []}) + "\n", encoding="utf-8")
    pairs = load_pairs(arts, gold)
    assert [p.id for p in pairs] == ["r1"] and pairs[0].article.published == "2024-03-06"
    result = CliRunner().invoke(main, ["evaluate", "incidents", "--gold", str(gold)])
    assert result.exit_code == 2 and "[E520]" in result.output
