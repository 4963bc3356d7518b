from __future__ import annotations

import pytest

from eventwire.fuse.actors import ActorIndex, acronym_of, canonical_name, is_acronym, name_key


@pytest.mark.parametrize("name,key", [
    ("Dr. Allah Nazar's", "allah nazar"),
    ("the Baloch Liberation Army", "baloch liberation army"),
    ("Mr Geng Shuang", "geng shuang"),
    ("Lashkar-e-Jhangvi", "lashkar e jhangvi"),
    ("Ejército de Liberación Nacional", "ejercito de liberacion nacional"),
    ("Spokesman", "spokesman"),          # a title alone stays (never an empty key)
])
def test_name_key(name, key):
    assert name_key(name) == key


def test_acronyms():
    assert acronym_of("Baloch Liberation Army") == "bla"
    assert acronym_of("Ejercito de Liberacion Nacional") == "eln"
    assert acronym_of("Taliban") is None
    assert all(is_acronym(x) for x in ["BLA", "F.M.L.N.", "LeJ", "ISKP"])
    assert not any(is_acronym(x) for x in ["Taliban", "Geng", "Baloch Liberation Army", "A"])


def _index():
    ix = ActorIndex()
    ix.add(1, "Baloch Liberation Army", "organization")
    ix.add(2, "Geng Shuang", "individual")
    ix.add(3, "Imran Khan", "individual")
    ix.add(4, "Sadiq Khan", "individual")
    ix.add(5, "Allah Nazar Baloch", "individual")
    return ix


@pytest.mark.parametrize("name,kind,expected,rule", [
    ("BLA", "organization", 1, "acronym"),
    ("the Baloch Liberation Army", "organization", 1, "key"),
    ("Baluch Liberation Army", "organization", 1, "spelling"),
    ("Geng", "individual", 2, "person-form"),                 # a surname alone, one fits
    ("Mr Geng Shuang", "individual", 2, "key"),
    ("Dr Allah Nazar", "individual", 5, "person-form"),      # shorter form of a longer name
    ("Khan", "individual", None, "new"),                      # two Khans: no guess
    ("Geng", "organization", None, "new"),                    # kinds never mix
    ("Baloch Liberation Front", "organization", None, "new"),
])
def test_match_rules(name, kind, expected, rule):
    assert _index().match(name, kind) == (expected, rule)


def test_long_name_finds_a_known_acronym():
    ix = ActorIndex()
    ix.add(7, "ELN", "organization")
    assert ix.match("Ejercito de Liberacion Nacional", "organization") == (7, "acronym")
    # an alias given by the article links too
    assert ix.match("Ejército Nacional", "organization", aliases=["ELN"])[0] == 7


def test_canonical_name_prefers_full_names():
    assert canonical_name("BLA", "Baloch Liberation Army") == "Baloch Liberation Army"
    assert canonical_name("Geng Shuang", "Geng") == "Geng Shuang"
    assert canonical_name("Baloch Liberation Army", "BLA") == "Baloch Liberation Army"
