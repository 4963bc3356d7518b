"""Aggregate mentions and subjects like "no group" are not incidents; common nouns are not places."""
import eventwire


def types(text, published="2020-05-12"):
    return [(e["type"], (e["date"] or {}).get("value")) for e in eventwire.extract(text, published=published)["events"]]


def test_plural_with_since_year_is_not_an_incident():
    got = types("Gunmen killed four farmers near Jos on Sunday, police said. "
                "Bandits have carried out similar raids in Plateau state since 2014.")
    assert ("attack", "2020-05-10") in got
    assert not any(d == "2014" for _, d in got)


def test_quantified_plural_is_not_an_incident():
    got = types("The group has been blamed for dozens of kidnappings in the province.")
    assert not any(t == "kidnapping" for t, _ in got)


def test_specific_plural_still_counts():
    got = types("Two bombings hit Kabul on Monday, killing 10 people, officials said.")
    assert any(t in ("bombing", "attack") for t, _ in got)


def test_no_group_claimed_is_no_claim():
    got = types("A bomb exploded at a market in Quetta on Monday, killing five people. "
                "No group has claimed responsibility for the attack.")
    assert not any(t == "claim" for t, _ in got)
    assert any(t in ("bombing", "attack") for t, _ in got)


def test_lower_case_common_noun_is_not_geocoded():
    rec = eventwire.extract("Residents fled into the bush after gunmen attacked Dalori village near "
                            "Maiduguri on Saturday, police said.", published="2019-03-04")
    names = {p["text"] for p in rec["places"]}
    assert "bush" not in names and "Maiduguri" in names


def test_partitive_attackers_counted_apart():
    rec = eventwire.extract("Gunmen attacked an army post near Gao on Monday, killing eight soldiers. "
                            "Soldiers killed six of the attackers.", published="2022-06-14")
    killed = rec["events"][0]["killed"]
    assert killed["best"] == 8 and killed["attackers"] == 6


def test_quantified_protests_and_arrests_are_not_incidents():
    got = types("“Our people have carried out several protests against it, but they are unstoppable,” "
                "the leader said. Police have made dozens of arrests in the province since 2018.")
    assert not any(t in ("protest", "arrest") for t, _ in got), got


def test_a_crowd_of_protesters_is_still_one_protest():
    got = types("Hundreds of protesters marched through Lagos on Monday, police said.")
    assert ("protest", "2020-05-11") in got
