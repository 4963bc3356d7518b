"""The fallback filler rule: an incident with no filler for a role takes its best candidate above
a lower bar; roles allowed "anywhere" may take it from another incident's part of the text."""
import numpy as np

from eventwire.extract.events import _fallback_fillers
from eventwire.extract.fillers import ROLES, Candidate
from eventwire.extract.incidents import Incident
from eventwire.extract.triggers import Trigger


def _probs(**by_role):
    p = np.zeros(len(ROLES))
    for role, value in by_role.items():
        p[ROLES.index(role)] = value
    p[0] = 1 - p.sum()
    return p


def _incident(token):
    return Incident(family="attack", triggers=[Trigger(token=token, type="attack", start=0, end=1, text="attack")])


def _cand(head, text):
    return Candidate(start=head, end=head + 1, head=head, form="chunk", text=text)


def test_best_candidate_of_the_incident_above_the_bar():
    near, far = _incident(10), _incident(200)
    scored = [(_cand(12, "peasants"), _probs(Victim=0.08)),
              (_cand(14, "two boys"), _probs(Victim=0.04)),
              (_cand(15, "a bus"), _probs(Victim=0.01)),        # under the bar
              (_cand(205, "a judge"), _probs(Victim=0.2))]      # nearer the other incident
    _fallback_fillers([near, far], scored, {"Victim": 0.03})
    assert [(c.text, role) for c, role, _ in near.learned] == [("peasants", "Victim")]
    assert [(c.text, role) for c, role, _ in far.learned] == [("a judge", "Victim")]


def test_an_incident_with_a_filler_keeps_only_it():
    inc = _incident(10)
    kept = (_cand(11, "the mayor"), "Victim", 0.6)
    inc.learned.append(kept)
    _fallback_fillers([inc], [(_cand(12, "peasants"), _probs(Victim=0.2))], {"Victim": 0.03})
    assert inc.learned == [kept]


def test_anywhere_roles_reach_across_incidents():
    near, far = _incident(10), _incident(200)
    scored = [(_cand(12, "the fmln"), _probs(PerpOrg=0.45)),
              (_cand(205, "a group"), _probs(PerpOrg=0.1))]     # under the bar
    _fallback_fillers([near, far], scored, {"PerpOrg": 0.3}, anywhere=["PerpOrg"])
    assert [c.text for c, _, _ in near.learned] == ["the fmln"]
    assert [c.text for c, _, _ in far.learned] == ["the fmln"]


def test_role_bars_per_role():
    from eventwire.extract.events import _scored_candidates
    scored = [(_cand(3, "guerrillas"), _probs(PerpInd=0.12)),
              (_cand(5, "peasants"), _probs(Victim=0.12))]
    kept = _scored_candidates(scored, 0.25, {"PerpInd": 0.1})
    assert [(c.text, role) for c, role, _ in kept] == [("guerrillas", "PerpInd")]
    assert _scored_candidates(scored, 0.25) == []


def test_a_bare_incident_joins_the_nearest_one_of_its_kind():
    from eventwire.extract.events import _merge_bare_incidents
    first, bare, other_kind, second = _incident(10), _incident(120), _incident(130), _incident(300)
    other_kind.family = "kidnapping"
    other_kind.triggers[0].type = "kidnapping"
    first.learned.append((_cand(11, "the fmln"), "PerpOrg", 0.6))
    second.learned.append((_cand(301, "a bus"), "Target", 0.6))
    out = _merge_bare_incidents([first, bare, other_kind, second])
    assert out == [first, other_kind, second]          # the kidnapping has no host of its kind
    assert [t.token for t in first.triggers] == [10, 120]


def test_bare_incidents_stay_when_no_incident_has_fillers():
    from eventwire.extract.events import _merge_bare_incidents
    a, b = _incident(10), _incident(300)
    assert _merge_bare_incidents([a, b]) == [a, b]
