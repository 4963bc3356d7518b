"""Event extraction on the seed article and on short news-style texts written for these tests."""
import pytest

from eventwire.extract.events import extract_events
from eventwire.model import Article
from eventwire.nlp import analyze

PUBLISHED = "2024-03-06"      # a Wednesday


def events_of(text, published=PUBLISHED):
    return extract_events(analyze(Article(text=text, published=published)))


def only(events, *types):
    found = [e for e in events if e.type in types]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in events]
    return found[0]


def texts(args):
    return [a.text for a in args]


# --- the seed ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_events(seed_text):
    return events_of(seed_text, "2018-11-27")


def test_seed_consulate_attack(seed_events):
    attacks = [e for e in seed_events if e.type == "attack"]
    assert len(attacks) == 1                          # storming, fighting, killing: one incident
    ev = attacks[0]
    assert ev.location.name == "Karachi"
    assert ev.location.lat == pytest.approx(24.86, abs=0.05)
    assert ev.location.lon == pytest.approx(67.01, abs=0.05)
    assert (ev.date.value, ev.date.precision) == ("2018-11-23", "day")
    perps = {a.name for a in ev.perpetrators}
    assert "Baloch Liberation Army" in perps and "three armed men" in perps
    assert {a.kind for a in ev.perpetrators if a.name == "three armed men"} == {"individual"}
    assert [a.name for a in ev.claimed_by] == ["Baloch Liberation Army"]
    assert any("Chinese Consulate" in a.name for a in ev.targets)
    assert ev.killed.best == 2 and ev.killed.attackers == 3
    assert any("police officers" in m.text for m in ev.killed.evidence)
    # ACLED's codebook: an armed group (BLA, 2) attacked a civilian site (the consulate) and
    # civilians died there (the condolences name them): violence against civilians, 27
    assert ev.codes["acled_sub_event_type"] == "Attack" and ev.codes["interaction"] == 27
    assert ev.codes["civilian_targeting"] == "Civilian targeting"


def test_seed_dalbandin_suicide_attack(seed_events):
    ev = only(seed_events, "suicide_attack")
    assert ev.location.name == "Dalbandin"
    assert (ev.date.value, ev.date.precision) == ("2018-08", "month")
    assert {"Baloch Liberation Army", "Rehan Baloch"} <= {a.name for a in ev.perpetrators}
    assert {a.kind for a in ev.perpetrators if a.name == "Rehan Baloch"} == {"individual"}
    assert any(a.text.startswith("bus carrying Chinese engineers") for a in ev.targets)
    assert ev.codes["acled_sub_event_type"] == "Suicide bomb"


def test_seed_security_council_condemnation(seed_events):
    cond = [e for e in seed_events if e.subtype == "condemnation"]
    assert len(cond) == 1 and cond[0].type == "statement"
    assert [a.name for a in cond[0].perpetrators] == ["United Nations Security Council"]
    assert cond[0].codes["cameo"] == "111"


def test_seed_claim_event(seed_events):
    claim = only(seed_events, "claim")
    assert [a.name for a in claim.claimed_by] == ["Baloch Liberation Army"]


def test_offsets_point_into_the_text(seed_text, seed_events):
    for ev in seed_events:
        assert seed_text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
        for arg in ev.perpetrators + ev.targets + ev.victims + ev.weapons:
            assert seed_text[arg.start:arg.end] == arg.text


# --- news-style texts ---------------------------------------------------------------------------

def test_car_bombing_counts_in_digits():
    evs = events_of("A car bomb exploded outside a police station in Quetta on Monday, killing 12 "
                    "people and wounding 30 others, officials said.")
    ev = only(evs, "bombing", "attack")              # the killing is the bombing's consequence
    assert ev.type == "bombing"
    assert ev.location.name == "Quetta" and ev.date.value == "2024-03-04"
    assert (ev.killed.best, ev.injured.best) == (12, 30)
    assert "car bomb" in texts(ev.weapons) and "police station" in texts(ev.targets)
    assert ev.codes["gtd_attack_type"] == "Bombing/Explosion"


def test_kidnapping():
    ev = only(events_of("Gunmen abducted two aid workers in Maiduguri on Saturday, the United "
                        "Nations said."), "kidnapping")
    assert texts(ev.perpetrators) == ["Gunmen"] and ev.perpetrators[0].kind == "individual"
    assert texts(ev.victims) == ["two aid workers"]
    assert ev.codes["acled_sub_event_type"] == "Abduction/forced disappearance"


