"""Casualty counts: numbers in words and digits, hedges, explicit zeros, attackers apart."""
import pytest

from eventwire.extract.casualties import find_counts, parse_number, summarize
from eventwire.nlp import load_nlp


@pytest.mark.parametrize("words, value", [
    ("12", (12, 12, 12)), ("1,200", (1200, 1200, 1200)), ("two", (2, 2, 2)),
    ("twenty-one", (21, 21, 21)), ("one hundred and five", (105, 105, 105)),
    ("a dozen", None), ("dozen", (12, 12, 12)), ("dozens", (24, 24, 99)), ("banana", None),
])
def test_parse_number(words, value):
    assert parse_number(words) == value


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def counts(nlp, text):
    return [(c.kind, c.low, c.best, c.high, c.attackers) for c in find_counts(nlp(text))]


def test_digits_and_hedges(nlp):
    assert counts(nlp, "At least 14 people were killed and more than thirty wounded in the blast.") == [
        ("killed", 14, 14, 14, False), ("injured", 30, 30, 30, False)]   # the stated bound (coding manual)


def test_words_and_subsets(nlp):
    assert counts(nlp, "Gunmen killed twenty-one villagers and wounded 4.") == [
        ("killed", 21, 21, 21, False), ("injured", 4, 4, 4, False)]
    # "including two children" is part of the three, not more deaths
    assert counts(nlp, "The bomb killed 3 people, including two children.") == [("killed", 3, 3, 3, False)]


def test_no_one_hurt_is_zero(nlp):
    assert counts(nlp, "No one was hurt in the explosion.") == [("injured", 0, 0, 0, False)]


def test_attackers_apart(nlp):
    found = find_counts(nlp("Three subversives were killed and two soldiers died."))
    total = summarize(found, "killed")
    assert (total.best, total.attackers) == (2, 3)
    all_attackers = find_counts(nlp("Security forces regained control after killing all attackers."))
    assert summarize(all_attackers, "killed", n_attackers=3).attackers == 3
    assert summarize(all_attackers, "killed").attackers is None     # how many is unknown


def test_dates_are_not_counts(nlp):
    assert counts(nlp, "On 23 November 2018 the consulate was attacked.") == []


# --- people killed by name, "shot dead", and the agent of a passive (team-written sentences) ---

def _killed(text):
    from eventwire.extract.casualties import find_counts
    from eventwire.nlp.pipeline import parse_many
    doc = list(parse_many([text]))[0]
    return [(m.best, m.attackers) for m in find_counts(doc) if m.kind == "killed"]


def test_a_victim_killed_by_name_counts_one():
    assert _killed("Militants shot dead Sunil Pawar, a shopkeeper, at a market in Gadchiroli.") == [(1, False)]
    assert _killed("Gunmen killed Rafiq Ahmed Mir and Ghulam Nabi at their house.") == [(2, False)]


def test_shot_dead_kills_and_shot_alone_does_not():
    assert _killed("A man was shot dead near the bus stand on Monday.") == [(1, False)]
    assert _killed("Police shot Abdul Ramazan in the leg.") == []


def test_the_agent_of_a_passive_is_not_counted():
    """"shot dead by two gunmen": the two are who did it, not who died."""
    assert _killed("A man was shot dead by two unidentified gunmen in Karachi.") == [(1, False)]


def test_a_named_victim_within_a_count_is_not_added():
    assert _killed("Two people, including Abdul Ramazan, were killed in the blast.") == [(2, False)]


def test_a_victim_wounded_by_name_counts_one():
    from eventwire.extract.casualties import find_counts
    from eventwire.nlp.pipeline import parse_many
    doc = list(parse_many(["Gunmen wounded Ghulam Nabi near his shop on Monday."]))[0]
    assert [(m.kind, m.best) for m in find_counts(doc)] == [("injured", 1)]
