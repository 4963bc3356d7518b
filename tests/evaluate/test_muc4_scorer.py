"""The MUC-4 scorers on small cases whose scores were worked out by hand."""
import json

import pytest

from eventwire.errors import DataError
from eventwire.evaluate import muc4


def tpl(incident, **roles):
    t = {"incident_type": incident, **{r: [] for r in muc4.ROLES}}
    for role, entities in roles.items():
        t[role] = [[[m, 0] for m in ent] for ent in entities]
    return t


def gold(*templates, docid="D1"):
    return [{"docid": docid, "doctext": "", "templates": list(templates)}]


def test_normalize_drops_case_punctuation_articles():
    assert muc4.normalize("The  F.M.L.N.") == "fmln"
    assert muc4.normalize("an \"Santo Tomas\" farm") == "santo tomas farm"
    assert muc4.normalize("theater") == "theater"      # only whole words a/an/the go


def test_single_template_counts():
    # gold: type + PerpInd(1) + PerpOrg(1, two mentions) + Target(1) = 4 slots
    g = gold(tpl("attack", PerpInd=[["guerrillas", "guerrilla column"]],
                 PerpOrg=[["fmln", "farabundo marti national liberation front"]],
                 Target=[["bridge"]]))
    # pred: type ok, PerpInd ok, PerpOrg one right one wrong, no Target -> 3/4 precision, 3/4 recall
    p = {"D1": [tpl("attack", PerpInd=[["guerrillas"]], PerpOrg=[["FMLN"], ["army"]])]}
    s = muc4.score_templates(p, g)
    m = s.micro
    assert (m.p_num, m.p_den, m.r_num, m.r_den) == (3, 4, 3, 4)
    assert m.f1 == pytest.approx(0.75)
    assert (s.per_role["PerpOrg"].p_num, s.per_role["PerpOrg"].p_den) == (1, 2)
    assert (s.per_role["Target"].r_num, s.per_role["Target"].r_den) == (0, 1)


def test_incident_type_must_be_substring_of_gold_type():
    g = gold(tpl("attack", Victim=[["cerezo"]]))
    s = muc4.score_templates({"D1": [tpl("kidnapping", Victim=[["cerezo"]])]}, g)
    m = s.micro
    assert (m.p_num, m.p_den, m.r_num, m.r_den) == (0, 2, 0, 2)
    g2 = gold(tpl("bombing / attack", Victim=[["cerezo"]]))
    m2 = muc4.score_templates({"D1": [tpl("bombing", Victim=[["cerezo"]])]}, g2).micro
    assert (m2.p_num, m2.p_den, m2.r_num, m2.r_den) == (2, 2, 2, 2)


def test_best_mapping_is_chosen_and_unmapped_slots_count():
    g = gold(tpl("attack", Victim=[["x"]]), tpl("bombing", Target=[["y"]]))
    p = {"D1": [tpl("bombing", Target=[["y"]]), tpl("attack", Victim=[["x"], ["z"]])]}
    m = muc4.score_templates(p, g).micro
    # predicted slots: 2 types + 1 target + 2 victims = 5, correct 4; gold slots 4, found 4
    assert (m.p_num, m.p_den, m.r_num, m.r_den) == (4, 5, 4, 4)
    # an extra predicted template with no counterpart adds its type and fillers to precision only
    p["D1"].append(tpl("arson", Target=[["house"]]))
    m = muc4.score_templates(p, g).micro
    assert (m.p_num, m.p_den, m.r_num, m.r_den) == (4, 7, 4, 4)


def test_entity_correct_only_if_all_mentions_in_one_gold_entity():
    g = gold(tpl("attack", PerpOrg=[["fmln", "farabundo marti national liberation front"]]))
    bad = muc4.score_templates({"D1": [tpl("attack", PerpOrg=[["fmln", "army"]])]}, g)
    assert bad.per_role["PerpOrg"].p_num == 0
    good = muc4.score_templates({"D1": [tpl("attack", PerpOrg=[["fmln", "the farabundo marti "
                                                                 "national liberation front"]])]}, g)
    assert good.per_role["PerpOrg"].p_num == 1


def test_template_metric_not_one_to_one_within_role_but_ceaf_is():
    g = gold(tpl("attack", PerpOrg=[["fmln", "farabundo marti national liberation front"]]))
    p = {"D1": [tpl("attack", PerpOrg=[["fmln"], ["farabundo marti national liberation front"]])]}
    t = muc4.score_templates(p, g).per_role["PerpOrg"]
    assert (t.p_num, t.p_den, t.r_num, t.r_den) == (2, 2, 1, 1)
    d = muc4.score_document_level(p, g).per_role["PerpOrg"]
    assert (d.p_num, d.p_den, d.r_num, d.r_den) == (1, 2, 1, 1)


def test_document_level_merges_templates():
    g = gold(tpl("attack", Victim=[["x"]]), tpl("bombing", Victim=[["x"]], Target=[["y"]]))
    # one predicted template of the wrong type still scores at document level
    p = {"D1": [tpl("kidnapping", Victim=[["x"]], Target=[["y"], ["z"]])]}
    s = muc4.score_document_level(p, g)
    assert (s.per_role["Victim"].p_num, s.per_role["Victim"].r_den) == (1, 1)
    t = s.per_role["Target"]
    assert (t.p_num, t.p_den, t.r_num, t.r_den) == (1, 2, 1, 1)
    assert s.micro.f1 == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))


def test_empty_documents_score_nothing_and_false_alarms_cost_precision():
    g = gold()
    assert muc4.score_templates({}, g).micro.p_den == 0
    m = muc4.score_templates({"D1": [tpl("attack", PerpInd=[["men"]])]}, g).micro
    assert (m.p_num, m.p_den, m.r_den) == (0, 2, 0)


def test_read_jsonl_errors(tmp_path):
    with pytest.raises(DataError, match=r"\[E502\]"):
        muc4.read_jsonl(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"docid": "a", "templates": []}\n{oops\n')
    with pytest.raises(Exception, match=r"\[E107\].*bad.jsonl:2"):
        muc4.read_jsonl(bad)
    ok = tmp_path / "ok.jsonl"
    ok.write_text(json.dumps({"docid": "a", "doctext": "x"}) + "\n")
    assert muc4.read_jsonl(ok)[0]["templates"] == []
