"""The WikiEvents attack-argument scorer on a hand-made document, and on the real file's shape."""
import json

import pytest

from eventwire.evaluate import wikievents
from eventwire.model import Argument, Count, Event, Mention, Place


@pytest.fixture()
def gold_files(tmp_path):
    # "IS fighters bombed a bakery in Lyon . The group killed two people ."
    s1 = ["IS", "fighters", "bombed", "a", "bakery", "in", "Lyon", "."]
    s2 = ["The", "group", "killed", "two", "people", "."]
    t1, t2 = " ".join(s1), " ".join(s2)

    def spans(tokens, text):
        out, cur = [], 0
        for w in tokens:
            i = text.index(w, cur)
            out.append([w, i, i + len(w)])
            cur = i + len(w)
        return out
    doc = {
        "doc_id": "d1", "tokens": s1 + s2, "text": t1 + t2,
        "sentences": [[spans(s1, t1), t1], [spans(s2, t2), t2]],
        "entity_mentions": [
            {"id": "d1-T1", "start": 0, "end": 2, "text": "IS fighters"},
            {"id": "d1-T2", "start": 4, "end": 5, "text": "bakery"},
            {"id": "d1-T3", "start": 6, "end": 7, "text": "Lyon"},
            {"id": "d1-T4", "start": 9, "end": 10, "text": "group"},
            {"id": "d1-T5", "start": 12, "end": 13, "text": "people"}],
        "event_mentions": [
            {"event_type": "Conflict.Attack.DetonateExplode", "arguments": [
                {"entity_id": "d1-T1", "role": "Attacker"}, {"entity_id": "d1-T2", "role": "Target"},
                {"entity_id": "d1-T3", "role": "Place"}]},
            {"event_type": "Life.Die.Unspecified", "arguments": [
                {"entity_id": "d1-T5", "role": "Victim"}, {"entity_id": "d1-T4", "role": "Killer"}]}]}
    gold = tmp_path / "dev.jsonl"
    gold.write_text(json.dumps(doc) + "\n")
    coref = tmp_path / "coref.jsonlines"
    coref.write_text(json.dumps({"doc_key": "d1", "clusters": [["d1-T1", "d1-T4"]]}) + "\n")
    return gold, coref


def arg(text, doc_text):
    i = doc_text.index(text)
    return Argument(name=text, start=i, end=i + len(text), text=text)


def test_text_is_rebuilt_with_token_offsets(gold_files):
    (g,) = wikievents.load(*gold_files)
    assert g.text == "IS fighters bombed a bakery in Lyon . The group killed two people ."
    assert all(g.text[s:e] == w for (s, e), w in zip(g.token_spans, json.loads(gold_files[0].read_text())["tokens"]))
    assert g.roles["Attacker"] == {"C0"}          # T1 and T4 are one entity
    assert g.roles["Victim"] == {"d1-T5"}


def test_scores_by_hand(gold_files):
    (g,) = wikievents.load(*gold_files)
    t = g.text
    ev = Event(id="e1", type="bombing", trigger=Mention(12, 18, "bombed"),
               perpetrators=[arg("IS fighters", t), arg("group", t)],   # one entity, twice
               targets=[arg("a bakery", t)], victims=[arg("two people", t)],
               weapons=[arg("Lyon", t)],                                  # wrong: a place
               location=Place(name="Lyon", precision="city", start=t.index("Lyon"),
                              end=t.index("Lyon") + 4),
               killed=Count(best=2))
    pred = {"d1": wikievents.predicted_arguments([ev])}
    s = wikievents.score([g], pred).per_role
    assert (s["Attacker"].p_num, s["Attacker"].p_den, s["Attacker"].r_den) == (1, 1, 1)
    # Target: bakery right; "two people" (victims count as targets) is not an attack target
    assert (s["Target"].p_num, s["Target"].p_den, s["Target"].r_num, s["Target"].r_den) == (1, 2, 1, 1)
    assert (s["Instrument"].p_num, s["Instrument"].p_den, s["Instrument"].r_den) == (0, 1, 0)
    assert (s["Place"].p_num, s["Place"].r_num) == (1, 1)
    assert (s["Victim"].p_num, s["Victim"].p_den, s["Victim"].r_num) == (1, 1, 1)


def test_non_violent_events_are_not_scored(gold_files):
    (g,) = wikievents.load(*gold_files)
    ev = Event(id="e1", type="protest", trigger=Mention(0, 2, "IS"), perpetrators=[arg("IS fighters", g.text)])
    s = wikievents.score([g], {"d1": wikievents.predicted_arguments([ev])})
    assert s.micro.p_den == 0 and s.micro.r_den == 4     # Attacker, Target, Place, Victim
