"""Candidate phrases of the learned role scorer (extract/fillers.py): the surface forms a role
filler may take, read off the parse of case-less wire text."""
import pytest

from eventwire.extract.fillers import candidates
from eventwire.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def texts(nlp, text, form=None):
    return {c.text for c in candidates(nlp(text)) if form is None or c.form == form}


def test_a_noun_that_modifies_another_is_a_candidate(nlp):
    # the weapon is named only as a modifier of the attack
    assert "bomb" in texts(nlp, "two bomb attacks on the oil pipelines caused heavy damage.")


def test_bracketed_acronym_and_the_name_before_it(nlp):
    found = texts(nlp, "the farabundo marti national liberation front (fmln) guerrillas attacked the barracks.")
    assert "fmln" in found
    assert any(t.endswith("liberation front") for t in found)


def test_candidates_are_stripped_of_determiners_and_punctuation(nlp):
    for c in candidates(nlp("the guerrillas attacked the police station, and the army responded.")):
        assert c.text.split()[0].lower() not in ("the", "a", "an")
        assert not c.text.endswith((",", "."))
