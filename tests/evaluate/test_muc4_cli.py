"""`eventwire evaluate muc4` on small files (scoring a predictions file needs no model)."""
import json

from click.testing import CliRunner

from eventwire.cli import main


def write(path, docs):
    path.write_text("".join(json.dumps(d) + "\n" for d in docs))
    return path


GOLD = [{"docid": "D1", "doctext": "guerrillas attacked the bridge.",
         "templates": [{"incident_type": "attack", "PerpInd": [[["guerrillas", 0]]], "PerpOrg": [],
                        "Target": [[["bridge", 25]]], "Victim": [], "Weapon": []}]},
        {"docid": "D2", "doctext": "the president spoke.", "templates": []}]


def test_scores_a_predictions_file(tmp_path):
    gold = write(tmp_path / "gold.jsonl", GOLD)
    pred = write(tmp_path / "pred.jsonl", [
        {"docid": "D1", "templates": [{"incident_type": "attack", "PerpInd": [[["guerrillas", 0]]],
                                       "PerpOrg": [], "Target": [], "Victim": [], "Weapon": []}]}])
    out = tmp_path / "copy.jsonl"
    r = CliRunner().invoke(main, ["evaluate", "muc4", "--gold", str(gold), "--predictions", str(pred),
                                  "--predictions-out", str(out), "--json"])
    assert r.exit_code == 0, r.output
    scores = json.loads(r.output)
    assert scores["documents"] == 2
    micro = scores["template"]["micro"]
    assert (micro["p_num"], micro["p_den"], micro["r_num"], micro["r_den"]) == (2, 2, 2, 3)
    assert scores["doc_level_ceaf_ree"]["micro"]["r_den"] == 2
    written = [json.loads(x) for x in out.read_text().splitlines()]
    assert [d["docid"] for d in written] == ["D1", "D2"] and written[1]["templates"] == []


def test_table_output(tmp_path):
    gold = write(tmp_path / "gold.jsonl", GOLD)
    r = CliRunner().invoke(main, ["evaluate", "muc4", "--gold", str(gold), "--predictions", str(gold)])
    assert r.exit_code == 0
    assert "Template metric (GTT)" in r.output and "Document level (CEAF-REE)" in r.output
    micro_lines = [line.split() for line in r.output.splitlines() if line.startswith("micro")]
    assert micro_lines[0][:4] == ["micro", "100.00", "100.00", "100.00"]


def test_missing_gold_file_is_one_line(tmp_path):
    r = CliRunner().invoke(main, ["evaluate", "muc4", "--gold", str(tmp_path / "nope.jsonl")])
    assert r.exit_code == 5
    assert r.output.strip().splitlines() == [f"Error: [E502] evaluation data not found at {tmp_path / 'nope.jsonl'}. "
                                             "Point --gold/--dir at the shared data folder."]


def test_wikievents_missing_coref(tmp_path):
    gold = tmp_path / "dev.jsonl"
    gold.write_text("")
    r = CliRunner().invoke(main, ["evaluate", "wikievents", "--gold", str(gold),
                                  "--coref", str(tmp_path / "none.jsonlines")])
    assert r.exit_code == 5 and "[E502]" in r.output