def test_arson_and_no_one_hurt():
    ev = only(events_of("Unknown assailants torched a girls' school in Peshawar overnight. "
                        "No one was hurt, police said."), "arson")
    assert "school" in texts(ev.targets)
    assert ev.injured.best == 0 and ev.killed.best is None


def test_armed_clash_counts_in_words():
    ev = only(events_of("Soldiers clashed with Taliban fighters in Helmand province on Tuesday. "
                        "Three soldiers were killed in the fighting, the army said."),
              "armed_clash", "attack")
    assert ev.type == "armed_clash" and ev.killed.best == 3
    assert {"Soldiers", "Taliban fighters"} <= set(texts(ev.perpetrators))
    assert ev.codes["acled_event_type"] == "Battles"


def test_assassination():
    ev = only(events_of("A prominent journalist was assassinated in Kabul on Sunday by two men "
                        "on a motorcycle."), "assassination")
    assert texts(ev.perpetrators) == ["two men"] and "journalist" in texts(ev.victims)[0]
    assert ev.codes["gtd_attack_type"] == "Assassination"


def test_protest_is_not_violence():
    evs = events_of("Thousands of people protested in Lahore on Friday against rising fuel prices.")
    ev = only(evs, "protest")
    assert ev.location.name == "Lahore" and ev.date.value == "2024-03-01"
    assert not [e for e in evs if e.type != "protest"]


def test_arrest():
    ev = only(events_of("Police arrested three suspects in Peshawar on Thursday, a spokesman said."),
              "arrest")
    assert texts(ev.perpetrators) == ["Police"] and texts(ev.victims) == ["three suspects"]
    assert ev.codes["acled_sub_event_type"] == "Arrests"


@pytest.mark.parametrize("text", [
    "The group threatened to attack government offices in Karachi if its demands were not met.",
    "Officials denied reports that an attack had taken place at the airport in Kandahar.",
    "Militants could bomb the bridge, the minister warned.",
    "Police said they had foiled a plot to kidnap the governor.",
])
def test_hypothetical_and_negated_attacks_are_not_events(text):
    assert not [e for e in events_of(text) if e.type not in ("statement", "condemnation")]


def test_counts_in_words_and_attackers_apart():
    ev = only(events_of("Twenty-one people were killed when gunmen stormed a hotel in Mogadishu on "
                        "Friday night. The siege lasted six hours before security forces killed "
                        "all four attackers."), "attack")
    assert ev.killed.best == 21 and ev.killed.attackers == 4
    assert texts(ev.perpetrators) == ["gunmen"]            # not the security forces
    assert "hotel" in texts(ev.targets)


def test_grenade_no_one_hurt():
    ev = only(events_of("A grenade exploded near a market in Srinagar on Wednesday, but no one was "
                        "hurt."), "bombing")
    assert ev.injured.best == 0 and "grenade" in texts(ev.weapons)
    assert ev.codes["acled_sub_event_type"] == "Grenade"


def test_claim_of_responsibility():
    evs = events_of("The Islamic State claimed responsibility for the bombing in Kabul that killed "
                    "40 people.")
    claim, bombing = only(evs, "claim"), only(evs, "bombing")
    assert [a.name for a in claim.claimed_by] == ["Islamic State"]
    assert [a.name for a in bombing.claimed_by] == ["Islamic State"]
    assert bombing.killed.best == 40


def test_suicide_bombing_at_least():
    evs = events_of("A suicide bomber blew himself up at a mosque in Kabul on Friday, killing at "
                    "least 14 worshippers. The attack was the deadliest this year.")
    ev = only(evs, "suicide_attack", "attack", "bombing")
    assert ev.type == "suicide_attack" and ev.killed.low == 14
    assert "mosque" in texts(ev.targets)


def test_condemnation():
    evs = events_of("The European Union condemned the attack on the embassy in Tripoli.")
    cond = [e for e in evs if e.subtype == "condemnation"]
    assert len(cond) == 1 and texts(cond[0].perpetrators) == ["European Union"]


def test_no_events_in_plain_news():
    assert events_of("The central bank kept interest rates unchanged on Tuesday.") == []
