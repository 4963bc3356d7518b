from __future__ import annotations

from eventwire.fuse.counts import fuse_counts, source_figure
from eventwire.dates import date_span, reported_span
from eventwire.fuse.events import EventKey, IncidentIndex, pair_score, type_family
from eventwire.evaluate.dedup import pairwise_scores


def key(id, article, **kw):
    base = dict(family="violence", type="attack", date_start="2018-11-23", date_end="2018-11-23",
                dated=True, country_code="PK", place="Karachi", geo_precision="city",
                lat=24.86, lon=67.01)
    base.update(kw)
    return EventKey(id=id, article_id=article, **base)


def test_type_families():
    assert type_family("bombing") == type_family("suicide_attack") == "violence"
    assert type_family("kidnapping") == "kidnapping"


def test_date_spans():
    assert date_span("2018-08", "month") == ("2018-08-01", "2018-08-31")
    assert date_span("2016", "year") == ("2016-01-01", "2016-12-31")
    assert date_span("2018-11-23", "day") == ("2018-11-23", "2018-11-23")
    assert date_span("nonsense") == (None, None)
    assert reported_span("2018-11-27") == ("2018-11-24", "2018-11-27")


def test_same_place_and_day_is_one_incident():
    assert pair_score(key("a", "A"), key("b", "B", type="suicide_attack", lat=24.87)) >= 3


def test_what_keeps_incidents_apart():
    a = key("a", "A")
    assert pair_score(a, key("b", "B", family="protest")) is None              # other family
    assert pair_score(a, key("b", "B", country_code="AF", place="Kabul")) is None
    assert pair_score(a, key("b", "B", date_start="2018-12-01", date_end="2018-12-01")) is None
    # the next day 115 km away (Kabul / Jalalabad): not enough without shared actors
    kabul = key("k", "K", country_code="AF", place="Kabul", lat=34.53, lon=69.17,
                date_start="2019-08-17", date_end="2019-08-17")
    jalalabad = key("j", "J", country_code="AF", place="Jalalabad", lat=34.43, lon=70.45,
                    date_start="2019-08-18", date_end="2019-08-18")
    s = pair_score(kabul, jalalabad)
    assert s is None or s < 3
    # a date alone never merges: no place on one side and no shared perpetrator
    assert pair_score(a, key("b", "B", place=None, country_code=None, lat=None, lon=None)) < 3
    # … but within one article it does (an extractor splitting one incident in two)
    assert pair_score(a, key("b", "A", place=None, country_code=None, lat=None, lon=None)) >= 3


def test_claims_join_the_act_they_claim():
    ix = IncidentIndex()
    ix.add(1, key("a", "A", perpetrators={1}))
    claim = key("c", "C", family="claim", type="claim", perpetrators={1})
    assert ix.match(claim)[0] == 1
    # two claims alone are no incident
    only_claims = IncidentIndex()
    only_claims.add(2, key("d", "D", family="claim", type="claim", perpetrators={1}))
    assert only_claims.match(claim)[0] is None
    assert pair_score(claim, key("p", "P", family="protest")) is None


def test_shared_perpetrator_bridges_vague_places():
    a = key("a", "A", perpetrators={1})
    b = key("b", "B", place="Sindh", geo_precision="admin1", lat=None, lon=None, perpetrators={1})
    assert pair_score(a, b) >= 3


def test_index_joins_best_incident_or_none():
    ix = IncidentIndex()
    ix.add(1, key("a", "A"))
    ix.add(2, key("q", "Q", place="Quetta", lat=30.18, lon=66.99))
    assert ix.match(key("b", "B"))[0] == 1
    assert ix.match(key("c", "C", place="Lahore", lat=31.55, lon=74.34))[0] is None


def test_counts_keep_every_source_and_give_a_range():
    assert fuse_counts([(4, 4, 4), (7, 7, 7), (2, 2, 2), (4, 4, 4)]) == {"low": 2, "best": 4, "high": 7}
    assert fuse_counts([(None, None, None)]) == {"low": None, "best": None, "high": None}
    assert fuse_counts([(10, 12, 15)]) == {"low": 10, "best": 12, "high": 15}
    assert fuse_counts([(10, None, 20), (5, 5, 5)]) == {"low": 5, "best": 5, "high": 20}
    # one article, two events of the incident: its largest figure
    assert source_figure([(2, 2, 2), (4, 4, 4)]) == (2, 4, 4)


def test_pairwise_scores():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    s = pairwise_scores(gold, [{"a", "b"}, {"c", "d"}])
    assert (s["true_pairs"], s["predicted_pairs"], s["gold_pairs"]) == (1, 2, 3)
    assert s["precision"] == 0.5 and abs(s["recall"] - 1 / 3) < 1e-9
    assert pairwise_scores(gold, [{"a", "b", "c"}, {"d"}])["f1"] == 1.0


def test_undated_reports_merge_only_within_their_article():
    undated = dict(date_start=None, date_end=None, dated=False, perpetrators={7})
    a, b = key("a", "A", **undated), key("b", "B", **undated)
    assert pair_score(a, b) < 3                        # same city and group, but when?
    assert pair_score(a, key("c", "A", **undated)) >= 3


def test_same_toll_same_day_anchors_a_country_level_report():
    city = key("a", "A", country_code="AF", place="Kabul", lat=34.53, lon=69.17, killed=63,
               date_start="2019-08-17", date_end="2019-08-17")
    country = dict(country_code="AF", place="Afghanistan", geo_precision="country", lat=33.9,
                   lon=67.7, date_start="2019-08-17", date_end="2019-08-17")
    assert pair_score(city, key("b", "B", killed=63, **country)) >= 3
    assert pair_score(city, key("b", "B", killed=40, **country)) < 3
    assert pair_score(city, key("b", "B", killed=63, **dict(country, date_start="2019-08-18",
                                                            date_end="2019-08-18"))) < 3
