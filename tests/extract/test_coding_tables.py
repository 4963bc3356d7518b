"""The one code table, actor typing and the codebook decisions (no spaCy needed)."""
from __future__ import annotations

import pytest

from eventwire.extract.coding.actors import type_actor
from eventwire.extract.coding.decide import (choose, civilian_targeting, coded_inters, geo_precision,
                                             interaction, time_precision)
from eventwire.extract.coding.taxonomy import (COARSE, EVENT_TYPES, SUB_EVENT_TYPES, codes_of,
                                               iso_numeric)
from eventwire.export import acled


def test_acled_taxonomy_is_whole():
    assert len(SUB_EVENT_TYPES) == 25
    assert set(EVENT_TYPES) == {"Battles", "Explosions/Remote violence", "Violence against civilians",
                                "Protests", "Riots", "Strategic developments"}
    assert codes_of("Air/drone strike")["acled_event_type"] == "Explosions/Remote violence"
    assert codes_of("Air/drone strike")["gtd_attack_type"] is None       # GTD records no air strikes
    assert codes_of("Suicide bomb")["cameo"] == "1831"
    assert codes_of("Peaceful protest")["plover_type"] == "PROTEST"
    assert codes_of(None)["acled_sub_event_type"] is None


def test_iso_is_numeric():
    assert iso_numeric("PK") == 586 and iso_numeric("NG") == 566 and iso_numeric(None) is None


def test_one_table_for_the_extractor_and_the_export():
    # "arson" once meant Riots/Mob violence in the export and Looting in the extractor
    for coarse, sub in COARSE.items():
        row = acled.row({"id": 1, "type": coarse, "codes": {}, "sources": []})
        assert (row["event_type"], row["sub_event_type"]) == (codes_of(sub)["acled_event_type"], sub)
    assert COARSE["arson"] == "Looting/property destruction"


@pytest.mark.parametrize("phrase, inter", [
    ("Baloch Liberation Army", 2), ("Al Shabaab militants", 2), ("riot police", 1),
    ("Nigerian soldiers", 1), ("villagers", 7), ("a school teacher", 7), ("protesters", 6),
    ("MINUSMA peacekeepers", 8), ("Fulani militiamen", 4),
])
def test_actor_inter_codes(phrase, inter):
    assert type_actor(phrase).inter == inter


def test_unknown_groups_typed_from_their_description():
    t = type_actor("fighters of the Northern Valley Liberation Front")
    assert t.source == "model" and t.inter == 2
    assert type_actor("unidentified gunmen").inter == 3
    assert type_actor("Pakistani soldiers").country == "PK"


def test_codebook_armed_groups_on_both_sides_is_a_battle():
    ranked = [("Attack", 0.6), ("Armed clash", 0.3), ("Other", 0.1)]
    assert choose(ranked, 2, 1)[0] == "Armed clash"
    assert choose(ranked, 2, 7)[0] == "Attack"
    assert choose([("Armed clash", 0.6), ("Attack", 0.4)], 3, 7)[0] == "Attack"
    # a coarse type limits the choice: a kidnapping stays an abduction
    assert choose(ranked + [("Abduction/forced disappearance", 0.01)], 3, 7,
                  {"Abduction/forced disappearance"})[0] == "Abduction/forced disappearance"


def test_codebook_state_forces_acting_on_a_crowd_keep_the_protest_types():
    ranked = [("Excessive force against protesters", 0.5), ("Arrests", 0.3), ("Attack", 0.2)]
    # police (1) fired on protesters (6): the protest types stay open
    assert choose(ranked, 1, 6)[0] == "Excessive force against protesters"
    # police against civilians who are no crowd: no protest
    assert choose(ranked, 1, 7)[0] == "Arrests"


def test_codebook_battle_with_an_untyped_actor_2():
    ranked = [("Armed clash", 0.7), ("Attack", 0.3)]
    # militants "shot dead in retaliatory firing": nothing types the other side, the words stand
    assert choose(ranked, 2, 0, sides_known=True, inter2_known=False)[0] == "Armed clash"
    assert choose(ranked, 2, 7, sides_known=True, inter2_known=False)[0] == "Armed clash"
    # civilians typed from their words: violence against civilians
    assert choose(ranked, 2, 7, sides_known=True, inter2_known=True)[0] == "Attack"


def test_confident_words_override_the_extractors_coarse_type():
    ranked = [("Grenade", 0.95), ("Peaceful protest", 0.03), ("Attack", 0.02)]
    protest = {"Peaceful protest", "Protest with intervention"}
    assert choose(ranked, 0, 0, protest)[0] == "Peaceful protest"
    sub, _, why = choose(ranked, 0, 0, protest, words_over=0.9)
    assert sub == "Grenade" and why.startswith("words over")


def test_inter_and_interaction_codes():
    assert interaction(2, 1) == 12 and interaction(1, 7) == 17 and interaction(6, 0) == 60
    assert interaction(0, 0) is None
    assert coded_inters("Violence against civilians" and "Attack", 2, 0) == (2, 7)
    assert coded_inters("Mob violence", 6, 0) == (5, 7)               # the crowd is rioters
    assert coded_inters("Excessive force against protesters", 1, 6) == (6, 1)
    assert coded_inters("Peaceful protest", 6, 0) == (6, 0)
    assert civilian_targeting("Attack", 7) == "Civilian targeting"
    assert civilian_targeting("Armed clash", 1) is None
    assert civilian_targeting("Air/drone strike", 7) == "Civilian targeting"


def test_precision_codes():
    assert (time_precision("day"), time_precision("day", ranged=True), time_precision("month")) == (1, 2, 3)
    assert (geo_precision("city"), geo_precision("admin2"), geo_precision("admin1")) == (1, 2, 3)


def test_civilian_sites_and_the_dead_a_sentence_names():
    from eventwire.extract.coding import dead_phrases
    from eventwire.extract.coding.actors import civilian_site
    from eventwire.extract.coding.decide import civilian_site_rule
    from eventwire.nlp import load_nlp
    assert civilian_site("the Italian embassy") > 0.5 and civilian_site("a crowded bus station") > 0.5
    assert civilian_site("an army checkpoint") < 0.5 and civilian_site("Kandahar") < 0.5
    doc = load_nlp()("Relatives mourned the deaths of two guards and four shoppers after militants killed "
                     "a trader, and a boy died later.")
    dead = dead_phrases(doc[:])
    assert {"two guards", "four shoppers", "a trader", "a boy"} <= set(dead) and "militants" not in dead
    # an armed group's attack on a civilian site that killed civilians: violence against civilians
    assert civilian_site_rule("Armed clash", 2, "the Italian embassy", "four shoppers")[0] == "Attack"
    # only the armed guards died: it stays what the words and actors made it
    assert civilian_site_rule("Armed clash", 2, "the Italian embassy", None) is None
    assert civilian_site_rule("Armed clash", 7, "the Italian embassy", "four shoppers") is None
