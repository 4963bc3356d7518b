"""The document-level incident model on texts written for these tests."""
import time

from eventwire.extract import document
from eventwire.extract.document.features import N_FEATURES, featurize
from eventwire.model import Argument, Article, Count, DateValue, Event, Mention, Place
from eventwire.nlp import analyze

PUBLISHED = "2024-03-06"

REPORT = ("A bomb exploded at a market in Quetta on Tuesday, killing five people and wounding 12. "
          "Police said the blast was caused by an explosive device planted on a motorcycle. "
          "The attack was claimed by the Baloch Liberation Army. "
          "The group has killed more than 400 people since 2004.")


def test_the_model_loads_fast_and_has_the_feature_space():
    document.load_model.cache_clear()
    t0 = time.perf_counter()
    model = document.load_model()
    load = time.perf_counter() - t0
    assert model.n_features == N_FEATURES and model.labels == ["report"]
    assert document.load_perpetrator_model().labels == ["perpetrator"]
    assert load < 1.0


def test_one_bombing_told_three_ways_is_one_record_with_the_slots_of_all_its_mentions():
    a = analyze(Article(text=REPORT, published=PUBLISHED))
    rules = [e for e in document.candidates(a) if document.is_record(e)]
    events = [e for e in document.extract(a) if document.is_record(e)]
    assert 1 <= len(events) <= len(rules)
    ev = max(events, key=lambda e: e.confidence)
    assert ev.location is not None and ev.location.name == "Quetta"
    assert ev.killed.best == 5
    assert 0.0 < ev.confidence <= 1.0


def _ev(id_, start, sentence, type_="bombing", place=None, place_conf=1.0, killed=None, perps=()):
    return Event(id=id_, type=type_, trigger=Mention(start, start + 4, "bomb", sentence),
                 location=Place(name=place, precision="city", country_code="PK", confidence=place_conf) if place else None,
                 killed=Count(best=killed), perpetrators=[Argument(name=p) for p in perps],
                 codes={"acled_event_type": "Explosions/Remote violence"})


def test_dropped_mentions_lend_their_slots_to_the_kept_record():
    a = analyze(Article(text="Text for offsets only. Nothing here.", published=PUBLISHED))
    kept = _ev("e1", 0, 0)
    later = _ev("e2", 25, 1, place="Quetta", killed=5, perps=["Lashkar-e-Jhangvi"])
    elsewhere = _ev("e3", 30, 1, place="Karachi", killed=9)
    first = _ev("e0", 0, 0, place="Lahore")
    out = document.decide([kept, later], [0.9, 0.1], 0.5, a, perpetrator_model=None)
    assert [e.id for e in out] == ["e1"]
    assert out[0].location.name == "Quetta" and out[0].killed.best == 5
    assert [p.name for p in out[0].perpetrators] == ["Lashkar-e-Jhangvi"]
    out = document.decide([first, elsewhere], [0.9, 0.1], 0.5, a, perpetrator_model=None)
    assert out[0].killed.best is None            # another place: another incident, not absorbed


def test_features_see_an_earlier_compatible_mention():
    a = analyze(Article(text=REPORT, published=PUBLISHED))
    records = [e for e in document.candidates(a) if document.is_record(e)]
    rows = [featurize(e, i, records, a) for i, e in enumerate(records)]
    assert all(0 <= x < N_FEATURES for r in rows for x in r)
    if len(records) > 1:
        assert rows[0] != rows[1]


def test_case_less_wire_copy_keeps_every_candidate_with_the_rules_confidence():
    text = REPORT.lower()
    a = analyze(Article(text=text, published=PUBLISHED))
    rules = [(e.trigger.start, e.confidence) for e in document.candidates(a) if document.is_record(e)]
    mine = [(e.trigger.start, e.confidence) for e in document.extract(a) if document.is_record(e)]
    assert mine == rules


def test_nobody_hurt_is_an_explicit_zero_and_a_figure_stays():
    from eventwire.extract.document.tolls import zero_tolls
    a = analyze(Article(text="A bomb exploded near a school in Quetta on Monday. No casualty was reported. "
                             "Police cordoned off the area.", published=PUBLISHED))
    phrases = {"killed": ["no casualty"], "injured": ["no casualty"]}
    ev = _ev("e1", 2, 0)
    zero_tolls(ev, a, phrases, 2)
    assert (ev.killed.best, ev.injured.best) == (0, 0)
    counted = _ev("e2", 2, 0, killed=4)
    zero_tolls(counted, a, phrases, 2)
    assert counted.killed.best == 4 and counted.injured.best == 0
    far = _ev("e3", 2, 0)
    zero_tolls(far, a, phrases, 0)                 # the zero is in the next sentence only
    assert far.killed.best is None


def test_an_incident_dated_months_before_publication_is_background_unless_it_is_the_subject():
    a = analyze(Article(text="Text for offsets only. Nothing here.", published="2018-11-27"))
    today = _ev("e1", 0, 0, place="Karachi")
    today.date = DateValue(value="2018-11-23", precision="day", text="on Friday", confidence=0.9)
    august = _ev("e2", 25, 1, place="Dalbandin")
    august.date = DateValue(value="2018-08", precision="month", text="in August", confidence=0.9)
    out = document.decide([today, august], [0.9, 0.6], 0.5, a, perpetrator_model=None)
    assert [e.id for e in out] == ["e1"]
    alone = _ev("e3", 25, 1, place="Dalbandin")
    alone.date = DateValue(value="2018-08", precision="month", text="in August", confidence=0.9)
    assert [e.id for e in document.decide([alone], [0.6], 0.5, a, perpetrator_model=None)] == ["e3"]
